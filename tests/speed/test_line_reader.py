"""The canonical form read by lines: whatever it accepts, the round trip reads the same.

Documents are generated near the canonical form (random keys, scalars from an alphabet
of YAML's special characters, flow and block lists, odd indentation and spacing), so
most generated documents sit right at the edge of what the line reader accepts.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.files.canonical import model_text
from bot.files.yaml_roundtrip import YamlProblem, parse, to_plain
from bot.model.entries import Link, Paper
from bot.speed.line_reader import parse_lines

# Characters that mean something to YAML somewhere, and a few that do not.
_PIECES = st.sampled_from([*"ab Z09-:#'\"[]{},&*!|>%@`?~.\\é中 ", "  ", ": ", " #"])
_SCALARS = st.one_of(
    st.sampled_from(["x", "Training", "two words", "MIT & NVIDIA", "https://x.org/a?b#c"]),
    st.lists(_PIECES, max_size=10).map("".join),
    st.sampled_from(["null", "~", "true", "False", "42", "042", "0", "-1", "1.5", "yes", "On"]),
    st.sampled_from(["2025-01-01", "0o17", "0x1F", ".inf", "1_000", "Training", "nullable"]),
)
_KEYS = st.sampled_from(["title", "category", "links", "notes", "kind", "url", "null", "1"])


def _quote(text: str, style: str) -> str:
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text + '"'
    return text


@st.composite
def _scalar(draw: st.DrawFn) -> str:
    return _quote(draw(_SCALARS), draw(st.sampled_from(["plain", "plain", "single", "double"])))


# Each line kind has its place in the form (top-level keys at 0, items at 2, an item's
# next pairs at 4); mostly there, sometimes anywhere.
_PLACE = {0: "", 1: "", 2: "", 3: "  ", 4: "  ", 6: "", 7: "    "}


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 7))
    key = draw(_KEYS)
    indent = draw(st.sampled_from([_PLACE.get(kind, "")] * 4 + ["", "  ", "    ", " ", "   "]))
    if kind == 0:
        return f"{indent}{key}: {draw(_scalar())}"
    if kind == 1:
        items = draw(st.lists(_scalar(), max_size=3))
        sep = draw(st.sampled_from([", ", ", ", ",", " , "]))
        return f"{indent}{key}: [{sep.join(items)}]"
    if kind == 2:
        return f"{indent}{key}:"
    if kind == 3:
        return f"{indent}- {draw(_scalar())}"
    if kind == 4:
        return f"{indent}- {key}: {draw(_scalar())}"
    if kind == 5:
        return draw(st.sampled_from(["", "# a comment", "  # indented", "---", "...", " "]))
    if kind == 6:
        return f"{indent}{key}: {draw(_scalar())} # trailing"
    if draw(st.booleans()):
        return f"{indent}{key}: {draw(_scalar())}"  # an item's next pair
    return f"{indent}{draw(_scalar())}"


def _agrees(text: str) -> bool:
    """True when the line reader accepted the text (and read it as the round trip does)."""
    fast = parse_lines(text)
    if fast is None:
        return False
    try:
        data, positions = to_plain(parse(text))
    except YamlProblem as exc:
        pytest.fail(f"accepted what the round trip refuses ({exc.message}):\n{text}")
    assert fast[0] == data, text
    assert fast[1].keys == positions.keys, text
    assert fast[1].values == positions.values, text
    return True


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line(), min_size=1, max_size=8), st.booleans())
def test_documents_near_the_form_are_declined_or_read_alike(lines: list[str], end: bool) -> None:
    _agrees("\n".join(lines) + ("\n" if end else ""))


@st.composite
def _canonical_lines(draw: st.DrawFn) -> list[str]:
    """The lines of a document in the form: keys with scalars, flow lists, block lists."""
    lines = []
    for key in draw(st.lists(_KEYS, min_size=1, max_size=5, unique=True)):
        shape = draw(st.integers(0, 3))
        if shape == 0:
            lines.append(f"{key}: {draw(_scalar())}")
        elif shape == 1:
            lines.append(f"{key}: [{', '.join(draw(st.lists(_scalar(), max_size=3)))}]")
        elif shape == 2:
            lines += [f"{key}:", *(f"  - {v}" for v in draw(st.lists(_scalar(), max_size=3)))]
        else:
            lines.append(f"{key}:")
            for pairs in draw(st.lists(st.lists(_KEYS, min_size=1, max_size=3), max_size=3)):
                first, *more = [f"{k}: {draw(_scalar())}" for k in dict.fromkeys(pairs)]
                lines += [f"  - {first}", *(f"    {pair}" for pair in more)]
    return lines


@st.composite
def _edited(draw: st.DrawFn) -> str:
    """A document in the form, then a few edits of the kind that break it subtly."""
    lines = draw(_canonical_lines())
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.integers(0, 4))
        if edit == 0 and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]  # swap two lines
        elif edit == 1 and len(lines) > 1:
            del lines[at]
        elif edit == 2:
            lines[at] = draw(st.sampled_from(["", " ", "  ", "    "])) + lines[at].lstrip()
        elif edit == 3:
            lines.insert(at, draw(_line()))
        else:
            lines[at] = lines[at] + draw(st.sampled_from([" ", " # c", ":", "  - x"]))
    return "\n".join(lines) + "\n"


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(_edited())
def test_edited_documents_are_declined_or_read_alike(text: str) -> None:
    _agrees(text)


_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s.isprintable())


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_TEXT,
    categories=st.lists(_TEXT, min_size=1, max_size=3),
    notes=st.lists(_TEXT, max_size=3),
    urls=st.lists(st.sampled_from(["https://x.org/a", "https://arxiv.org/abs/2401.1"]), max_size=2),
)
def test_canonical_papers_are_read_alike(
    title: str, categories: list[str], notes: list[str], urls: list[str]
) -> None:
    paper = Paper.model_construct(
        title=title,
        category=categories,
        notes=notes,
        links=[Link.model_construct(kind="Paper", url=url) for url in urls],
    )
    _agrees(model_text(paper, 2))


def test_what_fmt_writes_is_read_by_lines() -> None:
    paper = Paper(
        title="QServe: W4A8KV4 Quantization for Efficient LLM Serving",
        category=["Large Language Models (LLMs)", "LLM Inference"],
        links=[Link(kind="Paper", url="https://mlsys.org/virtual/2025/poster/3288")],
        affiliations=["MIT & NVIDIA"],
        notes=["**Artifact** evaluated", "it's #1"],
        position=80,
    )
    assert _agrees(model_text(paper, 2))


@pytest.mark.parametrize(
    "text",
    [
        "title: x  \n",  # trailing spaces
        "title: x # comment\n",
        "title: 'open\n  quote'\n",
        "title: two\n  lines\n",
        "title:  two spaces\n",
        'title: "esc\\"aped"\n',
        "links:\n- kind: Paper\n",  # a list not indented
        "links:\n  - kind: Paper\n      url: x\n",
        "category: [a,b]\n",
        "category: [ a, b ]\n",
        "category: [a, [b]]\n",
        "title: x\ntitle: y\n",
        "---\ntitle: x\n",
        "title: -x\n",
        "title: a: b\n",
        "title: x\u2028y\n",
        "links:\ntitle: x\n  - item\n",  # "x - item": the list belongs to no key
        "null: x\n",
        "# only a comment\n",
    ],
)
def test_outside_the_form_is_declined(text: str) -> None:
    assert parse_lines(text) is None
