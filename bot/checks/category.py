"""Every paper names a place that exists in its venue's tree, and a leaf of it.

A node that has categories holds papers only when the venue file says so
(``own_papers: true``, which some older pages need): otherwise ``[Area]`` for an area
with categories is a paper dropped among the category bullets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Final

from bot.checks.context import Context
from bot.files.yaml_roundtrip import flow_list
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Category, Paper, Venue
from bot.model.places import venue_slug
from bot.model.venue_tree import Path, walk

ID = "category"
SCOPE: Final = "entry"
SUMMARY = "category exists in the venue's tree"
FILES: Final = frozenset({"paper"})
NEEDS: Final[frozenset[str]] = frozenset({"category", "venue"})

_SLASH = re.compile(r"\s*/\s*")
_SHOWN = 4  # categories named in a message before "..."


def check(paper: Located[Paper], ctx: Context) -> Iterator[Diagnostic]:
    venue = ctx.corpus.venue_of(paper)
    if venue is None:
        return  # the missing or broken venue file is reported where it is
    wanted = tuple(paper.model.category)
    nodes = _known(venue)
    if wanted in nodes:
        node = nodes[wanted]
        if node.categories and not node.own_papers:
            yield _not_a_leaf(paper, wanted, node)
        return
    line, col = paper.positions.of_value(("category",))
    suggestion = nearest(wanted, list(nodes))
    if suggestion is None:
        message = f"category {_show(wanted)} is not in the tree of {venue_slug(paper.path)}"
        yield Diagnostic(paper.path, line, col, ID, Severity.ERROR, message)
        return
    fix = flow_list(list(suggestion))
    if _joined(wanted) == _joined(suggestion):
        # [Systems / Storage]: one name where the tree has two levels.
        message = f"category {_show(wanted)} is one name; each level is its own item: write {fix}"
    else:
        message = (
            f"category {_show(wanted)} is not in the venue's tree; did you mean "
            f"{_show(suggestion)}? (a new category is added to the venue file)"
        )
    yield Diagnostic(paper.path, line, col, ID, Severity.ERROR, message, fix)


def _not_a_leaf(paper: Located[Paper], wanted: Path, node: Category) -> Diagnostic:
    line, col = paper.positions.of_value(("category",))
    names = [child.name for child in node.categories]
    shown = ", ".join(names[:_SHOWN]) + (", ..." if len(names) > _SHOWN else "")
    example = flow_list([*wanted, names[0]])
    if len(names) == 1:  # nothing to choose: the fix is exact
        message = f"{_show(wanted)} has a category, so a paper names it too: write {example}"
        return Diagnostic(paper.path, line, col, ID, Severity.ERROR, message, example)
    message = (
        f"{_show(wanted)} has categories ({shown}): name the one this paper belongs to, "
        f"as in {example}"
    )
    return Diagnostic(paper.path, line, col, ID, Severity.ERROR, message)


# The venue's nodes by path, for the last venue asked about: papers come venue by
# venue, and walking the tree again for each of 50,000 papers showed in profiles.
_last: tuple[Venue, dict[Path, Category]] | None = None


def _known(venue: Venue) -> dict[Path, Category]:
    global _last
    if _last is None or _last[0] is not venue:
        _last = (venue, dict(walk(venue.areas)))
    return _last[1]


def nearest(wanted: Sequence[str], known: Sequence[Path]) -> Path | None:
    """The path a contributor most likely meant: ``check`` and ``paperbot add`` both ask
    this, so one typo gets one suggestion. ``wanted`` may name fewer levels than the
    tree has (``add --category "LLM Inference"``), and a level may hold slashes
    ("Area / Category" written as one name): it is compared with the last levels of
    each path, as text, ignoring case, spacing and punctuation."""
    text = _joined(wanted)
    levels = len(text.split(" / "))
    same = [path for path in known if _joined(path).casefold() == text.casefold()]
    if len(same) == 1:
        return same[0]
    # Only the last name given is often enough: "LLM Inference" for the full path.
    leaf = " ".join(wanted[-1].split()).casefold() if wanted else ""
    by_leaf = [path for path in known if " ".join(path[-1].split()).casefold() == leaf]
    if len(by_leaf) == 1:
        return by_leaf[0]
    from rapidfuzz import fuzz, utils  # loaded for a suggestion, not for --help

    best: Path | None = None
    best_score = 60.0  # below this, nothing is near enough to suggest
    for path in known:
        full = _joined(path)
        tail = " / ".join(full.split(" / ")[-levels:])
        # The plain edit distance: scorers that match parts of the text (WRatio) find
        # "LLM Training" in a path as near as "LLM Inference" to "LLM Inferense".
        score = max(
            fuzz.ratio(text, tail, processor=utils.default_process),
            fuzz.ratio(text, full, processor=utils.default_process),
        )
        if score > best_score:
            best, best_score = path, score
    return best


def joined(path: Sequence[str]) -> str:
    """A path as one text, spacing and slashes made alike (`A/B` and `A / B`)."""
    return _joined(path)


def _joined(path: Sequence[str]) -> str:
    return _SLASH.sub(" / ", " / ".join(" ".join(name.split()) for name in path))


def _show(path: Sequence[str]) -> str:
    return "'" + " / ".join(path) + "'"
