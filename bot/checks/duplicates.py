"""No paper is listed twice: the same arXiv id, DOI, paper page or title as another entry.

Each selected paper is compared with every paper of the corpus through indexes
(identities and normalised titles in dicts, near-equal titles through blocks),
never pair by pair. A full check reports each pair on each of its papers, naming
the other file (and, for a shared identifier, the other title). A pull request's
check reports a pair once: on the paper the pull request changed when it changed one
of the two (the other is selected only because its venue file changed, say), else on
the later path.

Severity follows the venue's identity, not its folder (``bot/text/venue_names.py``:
the venue file's name and year): the same paper in two folders of one venue is an
error, as in one folder; in two venues (a workshop and a conference version) it is a
warning, as it may be intended. An identifier shared by two clearly different titles
(``identity.mismatch``, the arXiv title check's measure) is told as such: one paper
listed twice, or one of the two links copied from the wrong paper.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from bot.checks.context import Context
from bot.checks.identity import mismatch
from bot.checks.key_table import Ids
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Paper
from bot.model.places import venue_slug
from bot.text.titles import TitleIndex, system_name
from bot.text.venue_names import venue_identity

ID = "duplicates"
SCOPE: Final = "corpus"
SUMMARY = "no paper is listed twice (same arXiv id, DOI, paper page or title)"
FILES: Final = frozenset({"paper"})
# Without a title it still compares the links.
NEEDS: Final[frozenset[str]] = frozenset()

# Up to this many selected papers (a pull request), each is scored against every title
# in C instead of building the blocks of the whole corpus first: the same pairs come out.
FEW = 32
# A pull request of 3,000 copies of one paper must not be told 9 million times (nor
# make them): each paper lists its PER_PAPER strongest matches and counts the rest, the
# whole check lists at most TOTAL, and each kind of evidence is followed to at most
# SCAN other papers (the title index stops once a title has SCAN near ones).
PER_PAPER = 5
TOTAL = 500
SCAN = 64


@dataclass(frozen=True)
class Finding:
    rank: int  # 0 identity, 1 equal titles, 2 near-equal titles: the strongest is reported
    loc: tuple[str | int, ...]  # where, in the selected paper
    other_loc: tuple[str | int, ...]  # where, in the other paper
    why: str
    shown: str = ""  # the identifier both papers link (rank 0), as a message shows it


@dataclass(frozen=True)
class Matches:
    """A selected paper's strongest matches, and how many more there are (at least)."""

    paper: Located[Paper]
    listed: list[tuple[Located[Paper], Finding]]
    more: int
    at_least: bool  # a scan stopped at its bound: there may be more still


def check(ctx: Context) -> Iterator[Diagnostic]:
    found = list(_matches(ctx))
    venues = Venues(ctx)
    cutoff = ctx.config.identity.min_title_score  # "clearly different titles"
    pairs = {(m.paper.path, other.path) for m in found for other, _ in m.listed}
    told = left = 0
    for m in found:
        for other, finding in m.listed:
            if (other.path, m.paper.path) in pairs and not _told(
                m.paper.path, other.path, ctx.changed
            ):
                continue  # the other paper is told
            if told == TOTAL:
                left += 1
                continue
            told += 1
            yield _diagnostic(m.paper, other, finding, venues, cutoff)
        if m.more and told < TOTAL:
            told += 1
            yield _more(m)
    if left:
        yield _stopped(found[-1].paper, left)


def _more(m: Matches) -> Diagnostic:
    line, col = m.paper.positions.of_value(("title",))
    count = f"at least {m.more}" if m.at_least else str(m.more)
    message = (
        f"{count} more papers may be the same as this one: only the {len(m.listed)} "
        "strongest matches are listed"
    )
    return Diagnostic(m.paper.path, line, col, ID, Severity.NOTICE, message)


def _stopped(paper: Located[Paper], left: int) -> Diagnostic:
    line, col = paper.positions.of_value(("title",))
    message = (
        f"the duplicates check lists at most {TOTAL} matches: {left} more are not listed "
        "(run 'paperbot check' on fewer files to see them)"
    )
    return Diagnostic(paper.path, line, col, ID, Severity.NOTICE, message)


def _told(mine: str, theirs: str, changed: frozenset[str] | None) -> bool:
    """Whether a pair found from both of its papers is reported on ``mine``."""
    if changed is None:
        return True  # a full check: each paper is told of its duplicates
    if (mine in changed) != (theirs in changed):
        return mine in changed  # the one the pull request changed
    return mine > theirs


def matches(ctx: Context) -> Iterator[tuple[Located[Paper], Located[Paper], Finding]]:
    """(selected paper, other paper, why) for each pair listed; ``paperbot add`` asks this."""
    for m in _matches(ctx):
        for other, finding in m.listed:
            yield m.paper, other, finding


def _matches(ctx: Context) -> Iterator[Matches]:
    """Each selected paper that matches another, with its strongest matches."""
    table = ctx.table
    paths = table.paths
    where = {path: i for i, path in enumerate(paths)}
    # Only the keys the selected papers carry can match (a pull request: a few).
    wanted = {key for p in ctx.selected for key in table.ids[where[p.path]][1::2]}
    identities = _identities(table.ids, wanted)
    titles = table.norm
    system_names = table.name
    same_title: defaultdict[str, list[int]] = defaultdict(list)
    for i, title in enumerate(titles):
        same_title[title].append(i)
    index = TitleIndex(titles, table.signatures, blocks=len(ctx.selected) > FEW, enough=SCAN)
    cutoff = ctx.config.duplicates.near_title_score
    # Every paper selected (a full check): each pair scored once for the whole corpus.
    near = index.pairs(cutoff) if len(ctx.selected) == len(paths) > FEW else None
    # A full check: most papers share nothing with any other, and are passed over.
    involved = None if near is None else _involved(near, identities, same_title)
    for paper in ctx.selected:
        i = where[paper.path]
        if involved is not None and i not in involved:
            continue
        found: dict[int, Finding] = {}
        at_least = False
        for link_no, key, shown in table.links(i):
            holders = identities[key]
            at_least = at_least or len(holders) > SCAN
            for j, other_no in holders[:SCAN]:
                if j == i:
                    continue  # the paper's own link (pop(i) below would drop it)
                loc, other = ("links", link_no, "url"), ("links", other_no, "url")
                _keep(found, j, Finding(0, loc, other, f"both link {shown}", shown))
        # A title of punctuation only normalises to nothing: no evidence either way.
        same = same_title[titles[i]] if titles[i] else []
        at_least = at_least or len(same) > SCAN
        for j in same[:SCAN]:
            if j != i:  # every title is its own: no Finding built to be dropped
                _keep(found, j, Finding(1, ("title",), ("title",), "the same title"))
        names = system_names[i]
        close = list(index.near(i, cutoff) if near is None else near.get(i, ()))
        at_least = at_least or len(close) >= SCAN  # the index stopped at its bound
        for j, score in close:
            other_names = system_names[j]
            if names and other_names and names != other_names:
                continue  # "FlashX-2: ..." and "FlashX-3: ..." are two papers
            why = f"titles {score:.1f}% alike (from {cutoff:g}%): '{table.titles[j]}'"
            _keep(found, j, Finding(2, ("title",), ("title",), why))
        found.pop(i, None)
        if not found:
            continue
        strongest = sorted(found, key=lambda j: (found[j].rank, paths[j]))[:PER_PAPER]
        listed = [(table.paper(j), found[j]) for j in sorted(strongest, key=paths.__getitem__)]
        yield Matches(paper, listed, len(found) - len(listed), at_least)


def _involved(
    near: dict[int, list[tuple[int, float]]],
    identities: dict[str, list[tuple[int, int]]],
    same_title: dict[str, list[int]],
) -> set[int]:
    """The papers that share an identity key or a title with another, or have a near title."""
    found = set(near)
    for holders in identities.values():
        if len(holders) > 1:
            found.update(i for i, _ in holders)
    for same in same_title.values():
        if len(same) > 1:
            found.update(same)
    return found


def _keep(found: dict[int, Finding], j: int, finding: Finding) -> None:
    if j not in found or finding.rank < found[j].rank:
        found[j] = finding


class Venues:
    """Each venue folder's identity and name, worked out once per run (venue files are
    loaded on every run, a pull request's too)."""

    def __init__(self, ctx: Context) -> None:
        self.names: dict[str, str] = {}
        self.identities: dict[str, tuple[str, str, str]] = {}
        for slug, data in ctx.corpus.venues.items():
            name = data.venue.model.name if data.venue is not None else None
            self.identities[slug] = venue_identity(name, slug)
            if name is not None:
                self.names[slug] = name

    def same(self, one: str, other: str) -> bool:
        """Whether two folders hold one venue; a folder without a venue file that loaded
        is a venue of its own."""
        if one == other:
            return True
        return self.identity(one) == self.identity(other)

    def identity(self, slug: str) -> tuple[str, str, str]:
        return self.identities.get(slug) or venue_identity(None, slug)


def _diagnostic(
    paper: Located[Paper], other: Located[Paper], f: Finding, venues: Venues, cutoff: float
) -> Diagnostic:
    line, col = paper.positions.of_value(f.loc)
    other_line = other.positions.of_value(f.other_loc)[0]
    there = f"{other.path}:{other_line}"
    if f.rank == 0 and other.model.title:  # the titles differ, or may: name the other
        title = other.model.title
        there += f" ('{title[:57]}...')" if len(title) > 60 else f" ('{title}')"
    venue, other_venue = venue_slug(paper.path), venue_slug(other.path)
    same_venue = venues.same(venue, other_venue)
    if f.rank == 2:
        severity, message = Severity.WARNING, f"possibly the same paper as {there}: {f.why}"
    elif f.rank == 0 and _titles_differ(paper.model, other.model, cutoff):
        severity = Severity.ERROR if same_venue else Severity.WARNING
        message = _shared_identifier(f.shown, there, same_venue)
    elif venue == other_venue:
        severity, message = Severity.ERROR, f"the same paper as {there}: {f.why}"
    elif same_venue:
        severity = Severity.ERROR
        name = venues.names.get(venue, venue)
        message = (
            f"the same paper as {there}: {f.why}, in another folder of the venue {name}: keep one"
        )
    else:
        severity = Severity.WARNING
        message = (
            f"also listed in {other_venue} ({there}: {f.why}); a workshop and a conference "
            "version may both belong, otherwise keep one"
        )
    return Diagnostic(paper.path, line, col, ID, severity, message)


def _titles_differ(paper: Paper, other: Paper, cutoff: float) -> bool:
    """Two titles that share little: the arXiv title check's measure (a subtitle added or
    dropped, a word changed between versions still count as one title). One system name
    ("XGrammar: ...") is one system, however its subtitle changed."""
    if not paper.title or not other.title:
        return False  # a paper loaded without its title: no evidence either way
    name = system_name(paper.title)
    if name and name == system_name(other.title):
        return False
    return mismatch(paper.title, other.title, cutoff) is not None


def _shared_identifier(shown: str, there: str, same_venue: bool) -> str:
    """Two clearly different titles behind one identifier: the same paper listed twice
    (retitled), or one link copied from the wrong paper. Only the curator can tell."""
    if same_venue:
        return (
            f"{shown} is linked by {there} too, under another title: if both are one paper "
            "keep one file, else correct the wrong link"
        )
    return (
        f"{shown} is linked by {there} too, under another title: both versions may belong, "
        "else one link is wrong"
    )


def _identities(ids: list[Ids], wanted: set[int | str]) -> defaultdict[str, list[tuple[int, int]]]:
    """Identity key (of those ``wanted``) -> (paper, link) pairs that carry it."""
    index: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, flat in enumerate(ids):
        for at in range(1, len(flat), 2):
            if flat[at] in wanted:
                index[str(flat[at])].append((i, int(flat[at - 1])))
    return index
