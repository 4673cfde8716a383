"""README.md as a reader meets it: read with markdown-it-py, as GitHub would show it.

One outline (the title, the table of contents, the venues, then Contributing), every
table-of-contents link landing on a heading, and the commands a newcomer starts with."""

from __future__ import annotations

import itertools
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.text.heading_anchors import Heading, headings

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _links(markdown: str) -> list[str]:
    def walk(tokens: list[Token]) -> list[str]:
        found = []
        for token in tokens:
            if token.type == "link_open":
                found.append(str(token.attrs["href"]))
            found += walk(token.children or [])
        return found

    return walk(MarkdownIt("commonmark").parse(markdown))


def _contents(markdown: str, found: list[Heading]) -> str:
    """The text between '## Contents' and the next heading."""
    lines = markdown.splitlines()
    at = next(n for n, h in enumerate(found) if h.text == "Contents")
    return "\n".join(lines[found[at].line + 1 : found[at + 1].line])


def test_the_outline_is_the_title_the_contents_the_venues_then_contributing() -> None:
    found = headings(_readme())
    top = [(h.level, h.text) for h in found if h.level == 1]

    assert found[0].level == 1 and found[0].text.startswith("paperbot")
    assert (found[1].level, found[1].text) == (2, "Contents")
    assert top[1] == (1, "MLSys 2025")
    assert top[-2:] == [(1, "Contributing"), (1, "Working on paperbot")]


def test_no_heading_level_is_skipped() -> None:
    levels = [h.level for h in headings(_readme())]

    assert levels[0] == 1
    assert [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1] == []


def test_nothing_of_the_example_comment_is_in_the_outline_or_the_links() -> None:
    readme = _readme()

    assert not [h for h in headings(readme) if "paperbot found" in h.text]
    assert not [link for link in _links(readme) if "OWNER/papers" in link]


def test_every_link_of_the_contents_lands_on_a_heading() -> None:
    readme = _readme()
    found = headings(readme)
    anchors = {h.anchor for h in found}
    links = _links(_contents(readme, found))

    assert links and all(link.startswith("#") for link in links)
    assert [link for link in links if link[1:] not in anchors] == []
    # The venue and each of its areas, by name.
    by_anchor = {h.anchor: h.text for h in found}
    named = [by_anchor[link[1:]] for link in links]
    assert named[:3] == ["MLSys 2025", "Large Language Models (LLMs)", "Diffusion Models"]


def test_the_contents_count_the_papers_and_say_the_list_is_partial() -> None:
    readme = _readme()
    contents = _contents(readme, headings(readme))

    papers = len([p for p in (README.parent / "entries").glob("*/*.yaml") if p.stem != "venue"])

    assert f"{papers} papers from 1 venue." in contents
    # The venue page says 61 were accepted: the contents say how many of them are here.
    assert f"[MLSys 2025](#mlsys-2025): {papers} papers listed, of 61 accepted" in contents


def test_the_quick_start_and_the_documentation_are_linked() -> None:
    readme = _readme()
    links = _links(readme)

    assert "python3 dev.py run" in readme and "python3 dev.py test" in readme
    for page in ["CONTRIBUTING.md", "docs/action.md", "docs/importing.md", "docs/adding-papers.md"]:
        assert page in links
        assert (README.parent / page).is_file()
    for link in links:
        if not link.startswith(("#", "http")):
            assert (README.parent / link.split("#")[0]).exists(), link
