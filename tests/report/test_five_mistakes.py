"""A paper with five mistakes of five kinds gets all five in one run, in every format.

The paper is the example pull request's (tests/data/example-pr/fastserve.yaml): a URL
with a space and an unknown key (schema errors, each left out), a non-canonical arXiv
URL, an unknown category and an undefined acronym in a note (found by the checks that
still look at the rest). Each reporter's output is compared with the file kept under
tests/data/five-mistakes/ (PAPERBOT_REGENERATE=1 rewrites them, as for the example
comment); the PR comment is docs/example-comment.md (tests/report/test_example_comment.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import example_pull_request

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
KEPT = ROOT / "tests" / "data" / "five-mistakes"
FORMATS = {"text": "txt", "json": "json", "github": "txt", "markdown": "md"}
# (line, check) of each mistake: the unknown category, the URL with a space, the arXiv
# URL, the unknown key, the acronym.
FIVE = [(3, "category"), (6, "schema"), (8, "url"), (11, "schema"), (14, "acronyms")]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_pull_request(tmp_path_factory.mktemp("five") / "repo")


@pytest.mark.parametrize("name", FORMATS)
def test_every_mistake_in_every_format(
    name: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    check = ["-C", str(repo), "check", "--no-links", "--changed-since", "HEAD"]
    assert main([*check, "--format", name]) == 1
    produced = capsys.readouterr().out
    kept = KEPT / f"{name}.{FORMATS[name]}"
    if os.environ.get("PAPERBOT_REGENERATE"):
        kept.parent.mkdir(exist_ok=True)
        kept.write_text(produced, encoding="utf-8")
    assert produced == kept.read_text(encoding="utf-8"), (
        f"{kept} is stale: PAPERBOT_REGENERATE=1 .venv/bin/python -m pytest {__file__}"
    )
    path = "entries/demo-2025/fastserve.yaml"
    for line, check_id in FIVE:  # what the kept file must hold, whatever its wording
        if name == "json":
            assert f'"line": {line},' in produced and f'"check": "{check_id}",' in produced
        elif name == "github":
            assert f"file={path},line={line},col=" in produced
            assert f"title={check_id}::" in produced
        elif name == "markdown":
            assert f"line {line}, column" in produced and f"(`{check_id}`)" in produced
        else:
            assert f"{path}:{line}:" in produced and f"[{check_id}]" in produced
    assert "not run:" not in produced and '"not_run"' not in produced  # every check ran
