"""What arXiv's record of a paper may add to its entry: the authors and a DOI.

``paperbot add`` writes them into a new entry, ``paperbot enrich`` into entries that
lack them. A value the entry models refuse (an author's name over 500 characters, a
name with a control character) is named, never written and never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from bot.model.entries import Doi, Line

_LINE: TypeAdapter[str] = TypeAdapter(Line)
_DOI: TypeAdapter[str] = TypeAdapter(Doi)


@dataclass(frozen=True)
class Filled:
    authors: list[str] = field(default_factory=list)
    doi: str | None = None
    refused: list[str] = field(default_factory=list)  # what was not kept, and why


def from_arxiv(authors: Sequence[str], doi: str | None) -> Filled:
    kept: list[str] = []
    refused: list[str] = []
    for name in authors:
        try:
            kept.append(_LINE.validate_python(name, strict=True))
        except ValidationError as exc:
            refused.append(f"author {name[:60]!r}: {exc.errors()[0]['msg']}")
    if len(kept) != len(authors):
        # A list with a gap would misstate the authors' order: keep none.
        refused.append("no authors written: a list missing one would misstate the authors")
        kept = []
    valid_doi = None
    if doi is not None:
        try:
            valid_doi = _DOI.validate_python(doi, strict=True)
        except ValidationError as exc:
            refused.append(f"DOI {doi[:60]!r}: {exc.errors()[0]['msg']}")
    return Filled(kept, valid_doi, refused)
