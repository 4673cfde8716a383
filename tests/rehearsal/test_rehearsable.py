"""Every workflow file is rehearsable: each ``uses:`` has a stand-in that knows its
inputs, each job and step key is one the runner emulates, and each ``${{ }}``
expression is in the subset the evaluator understands. A new workflow (intake,
adoption) or a new action fails here until the harness learns it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from expressions import CONTEXTS, EMBEDDED, Evaluator, Unsupported
from runner import JOB_KEYS, STEP_KEYS, _load
from standins import STANDINS, run_action

WORKFLOWS = sorted((Path(__file__).resolve().parents[2] / ".github" / "workflows").glob("*.yml"))


def _expressions(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in _expressions(k) + _expressions(v)]
    if isinstance(value, list):
        return [e for v in value for e in _expressions(v)]
    return [m.group(1) for m in EMBEDDED.finditer(str(value))]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_is_rehearsable(path: Path) -> None:
    workflow = _load(path.read_text(encoding="utf-8"))
    for key, job in workflow["jobs"].items():
        assert set(job) <= JOB_KEYS, (key, set(job) - JOB_KEYS)
        for step in job["steps"]:
            assert set(step) <= STEP_KEYS, (key, set(step) - STEP_KEYS)
            if "uses" in step:
                action = step["uses"].partition("@")[0]
                assert action in STANDINS, f"{path.name}: no stand-in for {action}"
                assert set(step.get("with") or {}) <= STANDINS[action][1], step
        conditions = [job.get("if"), *(s.get("if") for s in job["steps"])]
        anything = Evaluator(
            {c: {} for c in CONTEXTS},
            {f: lambda: True for f in ("always", "success", "failure", "cancelled")},
        )
        # A condition may be bare or wrapped in ${{ }} (the runner reads both); the
        # wrapped ones are among _expressions already.
        bare = [str(c) for c in conditions if c and not EMBEDDED.fullmatch(str(c).strip())]
        for expression in _expressions(workflow) + bare:
            anything.evaluate(expression)  # raises Unsupported outside the subset


def test_an_action_without_a_stand_in_is_refused() -> None:
    with pytest.raises(Unsupported, match="no stand-in for actions/github-script"):
        run_action(None, "actions/github-script@" + "0" * 40, {}, {})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "expression", ["toJSON(github)", "github.event.pull_request.labels.*.name", "vars.X", "1 +"]
)
def test_expressions_outside_the_subset_are_refused(expression: str) -> None:
    with pytest.raises(Unsupported):
        Evaluator({c: {} for c in CONTEXTS}, {}).evaluate(expression)


def test_expressions_evaluate_as_github_does() -> None:
    contexts = {
        "github": {"event": {"workflow_run": {"event": "pull_request"}}, "ref": "refs/heads/main"}
    }
    ev = Evaluator(contexts, {})
    assert ev.evaluate("github.event.workflow_run.event == 'PULL_REQUEST'") is True
    assert ev.evaluate("github.event.pull_request.number || github.ref") == "refs/heads/main"
    assert ev.evaluate("github.ref == format('refs/heads/{0}', 'main')") is True
    assert ev.evaluate("github.nothing.deeper") is None
    assert (
        ev.substitute("ci-${{ github.event.pull_request.number || github.ref }}")
        == "ci-refs/heads/main"
    )
