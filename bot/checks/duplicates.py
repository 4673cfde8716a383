"""No paper is listed twice: the same arXiv id, DOI, paper page or title as another entry.

Each selected paper is compared with every paper of the corpus through indexes
(identities and normalised titles in dicts, near-equal titles through blocks),
never pair by pair. Each pair is reported once on each selected paper, naming the
other file. The same paper in two venues (a workshop and a conference version)
is a warning: it may be intended.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from bot.context import Context
from bot.corpus import Located, venue_slug
from bot.diagnostics import Diagnostic, Severity
from bot.identifiers import (
    MalformedIdentifier,
    arxiv_from_doi,
    arxiv_from_url,
    doi_from_url,
    doi_key,
    embedded_doi,
    page_key,
)
from bot.models import Paper
from bot.titles import TitleIndex, normalize_title, system_name

ID = "duplicates"
SCOPE: Final = "corpus"
SUMMARY = "no paper is listed twice (same arXiv id, DOI, paper page or title)"

# Link labels (casefolded, letters and digits only) that name the paper itself. Code,
# Homepage, Slides, Video... are shared by related papers (QServe and LServe share
# one repository) and say nothing about identity.
IDENTIFYING_KINDS = frozenset(
    {"paper", "arxiv", "doi", "pdf", "preprint", "openreview", "acm", "ieee", "article"}
)


@dataclass(frozen=True)
class Finding:
    rank: int  # 0 identity, 1 equal titles, 2 near-equal titles: the strongest is reported
    loc: tuple[str | int, ...]  # where, in the selected paper
    other_loc: tuple[str | int, ...]  # where, in the other paper
    why: str


def check(ctx: Context) -> Iterator[Diagnostic]:
    for paper, other, finding in matches(ctx):
        yield _diagnostic(paper, other, finding)


def matches(ctx: Context) -> Iterator[tuple[Located[Paper], Located[Paper], Finding]]:
    """(selected paper, other paper, why) for each pair; ``paperbot add`` asks this too."""
    papers = ctx.corpus.papers()
    known = {p.path for p in papers}
    papers += [p for p in ctx.selected if p.path not in known]  # e.g. built by a caller
    where = {p.path: i for i, p in enumerate(papers)}
    # Each paper's identity keys, worked out once: URL parsing is most of the index's cost.
    links = [list(_links(p)) for p in papers]
    identities = _identities(links)
    titles = [normalize_title(p.model.title) for p in papers]
    same_title: defaultdict[str, list[int]] = defaultdict(list)
    for i, title in enumerate(titles):
        same_title[title].append(i)
    index = TitleIndex(titles)
    cutoff = ctx.config.duplicates.near_title_score
    for paper in ctx.selected:
        i = where[paper.path]
        found: dict[int, Finding] = {}
        for link_no, key, shown in links[i]:
            for j, other_no in identities[key]:
                loc, other = ("links", link_no, "url"), ("links", other_no, "url")
                _keep(found, j, Finding(0, loc, other, f"both link {shown}"))
        # A title of punctuation only normalises to nothing: no evidence either way.
        for j in same_title[titles[i]] if titles[i] else ():
            _keep(found, j, Finding(1, ("title",), ("title",), "the same title"))
        names = system_name(paper.model.title)
        for j, score in index.near(i, cutoff):
            other_names = system_name(papers[j].model.title)
            if names and other_names and names != other_names:
                continue  # "FlashX-2: ..." and "FlashX-3: ..." are two papers
            why = f"titles {score:.1f}% alike (from {cutoff:g}%): '{papers[j].model.title}'"
            _keep(found, j, Finding(2, ("title",), ("title",), why))
        found.pop(i, None)
        for j in sorted(found, key=lambda j: papers[j].path):
            yield paper, papers[j], found[j]


def _keep(found: dict[int, Finding], j: int, finding: Finding) -> None:
    if j not in found or finding.rank < found[j].rank:
        found[j] = finding


def _diagnostic(paper: Located[Paper], other: Located[Paper], f: Finding) -> Diagnostic:
    line, col = paper.positions.of_value(f.loc)
    other_line = other.positions.of_value(f.other_loc)[0]
    there = f"{other.path}:{other_line}"
    venue, other_venue = venue_slug(paper.path), venue_slug(other.path)
    if f.rank == 2:
        severity, message = Severity.WARNING, f"possibly the same paper as {there}: {f.why}"
    elif venue == other_venue:
        severity, message = Severity.ERROR, f"the same paper as {there}: {f.why}"
    else:
        severity = Severity.WARNING
        message = (
            f"also listed in {other_venue} ({there}: {f.why}); a workshop and a conference "
            "version may both belong, otherwise keep one"
        )
    return Diagnostic(paper.path, line, col, ID, severity, message)


def _identities(
    links: list[list[tuple[int, str, str]]],
) -> defaultdict[str, list[tuple[int, int]]]:
    """Identity key -> (paper, link) pairs that carry it."""
    index: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, found in enumerate(links):
        for link_no, key, _ in found:
            index[key].append((i, link_no))
    return index


def _links(paper: Located[Paper]) -> Iterator[tuple[int, str, str]]:
    """(link number, identity key, how to show it) for each link that names the paper."""
    for link_no, link in enumerate(paper.model.links):
        kind = "".join(ch for ch in link.kind.casefold() if ch.isalnum())
        if kind in IDENTIFYING_KINDS and "://" in link.url:
            yield (link_no, *_identity(link.url))


def _identity(url: str) -> tuple[str, str]:
    try:
        arxiv = arxiv_from_url(url)
        doi = doi_from_url(url) or embedded_doi(url)
    except MalformedIdentifier:  # reported by the url check; the page may still match
        arxiv = doi = None
    if doi is not None and arxiv is None:
        arxiv = arxiv_from_doi(doi)  # arXiv's DOI is the preprint's other name
    if arxiv is not None:
        return f"arxiv:{arxiv.id}", f"arXiv {arxiv.id}"
    if doi is not None:
        return f"doi:{doi_key(doi)}", f"DOI {doi}"
    key = page_key(url)
    return f"url:{key}", f"the page {key}"
