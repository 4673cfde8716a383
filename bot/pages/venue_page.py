"""Markdown from data. Pure functions: no files, no printing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from bot.model.corpus import Located
from bot.model.entries import Category, Paper, Venue
from bot.model.venue_tree import Path, by_path
from bot.text.acronym_words import first_uses
from bot.text.heading_anchors import github_slug
from bot.text.paper_bullet import render_paper

# A marker is a line of its own; the template's last line may lack its newline.
ALL_VENUES = re.compile(r"^<!-- paperbot:venues -->[ \t]*(?:\n|\Z)", re.MULTILINE)
ONE_VENUE = re.compile(r"^<!-- paperbot:venue (\S+) -->[ \t]*(?:\n|\Z)", re.MULTILINE)
# Header lines a venue field comes from, also inside a verbatim header.
META_LINE = re.compile(r"^(Homepage|Paper list|Paper List): (?:<(\S+)>|\[(\S+)\]\((\S+)\))$")
RATE_LINE = re.compile(r"^\d+(?:\.\d+)?% \(= (\d+) / (\d+)\)$")
INCLUDE = re.compile(r"^<!-- paperbot:include (\S+) -->[ \t]*(?:\n|\Z)", re.MULTILINE)


def render_venue(
    venue: Venue,
    papers: Sequence[Located[Paper]],
    shared_glossary: Mapping[str, str],
    anchors: bool = False,
) -> str:
    """One venue's page. Sections without data (acceptance, acronyms) are left out.
    ``anchors``: each category shown as a bullet starts with an ``<a id>`` (see
    ``category_anchor``), so readers can link to it as they can to a heading."""
    if not venue.papers_section:
        if venue.header is not None:
            return _ending(venue, "\n".join([f"# {venue.name}", *live_header(venue)]))
        return _ending(venue, "\n\n".join([f"# {venue.name}", *header_blocks(venue)]) + "\n")
    groups = by_path(papers)
    unit = " " * venue.indent
    prefix = github_slug(venue.name) if anchors else None
    if venue.header is not None:
        # Verbatim lines the fields cannot reproduce; blank lines in it are its own.
        blocks = ["\n".join([f"# {venue.name}", *live_header(venue), "## Papers"])]
    else:
        blocks = [f"# {venue.name}", *header_blocks(venue), "## Papers"]
    for area in venue.areas:
        section = _section(area, (area.name,), 3, groups, unit, prefix)
        # Untitled: no heading, its body follows '## Papers' (as tightly as the page shows).
        blocks += section[1:] if area.untitled else section
    if venue.appendix is not None:
        blocks.append(_Attached("\n".join(venue.appendix)))  # its spacing is its own
    definitions = acronym_lines(venue, groups, shared_glossary)
    if definitions:
        blocks += [_gap(venue.acronyms_blank_before, "## Acronyms"), definitions]
    if venue.footer is not None:
        blocks.append(_Attached("\n".join(venue.footer)))
    return _ending(venue, _join(blocks) + "\n")


def acronym_lines(
    venue: Venue, groups: Mapping[Path, list[Located[Paper]]], shared_glossary: Mapping[str, str]
) -> str:
    """The '## Acronyms' list of a venue's page ('' when it defines none)."""
    glossary = {**shared_glossary, **venue.glossary}
    if venue.glossary_order == "listed":
        used = list(venue.glossary)
    else:
        used = first_uses(_texts_in_order(venue, groups), glossary)
    return "\n".join(f"* {term}: {glossary[term]}" for term in used)


class _Attached(str):
    """A block that follows the one above it on the next line, with no blank line."""


def _gap(blank_before: int, text: str) -> str:
    """A block after ``blank_before`` extra blank lines; -1: none at all."""
    return _Attached(text) if blank_before < 0 else "\n" * blank_before + text


def _join(blocks: Sequence[str]) -> str:
    """Blocks one blank line apart, or none before an attached one."""
    out = blocks[0] if blocks else ""
    for block in blocks[1:]:
        out += ("\n" if isinstance(block, _Attached) else "\n\n") + block
    return out


def _ending(venue: Venue, page: str) -> str:
    """The page's own start and end: lines above the title; extra blank lines, or none at
    all after the last line."""
    if venue.preamble is not None:
        page = "".join(line + "\n" for line in venue.preamble) + page
    page += "\n" * venue.blank_after
    return page if venue.final_newline else page.removesuffix("\n")


def live_header(venue: Venue) -> list[str]:
    """The verbatim header with the lines the fields were read from drawn from the fields
    again, so editing the homepage, paper list or acceptance changes the page (a field
    set to nothing removes its line)."""
    lines = list(venue.header or [])
    sources = meta_sources(lines)
    for key, at in sources.items():
        if key == "acceptance":
            rate = RATE_LINE.match(lines[at])
            assert rate is not None
            numbers = (int(rate.group(1)), int(rate.group(2)))
            now = venue.acceptance
            if now is None or (now.accepted, now.submitted) != numbers:
                # The page's own rounding stays until the numbers change.
                lines[at] = now.rate_text if now else ""
            continue
        match = META_LINE.match(lines[at])
        assert match is not None
        value = getattr(venue, key)
        if value != (match.group(2) or match.group(3)):
            url = f"<{value}>" if match.group(2) else f"[{value}]({value})"
            lines[at] = f"{match.group(1)}: {url}" if value else ""
    removed = set()
    for at in sources.values():
        if not lines[at]:
            # The line and the blank line that set it apart.
            removed |= {at, at + 1} if lines[at + 1 : at + 2] == [""] else {at}
    return [line for n, line in enumerate(lines) if n not in removed]


def meta_sources(lines: Sequence[str]) -> dict[str, int]:
    """Which header line each field is read from: the last homepage and paper-list lines
    with a URL, the first acceptance-rate line."""
    found: dict[str, int] = {}
    for n, line in enumerate(lines):
        meta = META_LINE.match(line)
        if meta and (meta.group(2) or meta.group(3) == meta.group(4)):
            found["homepage" if meta.group(1) == "Homepage" else "paper_list"] = n
        if RATE_LINE.match(line) and "acceptance" not in found:
            found["acceptance"] = n
    return found


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


def render_readme(
    template: str, pages: Mapping[str, str], includes: Mapping[str, str] | None = None
) -> str:
    """Fill a README template: ``<!-- paperbot:venues -->`` takes every page (in the
    order given: bot/pages/venue_order.py), ``<!-- paperbot:venue SLUG -->`` one page,
    ``<!-- paperbot:include PATH -->`` a file's text (the caller reads the files; see
    ``template_includes``)."""
    every = "\n".join(pages.values())
    filled = ALL_VENUES.sub(lambda _: every, template)
    filled = ONE_VENUE.sub(lambda m: pages.get(m.group(1), m.group(0)), filled)
    return INCLUDE.sub(lambda m: (includes or {}).get(m.group(1), m.group(0)), filled)


def template_slugs(template: str) -> list[str]:
    """Venue slugs a template names one by one (an unknown one is a configuration error)."""
    return ONE_VENUE.findall(template)


def template_includes(template: str) -> list[str]:
    """Root-relative paths of the files a template includes."""
    return INCLUDE.findall(template)


def section_blocks(
    venue: Venue,
    area: Category,
    level: int,
    groups: Mapping[Path, list[Located[Paper]]],
    anchors: bool,
) -> list[str]:
    """One area's blocks with its heading at ``level`` (a page of its own: level 2)."""
    prefix = github_slug(venue.name) if anchors else None
    return _section(area, (area.name,), level, groups, " " * venue.indent, prefix)


def join_blocks(blocks: Sequence[str]) -> str:
    return _join(blocks)


def _section(
    node: Category,
    path: Path,
    level: int,
    groups: Mapping[Path, list[Located[Paper]]],
    unit: str,
    prefix: str | None = None,
) -> list[str]:
    """A heading's blocks: the heading, its intro, its bullets, then its sub-headings."""
    blocks = [_gap(node.blank_before, "#" * level + " " + node.name)]
    body = list(_area_lines(node, path, groups, unit, prefix))
    if node.intro is not None:
        body = [*node.intro, *body]  # the intro holds its own spacing before the bullets
    if node.outro is not None:
        body += node.outro  # and the outro its spacing after them
    if body:
        blocks.append("\n".join(body))
    for child in node.categories:
        if child.heading:
            blocks += _section(child, (*path, child.name), level + 1, groups, unit, prefix)
    if node.tight and len(blocks) > 1:
        blocks[1] = _Attached(blocks[1])
    return blocks


def _area_lines(
    node: Category,
    path: Path,
    groups: Mapping[Path, list[Located[Paper]]],
    unit: str,
    prefix: str | None,
    depth: int = 0,
) -> Iterator[str]:
    # A node's own papers come before its sub-categories, as on most pages; a sub-category
    # with a position goes before the papers positioned after it. Headings come after all.
    children = [child for child in node.categories if not child.heading]
    for paper in groups.get(path, []):
        place = paper.model.position
        while children and children[0].position is not None and place is not None:
            if children[0].position >= place:
                break
            yield from _child_lines(children.pop(0), path, groups, unit, prefix, depth)
        yield from render_paper(paper.model, depth, unit)
    for child in children:
        yield from _child_lines(child, path, groups, unit, prefix, depth)


def _child_lines(
    child: Category,
    path: Path,
    groups: Mapping[Path, list[Located[Paper]]],
    unit: str,
    prefix: str | None,
    depth: int,
) -> Iterator[str]:
    yield from [""] * child.blank_before
    here = (*path, child.name)
    anchor = "" if prefix is None else f'<a id="{category_anchor(prefix, here)}"></a>'
    yield f"{unit * depth}* {anchor}{child.name}"
    yield from _area_lines(child, here, groups, unit, prefix, depth + 1)


def category_anchor(prefix: str, path: Path) -> str:
    """A bullet category's anchor: the venue's and each name's GitHub slug, so it is
    unique in a README of many venues (two categories may share a name) and reads as
    the place it marks (``mlsys-2025-large-language-models-llms-llm-inference``)."""
    return "-".join([prefix, *(github_slug(name) for name in path)])


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
