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
    blocks = [f"# {venue.name}"]
    meta = [f"Homepage: <{venue.homepage}>"] if venue.homepage else []
    if venue.paper_list:
        meta.append(f"Paper list: <{venue.paper_list}>")
    if meta:
        blocks += ["## Meta Info", *meta]
    if venue.acceptance:
        blocks += ["### Acceptance Rate", venue.acceptance.rate_text]
    blocks.append("## Papers")
    for area in venue.areas:
        blocks.append(f"### {area.name}")
        lines = list(_area_lines(area, (area.name,), groups))
        if lines:
            blocks.append("\n".join(lines))
    glossary = {**shared_glossary, **venue.glossary}
    used = first_uses(_texts_in_order(venue, groups), glossary)
    if used:
        blocks += ["## Acronyms", "\n".join(f"* {term}: {glossary[term]}" for term in used)]
    return "\n\n".join(blocks) + "\n"


def render_paper(paper: Paper, depth: int = 0) -> list[str]:
    """A paper's bullet and its child bullets (affiliations, awards, notes)."""
    pad = INDENT * depth
    links = "".join(f" \\[[{link.kind}]({link.url})]" for link in paper.links)
    lines = [f"{pad}* {paper.title}{links}"]
    children = []
    if paper.affiliations:
        children.append(" & ".join(paper.affiliations))
    children += [f"**{award}**" for award in paper.awards]
    children += paper.notes
    lines += [f"{pad}{INDENT}* {child}" for child in children]
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
    # A node's own papers come before its sub-categories, as on the pages we import.
    for paper in groups.get(path, []):
        yield from render_paper(paper.model, depth)
    for child in node.categories:
        yield f"{INDENT * depth}* {child.name}"
        yield from _area_lines(child, (*path, child.name), groups, depth + 1)


def _texts_in_order(venue: Venue, groups: Mapping[Path, list[Located[Paper]]]) -> Iterator[str]:
    """The curator's and authors' words in the order the page shows them."""

    def visit(node: Category, path: Path) -> Iterator[str]:
        yield node.name
        for paper in groups.get(path, []):
            yield paper.model.title
            yield from paper.model.notes
        for child in node.categories:
            yield from visit(child, (*path, child.name))

    for area in venue.areas:
        yield from visit(area, (area.name,))
