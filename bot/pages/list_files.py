"""The files readers get: README.md with a table of contents, or, for a list too long for
one page, README.md as an index and a page a venue under ``lists/``. Pure: the command
reads and writes the files.

GitHub shows only the first 512 KB of a README. Each file here stays under the budget
of paperbot.yaml (``readme.budget``): a venue page over it is split into one file an
area, and an area over it into parts, each showing the categories of its own papers (a
paper is never cut)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.files.generated_files import GENERATED, LISTS
from bot.model.corpus import Located
from bot.model.entries import Category, Paper, Venue
from bot.model.venue_tree import Path, by_path
from bot.pages.venue_page import (
    ALL_VENUES,
    acronym_lines,
    join_blocks,
    render_readme,
    render_venue,
    section_blocks,
)
from bot.text.heading_anchors import Heading, headings
from bot.text.paper_bullet import render_paper
from bot.text.slugs import slugify, unique

README = "README.md"
CONTENTS = re.compile(r"^<!-- paperbot:contents -->[ \t]*(?:\n|\Z)", re.MULTILINE)


@dataclass(frozen=True)
class ListedVenue:
    slug: str
    venue: Venue
    papers: Sequence[Located[Paper]]
    page: str  # the venue's page, as render_venue writes it


def list_files(
    template: str,
    venues: Sequence[ListedVenue],
    includes: Mapping[str, str],
    budget: int,
    shared_glossary: Mapping[str, str],
    anchors: bool,
) -> dict[str, str]:
    """Root-relative path -> text of every file the list is written as, README.md first.
    ``venues`` are in reading order (bot/pages/venue_order.py)."""
    whole = _whole(template, venues, includes, budget)
    if whole is not None:
        return {README: whole}
    files = {README: _index(template, venues, includes)}
    for listed in venues:
        files.update(_venue_files(listed, budget, shared_glossary, anchors))
    return files


def size(text: str) -> int:
    return len(text.encode())


# --- the list on one page ---------------------------------------------------------------


def _whole(
    template: str, venues: Sequence[ListedVenue], includes: Mapping[str, str], budget: int
) -> str | None:
    """README.md holding every venue, or None when it would be over the budget."""
    pages = {listed.slug: listed.page for listed in venues}
    # The table of contents holds no heading but its own, so the anchors are the same
    # with it and without it: work them out first, on the page without it.
    draft = render_readme(CONTENTS.sub(lambda _: _contents_heading([]), template), pages, includes)
    if size(draft) > budget:
        return None  # the real one is longer still
    lines = _contents_heading(_toc(draft, venues))
    text = render_readme(CONTENTS.sub(lambda _: lines, template), pages, includes)
    return text if size(text) <= budget else None


def _contents_heading(body: Sequence[str]) -> str:
    return "\n".join(["## Contents", "", *body]) + "\n"


def _toc(draft: str, venues: Sequence[ListedVenue]) -> list[str]:
    found = headings(draft)
    lines = [_total(venues), ""]
    start = 0
    for listed in venues:
        at = draft.find(listed.page, start)
        if at < 0:
            continue  # not on this page (a template with one-venue markers only)
        start = at + len(listed.page)
        first, last = draft.count("\n", 0, at), draft.count("\n", 0, start)
        inside = [h for h in found if first <= h.line < last]
        if not inside:
            continue
        lines.append(f"* [{_label(listed.venue.name)}](#{inside[0].anchor}){_counts(listed)}")
        lines += _area_lines(listed, inside[1:])
    return lines


def _area_lines(listed: ListedVenue, inside: list[Heading]) -> Iterator[str]:
    """An area heading's line in the table, its anchor found among the page's headings in
    the order the page shows them (below '## Papers', at level 3)."""
    below = iter([h for h in _after_papers(inside) if h.level == 3])
    counts = _per_area(listed.papers)
    for area in listed.venue.areas:
        if area.untitled:
            continue
        wanted = _heading_text(area.name)
        heading = next((h for h in below if h.text == wanted), None)
        if heading is None:
            return  # a page whose headings are its own (verbatim text): no more links
        yield f"  * [{_label(area.name)}](#{heading.anchor}): {counts.get(area.name, 0)}"


def _after_papers(inside: list[Heading]) -> list[Heading]:
    for n, heading in enumerate(inside):
        if heading.level == 2 and heading.text == "Papers":
            return inside[n + 1 :]
    return []


@lru_cache(maxsize=4096)
def _heading_text(name: str) -> str:
    found = headings(f"### {name}\n")
    return found[0].text if found else name


# --- the list as an index and a page a venue --------------------------------------------


def _index(template: str, venues: Sequence[ListedVenue], includes: Mapping[str, str]) -> str:
    lines = [
        _total(venues) + " The list is longer than GitHub shows on one page: each venue "
        f"has a page of its own, under [`{LISTS}/`]({LISTS}/).",
        "",
    ]
    for listed in venues:
        link = f"{LISTS}/{listed.slug}.md"
        lines.append(f"* [{_label(listed.venue.name)}]({link}){_counts(listed)}")
    index = _contents_heading(lines)
    if CONTENTS.search(template):
        filled = CONTENTS.sub(lambda _: index, template)
        filled = ALL_VENUES.sub("", filled)
    else:
        filled = ALL_VENUES.sub(lambda _: index, template)
    return render_readme(filled, {}, includes)


def _venue_files(
    listed: ListedVenue, budget: int, shared: Mapping[str, str], anchors: bool
) -> dict[str, str]:
    page = GENERATED + listed.page
    own = f"{LISTS}/{listed.slug}.md"
    if size(page) <= budget:
        return {own: page}
    venue = listed.venue
    # The venue's header (and its appendix and footer) as its page shows them; the areas
    # become links to a page each (an area over the budget: a page a part).
    head = render_venue(venue.model_copy(update={"areas": []}), [], shared)
    groups = by_path(listed.papers)
    files: dict[str, str] = {}
    links = []
    taken: list[str] = []
    for area in venue.areas:
        name = "Papers" if area.untitled else area.name
        papers = [p for path, group in groups.items() if path[:1] == (area.name,) for p in group]
        title = f"# {venue.name}: {name}"
        back = f"[{_label(venue.name)}](../{listed.slug}.md)"
        overhead = size(GENERATED) + size(title) + size(back) + 40
        parts = _area_parts(venue, area, papers, budget - overhead, anchors)
        first = unique(slugify(name) or "area", taken)
        taken.append(first)
        if len(parts) == 1:
            links.append(
                f"* [{_label(name)}]({listed.slug}/{first}.md): {_plural(len(papers), 'paper')}"
            )
        else:
            links.append(f"* {_label(name)}: {_plural(len(papers), 'paper')} in {len(parts)} parts")
        for n, (body, count) in enumerate(parts, start=1):
            slug = first if n == 1 else unique(f"{first}-{n}", taken)
            taken.append(slug)
            of = f" ({n} of {len(parts)})" if len(parts) > 1 else ""
            files[f"{LISTS}/{listed.slug}/{slug}.md"] = (
                GENERATED + f"{title}{of}\n\n{back}\n\n" + body
            )
            if len(parts) > 1:
                links.append(f"  * [part {n}]({listed.slug}/{slug}.md): {_plural(count, 'paper')}")
    # The parts use the venue's acronyms: its page defines them, as the whole page did.
    definitions = acronym_lines(venue, groups, shared)
    if definitions:
        links += ["", "## Acronyms", "", definitions]
    files[own] = GENERATED + _with_links(head, links)
    return {own: files.pop(own), **files}


def _with_links(head: str, links: list[str]) -> str:
    """The venue's header page with the areas' links after its '## Papers'."""
    marker = "\n## Papers\n"
    at = head.find(marker)
    block = "\n".join(links) + "\n"
    if at < 0:
        return head.rstrip("\n") + "\n\n## Papers\n\n" + block
    end = at + len(marker)
    rest = head[end:].lstrip("\n")
    return head[:end] + "\n" + block + ("\n" + rest if rest else "")


def _area_parts(
    venue: Venue, area: Category, papers: list[Located[Paper]], limit: int, anchors: bool
) -> list[tuple[str, int]]:
    """An area's body in parts of at most ``limit`` bytes where it can be (a paper is
    never cut), each with its count of papers. A part shows the categories of its
    papers only, so every paper keeps its place in the tree."""
    in_order = list(_page_order(area, (area.name,), by_path(papers)))
    chunks: list[list[Located[Paper]]] = [[]]
    used = 0
    for paper in in_order:
        # A paper's lines and a share for its category bullets; the rendering decides.
        cost = sum(size(line) + 1 for line in render_paper(paper.model, 2, " " * venue.indent))
        if chunks[-1] and used + cost > limit * 0.9:
            chunks.append([])
            used = 0
        chunks[-1].append(paper)
        used += cost + 40
    return [part for chunk in chunks for part in _fit(venue, area, chunk, limit, anchors)]


def _fit(
    venue: Venue, area: Category, chunk: list[Located[Paper]], limit: int, anchors: bool
) -> list[tuple[str, int]]:
    groups = by_path(chunk)
    pruned = _pruned(area, (area.name,), set(groups))
    body = join_blocks(section_blocks(venue, pruned, 2, groups, anchors)[1:]) + "\n"
    if size(body) <= limit or len(chunk) <= 1:
        return [(body, len(chunk))]
    half = len(chunk) // 2
    return _fit(venue, area, chunk[:half], limit, anchors) + _fit(
        venue, area, chunk[half:], limit, anchors
    )


def _page_order(
    node: Category, path: Path, groups: Mapping[Path, list[Located[Paper]]]
) -> Iterator[Located[Paper]]:
    yield from groups.get(path, [])
    for child in node.categories:
        yield from _page_order(child, (*path, child.name), groups)


def _pruned(node: Category, path: Path, shown: set[Path]) -> Category:
    """``node`` with only the categories that hold a paper of ``shown`` (below them)."""
    kept = [
        _pruned(child, (*path, child.name), shown)
        for child in node.categories
        if any(p[: len(path) + 1] == (*path, child.name) for p in shown)
    ]
    return node.model_copy(update={"categories": kept})


# --- counts -----------------------------------------------------------------------------


def _total(venues: Sequence[ListedVenue]) -> str:
    papers = sum(len(listed.papers) for listed in venues)
    return f"{_plural(papers, 'paper')} from {_plural(len(venues), 'venue')}."


def _counts(listed: ListedVenue) -> str:
    listed_count = len(listed.papers)
    acceptance = listed.venue.acceptance
    if acceptance is not None and acceptance.accepted != listed_count:
        return f": {_plural(listed_count, 'paper')} listed, of {acceptance.accepted} accepted"
    return f": {_plural(listed_count, 'paper')}"


def _per_area(papers: Sequence[Located[Paper]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for paper in papers:
        area = paper.model.category[0] if paper.model.category else ""
        counts[area] = counts.get(area, 0) + 1
    return counts


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _label(text: str) -> str:
    """Text for a link's label: its own brackets would end the label early."""
    return text.replace("[", "\\[").replace("]", "\\]")
