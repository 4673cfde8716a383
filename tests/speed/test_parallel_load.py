"""Files loaded by forked processes give the same corpus and the same diagnostics as
files loaded one by one, bad files included."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import synthetic_repo

from bot.speed import forks, parallel_load

BAD = {
    "not-yaml.yaml": "title: [unclosed\n",
    "no-title.yaml": "category: [Training]\n",
    "bad-url.yaml": "title: A Paper\ncategory: [Training]\nlinks:\n  - kind: Paper\n    url: ftp://x\n",
    "tagged.yaml": "title: !!str A Paper\ncategory: [Training]\n",
}

CheckJson = Callable[[Path], tuple[int, list[dict[str, Any]]]]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    venue = synthetic_repo(root, 300, seed=7)
    for name, text in BAD.items():
        (venue / name).write_text(text, encoding="utf-8")
    return root


def _check(root: Path, check_json: CheckJson) -> list[dict[str, Any]]:
    shutil.rmtree(root / ".cache", ignore_errors=True)  # every file loads afresh
    return check_json(root)[1]


def test_forked_loading_reports_what_loading_one_by_one_reports(
    corpus: Path, check_json: CheckJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready: list[int] = []
    records = parallel_load.Share.records

    def counting(self: parallel_load.Share) -> dict[str, Any]:
        found = records(self)
        ready.append(len(found))
        return found

    monkeypatch.setattr(parallel_load.Share, "records", counting)
    monkeypatch.setattr(forks, "processes", lambda: 1)
    one_by_one = _check(corpus, check_json)
    assert ready == []
    monkeypatch.setattr(parallel_load, "MIN_FILES", 1)
    monkeypatch.setattr(forks, "processes", lambda: 3)  # whatever this machine has
    forked = _check(corpus, check_json)
    files = len(list((corpus / "entries").rglob("*.yaml")))
    assert len(ready) == 2  # each child's share, waited for once
    assert 0 < sum(ready) < files  # this process loaded the first files itself
    assert forked == one_by_one
    assert {d["check"] for d in forked} >= {"yaml", "schema"}  # the bad files came through


def test_no_fork_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert forks.processes() == 1


def _fails(index: int) -> dict[str, Any]:
    raise RuntimeError(f"share {index} failed")


def test_a_failed_child_leaves_its_files_to_this_process(
    corpus: Path, check_json: CheckJson, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forks, "processes", lambda: 1)
    one_by_one = _check(corpus, check_json)
    monkeypatch.setattr(parallel_load, "MIN_FILES", 1)
    monkeypatch.setattr(forks, "processes", lambda: 2)
    monkeypatch.setattr(parallel_load, "_load_share", _fails)
    assert _check(corpus, check_json) == one_by_one
