"""A paper's texts as the README will show them: what copying from a page, a citation or
another list leaves in a value, and list items YAML folded into one.

- a list item whose next item is indented one level too far: YAML reads ``  - CMU`` /
  ``    - Google`` as one item, "CMU - Google" (an error; the fix re-indents the line);
- a title in quotes or in bold, with arXiv's "[2401.12345]" before it, a full stop after
  it or stray spaces, doubled or before a colon (warnings, each with the title as it
  should be), cut after its colon (a warning), or with the paper's links pasted after it
  (an error);
- an award in ``**bold**`` (the README makes awards bold: an error);
- several institutions in one affiliation, joined with " & " or ";" (a warning).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from bot.checks.context import Context
from bot.files.source_lines import SourceLines
from bot.files.yaml_roundtrip import flow_scalar
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Paper
from bot.model.positions import Loc

ID = "text"
SCOPE: Final = "entry"
FILES: Final = frozenset({"paper"})
NEEDS: Final[frozenset[str]] = frozenset()
SUMMARY = "texts are one clean value each: no folded list items, pasted quotes or links"

_LISTS = ("category", "affiliations", "awards", "notes")
_QUOTES = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019", "\u00ab": "\u00bb"}
_ARXIV_PREFIX = re.compile(r"^\[(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\]\s*")
_PASTED_LINK = re.compile(r"\s*(?:\\?\[)?\[[^\]]*\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_SPACES = re.compile(r"[ \u00a0\u2009\u202f]{2,}| (?=[:,;?!])|[\u00a0\u2009\u202f]")
_JOINED = re.compile(r" & |; ")
_SHOWN = 60  # characters of a value quoted in a message
# Everything _title looks for, in one scan.
_MAYBE_TITLE = re.compile(
    "^[\"'\u201c\u2018\u00ab\\[*_]|[.:*_\"'\u201d\u2019\u00bb]$|\\]\\(|  | [:,;?!]"
    "|[\u00a0\u2009\u202f]"
)


def check(paper: Located[Paper], ctx: Context) -> Iterator[Diagnostic]:
    model = paper.model
    sources: SourceLines | None = None
    for key in _LISTS:
        values: list[str] = getattr(model, key)
        for index, value in enumerate(values):
            if " -" in value:  # a folded item reads "first - second"; only then look
                sources = sources or SourceLines(ctx.corpus.root)
                yield from _folded(paper, (key, index), value, sources)
    yield from _title(paper)
    for index, award in enumerate(model.awards):
        bold = _EMPHASIS.fullmatch(award)
        if bold is not None:
            message = "awards are shown in bold already: write the award without ** around it"
            yield _at(paper, ("awards", index), Severity.ERROR, message, bold[2])
    for index, name in enumerate(model.affiliations):
        joined = _JOINED.search(name)
        if joined is not None:
            message = (
                f"affiliation '{_short(name)}' names several institutions: give each its own "
                f"'- ' item (the README joins them with ' & ')"
            )
            yield _at(paper, ("affiliations", index), Severity.WARNING, message)


def _folded(
    paper: Located[Paper], loc: Loc, value: str, sources: SourceLines
) -> Iterator[Diagnostic]:
    """The line where a list item goes on, when it starts '-' (an item meant)."""
    line, column = paper.positions.of_value(loc)
    lines = sources.lines(paper.path)
    if not 0 < line <= len(lines):
        return
    first = lines[line - 1]
    if first[column - 1 : column] in ("'", '"', "[", "{", "|", ">"):
        return  # quoted, flow or block: a line break there is the writer's choice
    dash = first.rfind("- ", 0, column - 1)
    item_indent = dash if dash >= 0 and not first[:dash].strip() else None
    for number in range(line, len(lines)):
        text = lines[number]
        stripped = text.lstrip(" ")
        indent = len(text) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if item_indent is None or indent <= item_indent:
            return  # the item ended without a folded '- ' line
        if stripped.startswith("-"):  # "- Google", or "-Google" without its space
            fixed = " " * item_indent + "- " + stripped[1:].lstrip()
            message = (
                f"this line is indented {indent} spaces, so YAML reads it as part of the item "
                f"above ('{_short(value)}'); items under {loc[0]}: are indented {item_indent}"
            )
            yield Diagnostic(paper.path, number + 1, 1, ID, Severity.ERROR, message, fixed)
            return


def _title(paper: Located[Paper]) -> Iterator[Diagnostic]:
    title = paper.model.title
    if not _MAYBE_TITLE.search(title):
        return  # most titles: nothing any rule below looks for
    link = _PASTED_LINK.search(title)
    if link is not None and link.start() > 0:
        message = "the title ends with links pasted from a page: the links go under links:"
        yield _at(paper, ("title",), Severity.ERROR, message, title[: link.start()].rstrip())
        return
    fixed, found = title, list[str]()
    closer = _QUOTES.get(fixed[:1])
    if closer and len(fixed) > 2 and fixed.endswith(closer) and closer not in fixed[1:-1]:
        fixed, found = fixed[1:-1].strip(), [*found, "quotes around it"]
    prefix = _ARXIV_PREFIX.match(fixed)
    if prefix is not None:
        fixed, found = fixed[prefix.end() :], [*found, "arXiv's id before it"]
    if fixed.endswith(".") and not fixed.endswith(".."):
        fixed, found = fixed[:-1].rstrip(), [*found, "a full stop after it"]
    bold = _EMPHASIS.fullmatch(fixed)  # a word in bold may be meant; the whole title not
    if bold is not None:
        fixed, found = bold[2], [*found, "Markdown emphasis (** or __) around it"]
    if _SPACES.search(fixed):
        fixed, found = _SPACES.sub(_space, fixed), [*found, "stray spaces"]
    if found and fixed:
        message = f"the title has {_listed(found)}: the README shows it as written"
        yield _at(paper, ("title",), Severity.WARNING, message, fixed)
    elif fixed.endswith(":"):
        message = "the title ends with ':': is the rest of it missing? (copy the whole title)"
        yield _at(paper, ("title",), Severity.WARNING, message)


def _space(match: re.Match[str]) -> str:
    # Doubled or non-breaking spaces: one space; a space before ':' or ',': none.
    return "" if match.group(0) == " " else " "


def _at(
    paper: Located[Paper], loc: Loc, severity: Severity, message: str, fixed: str | None = None
) -> Diagnostic:
    line, column = paper.positions.of_value(loc)
    fix = None if fixed is None else flow_scalar(fixed)
    return Diagnostic(paper.path, line, column, ID, severity, message, fix)


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _short(value: str) -> str:
    return value if len(value) <= _SHOWN else value[: _SHOWN - 3] + "..."
