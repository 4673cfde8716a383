"""An arXiv link points at the paper the entry names (only with ``--links``).

A link to the wrong preprint (a neighbouring id, a copy-paste slip) answers 200,
so no link checker sees it; comparing arXiv's title with the entry's does. Titles
are compared as the duplicates check compares them, and leniently: a venue's
camera-ready title often drops or adds a subtitle, and a false alarm costs the
maintainers' trust, so only titles that share little are reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from bot.checks.context import Context
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Paper
from bot.text.identifiers import ArxivId, MalformedIdentifier, arxiv_from_url
from bot.text.titles import normalize_title, system_name

ID = "identity"
SCOPE: Final = "entry"
SUMMARY = "arXiv links lead to the paper of the entry's title (with --links)"
FILES: Final = frozenset({"paper"})
NEEDS: Final[frozenset[str]] = frozenset({"title"})


def check(paper: Located[Paper], ctx: Context) -> Iterator[Diagnostic]:
    if ctx.arxiv_titles is None:
        return  # titles were not fetched in this run (offline, or arXiv unreachable)
    cutoff = ctx.config.identity.min_title_score
    for index, found in linked_ids(paper.model):
        theirs = ctx.arxiv_titles.get(found.id)
        if theirs is None:
            continue  # arXiv does not know the id: the link itself is what is broken
        why = mismatch(paper.model.title, theirs, cutoff)
        if why is None:
            continue
        line, col = paper.positions.of_value(("links", index, "url"))
        message = (
            f"arXiv {found.id} is titled '{theirs}', but this entry is "
            f"'{paper.model.title}' ({why}): is the link to another paper?"
        )
        yield Diagnostic(paper.path, line, col, ID, Severity.WARNING, message)


def linked_ids(paper: Paper) -> Iterator[tuple[int, ArxivId]]:
    """(link number, arXiv id) for every link to a paper on arXiv."""
    for index, link in enumerate(paper.links):
        try:
            found = arxiv_from_url(link.url)
        except MalformedIdentifier:
            continue  # the url check reports it
        if found is not None:
            yield index, found


def mismatch(ours: str, theirs: str, cutoff: float) -> str | None:
    """Why two titles name different papers, or None when they may name the same one."""
    a, b = normalize_title(ours), normalize_title(theirs)
    if not a or not b:
        return None  # a title of punctuation only: no evidence either way
    names = system_name(ours), system_name(theirs)
    if names[0] and names[1] and names[0] != names[1]:
        return "another system name"  # "FlashX-2: ..." and "FlashX-3: ..." are two papers
    # token_set_ratio: a title that only adds or drops a subtitle still scores high.
    from rapidfuzz import fuzz  # loaded when titles are compared, not for --help

    score = max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b))
    return f"{score:.0f}% alike, below {cutoff:g}%" if score < cutoff else None
