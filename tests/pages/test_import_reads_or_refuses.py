"""Import reads what the page means or refuses it: the cases of pages that round-tripped
byte for byte while their papers were misread (tests/data/import-cases, pages written
for these tests)."""

from __future__ import annotations

import pytest
from helpers import TESTS, located

from bot.model.diagnostics import Severity
from bot.model.venue_tree import paths
from bot.pages.page_reader import Imported, import_page
from bot.pages.venue_page import render_venue

CASES = TESTS / "data" / "import-cases"


def _page(name: str) -> tuple[str, Imported]:
    text = (CASES / name).read_text(encoding="utf-8")
    return text, import_page(text, name)


def _render(imported: Imported) -> str:
    papers = [located(p, f"entries/v/{s}.yaml") for s, p in imported.papers.items()]
    return render_venue(imported.venue, papers, {})


def _errors(imported: Imported) -> list[tuple[int, int, str]]:
    return [
        (d.line, d.column, d.message) for d in imported.diagnostics if d.severity is Severity.ERROR
    ]


# --- the page's sections at other heading levels ------------------------------------------


def test_papers_under_a_level_three_heading_are_papers_not_header_text() -> None:
    text, imported = _page("papers-level-three-2027.md")

    assert _errors(imported) == []
    assert sorted(imported.papers) == ["ferret", "gannet", "heron", "ibis"]
    assert imported.venue.header is None  # no paper is kept as header text
    assert [list(p) for p in paths(imported.venue)] == [
        ["Systems for Machine Learning"],
        ["Systems for Machine Learning", "Serving"],
        ["Systems for Machine Learning", "Training"],
        ["Compilers"],
    ]
    assert imported.papers["ferret"].affiliations == ["UW", "Microsoft"]
    assert imported.venue.glossary == {"LLM": "Large Language Model"}
    # Each heading read at another level is said, with its line; the rest is as written.
    said = {(d.line, d.severity) for d in imported.diagnostics}
    assert said == {(7, Severity.WARNING), (9, Severity.WARNING), (25, Severity.WARNING)}
    expected = text.replace("### Papers", "## Papers").replace("#### ", "### ")
    expected = expected.replace("### Acronyms", "## Acronyms")
    assert imported.text == expected
    assert _render(imported) == expected


def test_papers_heading_beside_its_areas_at_one_level_is_read() -> None:
    text, imported = _page("papers-side-by-side-2027.md")

    assert _errors(imported) == []
    assert sorted(imported.papers) == ["jay", "kite"]
    assert imported.papers["kite"].category == ["Networking"]
    assert [d.line for d in imported.diagnostics] == [7]
    assert _render(imported) == text.replace("### Papers", "## Papers")


@pytest.mark.parametrize("heading", ["# Papers", "#### Papers", "## papers", "## PAPERS"])
def test_other_spellings_of_the_papers_heading_are_read(heading: str) -> None:
    page = f"# V 2027\n\n{heading}\n\n### A\n\n* T: A Paper \\[[Paper](https://x.org/t)]\n"

    imported = import_page(page, "page.md")

    assert list(imported.papers) == ["t"]
    assert imported.venue.header is None
    assert [(d.line, d.severity) for d in imported.diagnostics] == [(3, Severity.WARNING)]


def test_an_acronyms_section_at_level_three_is_the_glossary_not_an_area() -> None:
    page = (
        "# V 2027\n\n## Papers\n\n### A\n\n* LLM T: A Paper \\[[Paper](https://x.org/t)]\n\n"
        "### Acronyms\n\n* LLM: Large Language Model\n"
    )

    imported = import_page(page, "page.md")

    assert list(imported.papers) == ["llm-t"]
    assert imported.venue.glossary == {"LLM": "Large Language Model"}
    assert [a.name for a in imported.venue.areas] == ["A"]


# --- a link-less bullet with an affiliation and notes is one paper -----------------------

A_PAGE = "# V 2027\n\n## Papers\n\n### Serving\n\n"
LINKED = "* Orca: Iteration-Level Scheduling \\[[Paper](https://x.org/orca)]\n  * SNU\n"
# The real case: a paper waiting for links, its affiliation line and three notes.
WAITING = (
    "* Adaptive Batching at Scale\n"
    "  * Indian Institute of Science\n"
    "  * Evaluated on eight A100 GPUs with three model sizes\n"
    "  * Camera-ready version and artifact still to come\n"
    "  * Shepherded by the program committee chairs themselves\n"
)


def test_a_link_less_paper_among_papers_keeps_its_affiliation_and_notes() -> None:
    page = A_PAGE + LINKED + WAITING

    imported = import_page(page, "page.md")

    assert _errors(imported) == []
    assert sorted(imported.papers) == ["adaptive-batching-at-scale", "orca"]
    waiting = imported.papers["adaptive-batching-at-scale"]
    assert waiting.affiliations == ["Indian Institute of Science"]
    assert len(waiting.notes) == 3
    assert [a.name for a in imported.venue.areas[0].categories] == []
    assert _render(imported) == page


def test_a_link_less_bullet_with_a_sentence_below_is_a_paper_even_alone() -> None:
    page = A_PAGE + (
        "* Adaptive Batching at Scale\n"
        "  * Indian Institute of Science\n"
        "  * Camera-ready version and artifact still to come.\n"
        "  * Evaluated on eight A100 GPUs with three model sizes\n"
    )

    imported = import_page(page, "page.md")

    assert _errors(imported) == []
    assert list(imported.papers) == ["adaptive-batching-at-scale"]
    assert imported.papers["adaptive-batching-at-scale"].affiliations == [
        "Indian Institute of Science"
    ]
    assert _render(imported) == page


# --- weak evidence: refused, with the line and the marker that settles it ---------------

WEAK = (
    "* Serving Systems\n"
    "  * Orca\n"
    "  * Alpha: Fast Serving for Everyone\n"
    "  * Beta: Slow Serving for Nobody at All\n"
)


def test_a_guess_on_weak_evidence_refuses_the_page_with_line_column_and_marker() -> None:
    imported = import_page(A_PAGE + WEAK, "page.md")

    [(line, column, message)] = _errors(imported)
    assert (line, column) == (7, 1)
    assert "a paper or a category?" in message
    assert "<!-- paperbot: paper -->" in message and "<!-- paperbot: category -->" in message
    assert len(message) < 200


def test_a_weak_guess_deeper_down_names_its_own_line_and_column() -> None:
    page = A_PAGE + "* Inference\n  " + WEAK.replace("\n  ", "\n    ")

    imported = import_page(page, "page.md")

    assert [(line, column) for line, column, _ in _errors(imported)] == [(8, 3)]


def test_the_paper_marker_makes_one_paper_and_is_not_written_back() -> None:
    marked = A_PAGE + WEAK.replace("Serving Systems", "Serving Systems <!-- paperbot: paper -->")

    imported = import_page(marked, "page.md")

    assert _errors(imported) == []
    assert list(imported.papers) == ["serving-systems"]
    paper = imported.papers["serving-systems"]
    assert paper.title == "Serving Systems"
    assert paper.affiliations == ["Orca"] and len(paper.notes) == 2
    assert [(d.line, d.severity) for d in imported.diagnostics] == [(7, Severity.NOTICE)]
    assert imported.text == A_PAGE + WEAK
    assert _render(imported) == A_PAGE + WEAK


def test_the_category_marker_makes_a_category_of_its_lines() -> None:
    marked = A_PAGE + WEAK.replace("Serving Systems", "Serving Systems <!-- paperbot: category -->")

    imported = import_page(marked, "page.md")

    assert _errors(imported) == []
    assert sorted(imported.papers) == ["alpha", "beta", "orca"]
    assert imported.papers["alpha"].category == ["Serving", "Serving Systems"]
    assert _render(imported) == A_PAGE + WEAK


def test_an_unknown_marker_is_an_error_naming_the_known_ones() -> None:
    page = A_PAGE + "* Alpha: Fast Serving <!-- paperbot: papr -->\n"

    imported = import_page(page, "page.md")

    [(line, column, message)] = _errors(imported)
    assert (line, column) == (7, 23)
    assert "'papr'" in message and "<!-- paperbot: paper -->" in message


def test_areas_written_one_level_deep_under_papers_are_areas_not_an_untitled_one() -> None:
    page = (
        "# V\n\n## Papers\n\n#### Area One\n\n* T: A Paper \\[[Paper](https://x.org/t)]\n\n"
        "#### Area Two\n\n* U: B Paper \\[[Paper](https://x.org/u)]\n"
    )

    imported = import_page(page, "page.md")

    assert [p.category for p in imported.papers.values()] == [["Area One"], ["Area Two"]]
    assert [d.line for d in imported.diagnostics] == [5]
    assert _render(imported) == page.replace("#### ", "### ")


def test_papers_under_no_papers_heading_refuse_the_page_rather_than_stay_header_text() -> None:
    page = (
        "# V 2027\n\nHomepage: <https://v.example.org>\n\n## Accepted Work\n\n"
        "* T: A Paper \\[[Paper](https://x.org/t)]\n  * MIT\n"
    )

    imported = import_page(page, "page.md")

    [(line, column, message)] = _errors(imported)
    assert (line, column) == (7, 1)
    assert "no '## Papers' heading" in message and "add one above" in message
    assert imported.papers == {}
