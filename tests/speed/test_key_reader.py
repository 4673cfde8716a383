"""The key reader: whatever file it accepts, loading the file in full gives a whole paper
(nothing left out, nothing missing) with the very title, category, position and links it
read, so the same row of the key table.

Documents are generated near the canonical form (scalars from an alphabet of YAML's
special characters, lines swapped, dropped, re-indented or doubled, odd characters
placed anywhere), so most sit right at the edge of what it accepts; every file of the
repository and of the check examples is read too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from annotated_types import Ge, Le, MaxLen, MinLen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import AfterValidator

from bench.synthetic import generate
from bot.checks.paper_keys import keys_of, paper_keys
from bot.files.canonical import model_text
from bot.files.loader import load_bytes
from bot.model.diagnostics import Diagnostic
from bot.model.entries import MAX_POSITION, Link, Paper, check_one_line, check_url
from bot.speed.key_reader import read_fields

REPO = Path(__file__).resolve().parents[2]
MODELINE = "# yaml-language-server: $schema=../../schema/paper.schema.json\n"
PAPER = (
    MODELINE + "title: 'QServe: W4A8KV4 Quantization'\n"
    "category: [Large Language Models (LLMs), 'Serving, Inference']\n"
    "position: 80\n"
    "links:\n"
    "  - kind: Paper\n"
    "    url: https://mlsys.org/virtual/2025/poster/3288\n"
    "  - kind: arXiv\n"
    "    url: https://arxiv.org/abs/2405.04532\n"
    "title_url: https://example.org/qserve\n"
    "suffix: ' (Oral)'\n"
    "affiliations:\n"
    "  - MIT & NVIDIA\n"
    "awards:\n"
    "  - Best Paper\n"
    "notes:\n"
    "  - '**Artifact** evaluated'\n"
    "blank_before: 1\n"
)


def _full(raw: bytes) -> tuple[Any, list[Diagnostic]]:
    """The loader's plain path: the round trip, then validation (partial or whole)."""
    diags: list[Diagnostic] = []
    return load_bytes(raw, "entries/v/p.yaml", Paper, diags), diags


def _agrees(text: str) -> bool:
    """Whether the key reader accepted ``text``; when it did, the full load agrees."""
    raw = text.encode("utf-8")
    fields = read_fields(raw)
    if fields is None:
        return False
    located, _ = _full(raw)
    assert located is not None, text
    assert located.missing == frozenset(), text
    paper = located.model
    links = [(link.kind, link.url) for link in paper.links]
    assert fields == (paper.title, paper.category, paper.position, links), text
    assert keys_of(*fields) == paper_keys(paper)
    return True


def test_a_canonical_paper_is_read_as_the_loader_reads_it() -> None:
    assert _agrees(PAPER)
    title, category, position, links = read_fields(PAPER.encode()) or ((), (), (), ())
    assert title == "QServe: W4A8KV4 Quantization"
    assert category == ["Large Language Models (LLMs)", "Serving, Inference"]
    assert position == 80
    assert links[1] == ("arXiv", "https://arxiv.org/abs/2405.04532")


def test_what_fmt_writes_is_accepted() -> None:
    paper = Paper(
        title="Ünïcode: a 'quoted' title # with a hash",
        category=["Area", "Sub: Category"],
        position=0,
        links=[Link(kind="DOI", url="https://doi.org/10.1145/1.2")],
        notes=["- a dash", "it's", "3x faster", "null"],
    )
    assert _agrees(model_text(paper, 2))


def test_a_value_the_loader_leaves_out_of_another_field_does_not_matter() -> None:
    text = PAPER.replace("- MIT & NVIDIA", "- " + "x" * 600)
    located, diags = _full(text.encode())
    assert [d.check for d in diags] == ["schema"]  # reported on a changed file only
    assert located is not None and located.model.affiliations == []
    assert _agrees(text)


# Each must be declined: loading it in full says something else, or something more.
DECLINED = {
    "a number for a title": PAPER.replace("title: 'QServe: W4A8KV4 Quantization'", "title: 2025"),
    "null title": PAPER.replace("title: 'QServe: W4A8KV4 Quantization'", "title: null"),
    "a boolean title": PAPER.replace("title: 'QServe: W4A8KV4 Quantization'", "title: true"),
    "a comment after the title": PAPER.replace("Quantization'\n", "Quantization' # x\n"),
    "no category": PAPER.replace(
        "category: [Large Language Models (LLMs), 'Serving, Inference']\n", ""
    ),
    "an empty category": PAPER.replace(
        "[Large Language Models (LLMs), 'Serving, Inference']", "[]"
    ),
    "a category item with spaces inside quotes": PAPER.replace("'Serving, Inference'", "' x'"),
    "a duplicate key": PAPER + "title: Another\n",
    "a position too large": PAPER.replace("position: 80", f"position: {MAX_POSITION + 1}"),
    "a quoted position": PAPER.replace("position: 80", "position: '80'"),
    "a negative position": PAPER.replace("position: 80", "position: -1"),
    "an octal position": PAPER.replace("position: 80", "position: 0o17"),
    "a link without its URL": PAPER.replace("    url: https://arxiv.org/abs/2405.04532\n", ""),
    "a link the schema refuses": PAPER.replace("https://arxiv.org/abs/", "ftp://arxiv.org/abs/"),
    "a link kind with a trailing space": PAPER.replace("kind: arXiv", "kind: 'arXiv '"),
    "a title too long": PAPER.replace("W4A8KV4 Quantization", "x" * 500),
    "a tab": PAPER.replace("title: ", "title:\t"),
    "CRLF": PAPER.replace("\n", "\r\n"),
    "a byte-order mark": "\ufeff" + PAPER,
    "a line separator": PAPER.replace("W4A8KV4", "W4A8KV4\u2028title_url: https://x.org"),
    "a line separator in a note": PAPER.replace("**Artifact** evaluated'", "a\u2028b'"),
    "a plain line separator in a note": PAPER.replace("'**Artifact** evaluated'", "a\u2028b"),
    "a bidirectional override": PAPER.replace("W4A8KV4", "W4A8\u202eKV4"),
    "a trailing space": PAPER.replace("position: 80\n", "position: 80 \n"),
    "an anchor": PAPER.replace("- MIT & NVIDIA", "- &a MIT"),
    "a timestamp as a note": PAPER.replace("'**Artifact** evaluated'", "2001-02-30"),
    "a flow list of links": PAPER.replace("links:\n  - kind: Paper\n", "links: [x]\n  - kind: P\n"),
    "a note on two lines": PAPER.replace("evaluated'", "evaluated\n    on two lines'"),
    "a double-quoted escape": PAPER.replace("'**Artifact** evaluated'", '"\\u202e"'),
    "nesting too deep": PAPER.replace("- Best Paper", "- " + "[" * 30),
}


# Other forms the line reader reads: the key reader takes their data from it.
OTHER_FORMS = {
    "an unknown key (the loader leaves it out)": PAPER + "venue: MLSys\n",
    "a category out of order": PAPER.replace("position: 80\n", "").replace(
        "category: [", "position: 80\ncategory: ["
    ),
    "a blank line": PAPER.replace("position: 80\n", "position: 80\n\n"),
    "a comment between keys": PAPER.replace("position: 80\n", "position: 80\n# why\n"),
    "a mapping as a note": PAPER.replace("'**Artifact** evaluated'", "key: value"),
    "no final line end": PAPER[:-1],
}


@pytest.mark.parametrize("text", OTHER_FORMS.values(), ids=OTHER_FORMS.keys())
def test_other_forms_the_line_reader_reads_are_accepted(text: str) -> None:
    assert _agrees(text)


@pytest.mark.parametrize("text", DECLINED.values(), ids=DECLINED.keys())
def test_what_a_full_load_would_read_otherwise_is_declined(text: str) -> None:
    assert read_fields(text.encode("utf-8")) is None


def test_the_fields_it_reads_are_validated_as_it_assumes() -> None:
    """The key reader validates title, category, position and links itself, with the
    model's own validators: a new rule for one of them must be added there too."""
    line = [AfterValidator(check_one_line), MinLen(1), MaxLen(500)]
    assert Paper.model_config["strict"] and Link.model_config["extra"] == "forbid"
    assert Paper.model_fields["title"].metadata == line
    [item] = Paper.model_fields["category"].annotation.__args__  # type: ignore[union-attr]
    assert [*item.__metadata__[:1], *item.__metadata__[1].metadata] == line
    assert Paper.model_fields["category"].metadata == [MinLen(1)]
    assert Paper.model_fields["position"].metadata == [Ge(0), Le(MAX_POSITION)]
    assert Link.model_fields["kind"].metadata == line
    assert Link.model_fields["url"].metadata == [AfterValidator(check_url)]
    assert list(Link.model_fields) == ["kind", "url"]


def test_a_line_a_backtracking_pattern_would_never_finish_is_declined() -> None:
    # With nested quantifiers that backtrack, 2**40 ways to split the title are tried.
    title = "title: " + "a" * 40 + " :"  # a plain scalar cannot end with a colon
    assert (
        read_fields(PAPER.replace("title: 'QServe: W4A8KV4 Quantization'", title).encode()) is None
    )


def _yaml_files() -> list[Path]:
    found = [*REPO.glob("entries/*/*.yaml"), *REPO.glob("tests/**/*.yaml")]
    return sorted(p for p in found if p.name not in ("venue.yaml", "glossary.yaml"))


def test_every_paper_file_of_the_repository_agrees() -> None:
    accepted = [path for path in _yaml_files() if _agrees(path.read_text(encoding="utf-8"))]
    # It is of use: nearly every paper of the list is in the form it reads.
    papers = list(REPO.glob("entries/*/*.yaml"))
    assert len([p for p in accepted if p.is_relative_to(REPO / "entries")]) >= 0.9 * (
        len(papers) - len(list(REPO.glob("entries/*/venue.yaml")))
    )


def test_every_paper_of_a_synthetic_corpus_is_accepted(tmp_path: Path) -> None:
    generate(tmp_path, 400, seed=3)
    papers = [p for p in tmp_path.glob("entries/*/*.yaml") if p.name != "venue.yaml"]
    assert len(papers) == 400
    assert all(_agrees(p.read_text(encoding="utf-8")) for p in papers)


# Near the form: scalars of YAML's special characters, in every quoting style.
_PIECES = st.sampled_from([*"ab Z09-:#'\"[]{},&*!|>%@`?~.\\é ", "  ", ": ", " #", "\u2028", "\t"])
_SCALARS = st.one_of(
    st.sampled_from(["x", "Training", "two words", "MIT & NVIDIA", "https://x.org/a?b#c"]),
    st.lists(_PIECES, max_size=8).map("".join),
    st.sampled_from(["null", "~", "true", "False", "42", "042", "0", "-1", "1.5", "yes", "On"]),
    st.sampled_from(
        ["2025-01-01", "0o17", "0x1F", "Yellow", "nullable", "https://arxiv.org/abs/1"]
    ),
)


@st.composite
def _scalar(draw: st.DrawFn) -> str:
    text = draw(_SCALARS)
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"' if style == "double" else text


@st.composite
def _document(draw: st.DrawFn) -> str:
    s = lambda: draw(_scalar())  # noqa: E731
    lines = [MODELINE.rstrip("\n"), f"title: {s()}", f"category: [{s()}, {s()}]"]
    lines += [f"position: {draw(st.sampled_from(['0', '7', '1000000000', s()]))}", "links:"]
    for _ in range(draw(st.integers(0, 2))):
        lines += [f"  - kind: {s()}", f"    url: {s()}"]
    lines += [f"title_url: {s()}", f"suffix: {s()}", "notes:", f"  - {s()}", f"  - {s()}"]
    lines += [f"blank_before: {s()}"]
    for _ in range(draw(st.integers(0, 3))):  # a line swapped, dropped, re-indented, doubled
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["swap", "drop", "indent", "double", "comment"]))
        if how == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif how == "drop":
            del lines[at]
        elif how == "indent":
            lines[at] = draw(st.sampled_from([" ", "  ", "    "])) + lines[at]
        elif how == "double":
            lines.insert(at, lines[at])
        else:
            lines.insert(at, "# a comment")
    return "\n".join(lines) + "\n"


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(_document())
def test_documents_near_the_form_are_read_as_the_loader_reads_them(text: str) -> None:
    _agrees(text)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(min_size=1, max_size=40), st.sampled_from(["title", "kind", "url", "category"]))
def test_any_text_in_any_field_is_read_as_the_loader_reads_it(value: str, where: str) -> None:
    quoted = "'" + value.replace("'", "''") + "'"
    if where == "title":
        text = PAPER.replace("'QServe: W4A8KV4 Quantization'", quoted)
    elif where == "kind":
        text = PAPER.replace("kind: arXiv", f"kind: {quoted}")
    elif where == "url":
        text = PAPER.replace("url: https://arxiv.org/abs/2405.04532", f"url: {quoted}")
    else:
        text = PAPER.replace("'Serving, Inference'", quoted)
    _agrees(text)
