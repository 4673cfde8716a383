"""The example comment in the docs is the output of a real run, kept current.

A contributor's pull request adds tests/data/example-pr/fastserve.yaml (with a few
mistakes) to the example repository; ``check --report`` then ``comment --dry-run``
produce what the bot would post. Set PAPERBOT_REGENERATE=1 to rewrite the file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import example_pull_request

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "example-comment.md"


def _example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    repo = example_pull_request(tmp_path / "repo")
    report = tmp_path / "report.json"
    check = ["-C", str(repo), "check", "--no-links", "--changed-since", "HEAD"]
    assert main([*check, "--report", str(report)]) == 1
    capsys.readouterr()
    comment = ["comment", "--report", str(report), "--pr", "42", "--repo", "OWNER/papers"]
    assert main([*comment, "--dry-run"]) == 1
    return capsys.readouterr().out


def test_the_example_comment_is_what_the_bot_posts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    produced = _example(tmp_path, capsys)
    if os.environ.get("PAPERBOT_REGENERATE"):
        EXAMPLE.write_text(produced, encoding="utf-8")
    assert EXAMPLE.read_text(encoding="utf-8") == produced, (
        "docs/example-comment.md is stale: PAPERBOT_REGENERATE=1 "
        ".venv/bin/python -m pytest tests/report/test_example_comment.py, then paperbot render"
    )


def test_the_docs_show_the_example() -> None:
    assert EXAMPLE.read_text(encoding="utf-8") in (ROOT / "CONTRIBUTING.md").read_text("utf-8")


def test_the_readme_links_the_example_and_does_not_show_it() -> None:
    # Its headings and its links to OWNER/papers would land in the list's outline.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "pull-request-comment.md").read_text(encoding="utf-8")

    assert "<!-- paperbot:pr-comment -->" not in readme
    assert "(docs/pull-request-comment.md)" in readme
    assert "(example-comment.md)" in page
