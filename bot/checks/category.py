"""Every paper names a place that exists in its venue's tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from bot.checks.context import Context
from bot.files.yaml_roundtrip import flow_list
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Paper, Venue
from bot.model.places import venue_slug
from bot.model.venue_tree import paths

ID = "category"
SCOPE: Final = "entry"
SUMMARY = "category exists in the venue's tree"
FILES: Final = frozenset({"paper"})
NEEDS: Final[frozenset[str]] = frozenset({"category", "venue"})


def check(paper: Located[Paper], ctx: Context) -> Iterator[Diagnostic]:
    venue = ctx.corpus.venue_of(paper)
    if venue is None:
        return  # the missing or broken venue file is reported where it is
    wanted = tuple(paper.model.category)
    if wanted in _known(venue):
        return
    known = paths(venue)
    line, col = paper.positions.of_value(("category",))
    suggestion = nearest(wanted, known)
    if suggestion is None:
        message = f"category {_show(wanted)} is not in the tree of {venue_slug(paper.path)}"
        yield Diagnostic(paper.path, line, col, ID, Severity.ERROR, message)
        return
    message = (
        f"category {_show(wanted)} is not in the venue's tree; did you mean {_show(suggestion)}? "
        "(a new category is added to the venue file)"
    )
    fix = flow_list(list(suggestion))
    yield Diagnostic(paper.path, line, col, ID, Severity.ERROR, message, fix)


# The venue's paths as a set, for the last venue asked about: papers come venue by
# venue, and walking the tree again for each of 50,000 papers showed in profiles.
_last: tuple[Venue, frozenset[tuple[str, ...]]] | None = None


def _known(venue: Venue) -> frozenset[tuple[str, ...]]:
    global _last
    if _last is None or _last[0] is not venue:
        _last = (venue, frozenset(paths(venue)))
    return _last[1]


def nearest(wanted: tuple[str, ...], known: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The path a contributor most likely meant (``paperbot add`` suggests it too)."""
    # Only the last name given is often enough: "LLM Inference" for the full path.
    by_leaf = [path for path in known if path[-1] == wanted[-1]]
    if len(by_leaf) == 1:
        return by_leaf[0]
    from rapidfuzz import process  # loaded for a suggestion, not for --help

    choices = {" / ".join(path): path for path in known}
    best = process.extractOne(" / ".join(wanted), list(choices), score_cutoff=50)
    return choices[best[0]] if best else None


def _show(path: tuple[str, ...]) -> str:
    return "'" + " / ".join(path) + "'"
