"""The registry runs every check, and one check's crash never hides the others."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.checks.registry import CHECKS, Check, summaries
from bot.model.diagnostics import Diagnostic


def _explodes(paper: Any, ctx: Any) -> Iterator[Diagnostic]:
    raise RuntimeError("kaboom")
    yield  # pragma: no cover - makes this a generator like every check


def test_a_crashing_check_becomes_a_diagnostic_and_the_others_run(
    repo: Path, write: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A check that always crashes does not exist in the product; registering one is
    # the only way to show the isolation without breaking a real check on purpose.
    monkeypatch.setitem(CHECKS, "boom", Check("boom", "entry", _explodes, "always crashes"))
    write(repo, "entries/demo-2025/lost.yaml", "title: Lost\ncategory: [Nowhere]\n")

    code, out, _ = run_cli(repo, "check", "--no-links", "--format", "json")

    found = json.loads(out)["diagnostics"]
    assert code == 1
    assert {d["check"] for d in found} == {"boom", "category"}
    assert len([d for d in found if d["check"] == "boom"]) == 4  # one per paper
    crash = next(d for d in found if d["check"] == "boom")
    assert crash["severity"] == "error"
    assert crash["message"].startswith("check 'boom' crashed: RuntimeError: kaboom (at ")


def _explodes_on_the_corpus(ctx: Any) -> Iterator[Diagnostic]:
    yield from []
    raise KeyError("missing")


def test_a_crashing_corpus_check_is_blamed_on_the_config_and_the_others_run(
    repo: Path, write: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = Check("boom", "corpus", _explodes_on_the_corpus, "always crashes")
    monkeypatch.setitem(CHECKS, "boom", check)
    write(repo, "entries/demo-2025/lost.yaml", "title: Lost\ncategory: [Nowhere]\n")

    code, out, _ = run_cli(repo, "check", "--no-links", "--format", "json")

    found = json.loads(out)["diagnostics"]
    assert code == 1
    assert [(d["path"], d["line"], d["column"], d["check"], d["severity"]) for d in found] == [
        ("entries/demo-2025/lost.yaml", 2, 11, "category", "error"),
        ("paperbot.yaml", 1, 1, "boom", "error"),
    ]
    assert found[1]["message"].startswith("check 'boom' crashed: KeyError: 'missing' (at ")


def test_every_check_has_examples_or_a_reason() -> None:
    examples = Path(__file__).parent / "examples"
    with_examples = {p.name for p in examples.iterdir() if (p / "fail").is_dir()}
    # links and identity need live servers: tests/links and tests/arxiv run them
    # against real ones on 127.0.0.1.
    assert set(CHECKS) - with_examples == {"links", "identity"}


def test_summaries_list_loading_ids_first() -> None:
    assert list(summaries())[:3] == ["yaml", "schema", "files"]
