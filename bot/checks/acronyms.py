"""Acronyms the curators write are defined, and every glossary term is used.

Defined means: in the venue's or the shared glossary (or an Acronyms section the
import kept as written, in whatever list form), among paperbot's well-known terms as
paperbot.yaml's ``acronyms`` extends or narrows them, or spelled out as in "Large
Language Models (LLMs)" in a heading above the text or anywhere in the same paper's
title and notes. Singular and plural are one term. Words in bold or directly before
': ' are names (``**vLLM**``, "SGLang: ..."), for the whole paper. Area and category
names and notes are the curators' words: an undefined acronym there is an error. Titles
are the authors' words: the system name before the colon is never looked at, and an
undefined acronym after it is only a notice. Affiliations and awards are names, not
prose, and are not checked.

With ``--changed-since``, notes and titles are checked for the selected papers only;
a venue's names and glossary are checked when all its papers are selected (its venue
file, the shared glossary or paperbot.yaml changed, or every entry is checked), so a
new paper is not blamed for what its venue file already held.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from bot.checks.context import Context
from bot.files.value_positions import Sources
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Category, Glossary, Paper, Venue
from bot.model.places import CONFIG_FILE, GLOSSARY_FILE
from bot.model.positions import Loc
from bot.model.venue_tree import paths, walk
from bot.text.acronym_words import (
    SystemNames,
    Token,
    after_system_name,
    find_acronyms,
    first_uses,
    inline_definitions,
    names_in,
    singular,
    verbatim_glossary,
    with_singulars,
)

ID = "acronyms"
SCOPE: Final = "corpus"
SUMMARY = "acronyms in names and notes are defined; glossary terms are used"
FILES: Final = frozenset({"paper", "venue", "glossary"})
# The category's names and the glossaries define acronyms: without them, false alarms.
NEEDS: Final[frozenset[str]] = frozenset({"category", "venue", "glossary"})


@dataclass(frozen=True)
class _Scope:
    """What one venue's texts are checked against."""

    venue: Located[Venue]
    known: frozenset[str]  # glossary terms (venue and shared) and allowed terms
    names: SystemNames  # of every paper in the corpus, which any text may mention
    sources: Sources

    def undefined(self, text: str, start: int, defined: AbstractSet[str]) -> Iterator[Token]:
        defined = defined | inline_definitions(text)
        for token in find_acronyms(text, start):
            written = {token.text, token.term}
            if not written & (self.known | defined) and not self.names.covers(text, token):
                yield token

    def report(
        self, located: Located[Venue] | Located[Paper], loc: Loc, text: str, token: Token,
        severity: Severity, where: str,
    ) -> Diagnostic:  # fmt: skip
        line, column = self.sources.locate(
            located.path, located.positions.of_value(loc), text, token.start
        )
        return Diagnostic(located.path, line, column, ID, severity, _message(token, where, located))


def _message(token: Token, where: str, located: Located[Venue] | Located[Paper]) -> str:
    """What to do, for whom: a contributor spells a term out where it is used (the bot
    cannot know what it stands for); a glossary is the maintainers' (CONTRIBUTING: a
    paper's pull request touches one file), and a title stays as its authors wrote it."""
    written, term = token.text, token.term
    glossary = f"glossary: in {located.path}, or in entries/{GLOSSARY_FILE}"
    if isinstance(located.model, Venue):
        return (
            f"{written!r} is not defined: spell it out in the name, as '<what {term} stands "
            f"for> ({written})', or add '{term}: <expansion>' to {glossary}"
        )
    if where:
        return (
            f"{written!r}{where} is not defined: the title stays as its authors wrote it; "
            f"maintainers may add {term} to the venue's glossary (or to acronyms.allow in "
            f"{CONFIG_FILE})"
        )
    return (
        f"{written!r} is not defined: write it out where it is used, as '<what {term} stands "
        f"for> ({written})'; maintainers may add {term} to the venue's glossary instead"
    )


def check(ctx: Context) -> Iterator[Diagnostic]:
    corpus = ctx.corpus
    shared = corpus.shared_glossary()
    allowed = ctx.config.acronyms.allowed()
    table = ctx.table
    # Every paper's system name may be mentioned anywhere (its acronyms: the key table's).
    names = SystemNames(())
    names.add(zip(table.titles, table.terms, strict=True))
    selected = {paper.path for paper in ctx.selected}
    sources = Sources(corpus.root)
    everything: list[str] = []  # every venue's texts, for the shared glossary
    shared_check = corpus.glossary is not None and len(selected) == len(table)
    for data in corpus.venues.values():
        if data.venue is None:
            continue  # its load error is reported; there is no glossary to check against
        venue = data.venue.model
        known = allowed | shared.keys() | venue.glossary.keys() | _kept_glossary(venue)
        scope = _Scope(data.venue, with_singulars(known), names, sources)
        whole = len(data.papers) == table.venue_size(data.slug) and all(
            paper.path in selected for paper in data.papers
        )
        # Only scanned when needed: a one-paper PR skips the texts of 50,000 papers.
        texts = _texts(venue, data.papers) if whole or shared_check else []
        everything += texts
        if whole:
            yield from _tree(scope, venue.areas, ("areas",), set())
            yield from _unused(data.venue, texts, venue.name)
        for paper in data.papers:
            if paper.path in selected:
                yield from _paper(scope, paper)
    if corpus.glossary is not None and shared_check:
        yield from _unused(corpus.glossary, everything, "any venue")


def _tree(
    scope: _Scope, nodes: Sequence[Category], loc: Loc, above: set[str]
) -> Iterator[Diagnostic]:
    # A heading's own "(LLMs)" defines LLM for itself and for everything below it.
    for index, node in enumerate(nodes):
        here = above | inline_definitions(node.name)
        name_loc = (*loc, index, "name")
        for token in scope.undefined(node.name, 0, here):
            yield scope.report(scope.venue, name_loc, node.name, token, Severity.ERROR, "")
        yield from _tree(scope, node.categories, (*loc, index, "categories"), here)


def _paper(scope: _Scope, paper: Located[Paper]) -> Iterator[Diagnostic]:
    model = paper.model
    # What the paper's own words define or name counts for all of them: "deep learning
    # training (DLT)" in one note defines the DLT of the next.
    own = [model.title, *model.notes]
    above = _defined_above(tuple(model.category)).union(
        *(inline_definitions(text) | names_in(text) for text in own)
    )
    title_start = after_system_name(model.title)
    for token in scope.undefined(model.title, title_start, above):
        yield scope.report(paper, ("title",), model.title, token, Severity.NOTICE, " in the title")
    for index, note in enumerate(model.notes):
        for token in scope.undefined(note, 0, above):
            yield scope.report(paper, ("notes", index), note, token, Severity.ERROR, "")


@lru_cache(maxsize=4096)  # papers share their categories: each path is read once
def _defined_above(category: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(inline_definitions(name) for name in category))


def _kept_glossary(venue: Venue) -> set[str]:
    """Terms an Acronyms section defines that the import kept as written (the page's
    list was not '* TERM: text' bullets): still the venue's glossary for a reader."""
    kept = [*(venue.preamble or ()), *(venue.header or ()), *(venue.appendix or ())]
    return verbatim_glossary([*kept, *(venue.footer or ())])


def _texts(venue: Venue, papers: Sequence[Located[Paper]]) -> list[str]:
    """The words the page scans for glossary uses (papers outside the tree are not shown)."""
    shown = set(paths(venue))
    texts = [node.name for _, node in walk(venue.areas)]
    for paper in papers:
        if tuple(paper.model.category) in shown:
            texts += [paper.model.title, *paper.model.notes]
    return texts


def _unused(
    owner: Located[Venue] | Located[Glossary], texts: list[str], where: str
) -> Iterator[Diagnostic]:
    # The same matching as the page's Acronyms section: unused here means not listed there.
    used = set(first_uses(texts, with_singulars(owner.model.glossary)))
    for term in owner.model.glossary:
        if term not in used and singular(term) not in used:  # "IMIs" listed, "IMI" used
            line, column = owner.positions.of_key(("glossary", term))
            message = (
                f"glossary term {term!r} is not used by any area, category, title or note of "
                f"{where}: remove it (the page lists only the terms it uses)"
            )
            yield Diagnostic(owner.path, line, column, ID, Severity.WARNING, message)
