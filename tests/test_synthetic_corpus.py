"""The benchmarks' synthetic corpus: the same for the same seed, and a clean list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.synthetic import generate
from bot.cli import main


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_same_seed_writes_the_same_corpus(tmp_path: Path) -> None:
    generate(tmp_path / "a", 300, seed=7)
    generate(tmp_path / "b", 300, seed=7)
    generate(tmp_path / "c", 300, seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")
    papers = [p for p in (tmp_path / "a" / "entries").rglob("*.yaml") if p.name != "venue.yaml"]
    assert len(papers) == 300 + 1  # and the shared glossary


def test_the_corpus_checks_without_errors_and_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate(tmp_path, 1200, seed=1)
    capsys.readouterr()
    assert main(["-C", str(tmp_path), "check", "--no-links", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    checks = {d["check"] for d in report["diagnostics"]}
    assert checks <= {"duplicates"}  # the near-duplicates it plants, as warnings
    assert report["diagnostics"], "the planted near-duplicates are found"
    assert main(["-C", str(tmp_path), "render", "--output", str(tmp_path / "out.md")]) == 0
    # Two venues of 600 papers are over README's budget: an index, and a page a venue
    # under lists/ beside it (docs/generated-files.md).
    pages = [tmp_path / "out.md", *(tmp_path / "lists").rglob("*.md")]
    assert sum(p.read_text(encoding="utf-8").count("/poster/") for p in pages) == 1200
