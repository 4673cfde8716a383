"""Reading the arXiv API's Atom feed (``/api/query``) with the standard library.

The format, from arXiv's API manual: a ``feed`` of ``entry`` elements, each with an
``id`` (``http://arxiv.org/abs/2401.12345v2``), ``title``, ``summary``, ``published``,
``author`` elements each with a ``name``, and optional ``arxiv:comment`` and
``arxiv:doi`` (the published version's DOI, given with the journal reference). An id
arXiv cannot serve comes back as an entry titled ``Error`` (id under ``/api/errors``),
or as no entry at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from bot.text.identifiers import ArxivId, MalformedIdentifier, arxiv_from_url, parse_doi

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
# How arXiv and authors word a withdrawal ("This paper has been withdrawn by the author").
# A phrase, not the bare word: an abstract may well speak of "withdrawn" drugs or funds.
_WITHDRAWN = re.compile(
    r"\b(?:paper|article|submission|manuscript|preprint|work)\s+(?:has\s+been|is|was)\s+"
    r"withdrawn\b|^\s*withdrawn\b",
    re.IGNORECASE,
)


class FeedError(ValueError):
    """The answer is not an arXiv Atom feed (a proxy's error page, a cut-off body)."""


@dataclass(frozen=True)
class ArxivEntry:
    id: ArxivId  # with the version arXiv served
    title: str  # whitespace collapsed: arXiv wraps long titles over lines
    published: date | None
    withdrawn: bool
    authors: tuple[str, ...] = ()  # in the paper's order, whitespace collapsed
    doi: str | None = None  # the published version's, when arXiv names exactly one


def parse_feed(body: bytes) -> list[ArxivEntry]:
    """The papers in a feed; error entries and entries without an id are left out.

    Raises FeedError when the body is not an Atom feed at all.
    """
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FeedError(f"the answer is not XML: {exc}") from None
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"the answer is not an Atom feed (root element {root.tag!r})")
    return [entry for node in root.iter(f"{ATOM}entry") if (entry := _entry(node)) is not None]


def _entry(node: ET.Element) -> ArxivEntry | None:
    url = _text(node, f"{ATOM}id")
    title = _text(node, f"{ATOM}title")
    if "/api/errors" in url or not title or title == "Error":
        return None
    try:
        found = arxiv_from_url(url)
    except MalformedIdentifier:
        return None
    if found is None:
        return None
    comment = _text(node, f"{ARXIV}comment")
    summary = _text(node, f"{ATOM}summary")
    withdrawn = bool(_WITHDRAWN.search(comment) or _WITHDRAWN.search(summary))
    authors = tuple(
        name for author in node.iter(f"{ATOM}author") if (name := _text(author, f"{ATOM}name"))
    )
    published = _date(_text(node, f"{ATOM}published"))
    return ArxivEntry(found, title, published, withdrawn, authors, _doi(_text(node, f"{ARXIV}doi")))


def _text(node: ET.Element, tag: str) -> str:
    child = node.find(tag)
    return " ".join((child.text or "").split()) if child is not None else ""


def _doi(text: str) -> str | None:
    # Several DOIs (a paper in two journals) name no one version: none is taken.
    if not text or " " in text:
        return None
    try:
        return parse_doi(text)
    except MalformedIdentifier:
        return None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
