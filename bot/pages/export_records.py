"""The list as records for the exports (JSON, CSV, BibTeX): a pure function of the data.

Each paper's key is ``<venue folder>:<file name>``: the one thing about an entry that
is unique in the repository (a folder cannot hold two files of one name) and that
adding, removing or reordering other papers never changes. A key built from authors,
year and a counter would change when a paper sharing its first part was added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.model.corpus import Corpus, Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Paper
from bot.model.export_record import (
    EXPORT_FORMAT,
    ExportedLink,
    ExportedList,
    ExportedPaper,
    ExportedVenue,
)
from bot.text.identifiers import (
    ArxivId,
    MalformedIdentifier,
    arxiv_from_doi,
    arxiv_from_url,
    doi_from_url,
    embedded_doi,
)
from bot.text.venue_names import venue_identity

CHECK = "export"
# What the layout allows in a folder or file name (bot/files/layout.py), and nothing
# BibTeX, biber or LaTeX's \cite treat specially.
_KEY_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_ABSOLUTE = re.compile(r"https?://", re.IGNORECASE)


def cite_key(path: str) -> str | None:
    """``entries/<venue>/<name>.yaml`` -> ``<venue>:<name>``; None for any other path."""
    parts = path.split("/")
    if len(parts) != 3 or not parts[2].endswith(".yaml"):
        return None
    venue, name = parts[1], parts[2][: -len(".yaml")]
    if not (_KEY_PART.fullmatch(venue) and _KEY_PART.fullmatch(name)):
        return None
    return f"{venue}:{name}"


@dataclass(frozen=True)
class Built:
    records: ExportedList
    problems: list[Diagnostic]  # papers that cannot be exported: nothing is written then


def build(corpus: Corpus) -> Built:
    venues = {}
    for slug, data in corpus.venues.items():
        if data.venue is not None:
            name = data.venue.model.name
            years = venue_identity(name, slug)[1].split()
            year = int(years[0]) if len(years) == 1 else None
            venues[slug] = ExportedVenue(slug=slug, name=name, year=year)
    papers: list[ExportedPaper] = []
    problems: list[Diagnostic] = []
    for paper in sorted(corpus.papers(), key=lambda p: p.path):
        venue = venues.get(paper.path.split("/")[1]) if paper.path.count("/") == 2 else None
        key = cite_key(paper.path)
        if key is None or venue is None:
            why = "its venue file did not load" if key else "its path gives no citation key"
            problems.append(_problem(paper.path, f"cannot export this paper: {why}"))
            continue
        papers.append(_record(paper, key, venue))
    problems.extend(_same_key_but_case(papers))
    return Built(ExportedList(format=EXPORT_FORMAT, papers=papers), problems)


def _record(located: Located[Paper], key: str, venue: ExportedVenue) -> ExportedPaper:
    paper = located.model
    preprint, doi = paper_identifiers(paper)
    arxiv = None if preprint is None else preprint.id
    url = paper.title_url or next((link.url for link in paper.links), None)
    if url is not None and not _ABSOLUTE.match(url):
        url = next((link.url for link in paper.links if _ABSOLUTE.match(link.url)), None)
    return ExportedPaper(
        key=key,
        path=located.path,
        venue=venue,
        title=paper.title,
        category=list(paper.category),
        authors=list(paper.authors),
        affiliations=list(paper.affiliations),
        awards=list(paper.awards),
        notes=list(paper.notes),
        links=[ExportedLink(kind=link.kind, url=link.url) for link in paper.links],
        title_url=paper.title_url,
        suffix=paper.suffix,
        url=url,
        arxiv=arxiv,
        doi=doi,
    )


def paper_identifiers(paper: Paper) -> tuple[ArxivId | None, str | None]:
    """(arXiv id, DOI): the entry's doi: first, then what its links name; the first of
    each kind counts (a paper's own links come before its related work's)."""
    arxiv: ArxivId | None = None
    doi = paper.doi
    for url in [*(link.url for link in paper.links), *filter(None, [paper.title_url])]:
        try:
            found_arxiv = arxiv_from_url(url)
            found_doi = doi_from_url(url) or embedded_doi(url)
        except MalformedIdentifier:  # the url check reports it; the export leaves it out
            continue
        if found_doi is not None and found_arxiv is None:
            found_arxiv = arxiv_from_doi(found_doi)
            if found_arxiv is not None:
                found_doi = None  # arXiv's DOI names the preprint, not the published paper
        arxiv = arxiv or found_arxiv
        doi = doi or found_doi
    if doi is not None and arxiv is None:
        arxiv = arxiv_from_doi(doi)
    return arxiv, doi


def _same_key_but_case(papers: list[ExportedPaper]) -> Iterator[Diagnostic]:
    # BibTeX and biber compare keys without case: Foo.yaml and foo.yaml would collide.
    seen: dict[str, ExportedPaper] = {}
    for paper in papers:
        other = seen.setdefault(paper.key.casefold(), paper)
        if other is not paper:
            yield _problem(
                paper.path,
                f"its citation key {paper.key} differs from {other.path}'s only in case; "
                "rename one of the files",
            )


def _problem(path: str, message: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, CHECK, Severity.ERROR, message)
