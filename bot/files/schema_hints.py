"""What a contributor most likely meant where a value does not fit the schema, and the fix.

``schema_errors`` says what the schema wanted; this module recognises the usual ways to
get there: a key misspelled or written without its space (``title:'Quill'``), a key
another paper list uses (``code:``, ``authors:``), one value where a list goes, a list
item YAML read as a mapping because it holds ': ', a list item without the space after
its dash. Each hint reads the line the value stands on.

A fix is the exact replacement for what starts at the diagnostic's column and runs to
the end of its line (or to a comment).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pydantic_core import ErrorDetails

from bot.files.yaml_roundtrip import flow_list, flow_scalar
from bot.model.positions import Loc, Pos
from bot.text.url_habits import bare_identifier, mangled_scheme


class Hint(NamedTuple):
    message: str
    fix: str | None
    meant: str | None = None  # for an unknown key: the key it stands for


_COMMENT = re.compile(r" +#.*$")
_LOCAL_PATH = re.compile(r"(?:[A-Za-z]:[\\/]|file:)", re.IGNORECASE)  # C:\..., file:///...
# Keys other paper lists use for what an entry keeps under links: (kind: and url:).
_LINK_KEYS = frozenset(
    {"code", "github", "repo", "arxiv", "pdf", "paper", "slides", "video", "homepage"}
    | {"project", "website", "doi", "url", "link", "poster", "openreview"}
)
_NOT_KEPT = {
    "venue": "the venue is the folder the file is in (entries/<venue>/): leave venue: out",
    "conference": "the venue is the folder the file is in (entries/<venue>/): leave it out",
    "year": "the venue's folder says the year: leave year: out",
    "abstract": "the list shows no abstracts: leave abstract: out",
    "tags": "a paper's place is its category: (the venue's tree): leave tags: out",
}
_WHAT = {
    "title": "a title",
    "category": "a category name",
    "affiliations": "an affiliation",
    "awards": "an award",
    "notes": "a note",
    "kind": "a link label",
}


def hint(error: ErrorDetails, loc: Loc, known: list[str], line: str | None, at: Pos) -> Hint | None:
    """A better message (and a fix) for ``error``; ``known``: the keys allowed beside the
    value, ``line``: the source line the diagnostic points at, ``at``: its place."""
    kind = error["type"]
    value = error.get("input")
    rest = None if line is None else _COMMENT.sub("", line[at[1] - 1 :]).rstrip()
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]), known, rest)
    if kind == "list_type" and isinstance(value, str):
        return _one_value(loc, value, rest)
    if kind == "int_type" and isinstance(value, str) and value.strip().isdigit():
        number = value.strip()
        return Hint(f"{_field(loc)}: is a whole number: write {number}, without quotes", number)
    if kind == "value_error" and isinstance(value, str):
        return _value(loc, error["msg"].removeprefix("Value error, "), value)
    if kind == "model_type" and isinstance(value, str) and _field(loc) == "links":
        return Hint(
            "a link is '- kind: <label>' with 'url: <link>' under it, not a bare URL: write "
            "'- kind: Paper' (or Code, Slides, ...) and this URL under it as 'url:'",
            None,
        )
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1 and rest:
        # "- Speedup: 2x": YAML read a mapping where the item was text with ': '.
        fixed = flow_scalar(rest)
        what = _WHAT.get(_field(loc), "a value")
        return Hint(f"{what} containing ': ' must be in quotes: {fixed}", fixed)
    return None


def _unknown_key(name: str, known: list[str], rest: str | None) -> Hint | None:
    before, colon, _ = name.partition(":")
    if colon and before in known and rest is not None and rest.startswith(before + ":"):
        fixed = f"{before}: {rest[len(before) + 1 :].lstrip()}"
        return Hint(f"put a space after '{before}:': a key is followed by ': '", fixed, before)
    folded = name.casefold()
    if "links" in known and folded in _LINK_KEYS:
        return Hint(
            f"'{name}' is not a key of an entry: links go under links:, each as "
            f"'- kind: <label>' and 'url: <link>'",
            None,
        )
    if folded in _NOT_KEPT and "title" in known:
        return Hint(f"'{name}' is not a key of an entry: {_NOT_KEPT[folded]}", None)
    from rapidfuzz import fuzz, process  # loaded for a suggestion, not for --help

    same = [key for key in known if key.casefold() == folded]  # Title:, URL:
    best = process.extractOne(name, known, scorer=fuzz.WRatio, score_cutoff=60) if known else None
    if not same and best is None:
        return None
    meant = same[0] if same else str(best[0]) if best is not None else ""
    written = meant + rest[len(name) :] if rest is not None and rest.startswith(name) else None
    return Hint(f"unknown key '{name}'; did you mean '{meant}'?", written, meant)


def _one_value(loc: Loc, value: str, rest: str | None) -> Hint | None:
    field = _field(loc)
    if rest is None or not rest.startswith(value.split("\n", 1)[0].split(" ", 1)[0]):
        return None
    if value.startswith("-") and not value.startswith("- "):
        first = rest.split(" -", 1)[0] if rest.startswith("-") else rest
        return Hint(f"a list item needs a space after its '-': - {first[1:]}", "- " + first[1:])
    if rest != value:
        return Hint(
            f"{field}: has a value on its line and more lines under it: put each item on a "
            f"line of its own, starting '- ', under {field}:",
            None,
        )
    if field == "links":
        return Hint("links: is a list of '- kind: <label>' with 'url: <link>' under it", None)
    items = [part.strip() for part in value.split("/")] if field == "category" else [value]
    items = [item for item in items if item]
    fixed = flow_list(items)
    what = "even of one item" if len(items) == 1 else "one item per level"
    return Hint(f"{field}: takes a list, {what}: write {fixed}", fixed)


def _value(loc: Loc, problem: str, value: str) -> Hint | None:
    """A text the model refused, when the fix is certain."""
    where = _dotted(loc)
    meant = None
    if problem.startswith("only http and https links are allowed"):
        meant = bare_identifier(value)  # "arXiv:2401.12345", "doi:10.1145/..."
    elif problem.startswith("malformed URL: it has no valid host name"):
        meant = mangled_scheme(value)  # "https:/x.org"
    if meant is not None:
        return Hint(f"'{where}': {meant.what}", meant.url)
    if _LOCAL_PATH.match(value):
        return Hint(
            f"'{where}': a path on your computer is no link for readers: link a web page "
            "(https://...) or a file committed to the repository",
            None,
        )
    if problem.startswith("a URL needs a scheme: write "):
        return Hint(f"'{where}': {problem}", problem.removeprefix("a URL needs a scheme: write "))
    if problem.startswith("a URL cannot contain spaces") and value.strip() and "\n" not in value:
        encoded = value.strip().replace(" ", "%20")
        if all(ch.isprintable() for ch in encoded):
            return Hint(f"'{where}': a URL has no spaces: write each as %20", encoded)
    if problem == "must not start or end with spaces" and "\n" not in value:
        trimmed = flow_scalar(value.strip())
        return Hint(f"'{where}': the spaces before or after it are not part of it", trimmed)
    return None


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out


def _field(loc: Loc) -> str:
    return next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
