"""bot.pages.page_reader: markdown page -> venue and papers, the inverse of the renderer."""

from __future__ import annotations

import pytest
from helpers import located, mlsys_page, reimport
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.model.diagnostics import Severity
from bot.model.entries import Acceptance, Category, Link, Paper, Venue
from bot.model.venue_tree import paths
from bot.pages.page_reader import POSITION_STEP, Imported, import_page
from bot.pages.venue_page import render_venue

# --- the reference page --------------------------------------------------------------------


Mlsys = tuple[str, Imported]


@pytest.fixture(scope="module")
def mlsys() -> Mlsys:
    text = mlsys_page()
    return text, import_page(text, "mlsys-2025.md")


def test_mlsys_page_imports_44_papers_without_diagnostics(mlsys: Mlsys) -> None:
    _, imported = mlsys

    assert imported.diagnostics == []
    assert len(imported.papers) == 44


def test_mlsys_venue_header_fields(mlsys: Mlsys) -> None:
    venue = mlsys[1].venue

    assert venue.name == "MLSys 2025"
    assert venue.homepage == "https://mlsys.org/Conferences/2025"
    assert venue.paper_list == "https://mlsys.org/virtual/2025/papers.html?filter=titles"
    assert venue.acceptance == Acceptance(accepted=61, submitted=271)


def test_mlsys_areas_and_categories(mlsys: Mlsys) -> None:
    venue = mlsys[1].venue

    assert [a.name for a in venue.areas] == [
        "Large Language Models (LLMs)",
        "Diffusion Models",
        "Resource Management",
        "Deep Learning Compilation",
        "Super-Resolution",
        "PDF Parsing",
    ]
    assert [c.name for c in venue.areas[0].categories] == [
        "LLM Training", "LLM Inference", "Attention Mechanisms", "RLHF Training",
        "MoE Inference", "LoRA Fine-tuning", "LLM Distillation", "LLM Agent Simulation",
        "LLM for Relational Data Analytics",
    ]  # fmt: skip
    assert [c.name for c in venue.areas[2].categories] == [
        "Scheduling", "Virtual CPU Oversubscription", "AIOps",
    ]  # fmt: skip
    assert venue.areas[3].categories == []


def test_mlsys_glossary(mlsys: Mlsys) -> None:
    assert mlsys[1].venue.glossary == {
        "RLHF": "Reinforcement Learning from Human Feedback",
        "MoE": "Mixture-of-Experts",
        "LoRA": "Low-Rank Adaptation",
        "LUT": "Lookup Table",
    }


def test_mlsys_renders_back_byte_for_byte(mlsys: Mlsys) -> None:
    text, imported = mlsys
    papers = [located(p, f"entries/mlsys-2025/{s}.yaml") for s, p in imported.papers.items()]

    assert render_venue(imported.venue, papers, {}) == text


def test_mlsys_slugs_are_system_names(mlsys: Mlsys) -> None:
    slugs = mlsys[1].papers

    for slug in ("xgrammar", "qserve", "lserve", "flashinfer", "hyc-lora", "volut", "apollo"):
        assert slug in slugs
    assert slugs["xgrammar"].title.startswith("XGrammar:")


def test_mlsys_paper_fields(mlsys: Mlsys) -> None:
    papers = mlsys[1].papers

    apollo = papers["apollo"]
    assert apollo.category == ["Large Language Models (LLMs)", "LLM Training"]
    assert apollo.position == 5 * POSITION_STEP
    assert [link.kind for link in apollo.links] == ["Paper", "Homepage", "arXiv", "Code"]
    assert apollo.affiliations == ["UT-Austin", "Meta AI"]
    assert apollo.awards == ["Outstanding Paper Honorable Mention"]
    assert papers["diffserve"].notes == [
        "Construct model cascades → Easy queries can be processed by more lightweight "
        "diffusion models"
    ]
    assert papers["tilelink"].category == ["Deep Learning Compilation"]
    assert papers["rethinking-key-value-cache-compression-techniques"].affiliations == []


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", 1),
        ("hello\n", 1),
        ("# V\n\n## Papers\n\n### A\n\n* C\n  1. a numbered category\n", 8),
        ("# V\n\n## Papers\n\n### A\n\n* T \\[[Paper](https://x.org)]\n  1. a step\n", 8),
    ],
)
def test_unrecognised_lines_become_one_error_diagnostic(text: str, line: int) -> None:
    imported = import_page(text, "page.md")

    assert len(imported.diagnostics) == 1
    diag = imported.diagnostics[0]
    assert (diag.path, diag.line, diag.check, diag.severity) == (
        "page.md",
        line,
        "import",
        Severity.ERROR,
    )
    assert imported.papers == {}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# V\n\nsome stray text\n", 3),
        ("# V\n\n## Meta Info\n\nHome: somewhere\n", 5),
        ("# V\n\n### Acceptance Rate\n\nabout a fifth\n", 5),
        ("# V\n\n## Meta Info\n\nHomepage: <https://x.org>\n\nAward: none\n\n## Papers\n", 7),
    ],
)
def test_a_header_the_fields_cannot_express_is_kept_verbatim_with_a_warning(
    text: str, line: int
) -> None:
    imported = import_page(text, "page.md")

    assert [(d.line, d.severity) for d in imported.diagnostics] == [(line, Severity.WARNING)]
    assert "kept verbatim" in imported.diagnostics[0].message
    assert render_venue(imported.venue, [], {}) == text


A_PAGE = "# V\n\n## Papers\n\n### A\n\n"

BAD_VALUES = {
    "ftp-link": A_PAGE + "* T \\[[Paper](ftp://x.org/a)]\n",
    "two-spaces-before-link": A_PAGE + "* T  \\[[Paper](https://x.org/a)]\n",
    "same-area-twice": "# V\n\n## Papers\n\n### A\n\n### A\n",
    "same-category-twice": A_PAGE + "* C\n* C\n",
    "more-accepted-than-submitted": "# V\n\n### Acceptance Rate\n\n300.0% (= 30 / 10)\n",
    "empty-venue-name": "# \n\n## Papers\n",
}


@pytest.mark.parametrize("text", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_values_the_model_refuses_become_diagnostics(text: str) -> None:
    imported = import_page(text, "page.md")

    assert [d.severity for d in imported.diagnostics if d.check == "import"][-1:] == [
        Severity.ERROR
    ]
    assert [d for d in imported.diagnostics if d.severity is Severity.ERROR][1:] == []


def test_text_after_the_links_is_reported_not_dropped() -> None:
    imported = import_page(A_PAGE + "* T \\[[Paper](https://x.org/a)] (Oral)\n", "page.md")

    assert imported.diagnostics != [] or "(Oral)" in repr(imported.papers)


def test_bullets_nested_below_a_papers_child_are_reported_not_dropped() -> None:
    text = A_PAGE + "* T \\[[Paper](https://x.org/a)]\n  * MIT\n    * a sub-note\n"

    imported = import_page(text, "page.md")

    assert imported.diagnostics != [] or "a sub-note" in repr(imported.papers)


def test_a_paper_without_links_survives_the_round_trip() -> None:
    venue = Venue(name="V", areas=[Category(name="A")])
    papers = [
        Paper(title="Linked One", category=["A"], links=[Link(kind="P", url="https://x.org/1")]),
        Paper(title="No Links Yet", category=["A"], position=15, affiliations=["MIT"]),
        Paper(title="Linked Two", category=["A"], links=[Link(kind="P", url="https://x.org/2")]),
    ]
    page = render_venue(
        venue, [located(p, f"entries/v/{i}.yaml") for i, p in enumerate(papers)], {}
    )

    imported = import_page(page, "page.md")

    assert len(imported.papers) == 3


# A bullet with no link at or below it is a paper or a category by its shape alone: the
# importer guesses from what sits under it, then its wording, and always says so.
GUESSES = {
    "affiliations-below": ("* Short Title\n  * MIT & CMU\n", ["short-title"], []),
    "award-below": ("* Short Title\n  * Google\n  * **Best Paper**\n", ["short-title"], []),
    "titles-below": ("* Serving\n  * Alpha: Fast Serving\n  * Beta: Slow Serving\n",
                     ["alpha", "beta"], [["A", "Serving"]]),
    "a-lone-title": ("* Gamma: Serving Without Links\n", ["gamma"], []),
    "a-lone-label": ("* Serving\n", [], [["A", "Serving"]]),
    "one-affiliation-below": ("* Serve Programs, Not Prompts\n  * Yale\n",
                              ["serve-programs-not-prompts"], []),
    "among-categories": ("* Serverless\n  * Jord Runs FaaS in One Space\n"
                         "* Microservices\n  * HardHarvest: Harvesting Cores\n",
                         ["hardharvest", "jord-runs-faas-one-space"],
                         [["A", "Serverless"], ["A", "Microservices"]]),
}  # fmt: skip


@pytest.mark.parametrize("case", GUESSES.values(), ids=GUESSES)
def test_a_bullet_without_links_is_guessed_by_its_shape_and_reported(
    case: tuple[str, list[str], list[list[str]]],
) -> None:
    body, slugs, categories = case
    page = A_PAGE + body

    imported = import_page(page, "page.md")

    assert sorted(imported.papers) == slugs
    assert [[*p] for p in paths(imported.venue)][1:] == categories
    assert imported.diagnostics and all(
        d.severity is Severity.WARNING and "links" in d.message for d in imported.diagnostics
    )
    assert _render(imported.venue, list(imported.papers.values())) == page


def test_papers_before_any_area_heading_form_an_untitled_area() -> None:
    page = (
        "# V\n\n## Papers\n\n* GoldMiner: Elastic Scaling \\[[Paper](https://x.org/g)]\n  * PKU\n"
    )

    imported = import_page(page, "page.md")

    area = imported.venue.areas[0]
    assert (area.name, area.untitled) == ("Papers", True)
    assert imported.papers["goldminer"].category == ["Papers"]
    assert [d.line for d in imported.diagnostics] == [5]
    assert _render(imported.venue, list(imported.papers.values())) == page


def test_a_page_without_a_papers_section_says_its_linked_items_are_not_papers() -> None:
    page = "# V\n\n## Papers that appeal to me\n\n- Serving: [Orca](https://x.org/orca)\n"

    imported = import_page(page, "page.md")

    assert imported.papers == {} and imported.venue.papers_section is False
    assert [(d.line, d.severity) for d in imported.diagnostics][-1] == (5, Severity.WARNING)
    assert "not read as papers" in imported.diagnostics[-1].message
    assert render_venue(imported.venue, [], {}) == page


def test_an_empty_bullet_under_a_paper_is_kept() -> None:
    page = A_PAGE + "* T \\[[Paper](https://x.org/a)]\n  * MIT\n  *\n\n      <figure>x</figure>\n"

    imported = import_page(page, "page.md")

    assert imported.papers["t"].notes == ["*", "", "    <figure>x</figure>"]
    assert _render(imported.venue, list(imported.papers.values())) == page


def test_a_url_with_parentheses_survives_the_round_trip() -> None:
    url = "https://en.wikipedia.org/wiki/Mixture_(statistics)"
    venue = Venue(name="V", areas=[Category(name="A")])
    paper = Paper(
        title="T", category=["A"],
        links=[Link(kind="Paper", url="https://x.org/1"), Link(kind="Wiki", url=url)],
    )  # fmt: skip
    page = render_venue(venue, [located(paper)], {})

    assert reimport(page) == page


def test_an_acronym_in_a_lone_note_survives_the_round_trip() -> None:
    venue = Venue(name="V", areas=[Category(name="A")], glossary={"LLM": "Large Language Model"})
    paper = Paper(
        title="T", category=["A"], links=[Link(kind="Paper", url="https://x.org/a")],
        notes=["Serves LLMs"],
    )  # fmt: skip
    page = render_venue(venue, [located(paper)], {})
    assert page.endswith("## Acronyms\n\n* LLM: Large Language Model\n")

    assert reimport(page) == page


def test_a_note_first_child_reads_back_as_affiliation_but_renders_the_same() -> None:
    # The page cannot tell a lone note from affiliations; the text must still be a fixed point.
    page = A_PAGE + "* T \\[[Paper](https://x.org/a)]\n  * just a note\n"

    imported = import_page(page, "page.md")

    assert imported.papers["t"].affiliations == ["just a note"]
    assert reimport(page) == page


# --- property: render -> import -> render is a fixed point ---------------------------------

WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    min_size=1,
    max_size=7,
)
PUNCT_WORD = st.one_of(
    WORD,
    WORD.map(lambda w: w + ":"),
    WORD.map(lambda w: f"({w})"),
    WORD.map(lambda w: w + "-based"),
    st.sampled_from(["LLM", "LLMs", "MoE", "LUT-based", "VoLUT", "→", "vs.", "2025", "&"]),
)
TEXT = st.lists(PUNCT_WORD, min_size=1, max_size=6).map(" ".join)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
URL = st.from_regex(
    r"https://[a-z]{1,8}\.(org|ai|io)(/[A-Za-z0-9_.?=-]{1,10}){0,2}", fullmatch=True
)
LINK = st.builds(
    Link, kind=st.sampled_from(["Paper", "arXiv", "Code", "Slides", "Homepage"]), url=URL
)
TERMS = {"LLM": "Large Language Model", "MoE": "Mixture-of-Experts", "LUT": "Lookup Table"}
AFFILIATION = st.lists(WORD, min_size=1, max_size=2).map(" ".join)


BLANKS = st.integers(0, 2)
# Lines a verbatim header may hold (anything but the '## Papers' line itself).
HEADER_LINE = st.one_of(
    st.just(""),
    st.just("## Meta Info"),
    st.just("### Paper List"),
    URL.map(lambda u: f"* [{u}]({u})"),
    URL.map(lambda u: f"Proceedings: [{u}]({u})"),
    TEXT,
)
SUFFIX = st.sampled_from([" (Oral)", " (Short Paper)", " — best of session", " ✓"])


# Free text a heading may hold above or below its bullets, or a section after the papers.
PROSE = st.one_of(TEXT, st.just("<!-- kept as written -->"), URL.map(lambda u: f"See [{u}]({u})."))
INTRO = st.lists(PROSE, min_size=1, max_size=2).map(lambda lines: [*lines, ""])
OUTRO = st.lists(PROSE, min_size=1, max_size=2).map(lambda lines: ["", *lines])
SECTION = st.builds(
    lambda gap, name, lines: [""] * gap + [f"## {name}", "", *lines], st.integers(0, 2),
    st.sampled_from(["References", "Thanks"]), st.lists(PROSE, min_size=1, max_size=2),
)  # fmt: skip


def node(
    name: str, kids: list[Category], blank: int, heading: bool, extra: dict[str, object]
) -> Category:
    return Category(name=name, categories=kids, blank_before=blank, heading=heading, **extra)  # type: ignore[arg-type]


def layout(heading: bool) -> st.SearchStrategy[dict[str, object]]:
    """Text around a heading's bullets and its spacing; bullets have none of it."""
    if not heading:
        return st.just({})
    return st.fixed_dictionaries(
        {}, optional={"intro": INTRO, "outro": OUTRO, "tight": st.just(True)}
    )


def nodes(depth: int, heading: bool = False) -> st.SearchStrategy[list[Category]]:
    """Bullet categories, then (under a heading) sub-headings: the order a page shows."""
    child = (
        st.builds(node, NAME, nodes(depth - 1), BLANKS, st.just(heading), layout(heading))
        if depth > 1
        else st.builds(node, NAME, st.just([]), BLANKS, st.just(heading), layout(heading))
    )
    return st.lists(child, max_size=2 if depth > 1 else 3, unique_by=lambda c: c.name)


@st.composite
def children_of_heading(draw: st.DrawFn, depth: int) -> list[Category]:
    bullets = draw(nodes(depth))
    headings = draw(nodes(depth, heading=True)) if depth > 0 and draw(st.booleans()) else []
    names = {c.name for c in bullets}
    return bullets + [h for h in headings if h.name not in names]


@st.composite
def venues_and_papers(draw: st.DrawFn) -> tuple[Venue, list[Paper]]:
    levels = draw(st.integers(1, 3))
    areas = draw(
        st.lists(
            st.builds(
                node, NAME, children_of_heading(levels - 1), BLANKS, st.just(False), layout(True)
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda c: c.name,
        )
    )
    submitted = draw(st.integers(1, 5000))
    venue = Venue(
        name=draw(TEXT),
        homepage=draw(st.none() | URL),
        paper_list=draw(st.none() | URL),
        acceptance=draw(
            st.none()
            | st.builds(
                Acceptance, accepted=st.integers(0, submitted), submitted=st.just(submitted)
            )
        ),
        meta_links=draw(st.sampled_from(["angle", "markdown"])),
        paper_list_label=draw(st.sampled_from(["Paper list", "Paper List"])),
        header=draw(st.none() | st.lists(HEADER_LINE, max_size=6)),
        areas=areas,
        glossary=draw(st.dictionaries(st.sampled_from(list(TERMS)), st.just("x"), max_size=3)),
        glossary_order=draw(st.sampled_from(["first_use", "listed"])),
        acronyms_blank_before=draw(BLANKS),
        appendix=draw(st.none() | SECTION),
        footer=draw(st.none() | SECTION),
        indent=draw(st.sampled_from([2, 4])),
        blank_after=draw(BLANKS),
        final_newline=draw(st.booleans()),
    )
    places = paths(venue)
    # A category without papers reads like a paper waiting for links (tested on its own):
    # each leaf gets a linked paper so the tree has one reading.
    leaves = [p for p in places if not any(q[: len(p)] == p and q != p for q in places)]
    fillers = [
        Paper(
            title=f"Filler {n}", category=list(p), links=[Link(kind="Paper", url="https://x.org/f")]
        )
        for n, p in enumerate(leaves)
    ]
    papers = draw(
        st.lists(
            st.builds(
                _paper,
                title=TEXT,
                category=st.sampled_from(places).map(list),
                position=st.none() | st.integers(0, 50),
                links=st.lists(LINK, max_size=3),
                title_url=st.none() | URL,
                suffix=st.none() | SUFFIX,
                affiliations=st.lists(AFFILIATION, max_size=3),
                awards=st.lists(TEXT, max_size=2),
                notes=st.lists(
                    st.tuples(TEXT, st.lists(TEXT, max_size=2), st.booleans()).map(_nested),
                    max_size=2,
                ).map(lambda groups: [line for group in groups for line in group]),
                blank_before=st.integers(0, 1),
            ),
            max_size=8,
        )
    )
    return venue, papers + fillers


def _nested(group: tuple[str, list[str], bool]) -> list[str]:
    """A note and the deeper lines under it, as a page nests them; maybe a blank line
    (an empty note) before it."""
    note, details, spaced = group
    return [""] * spaced + [note, *(f"  * {detail}" for detail in details)]


def _paper(**fields: object) -> Paper:
    # A bullet without any link is a paper only by its wording; give each one a link.
    if not fields["links"] and not fields["title_url"]:
        fields["links"] = [Link(kind="Paper", url="https://example.org/p")]
    return Paper.model_validate(fields)


def _render(venue: Venue, papers: list[Paper]) -> str:
    return render_venue(
        venue, [located(p, f"entries/v/p{i}.yaml") for i, p in enumerate(papers)], {}
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(venues_and_papers())
def test_render_import_render_is_a_fixed_point(case: tuple[Venue, list[Paper]]) -> None:
    venue, papers = case
    page = _render(venue, papers)

    imported = import_page(page, "page.md")

    # Only what is kept verbatim is reported, and as a warning.
    assert {d.severity for d in imported.diagnostics} <= {Severity.WARNING}
    assert len(imported.papers) == len(papers)
    assert _tree(imported.venue.areas) == _tree(venue.areas)
    assert _render(imported.venue, list(imported.papers.values())) == page
    if not any(_free_text(area) for area in venue.areas):
        # Without free text around the bullets the spacing has one reading: the same tree.
        assert imported.venue.areas == _own_papers_marked(venue.areas, papers, ())


def _own_papers_marked(
    nodes: list[Category], papers: list[Paper], path: tuple[str, ...]
) -> list[Category]:
    """The tree as the import writes it: a node with categories that papers name itself
    says so (own_papers)."""
    named = {tuple(p.category) for p in papers}
    out = []
    for node in nodes:
        here = (*path, node.name)
        children = _own_papers_marked(node.categories, papers, here)
        own = bool(children) and here in named
        out.append(node.model_copy(update={"categories": children, "own_papers": own}))
    return out


def _tree(nodes: list[Category]) -> list[tuple[str, bool, object]]:
    return [(c.name, c.heading, _tree(c.categories)) for c in nodes]


def _free_text(node: Category) -> bool:
    """Text or spacing a heading may have that an empty section cannot show."""
    return bool(node.intro or node.outro or node.tight) or any(
        _free_text(c) for c in node.categories
    )


def test_a_term_defined_twice_is_kept_once_with_a_warning(mlsys: Mlsys) -> None:
    # Found by the edited-page property test: the second bullet vanished without a word.
    bullet = "* LUT: Lookup Table"
    text = mlsys[0].replace(bullet, f"{bullet}\n* LUT: Look-up Table", 1)
    imported = import_page(text, "mlsys-2025.md")
    line = text.split("\n").index(bullet) + 2
    assert [(d.line, d.severity, d.message) for d in imported.diagnostics] == [
        (line, Severity.WARNING, "'LUT' is defined twice: only the first is kept")
    ]
    assert imported.venue.glossary["LUT"] == "Lookup Table"
