"""Pages of the family written for these tests (tests/data/pages): each variant the real
pages show round-trips to the byte, and whatever is kept verbatim is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TESTS, located
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.model.diagnostics import Severity
from bot.pages.page_reader import import_page
from bot.pages.venue_page import render_venue

PAGES = sorted((TESTS / "data" / "pages").glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_round_trips_byte_for_byte(page: Path) -> None:
    text = page.read_text(encoding="utf-8")

    imported = import_page(text, page.name)

    assert [d for d in imported.diagnostics if d.severity is Severity.ERROR] == []
    papers = [located(p, f"entries/v/{s}.yaml") for s, p in imported.papers.items()]
    assert render_venue(imported.venue, papers, {}) == text


def _imported(name: str) -> tuple[str, dict[str, object], list[tuple[int, str]]]:
    text = (TESTS / "data" / "pages" / name).read_text(encoding="utf-8")
    imported = import_page(text, name)
    found = [(d.line, d.message) for d in imported.diagnostics]
    return text, dict(imported.papers), found


def test_a_modern_page_is_all_structure_and_warns_about_nothing() -> None:
    text = (TESTS / "data" / "pages" / "modern-venue-2031.md").read_text(encoding="utf-8")
    imported = import_page(text, "p.md")
    venue, papers = imported.venue, imported.papers

    assert imported.diagnostics == []
    assert venue.meta_links == "markdown" and venue.header is None
    assert venue.glossary_order == "listed"  # OS is listed first, LLM is used first
    quokka = papers["quokka"]
    assert quokka.category == ["Large Language Models (LLMs)", "LLM Training", "Dense Training"]
    assert [link.kind for link in quokka.links][:2] == ["Personal Notes", "Paper"]
    assert quokka.links[0].url == "quokka.md"
    assert "lee\\_jin.pdf" in quokka.links[2].url
    assert quokka.affiliations == ["SJTU", "ByteDance Seed"]
    assert quokka.notes[0] == "**Best Paper**; **Distinguished Artifact Award**"
    assert papers["marmot"].awards == ["Operational Systems"]
    assert papers["otter"].notes[:3] == [
        "Two observations",
        "  * Requests share long system prompts.",
        "  * Routers ignore what each replica already caches.",
    ]
    assert papers["tern"].category == ["Operating Systems"]


def test_verbatim_header_and_text_after_links_are_reported_with_their_lines() -> None:
    _, _, lists = _imported("list-of-lists-2030.md")
    _, papers, old = _imported("old-style-2019.md")

    assert lists == [(3, "the page header is kept verbatim (the venue fields cannot express it)")]
    assert old == [(16, "text after the paper's links is kept verbatim: ' (Short Paper)'")]
    heron = papers["heron"]
    assert isinstance(heron, type(papers["pika"]))
    assert heron.title_url == "https://oldconf.example.org/2019/papers/heron.pdf"
    assert heron.suffix == " (Short Paper)"
    assert heron.blank_before == 1


def test_bullets_without_links_that_read_as_titles_are_papers_and_say_so() -> None:
    _, papers, found = _imported("links-pending-2030.md")

    assert sorted(papers) == ["egret", "mist-like", "stork"]
    # 'LLM Training' is a category only because titles sit below it: said too.
    assert [line for line, _ in found] == [17, 18, 20]
    assert papers["egret"].links[1].url == "https://en.wikipedia.org/wiki/Egret_(bird)"


def test_sub_headings_sections_and_spacing_are_data_or_kept_as_written() -> None:
    text = (TESTS / "data" / "pages" / "sections-2027.md").read_text(encoding="utf-8")
    imported = import_page(text, "p.md")
    venue, papers = imported.venue, imported.papers

    diffusion = venue.areas[0]
    assert diffusion.tight and [c.name for c in diffusion.categories] == [
        "Acceleration",
        "Add-on Modules (ControlNets and LoRAs)",
    ]
    acceleration = diffusion.categories[0]
    assert acceleration.heading and acceleration.intro == [
        "<!-- ordered by session, not by title -->"
    ]
    assert acceleration.outro == ["", "Both papers were presented in the same session."]
    assert acceleration.categories[0].heading and acceleration.categories[0].tight
    assert papers["robin"].category == ["Diffusion Models", "Acceleration", "Distillation"]
    assert papers["finch"].affiliations == ["TUM", "Meta"]
    assert papers["finch"].notes[2:4] == [
        "",
        "  * The schedule comes from each block's change over timesteps.",
    ]
    assert papers["lark"].affiliations == [] and papers["lark"].notes[0] == ""
    assert venue.appendix is not None and venue.appendix[:3] == ["", "", "## References"]
    assert venue.footer == ["", "## Acknowledgements", "", "Thanks to the reading group."]
    assert venue.glossary == {"LoRA": "Low-Rank Adaptation"} and venue.blank_after == 2
    assert [line for line, _ in ((d.line, d.message) for d in imported.diagnostics)] == [
        15, 27, 37, 46, 55,
    ]  # fmt: skip


def test_indentation_and_a_missing_last_line_end_are_kept() -> None:
    text = (TESTS / "data" / "pages" / "wide-indent-2026.md").read_text(encoding="utf-8")
    imported = import_page(text, "p.md")

    assert imported.diagnostics == []
    assert imported.venue.indent == 4 and imported.venue.final_newline is False
    assert imported.papers["gull"].notes == ["A note", "    * with a detail"]


def test_lines_above_the_title_tight_headings_and_an_unusual_acronym_list_are_kept() -> None:
    _, papers, found = _imported("odd-layout-2024.md")
    text = (TESTS / "data" / "pages" / "odd-layout-2024.md").read_text(encoding="utf-8")
    venue = import_page(text, "p.md").venue

    assert venue.preamble is not None and venue.preamble[0].startswith("<!--")
    assert [area.blank_before for area in venue.areas] == [-1, -1]
    assert venue.glossary == {} and venue.appendix == ["## Acronyms", "", "* ML - Machine Learning"]
    assert sorted(papers) == ["plover", "quail"]
    assert [line for line, _ in found] == [1, 16, 14]


# --- property: whatever the page, nothing is lost without a word -----------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["blank", "drop", "copy", "indent", "dedent", "swap"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=3,
)


def _edited(text: str, edits: list[tuple[str, int, int]]) -> str:
    lines = text.split("\n")
    for op, a, b in edits:
        i, j = a % len(lines), b % len(lines)
        if op == "blank":
            lines.insert(i, "")
        elif op == "drop" and len(lines) > 3:
            del lines[i]
        elif op == "copy":
            lines.insert(i, lines[j])
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=st.sampled_from(PAGES), edits=EDITS)
def test_an_edited_page_is_refused_or_written_back_exactly_or_warned_about(
    page: Path, edits: list[tuple[str, int, int]]
) -> None:
    text = _edited(page.read_text(encoding="utf-8"), edits)

    imported = import_page(text, page.name)

    if any(d.severity is Severity.ERROR for d in imported.diagnostics):
        return  # refused, with the line: nothing written
    papers = [located(p, f"entries/v/{s}.yaml") for s, p in imported.papers.items()]
    if render_venue(imported.venue, papers, {}) != imported.text:
        assert imported.diagnostics, "written back differently without a warning"
