"""Every check's passing and failing examples, run through the real CLI.

expect.txt lists the diagnostics, one a line (``path:line:column severity check``),
each optionally followed by indented ``message:`` and ``fix:`` lines. A line
``path not run check: reason`` says that check did not run on that file; where
expect.txt has such lines, they are every check the run did not run on a file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.checks.registry import summaries
from bot.cli import main

EXAMPLES = Path(__file__).parent / "examples"
BASE = EXAMPLES / "base"


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in EXAMPLES.glob(f"*/{kind}/*") if p.is_dir())


def _run(case: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[list[str]]]:
    """The exit code, and each diagnostic as its lines in expect.txt's form, then each
    check not run on a file as its line."""
    shutil.copytree(BASE, root)
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.txt"))
    capsys.readouterr()
    code = main(["-C", str(root), "check", "--no-links", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    not_run = [[_NOT_RUN.format(**item)] for item in report.get("not_run", [])]
    return code, [_lines(d) for d in report["diagnostics"]] + not_run


_NOT_RUN = "{path} not run {check}: {reason}"


def _lines(d: dict[str, object]) -> list[str]:
    head = f"{d['path']}:{d['line']}:{d['column']} {d['severity']} {d['check']}"
    fix = [] if d["fix"] is None else [f"fix: {d['fix']}"]
    return [head, f"message: {d['message']}", *fix]


def _expected(case: Path) -> list[list[str]]:
    """expect.txt's diagnostics: a line each, with its indented message and fix lines."""
    found: list[list[str]] = []
    for line in (case / "expect.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line[:1].isspace():
            assert found, f"{case}/expect.txt: {line.strip()!r} follows no diagnostic"
            found[-1].append(line.strip())
        else:
            found.append([line.strip()])
    return found


def test_every_example_folder_is_named_for_a_check() -> None:
    folders = {p.name for p in EXAMPLES.iterdir() if p.is_dir()} - {"base"}
    assert folders - set(summaries()) == set()  # loading ids (yaml, schema, files) count


def test_the_base_repository_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty-case"
    empty.mkdir()
    assert _run(empty, tmp_path / "repo", capsys) == (0, [])


@pytest.mark.parametrize("case", _cases("pass"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_passing_example(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(case, tmp_path / "repo", capsys) == (0, [])  # every check ran on every file


@pytest.mark.parametrize("case", _cases("fail"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_failing_example(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _expected(case)
    assert expected, f"{case}/expect.txt lists no diagnostic"
    code, found = _run(case, tmp_path / "repo", capsys)
    # A diagnostic listed without its message is compared by place and kind only.
    found = [f if i < len(expected) and expected[i][1:] else f[:1] for i, f in enumerate(found)]
    if not any(_is_not_run(e) for e in expected):  # not listed: not compared
        found = [f for f in found if not _is_not_run(f)]
    assert found == expected
    assert code == (1 if any(e[0].split(" ")[1] == "error" for e in expected) else 0)


def _is_not_run(lines: list[str]) -> bool:
    return lines[0].split(" ")[1:3] == ["not", "run"]
