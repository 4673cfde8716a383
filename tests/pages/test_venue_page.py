"""bot.pages.venue_page: exact markdown for each shape of venue and paper."""

from __future__ import annotations

import copy

from helpers import area, link, located, paper, render
from hypothesis import given
from hypothesis import strategies as st

from bot.model.entries import Acceptance, Paper, Venue
from bot.pages.venue_page import render_paper, render_readme, render_venue, template_slugs

U1 = "https://example.org/1"
U2 = "https://example.org/2"


# --- nesting -------------------------------------------------------------------------------


def test_depth_one_papers_sit_directly_under_the_area_heading() -> None:
    venue = Venue(name="Demo 2025", areas=[area("Compilers")])
    fast = paper("TileKit: Tiles", "Compilers", links=[link(url=U1)], affiliations=["MIT"])

    assert render(venue, [fast]) == (
        "# Demo 2025\n"
        "\n"
        "## Papers\n"
        "\n"
        "### Compilers\n"
        "\n"
        "* TileKit: Tiles \\[[Paper](https://example.org/1)]\n"
        "  * MIT\n"
    )


def test_depth_two_area_then_category_then_paper() -> None:
    venue = Venue(name="Demo 2025", areas=[area("Systems", "Storage", "Networking")])
    store = paper("FastKV: A Store", "Systems", "Storage", links=[link(url=U1)])
    net = paper("NetX: A Stack", "Systems", "Networking", links=[link("arXiv", U2)])

    assert render(venue, [net, store]) == (
        "# Demo 2025\n"
        "\n"
        "## Papers\n"
        "\n"
        "### Systems\n"
        "\n"
        "* Storage\n"
        "  * FastKV: A Store \\[[Paper](https://example.org/1)]\n"
        "* Networking\n"
        "  * NetX: A Stack \\[[arXiv](https://example.org/2)]\n"
    )


def test_depth_three_area_category_subcategory_paper() -> None:
    venue = Venue(name="Demo 2025", areas=[area("Systems", area("Storage", "Key-Value"))])
    kv = paper(
        "FastKV: A Store", "Systems", "Storage", "Key-Value",
        links=[link(url=U1)], affiliations=["CMU", "MIT"],
    )  # fmt: skip

    assert render(venue, [kv]) == (
        "# Demo 2025\n"
        "\n"
        "## Papers\n"
        "\n"
        "### Systems\n"
        "\n"
        "* Storage\n"
        "  * Key-Value\n"
        "    * FastKV: A Store \\[[Paper](https://example.org/1)]\n"
        "      * CMU & MIT\n"
    )


def test_a_nodes_own_papers_come_before_its_subcategories() -> None:
    venue = Venue(name="V", areas=[area("Systems", "Storage")])
    own = paper("Own Paper", "Systems", links=[link(url=U1)])
    deep = paper("Deep Paper", "Systems", "Storage", links=[link(url=U2)])

    body = render(venue, [deep, own]).split("### Systems\n\n")[1]

    assert body == (
        "* Own Paper \\[[Paper](https://example.org/1)]\n"
        "* Storage\n"
        "  * Deep Paper \\[[Paper](https://example.org/2)]\n"
    )


def test_areas_without_papers_keep_their_heading_and_categories() -> None:
    venue = Venue(name="V", areas=[area("Empty"), area("Tree", "Leaf")])

    assert render(venue, []) == "# V\n\n## Papers\n\n### Empty\n\n### Tree\n\n* Leaf\n"


# --- header sections -----------------------------------------------------------------------


def test_meta_info_and_acceptance_rate_when_the_venue_has_them() -> None:
    venue = Venue(
        name="MLSys 2025",
        homepage="https://mlsys.org/Conferences/2025",
        paper_list="https://mlsys.org/papers",
        acceptance=Acceptance(accepted=61, submitted=271),
    )

    assert render(venue, []) == (
        "# MLSys 2025\n"
        "\n"
        "## Meta Info\n"
        "\n"
        "Homepage: <https://mlsys.org/Conferences/2025>\n"
        "\n"
        "Paper list: <https://mlsys.org/papers>\n"
        "\n"
        "### Acceptance Rate\n"
        "\n"
        "22.5% (= 61 / 271)\n"
        "\n"
        "## Papers\n"
    )


def test_no_acceptance_rate_and_no_glossary_leave_both_sections_out() -> None:
    venue = Venue(name="V", homepage="https://v.example.org", areas=[area("A")])
    page = render(venue, [paper("LLM Serving", "A", links=[link()])])

    assert "Acceptance Rate" not in page
    assert "## Acronyms" not in page
    assert page == (
        "# V\n\n## Meta Info\n\nHomepage: <https://v.example.org>\n\n## Papers\n\n### A\n\n"
        "* LLM Serving \\[[Paper](https://example.org/1)]\n"
    )


def test_no_homepage_and_no_paper_list_leave_meta_info_out() -> None:
    venue = Venue(name="V", acceptance=Acceptance(accepted=1, submitted=3))

    assert render(venue, []) == "# V\n\n### Acceptance Rate\n\n33.3% (= 1 / 3)\n\n## Papers\n"


def test_paper_list_alone_is_meta_info() -> None:
    venue = Venue(name="V", paper_list="https://v.example.org/list")

    assert render(venue, []) == (
        "# V\n\n## Meta Info\n\nPaper list: <https://v.example.org/list>\n\n## Papers\n"
    )


# --- one paper -----------------------------------------------------------------------------


def test_paper_with_several_awards_and_notes() -> None:
    model = paper(
        "APOLLO: SGD-like Memory", "A",
        links=[link(url=U1), link("Code", U2)],
        affiliations=["UT-Austin", "Meta AI", "MIT"],
        awards=["Outstanding Paper Award", "Best Artifact"],
        notes=["First note", "Second note → with an arrow"],
    )  # fmt: skip

    assert render_paper(model) == [
        "* APOLLO: SGD-like Memory \\[[Paper](https://example.org/1)]"
        " \\[[Code](https://example.org/2)]",
        "  * UT-Austin & Meta AI & MIT",
        "  * **Outstanding Paper Award**",
        "  * **Best Artifact**",
        "  * First note",
        "  * Second note → with an arrow",
    ]


def test_paper_with_awards_but_no_affiliations() -> None:
    model = paper("T", "A", links=[link()], awards=["Best Paper"], notes=["n"])

    assert render_paper(model, depth=1) == [
        "  * T \\[[Paper](https://example.org/1)]",
        "    * **Best Paper**",
        "    * n",
    ]


def test_paper_with_no_links_is_its_title_alone() -> None:
    assert render_paper(paper("Untitled Work", "A")) == ["* Untitled Work"]
    assert render_paper(paper("Untitled Work", "A", affiliations=["MIT"]), depth=2) == [
        "    * Untitled Work",
        "      * MIT",
    ]


# --- acronyms ------------------------------------------------------------------------------

GLOSSARY_VENUE = Venue(
    name="V",
    areas=[area("Large Language Models (LLMs)", "RLHF Training"), area("Video")],
    glossary={
        "LUT": "Lookup Table",
        "LLM": "Large Language Model",
        "RLHF": "Reinforcement Learning from Human Feedback",
        "GPU": "Graphics Processing Unit",
    },
)
SHARED = {"LLM": "a shared definition that the venue overrides", "MoE": "Mixture-of-Experts"}


def test_acronyms_list_used_terms_in_order_of_first_use_and_venue_wins() -> None:
    papers = [
        paper("VoLUT: Volumetric Streaming", "Video", links=[link()],
              notes=["uses LUT-based super-resolution"]),
        paper("Fast MoE Serving", "Large Language Models (LLMs)", "RLHF Training", links=[link()]),
    ]  # fmt: skip

    page = render(GLOSSARY_VENUE, papers, SHARED)

    assert page.endswith(
        "## Papers\n\n### Large Language Models (LLMs)\n\n"
        "* RLHF Training\n"
        "  * Fast MoE Serving \\[[Paper](https://example.org/1)]\n"
        "\n### Video\n\n"
        "* VoLUT: Volumetric Streaming \\[[Paper](https://example.org/1)]\n"
        "  * uses LUT-based super-resolution\n"
        "\n"
        "## Acronyms\n"
        "\n"
        "* LLM: Large Language Model\n"
        "* RLHF: Reinforcement Learning from Human Feedback\n"
        "* MoE: Mixture-of-Experts\n"
        "* LUT: Lookup Table\n"
    )


def test_a_term_inside_a_longer_word_is_not_a_use() -> None:
    venue = Venue(name="V", areas=[area("Video")], glossary={"LUT": "Lookup Table"})

    page = render(venue, [paper("VoLUT: Volumetric Streaming", "Video", links=[link()])])

    assert "## Acronyms" not in page


def test_only_the_shared_glossary_can_define_a_used_term() -> None:
    venue = Venue(name="V", areas=[area("MoE Inference")])

    page = render(venue, [], {"MoE": "Mixture-of-Experts", "GPU": "Graphics Processing Unit"})

    assert page.endswith("### MoE Inference\n\n## Acronyms\n\n* MoE: Mixture-of-Experts\n")


def test_category_names_count_as_uses_even_without_papers() -> None:
    venue = Venue(name="V", areas=[area("A", "LoRA Fine-tuning")], glossary={"LoRA": "Low-Rank"})

    assert render(venue, []).endswith("* LoRA Fine-tuning\n\n## Acronyms\n\n* LoRA: Low-Rank\n")


def test_papers_outside_the_tree_do_not_define_acronym_uses() -> None:
    venue = Venue(name="V", areas=[area("A")], glossary={"MoE": "Mixture-of-Experts"})

    page = render(venue, [paper("MoE Stuff", "Elsewhere", links=[link()])])

    assert "MoE" not in page


# --- order ---------------------------------------------------------------------------------


def _ordering_case() -> tuple[Venue, list[tuple[str, Paper]]]:
    venue = Venue(name="V", areas=[area("A")])
    papers = [
        # (file name, paper)
        ("zeta.yaml", paper("Zeta", "A", position=10, links=[link()])),
        ("alpha.yaml", paper("Alpha", "A", position=20, links=[link()])),
        ("new-b.yaml", paper("beta: new", "A", links=[link()])),
        ("new-a.yaml", paper("Aardvark: new", "A", links=[link()])),
        ("twin-2.yaml", paper("Twin", "A", links=[link()])),
        ("twin-1.yaml", paper("twin", "A", links=[link()])),
    ]
    return venue, papers


def _titles(page: str) -> list[str]:
    return [line[2:].split(" \\[[")[0] for line in page.splitlines() if line.startswith("* ")]


def test_positioned_papers_first_then_the_rest_by_title_casefold_then_file() -> None:
    venue, named = _ordering_case()
    papers = [located(p, f"entries/v/{name}") for name, p in named]

    page = render_venue(venue, papers, {})

    assert _titles(page) == ["Zeta", "Alpha", "Aardvark: new", "beta: new", "twin", "Twin"]


@given(st.permutations(range(6)))
def test_order_does_not_depend_on_input_order(order: list[int]) -> None:
    venue, named = _ordering_case()
    papers = [located(p, f"entries/v/{name}") for name, p in named]
    expected = render_venue(venue, papers, {})

    assert render_venue(venue, [papers[i] for i in order], {}) == expected


@given(st.permutations(range(4)), st.integers(min_value=0, max_value=3))
def test_a_new_paper_without_position_lands_after_the_positioned_ones(
    order: list[int], insert_at: int
) -> None:
    venue = Venue(name="V", areas=[area("A", "C"), area("B")])
    positioned = [
        located(
            paper(f"Old {n}", "A", "C", position=10 * n, links=[link()]), f"entries/v/o{n}.yaml"
        )
        for n in range(1, 5)
    ]
    shuffled = [positioned[i] for i in order]
    new = located(paper("A New Paper", "A", "C", links=[link()]), "entries/v/new.yaml")
    shuffled.insert(insert_at, new)

    page = render_venue(venue, shuffled, {})

    assert _titles(page.replace("  * ", "* ")) == [
        "C", "Old 1", "Old 2", "Old 3", "Old 4", "A New Paper",
    ]  # fmt: skip


def test_equal_positions_fall_back_to_file_name() -> None:
    venue = Venue(name="V", areas=[area("A")])
    papers = [
        located(paper("Second", "A", position=10, links=[link()]), "entries/v/b.yaml"),
        located(paper("First", "A", position=10, links=[link()]), "entries/v/a.yaml"),
    ]

    assert _titles(render_venue(venue, papers, {})) == ["First", "Second"]


# --- purity --------------------------------------------------------------------------------


def test_render_is_pure_and_idempotent() -> None:
    venue, named = _ordering_case()
    papers = [located(p, f"entries/v/{name}") for name, p in named]
    before = copy.deepcopy(papers)
    shared = {"MoE": "Mixture-of-Experts"}

    first = render_venue(venue, papers, shared)
    second = render_venue(venue, papers, shared)

    assert first == second
    assert papers == before  # the caller's list is not sorted in place
    assert shared == {"MoE": "Mixture-of-Experts"}


def test_every_page_ends_with_exactly_one_newline() -> None:
    page = render(Venue(name="V", areas=[area("A")]), [])

    assert page.endswith("\n") and not page.endswith("\n\n")


# --- README templates ----------------------------------------------------------------------


def test_all_venues_marker_takes_every_page_in_the_order_given() -> None:
    template = "# Title\n\n<!-- paperbot:venues -->\n\nfooter\n"

    out = render_readme(template, {"b-2025": "# B\n", "a-2025": "# A\n"})

    assert out == "# Title\n\n# B\n\n# A\n\nfooter\n"


def test_one_venue_marker_takes_that_page() -> None:
    template = "top\n<!-- paperbot:venue b-2025 -->\nbottom\n"

    assert render_readme(template, {"a-2025": "# A\n", "b-2025": "# B\n"}) == "top\n# B\nbottom\n"
    assert template_slugs(template) == ["b-2025"]


def test_backslashes_in_pages_are_copied_verbatim() -> None:
    page = "* T \\[[Paper](https://example.org/1)] \\1 \\g<0>\n"

    assert render_readme("<!-- paperbot:venues -->\n", {"v": page}) == page


def test_template_without_markers_is_unchanged() -> None:
    assert render_readme("just text\n", {"v": "# V\n"}) == "just text\n"


def test_marker_on_a_last_line_without_newline_is_still_filled() -> None:
    assert render_readme("intro\n<!-- paperbot:venues -->", {"v": "# V\n"}) == "intro\n# V\n"


def test_a_verbatim_header_takes_edited_fields_from_the_data() -> None:
    header = ["", "The 30th Symposium", "", "Homepage: <https://a.example.org>", "",
              "### Acceptance Rate", "", "14.6% (= 48 / 327)", ""]  # fmt: skip
    venue = Venue(
        name="V", header=header, homepage="https://a.example.org",
        acceptance=Acceptance(accepted=48, submitted=327), papers_section=False,
    )  # fmt: skip

    # Unchanged fields keep the page's own text (its rounding too).
    assert render_venue(venue, [], {}) == "# V\n" + "\n".join(header)

    edited = venue.model_copy(
        update={
            "homepage": "https://b.example.org",
            "acceptance": Acceptance(accepted=50, submitted=327),
        }
    )
    page = render_venue(edited, [], {})
    assert "Homepage: <https://b.example.org>\n" in page and "15.3% (= 50 / 327)" in page
    assert "The 30th Symposium" in page

    removed = render_venue(venue.model_copy(update={"homepage": None}), [], {})
    assert "Homepage" not in removed and "\n\n\n" not in removed
