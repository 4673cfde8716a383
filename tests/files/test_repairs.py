"""What ``fmt --fix`` repairs before parsing: bot/files/repairs.py."""

from __future__ import annotations

import pytest

from bot.files.repairs import TabRepair, before_parsing, without_tabs


def test_a_text_without_tabs_is_left_as_it_is() -> None:
    assert without_tabs("title: A\n") == TabRepair("title: A\n", ())


def test_a_tab_between_words_or_after_a_key_is_one_space() -> None:
    repair = without_tabs('title:\tA\t\tB  # a\tcomment\nnote: "x\ty"\n')

    assert repair.text == 'title: A  B  # a comment\nnote: "x y"\n'
    assert repair.lines == (1, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("links:\n\t- kind: A\n\t  url: u\n", "links:\n  - kind: A\n    url: u\n"),
        ("a:\n\tb: 1\n\tc: 2\n", "a:\n  b: 1\n  c: 2\n"),
        # Tab stops of 2 and 4 read the same; 8 does not parse.
        ("links:\n  -\tkind: A\n    url: u\n", "links:\n  - kind: A\n    url: u\n"),
        ("l:\n- \tx\n", "l:\n-   x\n"),
    ],
)
def test_indentation_tabs_are_replaced_when_every_reading_agrees(text: str, expected: str) -> None:
    assert without_tabs(text).text == expected


def test_indentation_tabs_whose_width_matters_are_left() -> None:
    repair = without_tabs("affiliations:\n  - A\n\t- B\n")

    assert repair.text is None
    assert repair.lines == (3,)
    assert "more than one way" in repair.why


def test_tabs_in_a_file_that_is_not_yaml_anyway_are_left() -> None:
    repair = without_tabs("title: [A\n\tb: c\n")

    assert repair.text is None
    assert "not valid YAML" in repair.why


def test_before_parsing_lists_each_change_by_line() -> None:
    repair = before_parsing(b"\xef\xbb\xbftitle: A\r\nnote:\tB\r\n")

    assert repair.raw == b"title: A\nnote: B\n"
    assert repair.changes == [
        (1, "byte-order mark", "removed"),
        (1, "CRLF line ends", "LF"),
        (2, "'note:\\tB'", "'note: B'"),
    ]
    assert repair.problem is None


def test_before_parsing_says_why_tabs_are_left() -> None:
    repair = before_parsing(b"affiliations:\n  - A\n\t- B\n")

    assert repair.raw == b"affiliations:\n  - A\n\t- B\n"
    assert repair.problem is not None and repair.problem[0] == 3
