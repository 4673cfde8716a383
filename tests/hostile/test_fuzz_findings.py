"""What bench/fuzz.py found, kept as regression tests (one per finding)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.files.canonical import model_text
from bot.files.loader import load_bytes
from bot.model.diagnostics import Diagnostic
from bot.model.entries import Paper, Venue
from bot.pages.page_reader import import_page
from bot.report.comment_body import PullContext, build
from bot.report.handoff import PaperPreview, Report
from bot.text import markdown_escape


def test_a_list_as_a_key_is_a_diagnostic_not_a_type_error() -> None:
    # ruamel raised TypeError (unhashable CommentedSeq) for "? - -".
    diags: list[Diagnostic] = []
    assert load_bytes(b"? - -", "p.yaml", Paper, diags) is None
    assert [(d.line, d.column, d.message) for d in diags] == [
        (1, 3, "keys must be text, not a list or mapping")
    ]


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [(b"-_", 1, 1), (b"title: 0x_\ncategory: [C]\n", 1, 8), (b"title: A\nnotes: [._]\n", 2, 9)],
)
def test_a_value_ruamel_cannot_make_a_number_of_is_a_diagnostic(
    raw: bytes, line: int, column: int
) -> None:
    # atheris: "-_" made ruamel raise IndexError (it reads it as an int, strips the
    # underscore, and indexes the empty rest); "._" raised ValueError.
    diags: list[Diagnostic] = []
    assert load_bytes(raw, "p.yaml", Paper, diags) is None
    assert [(d.line, d.column, d.check) for d in diags] == [(line, column, "yaml")]
    assert diags[0].message == "a value YAML reads as a number but cannot convert: put it in quotes"


def test_an_imported_page_with_an_empty_header_writes_a_file_that_reads_back() -> None:
    # "# Demo 2025" alone imports as header=[]; fmt dropped "header: []", and the file
    # read back as header=None, which renders another page.
    venue = import_page("# Demo 2025", "page.md").venue
    diags: list[Diagnostic] = []
    located = load_bytes(model_text(venue, 2).encode(), "v.yaml", Venue, diags)
    assert diags == []
    assert located is not None and located.model == venue


def test_line_start_syntax_in_a_previewed_note_is_escaped() -> None:
    # A note "# a" became a heading inside the comment's preview bullet.
    paper = Paper(title="1. T", category=["C"], notes=["# a", "> q", "---"])
    report = Report(papers=[PaperPreview(path="entries/d/p.yaml", venue="D", paper=paper)])
    body = build(report, PullContext("o/r", 1, "0" * 12)).body
    assert "* 1\\. T\n  * \\# a\n  * &gt; q\n  * \\---\n" in body
    assert markdown_escape.line_start("12) y") == "12\\) y"


def test_a_bug_while_loading_one_file_costs_that_file_only(
    repo: Any, write: Any, run_cli: Any, monkeypatch: Any
) -> None:
    # Nothing the fuzzer tried gets here any more; this is the net for what it missed.
    import bot.files.loader

    real = bot.files.loader.load_bytes

    def flaky(raw: bytes, rel: str, *args: Any) -> Any:
        if rel.endswith("tiny-compiler.yaml"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw, rel, *args)

    monkeypatch.setattr(bot.files.loader, "load_bytes", flaky)
    code, out, err = run_cli(repo, "check", "--format", "json")
    found = json.loads(out)["diagnostics"]
    assert (code, err) == (1, "")
    assert [(d["path"], d["check"]) for d in found] == [
        ("entries/demo-2025/tiny-compiler.yaml", "yaml")
    ]
    assert found[0]["message"].startswith("could not be loaded: RecursionError")
