"""What the duplicates check compares of a paper, worked out once per file content.

A paper's identity keys (parsed from its URLs), its normalised title, the system
name before its colon and its title's word signatures depend on the paper alone,
so the entry cache stores them beside the data (``bot/speed/entry_cache.py``): a run
that finds a file's bytes unchanged parses none of its URLs or titles again.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, NamedTuple

from bot.model.entries import Paper
from bot.text.acronym_words import find_acronyms
from bot.text.acronym_words import system_name as acronym_name
from bot.text.identifiers import (
    MalformedIdentifier,
    arxiv_from_doi,
    arxiv_from_url,
    doi_from_url,
    doi_key,
    embedded_doi,
    page_key,
)
from bot.text.titles import normalize_title, signatures, system_name

# Link labels (casefolded, letters and digits only) that name the paper itself. Code,
# Homepage, Slides, Video... are shared by related papers (QServe and LServe share
# one repository) and say nothing about identity.
IDENTIFYING_KINDS = frozenset(
    {"paper", "arxiv", "doi", "pdf", "preprint", "openreview", "acm", "ieee", "article"}
)


class PaperKeys(NamedTuple):  # a tuple: a pull request builds 50,000 of them
    # (link number, identity key, link number, identity key...) for each link that names
    # the paper: flat, as the paper index stores a row (a tuple per link would cost a
    # pull request at 50,000 papers a tenth of its memory).
    ids: tuple[int | str, ...]
    shown: tuple[str, ...]  # how to show each identity key, in the same order
    norm: str  # the title, normalised
    name: str | None  # the system name, normalised
    signatures: list[str]  # sorted
    terms: list[str]  # the acronyms in the system name, for the acronyms check
    place: list[Any] | None  # the category path, then the position; None without one

    def to_json(self) -> list[Any]:
        # Interned: a signature ("learni") recurs across thousands of papers, and marshal
        # writes one shared string once, so the caches decode a third faster.
        signatures = list(map(sys.intern, self.signatures))
        # Category names recur across a venue's papers: interned, each is stored once.
        place = self.place and [*map(sys.intern, self.place[:-1]), self.place[-1]]
        return [self.ids, self.shown, self.norm, self.name, signatures, self.terms, place]

    @classmethod
    def from_json(cls, data: Any) -> PaperKeys:
        # The cache file is sealed under this machine's key and written by this very code:
        # its shape is checked, not every element (50,000 of these are read by a pull request).
        ids, shown, norm, name, sigs, terms, place = data
        if not isinstance(ids, tuple) or not isinstance(norm, str) or not isinstance(sigs, list):
            raise TypeError("damaged keys")
        return cls(ids, shown, norm, name, sigs, terms, place)


def paper_keys(paper: Paper) -> PaperKeys:
    return keys_of(
        paper.title, paper.category, paper.position, [(link.kind, link.url) for link in paper.links]
    )


def keys_of(
    title: str, category: list[str], position: int | None, links: Sequence[tuple[str, str]]
) -> PaperKeys:
    """A paper's keys from the only fields they depend on (a pull request reads just these
    of the papers it does not change: bot/speed/key_reader.py); ``links``: (kind, url)."""
    norm = normalize_title(title)
    terms = [token.term for token in find_acronyms(acronym_name(title))]
    found = list(_links(links))
    ids = tuple(part for link_no, key, _ in found for part in (link_no, key))
    shown = tuple(shown for _, _, shown in found)
    # A paper that loaded without its category (bot/files/partial_load.py) has no place.
    place = [*category, position] if position is not None and category else None
    name = system_name(title)
    return PaperKeys(ids, shown, norm, name, sorted(signatures(norm)), terms, place)


def _links(links: Sequence[tuple[str, str]]) -> Iterator[tuple[int, str, str]]:
    """(link number, identity key, how to show it) for each link that names the paper."""
    for link_no, (kind, url) in enumerate(links):
        if _identifying(kind) and "://" in url:
            yield (link_no, *_identity(url))


@cache  # a list uses a handful of labels ("Paper", "arXiv", "Code"...)
def _identifying(label: str) -> bool:
    return "".join(ch for ch in label.casefold() if ch.isalnum()) in IDENTIFYING_KINDS


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
