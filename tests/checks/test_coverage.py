"""Which checks did not run on which file, and why (bot/checks/coverage.py).

The examples under tests/checks/examples/ hold the common cases (a file that does not
parse, a paper without its category, a venue that does not load); here are the rest.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from helpers import git

from bot.checks import coverage
from bot.checks.registry import CHECKS, _check

OK = "title: A Paper\ncategory: [Systems (SYS), Storage]\n"


def _not_run(run_cli: Any, repo: Path, *args: str) -> list[tuple[str, str, str]]:
    _, out, _ = run_cli(repo, "check", "--no-links", "--format", "json", *args)
    return [(d["path"], d["check"], d["reason"]) for d in json.loads(out).get("not_run", [])]


def test_every_registered_check_says_what_it_looks_at_and_needs() -> None:
    for item in CHECKS.values():
        assert item.files and item.files <= coverage.FILE_KINDS, item.id
        assert item.needs <= coverage.NEEDS, item.id


def test_a_check_that_does_not_say_what_it_needs_is_taken_to_need_everything() -> None:
    module = SimpleNamespace(ID="new", SCOPE="entry", SUMMARY="", check=lambda *_: iter(()))
    item = _check(module)
    assert (item.files, item.needs) == ({"paper"}, coverage.NEEDS)


def test_a_shared_glossary_that_does_not_load_stops_the_acronyms_check(
    repo: Path, write: Any, run_cli: Any
) -> None:
    write(repo, "entries/glossary.yaml", "glossary:\n  LLM: ''\n")
    write(repo, "entries/demo-2025/new.yaml", OK + "notes: [Serves LLMs]\n")
    found = _not_run(run_cli, repo)
    assert ("entries/demo-2025/new.yaml", "acronyms", "entries/glossary.yaml did not load") in found
    assert ("entries/glossary.yaml", "acronyms", "the file does not pass the schema check") in found
    assert {check for _, check, _ in found} == {"acronyms"}


def test_a_pull_request_hears_only_of_the_files_it_changed(
    repo: Path, write: Any, run_cli: Any
) -> None:
    write(repo, "entries/demo-2025/old.yaml", "title: [Old\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    write(repo, "entries/demo-2025/new.yaml", "title: New\ncategory: Storage\n")
    found = _not_run(run_cli, repo, "--changed-since", "HEAD")
    assert found == [
        ("entries/demo-2025/new.yaml", check, "its category is missing or invalid")
        for check in ("category", "acronyms")
    ]
    assert {path for path, _, _ in _not_run(run_cli, repo)} == {
        "entries/demo-2025/new.yaml",
        "entries/demo-2025/old.yaml",
    }


def test_checks_that_did_not_run_at_all_are_not_listed_per_file(
    repo: Path, write: Any, run_cli: Any
) -> None:
    # Offline, links and identity ran nowhere: the table says so once, not per file.
    write(repo, "entries/demo-2025/new.yaml", "title: 42\ncategory: [Compilers]\n")
    assert _not_run(run_cli, repo) == []
