"""A pull request's check (--changed-since) with the papers it leaves alone unloaded
(bot/speed/paper_index.py) reports exactly what a full check reports on the changed files:
the same paths, lines, columns and messages, whether the index is empty, filled,
damaged or older than the files."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import git

from bench.synthetic import generate
from bot.cli import main
from bot.files.cache_folder import DEFAULT
from bot.model.run_options import Options
from bot.pipeline import load_and_check
from bot.report import formats
from bot.speed.paper_index import CACHE_FILE

EXAMPLES = Path(__file__).parents[1] / "checks" / "examples"


def _check(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    """The diagnostics, then the checks not run on a file (``"not run"`` for severity)."""
    capsys.readouterr()
    main(["-C", str(root), "check", "--no-links", "--format", "json", *args])
    return _found(json.loads(capsys.readouterr().out))


def _found(report: dict[str, Any]) -> list[dict[str, Any]]:
    not_run = [{**item, "severity": "not run"} for item in report.get("not_run", [])]
    diagnostics: list[dict[str, Any]] = report["diagnostics"]
    return diagnostics + not_run


def _same_as_full(root: Path, capsys: pytest.CaptureFixture[str], changed: set[str]) -> None:
    """The PR check, run twice (filling the index, then using it), against the full one:
    what it says of the changed files and of the files it reports on (a venue file, when
    every paper of the venue changed) is what the full check says of them, the checks
    it did not run on a file included."""
    full = _check(root, capsys)
    first = _check(root, capsys, "--changed-since", "HEAD")
    wanted = changed | {d["path"] for d in first}
    assert first == [d for d in full if d["path"] in wanted]
    assert _check(root, capsys, "--changed-since", "HEAD") == first
    # And what the plain source says, every paper loaded, no cache, nothing forked.
    _, plain = load_and_check(root, Options(changed_since="HEAD"), speed=False)
    assert _found(json.loads(formats.json_report(plain))) == first


def _commit(root: Path) -> None:
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")


def _touch(path: Path) -> None:
    """New bytes, the same data and positions: the file is changed for git."""
    path.write_text(path.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")


CASES = sorted(
    p for p in EXAMPLES.glob("*/*/*") if p.is_dir() and p.parent.name in ("pass", "fail")
)


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parts[-3]}/{p.parts[-2]}/{p.name}")
def test_each_changed_paper_of_the_examples_is_told_what_a_full_check_says(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.txt"))
    _commit(root)
    papers = sorted(p for p in (root / "entries").glob("*/*.yaml") if p.name != "venue.yaml")
    for paper in papers:
        _touch(paper)
        _same_as_full(root, capsys, {paper.relative_to(root).as_posix()})
        git(root, "checkout", "-q", "--", ".")


def _synthetic(root: Path) -> list[Path]:
    generate(root, 600, seed=4)
    _commit(root)
    return sorted(p for p in (root / "entries").glob("*/*.yaml") if p.name != "venue.yaml")


def test_planted_duplicates_on_a_synthetic_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    papers = _synthetic(root)
    rng = random.Random(9)
    a, b, c, d = rng.sample(papers, 4)
    # A new, untracked paper: c's title with a typo and d's links.
    title_c = _field(c, "title")
    new = c.parent / "zz-new.yaml"
    new.write_text(d.read_text(encoding="utf-8").replace(_field(d, "title"), title_c + "s"))
    # A tracked paper that now has b's title.
    a.write_text(a.read_text(encoding="utf-8").replace(_field(a, "title"), _field(b, "title")))
    changed = {p.relative_to(root).as_posix() for p in (new, a)}
    _same_as_full(root, capsys, changed)
    found = _check(root, capsys, "--changed-since", "HEAD")
    assert {x["path"] for x in found if x["check"] == "duplicates"} == changed
    assert (root / DEFAULT / CACHE_FILE).is_file()


def test_a_kept_paper_that_changed_since_is_read_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The index knows b by its old blob; b is changed and committed (a new base), so a
    pull request touching a must see b's new title, not the kept one."""
    root = tmp_path / "repo"
    papers = _synthetic(root)
    a, b = papers[10], papers[500]
    _touch(a)
    changed = {a.relative_to(root).as_posix()}
    _same_as_full(root, capsys, changed)  # the index now holds b
    git(root, "checkout", "-q", "--", ".")
    b.write_text(b.read_text(encoding="utf-8").replace(_field(b, "title"), _field(a, "title")))
    git(root, "commit", "-q", "-am", "b takes a's title")
    _touch(a)
    _same_as_full(root, capsys, changed)
    found = _check(root, capsys, "--changed-since", "HEAD")
    assert any(b.name in x["message"] for x in found if x["check"] == "duplicates")
    # A damaged index is ignored.
    index = root / DEFAULT / CACHE_FILE
    index.write_bytes(index.read_bytes()[:-40] + b"x" * 40)
    _same_as_full(root, capsys, changed)


def _field(path: Path, key: str) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{key}: "):
            return line.removeprefix(f"{key}: ").strip("'\"")
    raise AssertionError(f"{path} has no {key}")
