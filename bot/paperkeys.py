"""What the duplicates check compares of a paper, worked out once per file content.

A paper's identity keys (parsed from its URLs), its normalised title, the system
name before its colon and its title's word signatures depend on the paper alone,
so the entry cache stores them beside the data (``bot/entrycache.py``): a run
that finds a file's bytes unchanged parses none of its URLs or titles again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
from bot.titles import normalize_title, signatures, system_name

# Link labels (casefolded, letters and digits only) that name the paper itself. Code,
# Homepage, Slides, Video... are shared by related papers (QServe and LServe share
# one repository) and say nothing about identity.
IDENTIFYING_KINDS = frozenset(
    {"paper", "arxiv", "doi", "pdf", "preprint", "openreview", "acm", "ieee", "article"}
)


@dataclass(frozen=True)
class PaperKeys:
    ids: list[tuple[int, str, str]]  # (link number, identity key, how to show it)
    title: str  # normalised
    name: str | None  # the system name, normalised
    signatures: list[str]  # sorted

    def to_json(self) -> list[Any]:
        return [[list(found) for found in self.ids], self.title, self.name, self.signatures]

    @classmethod
    def from_json(cls, data: Any) -> PaperKeys:
        ids, title, name, sigs = data
        found = [(int(no), str(key), str(shown)) for no, key, shown in ids]
        if not isinstance(title, str) or not (name is None or isinstance(name, str)):
            raise TypeError("damaged keys")
        return cls(found, title, name, [str(s) for s in sigs])


def paper_keys(paper: Paper) -> PaperKeys:
    title = normalize_title(paper.title)
    return PaperKeys(
        list(_links(paper)), title, system_name(paper.title), sorted(signatures(title))
    )


def _links(paper: Paper) -> Iterator[tuple[int, str, str]]:
    """(link number, identity key, how to show it) for each link that names the paper."""
    for link_no, link in enumerate(paper.links):
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
