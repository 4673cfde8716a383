"""Schema and category errors beyond the examples.

Each "this entry gives this diagnostic" case is an example under
tests/checks/examples/{schema,category,tree}/; here are what examples cannot say:
the fixture repository is clean, a fix parses back, and the URL test's fast path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from helpers import BAD, place
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.files.yaml_roundtrip import parse
from bot.model import entries

VENUE = "entries/demo-2025/venue.yaml"


def test_the_fixture_repository_is_clean(repo: Path, check_json: Any) -> None:
    assert check_json(repo) == (0, [])


def test_category_fix_parses_back_to_the_suggested_path(
    repo: Path, write: Any, check_bad: Any
) -> None:
    venue = (repo / VENUE).read_text(encoding="utf-8")
    write(repo, VENUE, venue + "  - name: 'Compilers, Languages'\n")
    _, diags = check_bad("title: A Paper\ncategory: ['Compilers, Langauges']\n")
    assert [place(d) for d in diags] == [(BAD, 2, 11, "category", "error")]
    assert "did you mean 'Compilers, Languages'?" in diags[0]["message"]
    assert list(parse(diags[0]["fix"])) == ["Compilers, Languages"]


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
