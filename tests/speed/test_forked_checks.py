"""The forked check runner (bot/speed/forked_checks.py) changes where a check runs, never
what the checks report, nor their order; a child that fails leaves its check to this
process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import synthetic_repo

from bot.checks import duplicates
from bot.checks.registry import CHECKS, Check, run_checks
from bot.model.diagnostics import Diagnostic, Severity
from bot.pipeline import load_and_check
from bot.speed import forks
from bot.speed.forked_checks import MIN_SELECTED, runner_for


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    venue = synthetic_repo(root, 400, seed=5)
    paper = sorted(p for p in venue.iterdir() if p.name != "venue.yaml")[0]
    shutil.copy(paper, venue / "the-same-again.yaml")  # a duplicate for certain
    return root


@pytest.fixture(autouse=True)
def _two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever this machine has (and test servers' threads left running): fork.
    monkeypatch.setattr(forks, "processes", lambda: 2)


def test_the_check_aside_reports_what_it_reports_here(corpus: Path) -> None:
    ctx, _ = load_and_check(corpus, speed=False)
    runner = runner_for(MIN_SELECTED, duplicates.ID)
    assert runner is not None
    here = run_checks(ctx)
    aside = run_checks(ctx, runner)
    assert aside == here
    assert any(d.check == duplicates.ID for d in aside)


def test_the_check_aside_runs_in_another_process() -> None:
    runner = runner_for(MIN_SELECTED, duplicates.ID)
    assert runner is not None
    found = runner(list(CHECKS.values()), _where)
    pids = {item_id: diags[0].message for item_id, diags in found.items()}
    assert pids.pop(duplicates.ID) != str(os.getpid())
    assert set(pids.values()) == {str(os.getpid())}


def test_a_failed_process_leaves_the_check_to_this_one() -> None:
    parent = os.getpid()

    def run_one(item: Check) -> list[Diagnostic]:
        if os.getpid() != parent:
            os._exit(3)  # the child dies without a word
        return _where(item)

    runner = runner_for(MIN_SELECTED, duplicates.ID)
    assert runner is not None
    found = runner(list(CHECKS.values()), run_one)
    assert found == {item.id: _where(item) for item in CHECKS.values()}


def test_a_small_selection_is_not_worth_a_process() -> None:
    assert runner_for(MIN_SELECTED - 1, duplicates.ID) is None


def _where(item: Check) -> list[Diagnostic]:
    return [Diagnostic("p", 1, 1, item.id, Severity.NOTICE, str(os.getpid()))]
