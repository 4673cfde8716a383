"""The fast readers and the round trip read every character alike, or the fast one declines.

git, ruamel.yaml's round trip and ``str.splitlines`` do not agree on what ends a line:
libyaml (YAML 1.1) also breaks lines at U+0085, U+2028 and U+2029, so ``title: A<U+2028>
title_url: https://evil.example`` was one key to the round trip and two to the C parser
(issue 14, finding 6: ``check`` passed and README linked the title to the other URL).
This file places every line-break-like and format character (categories Zl, Zp, Cf, Cc)
anywhere in realistic entries and requires each fast reader to decline or to give the
round trip's data and positions, and the loader's fast path its diagnostics.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.files.loader import load_bytes
from bot.files.yaml_roundtrip import YamlProblem, parse, to_plain
from bot.model.diagnostics import Diagnostic
from bot.model.entries import Paper, Venue
from bot.speed.fast_read import read_fast
from bot.speed.line_reader import parse_lines
from bot.speed.plain_reader import parse_plain

# Every character that may end a line for some reader, or change how one reads it.
ODD = sorted(
    {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Zl", "Zp", "Cf", "Cc")
    }
    | set("\x85\u2028\u2029\x0b\x0c\x1c\x1d\x1e\r\ufeff\u00a0\u3000\ufffe\uffff")
)

# The characters some reader takes for a line break: drawn as often as all the others.
BREAKS = list("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

ENTRIES = [
    """\
# yaml-language-server: $schema=../../schema/paper.schema.json
title: Harmless Serving Paper
category: [Large Language Models (LLMs), LLM Inference]
position: 80
links:
  - kind: Paper
    url: https://mlsys.org/virtual/2025/poster/3288
affiliations:
  - MIT & NVIDIA
notes:
  - "**Artifact** evaluated"
""",
    """\
title: 'QServe: W4A8KV4 Quantization'
title_url: https://example.org/qserve
category: [Compilers]
links:
  - kind: arXiv
    url: https://arxiv.org/abs/2405.04532
  - kind: Code
    url: https://github.com/mit-han-lab/qserve
affiliations: [MIT, NVIDIA]
""",
    """\
title: A Tiny Compiler
category:
  - Compilers
notes: ['it''s small', plain note]
""",
]

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def entries_with_odd_characters(draw: st.DrawFn) -> str:
    """A realistic entry with one to three odd characters put in anywhere (a character
    before a key is how one line becomes two)."""
    text = draw(st.sampled_from(ENTRIES))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        odd = draw(st.sampled_from(BREAKS) | st.sampled_from(ODD))
        replace = draw(st.booleans()) and at < len(text) and text[at] in " \n"
        text = text[:at] + odd + text[at + int(replace) :]
    return text


def _round_trip(text: str) -> Any:
    try:
        return to_plain(parse(text))
    except YamlProblem:
        return None


def _agree(fast: Any, text: str) -> None:
    if fast is None:
        return  # declined: the round trip reads it
    slow = _round_trip(text)
    assert slow is not None, "a fast reader accepted what the round trip refuses"
    assert fast[0] == slow[0]
    assert fast[1].keys == slow[1].keys
    assert fast[1].values == slow[1].values


@SETTINGS
@given(text=entries_with_odd_characters())
def test_the_c_parser_declines_or_agrees(text: str) -> None:
    _agree(parse_plain(text), text)


@SETTINGS
@given(text=entries_with_odd_characters())
def test_the_line_reader_declines_or_agrees(text: str) -> None:
    _agree(parse_lines(text), text)


@SETTINGS
@given(text=entries_with_odd_characters())
def test_the_fast_loader_says_what_the_plain_loader_says(text: str) -> None:
    for model in (Paper, Venue):
        fast: list[Diagnostic] = []
        slow: list[Diagnostic] = []
        got = load_bytes(text.encode(), "entries/v/p.yaml", model, fast, read_fast)  # type: ignore[arg-type]
        want = load_bytes(text.encode(), "entries/v/p.yaml", model, slow)  # type: ignore[arg-type]
        assert fast == slow
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            assert got.model == want.model
            assert got.positions == want.positions


@pytest.mark.parametrize("odd", ODD, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("reader", [parse_plain, parse_lines], ids=lambda f: f.__name__)
def test_each_odd_character_before_a_key_is_declined_or_read_alike(odd: str, reader: Any) -> None:
    """The attack of finding 6, with every odd character in U+2028's place."""
    text = f"title: Harmless Serving Paper{odd}title_url: https://evil.example/phish\n"
    text += "category: [Compilers]\n"
    _agree(reader(text), text)


@pytest.mark.parametrize("odd", ODD, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("reader", [parse_plain, parse_lines], ids=lambda f: f.__name__)
def test_each_odd_character_starting_a_value_is_declined_or_read_alike(
    odd: str, reader: Any
) -> None:
    """bench/fuzz.py's first find: the line reader took "key: <TAB>value" as a value
    starting with a tab, which the round trip refuses."""
    for text in (f"title: {odd}x\ncategory: [Compilers]\n", f"title: x\ncategory: [{odd}a]\n"):
        _agree(reader(text), text)


def test_the_phishing_title_url_is_not_read_by_the_fast_path() -> None:
    text = "title: Harmless Serving Paper\u2028title_url: https://evil.example/phish\n"
    assert parse_plain(text + "category: [Compilers]\n") is None
