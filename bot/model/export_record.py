"""What ``paperbot export --format json`` writes: one record per paper.

These models are the source of ``schema/export.schema.json`` (``paperbot schema``), so
a reader's tool can validate the file. They describe output, so their values are the
entries' values as loaded (already validated by the entry models), never re-checked.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Bumped only when a field changes meaning or goes away; new fields keep the number.
EXPORT_FORMAT = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExportedVenue(_Record):
    slug: str = Field(description="The venue's folder under entries/.", examples=["mlsys-2025"])
    name: str = Field(description="The venue's name as its page shows it.", examples=["MLSys 2025"])
    year: int | None = Field(
        description="The year the venue's name (or else its folder) gives; null if none or several."
    )


class ExportedLink(_Record):
    kind: str = Field(description="The label readers see.", examples=["Paper", "arXiv", "Code"])
    url: str = Field(
        description="An absolute http(s) URL, or a link relative to the repository's entries.",
        json_schema_extra={"format": "uri-reference"},
    )


class ExportedPaper(_Record):
    key: str = Field(
        description=(
            "The paper's citation key, also its BibTeX key: '<venue folder>:<file name>'. "
            "It never changes while the entry's file keeps its name, and no two papers share it."
        ),
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*:[A-Za-z0-9][A-Za-z0-9._-]*$",
        examples=["mlsys-2025:xgrammar"],
    )
    path: str = Field(description="The entry file, relative to the repository root.")
    venue: ExportedVenue
    title: str
    category: list[str] = Field(
        description="The paper's place in the venue's tree: the area, then each category below it."
    )
    authors: list[str] = Field(description="In the paper's order; empty when not known.")
    affiliations: list[str]
    awards: list[str]
    notes: list[str] = Field(description="Markdown, one item per bullet, as the entry holds them.")
    links: list[ExportedLink] = Field(description="In the order the page shows them.")
    title_url: str | None = Field(description="Where the title itself links, on older pages.")
    suffix: str | None = Field(description="Text the page shows after the links (' (Oral)').")
    url: str | None = Field(
        description="The paper's main address: the title's link, else the first absolute link."
    )
    arxiv: str | None = Field(
        description="The arXiv identifier (without version) of an arXiv link or arXiv's DOI.",
        examples=["2411.15100"],
    )
    doi: str | None = Field(
        description="The entry's doi:, else the DOI of a doi.org or publisher link.",
        examples=["10.1145/3600006.3613165"],
    )


class ExportedList(_Record):
    """Every paper of the list, ordered by venue folder, then file name."""

    format: Literal[1] = Field(description="The version of this layout.")
    papers: list[ExportedPaper]
