"""The data model: the single source of truth for entries and for ``schema/``.

Field order here is the canonical key order that ``paperbot fmt`` writes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from bot.model.hrefs import as_followed, href_problem

# A host name is labels of letters, digits and hyphens (IDNA-encoded or Unicode
# letters), separated by dots; an IPv4 address also matches.
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)*[^\W_](?:[\w-]{0,61}[^\W_])?\.?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NOTES_FILE = re.compile(r"^(?!www\.)[\w.-]+\.md(?:#\S*)?$", re.IGNORECASE)
_LOOKS_LIKE_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?:/|$)")
# The common case, accepted without urlsplit (a tenth of a load's time at 50,000 papers):
# http(s), then an ASCII host name that _HOST accepts, with no user, no port, no
# brackets, up to the path. Anything else takes the full test below.
_PLAIN_HTTP = re.compile(
    r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?(?=[/?#]|\Z)"
)


def check_url(value: str) -> str:
    """Accept an absolute http(s) URL, or a relative link to a file in the repository."""
    if not value:
        raise ValueError("the URL is empty")
    # isprintable() is False for every control and space character except " ": one C
    # call instead of a Python loop for nearly every URL.
    printable = value.isprintable() and " " not in value
    if printable and _PLAIN_HTTP.match(value):
        return value
    if not printable and any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValueError("a URL cannot contain spaces or control characters")
    if as_followed(value) != value:
        # Escapes or entities the Markdown link decodes: judge what the browser follows.
        why = href_problem(value)
        if why is not None:
            raise ValueError(why)
    if _SCHEME.match(value):
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https"):
            raise ValueError(f"only http and https links are allowed, not {parts.scheme}:")
        try:
            host = parts.hostname or ""
            _ = parts.port  # raises ValueError on a non-numeric port
        except ValueError as exc:
            raise ValueError(f"malformed URL: {exc}") from None
        if not parts.netloc.strip("@:") or not _HOST.match(host):
            raise ValueError("malformed URL: it has no valid host name after the scheme")
        return value
    if value.startswith("//"):
        raise ValueError("a URL needs a scheme: write https://" + value[2:])
    # "jenga.md" is a notes file beside the page (pages link them so), not Moldova's TLD.
    if _LOOKS_LIKE_DOMAIN.match(value) and not _NOTES_FILE.match(value):
        raise ValueError(f"a URL needs a scheme: write https://{value}")
    return value  # a relative link, e.g. to a notes file kept in the repository


def check_one_line(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if value != value.strip():
        raise ValueError("must not start or end with spaces")
    if value.isprintable():
        return value  # no line break and no control character is printable
    if any(ch in _LINE_BREAKS for ch in value):
        raise ValueError("must be a single line")
    return _visible(value)


def _visible(value: str) -> str:
    # The input guard refuses these characters in the file; a double-quoted string can
    # still spell them as escapes ("\u202e", "\0", "\ud800").
    for ch in value:
        kind = unicodedata.category(ch)
        if kind == "Cc":
            raise ValueError("must not contain control characters (tabs included)")
        if kind == "Cs":
            raise ValueError(f"must not contain a lone surrogate (U+{ord(ch):04X})")
        if ch in _BIDI_CONTROLS:
            raise ValueError(
                f"must not contain the bidirectional control U+{ord(ch):04X}: it makes text "
                "display in another order than it is stored"
            )
    return value


Url = Annotated[
    str,
    AfterValidator(check_url),
    Field(
        description="An absolute http(s) URL, or a relative link to a file in the repository.",
        json_schema_extra={"format": "uri-reference"},
    ),
]
Line = Annotated[str, AfterValidator(check_one_line), Field(min_length=1, max_length=500)]


def check_raw_line(value: str) -> str:
    """Verbatim page text: one line, leading spaces kept (they carry the nesting)."""
    if not value.isprintable() and any(ch in _LINE_BREAKS for ch in value):
        raise ValueError("must be a single line")
    if value != value.rstrip():
        raise ValueError("must not end with spaces")
    return _visible(value)


RawLine = Annotated[str, AfterValidator(check_raw_line), Field(max_length=2000)]


# A DOI as the DOI handbook writes it: "10.", a registrant code, "/", then a suffix of
# printable characters (the exports print it into BibTeX and CSV, so no spaces).
_DOI = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*/[!-~]+")


def check_doi(value: str) -> str:
    if not _DOI.fullmatch(value):
        if value.lower().startswith(("http://", "https://", "doi:")):
            raise ValueError("write the DOI itself (10.NNNN/suffix), not a link or 'doi:'")
        raise ValueError("a DOI has the form 10.NNNN/suffix, without spaces")
    return value


Doi = Annotated[str, AfterValidator(check_doi), Field(max_length=300)]
# A note is a child bullet's text; a deeper line under it is kept as written relative
# to the note's level ("  * detail"), so nested lists survive without a richer model;
# an empty note is a blank line the page shows between a paper's child bullets.
Note = Annotated[str, AfterValidator(check_raw_line), Field(max_length=2000)]


# A number a file gives must not cost more than its few bytes: a blank-line count is
# written out as that many lines (a 9-digit one made a 300 MB README), and a position
# is only an order, so neither needs to be large.
MAX_BLANK_LINES = 100
MAX_POSITION = 1_000_000_000


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Link(StrictModel):
    """One link after the paper's title, rendered as ``\\[[kind](url)]``."""

    kind: Line = Field(
        description="The label shown to readers, as the curator writes it.",
        examples=["Paper", "arXiv", "Homepage", "Code", "Slides", "PDF", "Video"],
    )
    url: Url


class Paper(StrictModel):
    """One paper: the content of ``entries/<venue>/<slug>.yaml``."""

    title: Line = Field(description="The paper's title as the authors wrote it.")
    category: list[Line] = Field(
        min_length=1,
        description="The paper's place in the venue's tree: the area, then each category below it.",
        examples=[["Large Language Models (LLMs)", "LLM Inference"]],
    )
    position: int | None = Field(
        default=None,
        ge=0,
        le=MAX_POSITION,
        description=(
            "Order within the category as the curators gave it (smaller first). "
            "Papers without a position follow the positioned ones, sorted by title."
        ),
    )
    links: list[Link] = Field(default_factory=list, description="Links in the order shown.")
    title_url: Url | None = Field(
        default=None, description="Older pages make the title itself the link: [title](url)."
    )
    suffix: RawLine | None = Field(
        default=None,
        description="Text after the last link, kept verbatim (e.g. ' (Oral)').",
    )
    doi: Doi | None = Field(
        default=None,
        description=(
            "The paper's DOI (10.NNNN/suffix), not a resolver URL. Not shown on the page: "
            "the exports carry it (paperbot enrich fills it from arXiv's record)."
        ),
        examples=["10.1145/3600006.3613165"],
    )
    authors: list[Line] = Field(
        default_factory=list,
        description=(
            "The authors in the paper's order. Not shown on the page: the exports carry "
            "them (paperbot add and paperbot enrich fill them from arXiv)."
        ),
    )
    affiliations: list[Line] = Field(
        default_factory=list, description="Institutions, shown joined by ' & '."
    )
    awards: list[Line] = Field(default_factory=list, description="Shown in bold, one per line.")
    notes: list[Note] = Field(
        default_factory=list,
        description=(
            "Free-text markdown notes, one bullet each. A note starting with spaces is a "
            "deeper line kept as written, e.g. '  * detail' under the note before it. An "
            "empty note is a blank line between the child bullets; '*' alone an empty bullet."
        ),
    )
    blank_before: int = Field(
        default=0,
        ge=0,
        le=MAX_BLANK_LINES,
        description="Blank lines the page shows before this paper's bullet.",
    )


class Category(StrictModel):
    """A node of the venue's tree; the top level are the areas (``###`` headings)."""

    name: Line
    categories: list[Category] = Field(default_factory=list)
    heading: bool = Field(
        default=False,
        description=(
            "Shown as a heading one level below its parent's ('#### name' under an area's "
            "'###') after the parent's bullets, instead of as a bullet."
        ),
    )
    untitled: bool = Field(
        default=False,
        description=(
            "An area the page shows without its heading: its bullets sit right under "
            "'## Papers' (older pages). Only the first area can be untitled."
        ),
    )
    intro: list[RawLine] | None = Field(
        default=None,
        description=(
            "A heading's text before its bullets, kept as written; its last lines may be "
            "empty (the blank lines before the bullets)."
        ),
    )
    outro: list[RawLine] | None = Field(
        default=None,
        description=(
            "A heading's text after its bullets, kept as written; its first lines may be "
            "empty (the blank lines after the bullets)."
        ),
    )
    tight: bool = Field(
        default=False,
        description="No blank line between this heading and what follows it on the page.",
    )
    own_papers: bool = Field(
        default=False,
        description=(
            "Papers may name this node itself although it has categories, as some older "
            "pages list them (paperbot import sets it). Otherwise a paper names a category."
        ),
    )
    position: int | None = Field(
        default=None,
        ge=0,
        le=MAX_POSITION,
        description=(
            "Only where the page shows this node before some of its parent's own papers: "
            "it comes before the papers with a larger position. Otherwise nodes follow papers."
        ),
    )
    blank_before: int = Field(
        default=0,
        ge=-1,
        le=MAX_BLANK_LINES,
        description=(
            "Extra blank lines the page shows before this node (heading or bullet); -1 for "
            "a heading right below the line above it."
        ),
    )


class Acceptance(StrictModel):
    accepted: int = Field(ge=0)
    submitted: int = Field(gt=0)

    @model_validator(mode="after")
    def _not_more_than_submitted(self) -> Acceptance:
        if self.accepted > self.submitted:
            raise ValueError("accepted cannot be larger than submitted")
        return self

    @property
    def rate_text(self) -> str:
        return f"{100 * self.accepted / self.submitted:.1f}% (= {self.accepted} / {self.submitted})"


class Venue(StrictModel):
    """A venue: the content of ``entries/<venue>/venue.yaml``."""

    preamble: list[RawLine] | None = Field(
        default=None,
        description="Lines above the page's '# name' title (a badge, a comment), kept as written.",
    )
    name: Line = Field(examples=["MLSys 2025"])
    header: list[RawLine] | None = Field(
        default=None,
        description=(
            "The page's lines between the title and '## Papers', kept verbatim when the "
            "fields below cannot reproduce them (other meta lines, lists of paper lists, "
            "detailed acceptance numbers). When set, it is rendered instead of those fields, "
            "except that the lines homepage, paper list and acceptance were read from follow "
            "those fields when they are edited."
        ),
    )
    homepage: Url | None = None
    paper_list: Url | None = None
    paper_list_label: Literal["Paper list", "Paper List"] = Field(
        default="Paper list", description="The meta line's label, as the page writes it."
    )
    meta_links: Literal["angle", "markdown"] = Field(
        default="angle",
        description="How the meta lines show their URLs: <url> or [url](url).",
    )
    acceptance: Acceptance | None = None
    papers_section: bool = Field(
        default=True,
        description="False for a page that has no '## Papers' section yet (header only).",
    )
    areas: list[Category] = Field(
        default_factory=list, description="The ordered tree of areas and categories."
    )
    glossary: dict[str, Line] = Field(
        default_factory=dict,
        description="Acronyms this venue's page defines: term -> expansion.",
        examples=[{"RLHF": "Reinforcement Learning from Human Feedback"}],
    )
    appendix: list[RawLine] | None = Field(
        default=None,
        description=(
            "Sections after the papers and before '## Acronyms' (e.g. '## References'), "
            "kept as written with the blank lines before them (usually one: a leading '')."
        ),
    )
    acronyms_blank_before: int = Field(
        default=0,
        ge=-1,
        le=MAX_BLANK_LINES,
        description="Extra blank lines the page shows before '## Acronyms' (-1: none at all).",
    )
    footer: list[RawLine] | None = Field(
        default=None,
        description="Sections after '## Acronyms', kept as written (like the appendix).",
    )
    glossary_order: Literal["first_use", "listed"] = Field(
        default="first_use",
        description=(
            "'first_use': the page defines the terms it uses, in order of first use; "
            "'listed': it shows this venue's glossary as listed (a curator's own order)."
        ),
    )
    indent: Literal[2, 3, 4] = Field(
        default=2, description="Spaces per nesting level of the page's bullets."
    )
    blank_after: int = Field(
        default=0,
        ge=0,
        le=MAX_BLANK_LINES,
        description="Extra blank lines the page shows at its end.",
    )
    final_newline: bool = Field(
        default=True, description="False when the page's last line has no line end."
    )

    @model_validator(mode="after")
    def _headings_where_a_page_can_show_them(self) -> Venue:
        for index, area in enumerate(self.areas):
            if area.heading:
                raise ValueError(f"area {area.name!r}: areas are headings already (no heading:)")
            if area.untitled and index:
                raise ValueError(f"area {area.name!r}: only the first area can be untitled")
            _no_untitled_below(area)
        return self


def _no_untitled_below(node: Category) -> None:
    for child in node.categories:
        if child.untitled:
            raise ValueError(f"category {child.name!r}: only an area can be untitled")
        _no_untitled_below(child)


class Glossary(StrictModel):
    """Acronyms shared by every venue: the content of ``entries/glossary.yaml``."""

    glossary: dict[str, Line] = Field(default_factory=dict)


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside a field's annotation (``list[Link]``, ``Acceptance | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = model_in(arg)
        if found is not None:
            return found
    return None
