"""Every check's passing and failing examples, run through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main

EXAMPLES = Path(__file__).parent / "examples"
BASE = EXAMPLES / "base"


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in EXAMPLES.glob(f"*/{kind}/*") if p.is_dir())


def _run(case: Path, root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    shutil.copytree(BASE, root)
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.txt"))
    capsys.readouterr()
    main(["-C", str(root), "check", "--no-links", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return [
        f"{d['path']}:{d['line']}:{d['column']} {d['severity']} {d['check']}"
        for d in report["diagnostics"]
    ]


def test_the_base_repository_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty-case"
    empty.mkdir()
    assert _run(empty, tmp_path / "repo", capsys) == []


@pytest.mark.parametrize("case", _cases("pass"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_passing_example(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(case, tmp_path / "repo", capsys) == []


@pytest.mark.parametrize("case", _cases("fail"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_failing_example(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = [
        line.strip()
        for line in (case / "expect.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert expected, f"{case}/expect.txt lists no diagnostic"
    assert _run(case, tmp_path / "repo", capsys) == expected
