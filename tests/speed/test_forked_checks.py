"""The duplicates check run in a forked process beside the others reports exactly what
it reports in this process, in the same order."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import synthetic_repo

from bot.checks import registry as checks
from bot.speed import forks

CheckJson = Callable[[Path], tuple[int, list[dict[str, Any]]]]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    venue = synthetic_repo(root, 400, seed=5)
    paper = sorted(p for p in venue.iterdir() if p.name != "venue.yaml")[0]
    shutil.copy(paper, venue / "the-same-again.yaml")  # a duplicate for certain
    return root


def _check(root: Path, check_json: CheckJson) -> list[dict[str, Any]]:
    (root / ".cache" / "paperbot" / "results.json").unlink(missing_ok=True)
    return check_json(root)[1]


def test_the_check_aside_reports_what_it_reports_here(
    corpus: Path, check_json: CheckJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    start = checks._start_aside

    def starting(ctx: Any) -> Any:
        aside = start(ctx)
        started.append(aside is not None)
        return aside

    monkeypatch.setattr(checks, "_start_aside", starting)
    monkeypatch.setattr(forks, "processes", lambda: 1)
    here = _check(corpus, check_json)
    monkeypatch.setattr(checks, "MIN_ASIDE", 1)
    monkeypatch.setattr(forks, "processes", lambda: 2)
    aside = _check(corpus, check_json)
    assert started == [True]  # only the second run, and a process did start
    assert aside == here
    assert any(d["check"] == checks.ASIDE for d in aside)


def _fails() -> list[Any]:
    raise RuntimeError("the process failed")


def test_a_failed_process_leaves_the_check_to_this_one(
    corpus: Path, check_json: CheckJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = _check(corpus, check_json)
    monkeypatch.setattr(checks, "MIN_ASIDE", 1)
    monkeypatch.setattr(forks, "processes", lambda: 2)
    monkeypatch.setattr(checks, "_run_aside", _fails)
    assert _check(corpus, check_json) == here
