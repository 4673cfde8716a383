"""Files loaded by forked processes give the same corpus and the same diagnostics as
files loaded one by one, bad files included."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import generate
from bot import parallelload
from bot.cli import main
from bot.entrycache import EntryCache

EXAMPLES = Path(__file__).parent / "checks" / "examples"
BAD = {
    "not-yaml.yaml": "title: [unclosed\n",
    "no-title.yaml": "category: [Training]\n",
    "bad-url.yaml": "title: A Paper\ncategory: [Training]\nlinks:\n  - kind: Paper\n    url: ftp://x\n",
    "tagged.yaml": "title: !!str A Paper\ncategory: [Training]\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    generate(root, 300, seed=7)
    venue = sorted(p for p in (root / "entries").iterdir() if p.is_dir())[0]
    for name, text in BAD.items():
        (venue / name).write_text(text, encoding="utf-8")
    return root


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    shutil.rmtree(root / ".cache", ignore_errors=True)  # every file loads afresh
    capsys.readouterr()
    main(["-C", str(root), "check", "--no-links", "--format", "json"])
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["diagnostics"]
    return found


def test_forked_loading_reports_what_loading_one_by_one_reports(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ready: list[int] = []
    add_ready = EntryCache.add_ready

    def counting(self: EntryCache, records: dict[str, Any]) -> None:
        ready.append(len(records))
        add_ready(self, records)

    monkeypatch.setattr(EntryCache, "add_ready", counting)
    monkeypatch.setattr(parallelload, "MAX_PROCESSES", 1)
    one_by_one = _check(corpus, capsys)
    assert ready == []
    monkeypatch.setattr(parallelload, "MIN_FILES", 1)
    monkeypatch.setattr(parallelload, "MAX_PROCESSES", 3)
    monkeypatch.setattr(parallelload, "_processes", lambda: 3)  # whatever this machine has
    forked = _check(corpus, capsys)
    assert len(ready) == 3  # this process's share, then each child's
    assert sum(ready) == len(list((corpus / "entries").rglob("*.yaml")))
    assert forked == one_by_one
    assert {d["check"] for d in forked} >= {"yaml", "schema"}  # the bad files came through


def test_no_fork_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert parallelload._processes() == 1
