"""The rows of papers a pull request leaves alone, read by the key reader: the same rows
as loading each file in full gives, whether forked processes read them or this one, a
child failing included; a file the key reader declines has no row (it is loaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import synthetic_repo

from bot.checks.paper_keys import paper_keys
from bot.files.loader import load_file
from bot.model.entries import Paper
from bot.speed import forks, unchanged_rows
from bot.speed.paper_index import Row, row

ODD = {
    "not-yaml.yaml": "title: [unclosed\ncategory: [Training]\n",
    "no-title.yaml": "category: [Training]\n",
    "bad-url.yaml": "title: A Paper\ncategory: [Training]\nlinks:\n  - kind: Paper\n    url: ftp://x\n",
    "tagged.yaml": "title: !!str A Paper\ncategory: [Training]\n",
    "a-comment.yaml": "title: A Paper\n# between keys\ncategory: [Training]\nposition: 3\n",
}


@pytest.fixture
def files(tmp_path: Path) -> list[tuple[str, str]]:
    root = tmp_path / "repo"
    venue = synthetic_repo(root, 300, seed=7)
    for name, text in ODD.items():
        (venue / name).write_text(text, encoding="utf-8")
    papers = sorted(p for p in venue.glob("*.yaml") if p.name != "venue.yaml")
    return [(str(p), p.relative_to(root).as_posix()) for p in papers]


def _loaded(files: list[tuple[str, str]]) -> list[Row | None]:
    """Each file's row as loading it in full gives it, None where it loads only in part."""
    found: list[Row | None] = []
    for file, rel in files:
        located = load_file(Path(file), rel, Paper, diags := [])
        whole = located is not None and not diags
        found.append(row(rel, located.model.title, paper_keys(located.model)) if whole else None)
    return found


def test_rows_read_one_by_one_are_the_rows_of_the_loaded_papers(
    files: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forks, "processes", lambda: 1)
    read = unchanged_rows.read_rows(files, {})
    assert read == _loaded(files)
    declined = {
        rel.rsplit("/", 1)[1] for (_, rel), found in zip(files, read, strict=True) if found is None
    }
    assert declined == set(ODD) - {"a-comment.yaml"}  # the line reader reads that one


def test_forked_processes_read_the_same_rows(
    files: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forks, "processes", lambda: 1)
    one_by_one = unchanged_rows.read_rows(files, {})
    received: list[int] = []
    receive = unchanged_rows._received

    def counting(result: Any, size: int) -> list[Row | None] | None:
        found = receive(result, size)
        received.append(-1 if found is None else len(found))
        return found

    monkeypatch.setattr(unchanged_rows, "_received", counting)
    monkeypatch.setattr(unchanged_rows, "MIN_FILES", 1)
    monkeypatch.setattr(forks, "processes", lambda: 3)
    assert unchanged_rows.read_rows(files, {}) == one_by_one
    assert len(received) == 2 and all(size > 0 for size in received)  # two children's rows
    assert 0 < sum(received) < len(files)  # and this process read the first files


def _fails(index: int) -> bytes:
    raise RuntimeError(f"share {index} failed")


def test_a_failed_child_leaves_its_files_to_this_process(
    files: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forks, "processes", lambda: 1)
    one_by_one = unchanged_rows.read_rows(files, {})
    monkeypatch.setattr(unchanged_rows, "MIN_FILES", 1)
    monkeypatch.setattr(forks, "processes", lambda: 2)
    monkeypatch.setattr(unchanged_rows, "_share", _fails)
    assert unchanged_rows.read_rows(files, {}) == one_by_one


def test_bytes_already_read_are_used_and_a_missing_file_has_no_row(
    files: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forks, "processes", lambda: 1)
    (file, rel), (gone, gone_rel) = files[0], files[1]
    Path(gone).unlink()
    text = Path(file).read_text(encoding="utf-8").replace("title: ", "title: New ", 1)
    [mine, none] = unchanged_rows.read_rows([(file, rel), (gone, gone_rel)], {file: text.encode()})
    assert none is None
    assert mine is not None and mine[1].startswith("New ")
