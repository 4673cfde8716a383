"""Schema and category errors, as ``paperbot check --format json`` reports them.

Every test writes one bad entry into the small repository of ``conftest.py`` and
asserts the exact place (path, 1-based line and column), check id and severity.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers import BAD, place
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.files.yaml_roundtrip import parse
from bot.model import entries

VENUE = "entries/demo-2025/venue.yaml"
LINK = "title: A Paper\ncategory: [Compilers]\nlinks:\n  - kind: Paper\n    url: {url}\n"


def test_the_fixture_repository_is_clean(repo: Path, check_json: Any) -> None:
    assert check_json(repo) == (0, [])


# --- keys ---------------------------------------------------------------------------


def test_unknown_key_points_at_the_key_and_suggests_the_nearest(check_bad: Any) -> None:
    code, diags = check_bad("title: A Paper\ntitel: A Paper\ncategory: [Compilers]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 2, 1, "schema", "error")]
    assert "unknown key 'titel'" in diags[0]["message"]
    assert "did you mean 'title'?" in diags[0]["message"]


def test_unknown_key_far_from_any_lists_the_allowed_keys(check_bad: Any) -> None:
    code, diags = check_bad("title: A Paper\ncategory: [Compilers]\nzzz: 1\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 1, "schema", "error")]
    assert "allowed: title, category, position, links" in diags[0]["message"]


def test_unknown_key_inside_a_link_points_at_that_key(check_bad: Any) -> None:
    text = LINK.format(url="https://a.org") + "    extra: 1\n"
    code, diags = check_bad(text)
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 6, 5, "schema", "error")]
    assert "'links[0].extra'" in diags[0]["message"]


def test_missing_required_key_points_at_the_start_of_the_mapping(check_bad: Any) -> None:
    code, diags = check_bad("category: [Compilers]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 1, 1, "schema", "error")]
    assert diags[0]["message"] == "missing required key 'title'"


def test_missing_key_after_a_leading_comment_points_at_the_first_key(check_bad: Any) -> None:
    code, diags = check_bad("# a comment\ncategory: [Compilers]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 2, 1, "schema", "error")]


def test_missing_key_inside_a_link_points_at_the_link(check_bad: Any) -> None:
    code, diags = check_bad("title: A Paper\ncategory: [Compilers]\nlinks:\n  - kind: Paper\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 4, 5, "schema", "error")]
    assert diags[0]["message"] == "missing required key 'links[0].url'"


# --- types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        pytest.param(
            "title: 42\ncategory: [Compilers]\n",
            1,
            8,
            "'title' must be text, not a number",
            id="title-as-number",
        ),
        pytest.param(
            "title: A Paper\ncategory: Compilers\n",
            2,
            11,
            "'category' must be a list, not text",
            id="category-as-string",
        ),
        pytest.param(
            "title: A Paper\ncategory: [Compilers]\nposition: ten\n",
            3,
            11,
            "'position' must be a whole number, not text",
            id="position-as-text",
        ),
        pytest.param(
            "title: A Paper\ncategory: [Compilers]\nposition: 1.5\n",
            3,
            11,
            "'position' must be a whole number, not a number",
            id="position-as-float",
        ),
        pytest.param(
            "title: A Paper\ncategory: [Compilers]\nlinks:\n  kind: Paper\n  url: https://a.org\n",
            4,
            3,
            "'links' must be a list, not a mapping",
            id="links-as-mapping",
        ),
        pytest.param(
            "title: A Paper\ncategory: [Compilers]\nlinks:\n  - https://a.org\n",
            4,
            5,
            "'links[0]' must be a mapping of keys to values, not text",
            id="link-as-string",
        ),
        pytest.param(
            "title: A Paper\ncategory: [Compilers, 3]\n",
            2,
            23,
            "'category[1]' must be text, not a number",
            id="category-item-as-number",
        ),
    ],
)
def test_wrong_type_points_at_the_value(
    check_bad: Any, text: str, line: int, column: int, message: str
) -> None:
    code, diags = check_bad(text)
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, line, column, "schema", "error")]
    assert diags[0]["message"] == message


def test_position_below_zero_is_refused(check_bad: Any) -> None:
    code, diags = check_bad("title: A Paper\ncategory: [Compilers]\nposition: -1\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 11, "schema", "error")]


def test_empty_category_list_is_refused(check_bad: Any) -> None:
    code, diags = check_bad("title: A Paper\ncategory: []\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 2, 11, "schema", "error")]
    assert diags[0]["message"] == "'category' must not be empty"


# --- titles -------------------------------------------------------------------------


def test_empty_title_is_refused_at_the_value(check_bad: Any) -> None:
    code, diags = check_bad("title: ''\ncategory: [Compilers]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 1, 8, "schema", "error")]
    assert diags[0]["message"] == "'title': must not be empty"


def test_title_with_a_leading_space_is_refused_at_the_value(check_bad: Any) -> None:
    code, diags = check_bad("title: ' A Paper'\ncategory: [Compilers]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 1, 8, "schema", "error")]
    assert diags[0]["message"] == "'title': must not start or end with spaces"


def test_title_on_two_lines_is_refused(check_bad: Any) -> None:
    code, diags = check_bad('title: "A\\nPaper"\ncategory: [Compilers]\n')
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 1, 8, "schema", "error")]
    assert diags[0]["message"] == "'title': must be a single line"


def test_title_with_no_value_is_reported(check_bad: Any) -> None:
    code, diags = check_bad("title:\ncategory: [Compilers]\n")
    assert code == 1
    assert [(d["check"], d["severity"]) for d in diags] == [("schema", "error")]
    assert diags[0]["message"] == "'title' must be text, not an empty value"


def test_title_with_no_value_points_at_the_title_line(check_bad: Any) -> None:
    _, diags = check_bad("title:\ncategory: [Compilers]\n")
    assert [(d["line"], d["check"]) for d in diags] == [(1, "schema")]


# --- links --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("https:/x", "malformed URL: it has no valid host name", id="no-host"),
        pytest.param("javascript:alert(1)", "only http and https links", id="javascript"),
        pytest.param("example.com/x", "write https://example.com/x", id="no-scheme"),
        pytest.param("'https://a.org/a b'", "cannot contain spaces", id="space"),
        pytest.param("//a.org/x", "write https://a.org/x", id="scheme-relative"),
        pytest.param("https://a.org:80x/", "malformed URL", id="bad-port"),
    ],
)
def test_malformed_url_points_at_the_url(check_bad: Any, url: str, message: str) -> None:
    code, diags = check_bad(LINK.format(url=url))
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 5, 10, "schema", "error")]
    assert diags[0]["message"].startswith("'links[0].url': ")
    assert message in diags[0]["message"]


@pytest.mark.parametrize(
    "url", ["https://a.org/x", "http://127.0.0.1:8080/p?q=1#f", "notes/paper.md", "HTTPS://A.ORG"]
)
def test_good_url_is_accepted(check_bad: Any, url: str) -> None:
    assert check_bad(LINK.format(url=url)) == (0, [])


# --- category -----------------------------------------------------------------------


def test_category_not_in_the_tree_suggests_the_nearest_with_a_fix(check_bad: Any) -> None:
    code, diags = check_bad("title: A Paper\ncategory: [Systems (SYS), Storag]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 2, 11, "category", "error")]
    assert "did you mean 'Systems (SYS) / Storage'?" in diags[0]["message"]
    assert diags[0]["fix"] == "[Systems (SYS), Storage]"


def test_category_named_by_its_leaf_suggests_the_full_path(check_bad: Any) -> None:
    code, diags = check_bad("title: A Paper\ncategory: [Networking]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 2, 11, "category", "error")]
    assert diags[0]["fix"] == "[Systems (SYS), Networking]"


def test_category_in_block_style_points_at_the_first_item(check_bad: Any) -> None:
    code, diags = check_bad("title: A Paper\ncategory:\n  - Systems (SYS)\n  - Storag\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 3, "category", "error")]


def test_category_far_from_everything_has_no_suggestion(check_bad: Any) -> None:
    code, diags = check_bad("title: A Paper\ncategory: [Quantum Basket Weaving Theory]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 2, 11, "category", "error")]
    assert "did you mean" not in diags[0]["message"]
    assert diags[0]["fix"] is None


def test_category_fix_parses_back_to_the_suggested_path(
    repo: Path, write: Any, check_bad: Any
) -> None:
    venue = (repo / VENUE).read_text(encoding="utf-8")
    write(repo, VENUE, venue + "  - name: 'Compilers, Languages'\n")
    _, diags = check_bad("title: A Paper\ncategory: ['Compilers, Langauges']\n")
    assert [place(d) for d in diags] == [(BAD, 2, 11, "category", "error")]
    assert "did you mean 'Compilers, Languages'?" in diags[0]["message"]
    assert list(parse(diags[0]["fix"])) == ["Compilers, Languages"]


# --- venue file ---------------------------------------------------------------------

VENUE_TEXT = """\
name: Demo 2025
acceptance:
  accepted: 30
  submitted: 10
areas:
  - name: Systems (SYS)
  - name: Compilers
"""


def test_venue_accepting_more_than_submitted_is_refused(check_bad: Any) -> None:
    code, diags = check_bad(VENUE_TEXT, VENUE)
    assert code == 1
    assert [place(d) for d in diags] == [(VENUE, 3, 3, "schema", "error")]
    assert diags[0]["message"] == "'acceptance': accepted cannot be larger than submitted"


def test_venue_with_a_repeated_area_is_refused(check_bad: Any) -> None:
    text = VENUE_TEXT.replace("30", "3") + "  - name: Compilers\n"
    code, diags = check_bad(text, VENUE)
    assert code == 1
    diags = [d for d in diags if d["path"] == VENUE]  # papers of the dropped categories fail too
    assert [(d["path"], d["check"], d["severity"]) for d in diags] == [(VENUE, "tree", "error")]
    assert "'Compilers' appears twice at the same level" in diags[0]["message"]


def test_venue_with_a_repeated_area_points_at_the_repeat(check_bad: Any) -> None:
    text = VENUE_TEXT.replace("30", "3") + "  - name: Compilers\n"
    _, diags = check_bad(text, VENUE)
    assert [d["line"] for d in diags if d["path"] == VENUE] == [8]


def test_broken_venue_does_not_hide_paper_errors(check_bad: Any, write: Any, repo: Path) -> None:
    write(repo, BAD, "title: 42\ncategory: [Compilers]\n")
    code, diags = check_bad(VENUE_TEXT, VENUE)
    assert code == 1
    assert [place(d) for d in diags] == [
        (BAD, 1, 8, "schema", "error"),
        (VENUE, 3, 3, "schema", "error"),
    ]


# --- several files ------------------------------------------------------------------


def test_one_bad_file_does_not_stop_the_others(repo: Path, write: Any, check_json: Any) -> None:
    write(repo, "entries/demo-2025/a.yaml", "title: A\ntitel: A\ncategory: [Compilers]\n")
    write(repo, "entries/demo-2025/b.yaml", "title: [B\ncategory: [Compilers]\n")
    write(repo, "entries/demo-2025/c.yaml", "title: C\ncategory: [Storag]\n")
    code, diags = check_json(repo)
    assert code == 1
    assert [place(d) for d in diags] == [
        ("entries/demo-2025/a.yaml", 2, 1, "schema", "error"),
        ("entries/demo-2025/b.yaml", 2, 9, "yaml", "error"),
        ("entries/demo-2025/c.yaml", 2, 11, "category", "error"),
    ]


def test_every_error_in_one_file_is_reported(check_bad: Any) -> None:
    code, diags = check_bad("title: 42\ncategory: Compilers\nposition: x\n")
    assert code == 1
    assert [(d["line"], d["column"]) for d in diags] == [(1, 8), (2, 11), (3, 11)]


@pytest.mark.parametrize(
    ("areas", "message"),
    [
        ("  - name: Compilers\n    untitled: true\n", "only the first area can be untitled"),
        ("  - name: Compilers\n    heading: true\n", "areas are headings already"),
    ],
)
def test_venue_with_a_layout_no_page_can_show_is_refused(
    check_bad: Any, areas: str, message: str
) -> None:
    text = VENUE_TEXT.replace("30", "3").replace("  - name: Compilers\n", areas)

    code, diags = check_bad(text, VENUE)

    assert code == 1
    venue = [d for d in diags if d["path"] == VENUE]
    assert [(d["check"], d["severity"]) for d in venue] == [("schema", "error")]
    assert message in venue[0]["message"]


_HOST_PIECES = st.sampled_from(
    [*"/:@[].-_?#1", "a", "b9", "example", "org", "é", "xn--bcher-kva", "%20", "80", "a" * 63]
)
_URLS = st.tuples(
    st.sampled_from(["https://", "http://", "HTTP://", "ftp://", "https:/", "//", ""]),
    st.lists(_HOST_PIECES, max_size=8).map("".join),
    st.sampled_from(["", "/", "/p?q#f", "?x", "#", " x"]),
).map("".join)


@settings(max_examples=3000)
@given(_URLS)
def test_the_url_fast_path_agrees_with_the_full_test(value: str) -> None:
    def outcome(check: Any) -> str:
        try:
            return f"ok {check(value)}"
        except ValueError as exc:
            return f"refused {exc}"

    fast = outcome(entries.check_url)
    saved = entries._PLAIN_HTTP
    entries._PLAIN_HTTP = re.compile(r"(?!)")  # matches nothing: every URL takes the full test
    try:
        slow = outcome(entries.check_url)
    finally:
        entries._PLAIN_HTTP = saved
    assert fast == slow
