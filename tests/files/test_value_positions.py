"""bot.files.value_positions: the source column of a character inside a scalar value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.files.loader import load_file
from bot.files.value_positions import Sources, raw_offset
from bot.model.entries import Paper


@pytest.mark.parametrize(
    ("raw", "value", "offset", "expected"),
    [
        ("Fast KV stores", "Fast KV stores", 5, 5),
        ("Fast KV stores  # a comment", "Fast KV stores", 5, 5),
        ("Fast KV stores, more]", "Fast KV stores", 5, 5),  # an item of a flow list
        ("'Q: Fast KV'", "Q: Fast KV", 8, 9),
        ("'It''s KV'", "It's KV", 5, 7),
        ('"a \\"b\\" KV"', 'a "b" KV', 6, 9),
        ('"tab\\there KV"', "tab\there KV", 9, 11),
        ('"\\u00e9t\\xe9 KV"', "été KV", 4, 13),
        ("Fast KV", "Fast KV stores", 5, 5),  # folded: the first line is still followed
        ('"\\u00e9t\\xe9 KV"', "été KV", 0, 1),
    ],
)
def test_raw_offset(raw: str, value: str, offset: int, expected: int) -> None:
    assert raw_offset(raw, value, offset) == expected


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Fast KV", "Fast KV stores"),  # a plain scalar folded onto the next line
        ("'Fast KV", "Fast KV stores"),  # a quoted one
        (">-", "Fast KV stores"),  # a block scalar
        ("Other text", "Fast KV stores"),  # the file changed since it was loaded
        ('"bad \\q KV stores"', "bad ? KV stores"),  # not a YAML escape
    ],
)
def test_raw_offset_gives_up_when_the_source_does_not_spell_the_value(raw: str, value: str) -> None:
    assert raw_offset(raw, value, 10) is None


def test_sources_locate_inside_values_and_fall_back_to_the_value_start(tmp_path: Path) -> None:
    text = (
        "title: 'QuillKV: Fast KV Stores'\n"
        "category: [Systems]\n"
        "notes:\n"
        "  - Halves the TTFT\n"
        "  - >-\n"
        "    Folded KV note\n"
    )
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    paper = load_file(tmp_path / "p.yaml", "p.yaml", Paper, [])
    assert paper is not None
    sources = Sources(tmp_path)

    def at(loc: tuple[str | int, ...], value: str, offset: int) -> tuple[int, int]:
        return sources.locate("p.yaml", paper.positions.of_value(loc), value, offset)

    assert at(("title",), paper.model.title, 14) == (1, 23)
    assert at(("notes", 0), paper.model.notes[0], 11) == (4, 16)
    assert at(("notes", 1), paper.model.notes[1], 7) == paper.positions.of_value(("notes", 1))
    assert sources.locate("missing.yaml", (3, 4), "x", 0) == (3, 4)
