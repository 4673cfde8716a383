"""The duplicates check run in a forked process beside the others reports exactly what
it reports in this process, in the same order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import generate
from bot import checks, forks
from bot.cli import main


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    generate(root, 400, seed=5)
    venue = sorted(p for p in (root / "entries").iterdir() if p.is_dir())[0]
    paper = sorted(p for p in venue.iterdir() if p.name != "venue.yaml")[0]
    shutil.copy(paper, venue / "the-same-again.yaml")  # a duplicate for certain
    return root


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    (root / ".cache" / "paperbot" / "results.json").unlink(missing_ok=True)
    capsys.readouterr()
    main(["-C", str(root), "check", "--no-links", "--format", "json"])
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["diagnostics"]
    return found


def test_the_check_aside_reports_what_it_reports_here(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    start = checks._start_aside

    def starting(ctx: Any) -> Any:
        aside = start(ctx)
        started.append(aside is not None)
        return aside

    monkeypatch.setattr(checks, "_start_aside", starting)
    monkeypatch.setattr(forks, "processes", lambda: 1)
    here = _check(corpus, capsys)
    monkeypatch.setattr(checks, "MIN_ASIDE", 1)
    monkeypatch.setattr(forks, "processes", lambda: 2)
    aside = _check(corpus, capsys)
    assert started == [True]  # only the second run, and a process did start
    assert aside == here
    assert any(d["check"] == checks.ASIDE for d in aside)


def _fails() -> list[Any]:
    raise RuntimeError("the process failed")


def test_a_failed_process_leaves_the_check_to_this_one(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    here = _check(corpus, capsys)
    monkeypatch.setattr(checks, "MIN_ASIDE", 1)
    monkeypatch.setattr(forks, "processes", lambda: 2)
    monkeypatch.setattr(checks, "_run_aside", _fails)
    assert _check(corpus, capsys) == here
