"""A fix applied to the value a diagnostic points at: bot/files/value_edits.py."""

from __future__ import annotations

import pytest

from bot.files.value_edits import NotApplicable, apply_fixes, replacement, value_at
from bot.files.yaml_roundtrip import dump, parse
from bot.model.diagnostics import Diagnostic, Severity

TEXT = """\
title: A Paper  # eol
category: [Area, Cat]
links:
  - kind: arXiv
    url: http://arxiv.org/abs/1
  - {kind: Code, url: 'https://x.org'}
"""


@pytest.mark.parametrize(
    ("line", "column", "loc", "value"),
    [
        (1, 8, ("title",), "A Paper"),
        (2, 11, ("category",), ["Area", "Cat"]),
        (2, 12, ("category", 0), "Area"),
        (5, 10, ("links", 0, "url"), "http://arxiv.org/abs/1"),
        (6, 23, ("links", 1, "url"), "https://x.org"),
    ],
)
def test_value_at_finds_the_value_that_starts_there(
    line: int, column: int, loc: tuple[object, ...], value: object
) -> None:
    assert value_at(parse(TEXT), line, column) == (loc, value)


@pytest.mark.parametrize(("line", "column"), [(1, 1), (1, 9), (9, 1)])
def test_value_at_refuses_a_place_where_no_value_starts(line: int, column: int) -> None:
    with pytest.raises(NotApplicable):
        value_at(parse(TEXT), line, column)


@pytest.mark.parametrize(
    ("fix", "value"),
    [
        ("https://arxiv.org/abs/1", "https://arxiv.org/abs/1"),
        ("[Area, Other Cat]", ["Area", "Other Cat"]),
        ("'A: B'", "A: B"),
    ],
)
def test_a_fix_is_read_as_the_yaml_value_it_writes(fix: str, value: object) -> None:
    assert replacement(fix) == value


@pytest.mark.parametrize("fix", ["[unclosed", "a\nb", "a: b: c"])
def test_a_fix_that_is_not_one_value_is_not_applied(fix: str) -> None:
    with pytest.raises(NotApplicable):
        replacement(fix)


def _diag(line: int, column: int, check: str, fix: str) -> Diagnostic:
    return Diagnostic("p.yaml", line, column, check, Severity.WARNING, "m", fix)


def test_apply_fixes_applies_what_is_safe_and_keeps_comments() -> None:
    doc = parse(TEXT)
    safe = _diag(5, 10, "url", "https://arxiv.org/abs/1")
    unsafe = _diag(2, 11, "category", "[Area, Other]")
    nowhere = _diag(1, 1, "url", "x")

    applied, left = apply_fixes(doc, [unsafe, safe, nowhere], lambda check, *_: check == "url")

    assert [(a.line, a.old, a.new) for a in applied] == [
        (5, "http://arxiv.org/abs/1", "https://arxiv.org/abs/1")
    ]
    assert left == [nowhere, unsafe]
    assert doc["links"][0]["url"] == "https://arxiv.org/abs/1"
    assert doc["category"] == ["Area", "Cat"]
    assert "title: A Paper  # eol\n" in dump(doc)
