"""Markdown from data. Pure functions: no files, no printing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from bot.acronyms import first_uses
from bot.corpus import Located
from bot.models import Category, Paper, Venue
from bot.tree import Path, by_path

INDENT = "  "
# A marker is a line of its own; the template's last line may lack its newline.
ALL_VENUES = re.compile(r"^<!-- paperbot:venues -->[ \t]*(?:\n|\Z)", re.MULTILINE)
ONE_VENUE = re.compile(r"^<!-- paperbot:venue (\S+) -->[ \t]*(?:\n|\Z)", re.MULTILINE)
INCLUDE = re.compile(r"^<!-- paperbot:include (\S+) -->[ \t]*(?:\n|\Z)", re.MULTILINE)


def render_venue(
    venue: Venue, papers: Sequence[Located[Paper]], shared_glossary: Mapping[str, str]
) -> str:
    """One venue's page. Sections without data (acceptance, acronyms) are left out."""
    groups = by_path(papers)
    if not venue.papers_section:
        if venue.header is not None:
            return "\n".join([f"# {venue.name}", *venue.header])
        return "\n\n".join([f"# {venue.name}", *header_blocks(venue)]) + "\n"
    if venue.header is not None:
        # Verbatim lines the fields cannot reproduce; blank lines in it are its own.
        blocks = ["\n".join([f"# {venue.name}", *venue.header, "## Papers"])]
    else:
        blocks = [f"# {venue.name}", *header_blocks(venue), "## Papers"]
    for area in venue.areas:
        blocks.append("\n" * area.blank_before + f"### {area.name}")
        if area.intro is not None:
            blocks.append("\n".join(area.intro))
        lines = list(_area_lines(area, (area.name,), groups))
        if lines:
            blocks.append("\n".join(lines))
    glossary = {**shared_glossary, **venue.glossary}
    if venue.glossary_order == "listed":
        used = list(venue.glossary)
    else:
        used = first_uses(_texts_in_order(venue, groups), glossary)
    if used:
        blocks += [
            "\n" * venue.acronyms_blank_before + "## Acronyms",
            "\n".join(f"* {term}: {glossary[term]}" for term in used),
        ]
    return "\n\n".join(blocks) + "\n"


def header_blocks(venue: Venue) -> list[str]:
    """The meta and acceptance blocks drawn from the venue's fields."""

    def url(value: str) -> str:
        return f"[{value}]({value})" if venue.meta_links == "markdown" else f"<{value}>"

    blocks = []
    meta = [f"Homepage: {url(venue.homepage)}"] if venue.homepage else []
    if venue.paper_list:
        meta.append(f"{venue.paper_list_label}: {url(venue.paper_list)}")
    if meta:
        blocks += ["## Meta Info", *meta]
    if venue.acceptance:
        blocks += ["### Acceptance Rate", venue.acceptance.rate_text]
    return blocks


def paper_line(paper: Paper) -> str:
    """A paper's own bullet text (without the bullet)."""
    title = f"[{paper.title}]({paper.title_url})" if paper.title_url else paper.title
    links = "".join(f" \\[[{link.kind}]({link.url})]" for link in paper.links)
    return f"{title}{links}{paper.suffix or ''}"


def render_paper(paper: Paper, depth: int = 0) -> list[str]:
    """A paper's bullet and its child bullets (affiliations, awards, notes)."""
    pad = INDENT * depth
    lines = [""] * paper.blank_before + [f"{pad}* {paper_line(paper)}"]
    children = []
    if paper.affiliations:
        children.append(" & ".join(paper.affiliations))
    children += [f"**{award}**" for award in paper.awards]
    lines += [f"{pad}{INDENT}* {child}" for child in children]
    # A note starting with a space is a deeper line kept as written (its own marker).
    lines += [f"{pad}{INDENT}{n}" if n[:1] == " " else f"{pad}{INDENT}* {n}" for n in paper.notes]
    return lines


def render_readme(
    template: str, pages: Mapping[str, str], includes: Mapping[str, str] | None = None
) -> str:
    """Fill a README template: ``<!-- paperbot:venues -->`` takes every page (in slug order),
    ``<!-- paperbot:venue SLUG -->`` one page, ``<!-- paperbot:include PATH -->`` a file's
    text (the caller reads the files; see ``template_includes``)."""
    every = "\n".join(pages[slug] for slug in sorted(pages))
    filled = ALL_VENUES.sub(lambda _: every, template)
    filled = ONE_VENUE.sub(lambda m: pages.get(m.group(1), m.group(0)), filled)
    return INCLUDE.sub(lambda m: (includes or {}).get(m.group(1), m.group(0)), filled)


def template_slugs(template: str) -> list[str]:
    """Venue slugs a template names one by one (an unknown one is a configuration error)."""
    return ONE_VENUE.findall(template)


def template_includes(template: str) -> list[str]:
    """Root-relative paths of the files a template includes."""
    return INCLUDE.findall(template)


def _area_lines(
    node: Category, path: Path, groups: Mapping[Path, list[Located[Paper]]], depth: int = 0
) -> Iterator[str]:
    # A node's own papers come before its sub-categories, as on most pages; a sub-category
    # with a position goes before the papers positioned after it.
    children = list(node.categories)
    for paper in groups.get(path, []):
        place = paper.model.position
        while children and children[0].position is not None and place is not None:
            if children[0].position >= place:
                break
            yield from _child_lines(children.pop(0), path, groups, depth)
        yield from render_paper(paper.model, depth)
    for child in children:
        yield from _child_lines(child, path, groups, depth)


def _child_lines(
    child: Category, path: Path, groups: Mapping[Path, list[Located[Paper]]], depth: int
) -> Iterator[str]:
    yield from [""] * child.blank_before
    yield f"{INDENT * depth}* {child.name}"
    yield from _area_lines(child, (*path, child.name), groups, depth + 1)


def _texts_in_order(venue: Venue, groups: Mapping[Path, list[Located[Paper]]]) -> Iterator[str]:
    """The curator's and authors' words in the order the page shows them."""

    def visit(node: Category, path: Path) -> Iterator[str]:
        yield node.name
        for paper in groups.get(path, []):
            yield paper.model.title
            # Affiliations too: a lone note cannot be told from an affiliation on the page.
            yield " & ".join(paper.model.affiliations)
            yield from paper.model.notes
        for child in node.categories:
            yield from visit(child, (*path, child.name))

    for area in venue.areas:
        yield from visit(area, (area.name,))
