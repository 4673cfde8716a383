"""One paper the repository lists already, and the same paper as a page lists it: what
the page adds to the entry, or the field where the two disagree.

Lists (links, affiliations, awards, notes) grow by what the entry lacks; a field that
holds one value (title, category, title link, text after the links) is a conflict when
both say something different, and then nothing is written for that paper: the curator
decides. Where the page puts the paper (position, spacing) is the entry's to keep.
The entry file is rewritten through ruamel's round trip, so every comment stays.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from bot.files.canonical import MODELINE, canonical_text, comments_in
from bot.files.yaml_roundtrip import parse, to_plain
from bot.model.entries import Paper
from bot.model.positions import Loc

# The fields that hold one value; the lists are merged.
SINGLE = ("title", "category", "title_url", "suffix")


@dataclass(frozen=True)
class Added:
    loc: Loc  # where the value stands in the merged entry: ("links", 2)
    what: str  # "link Code https://…", for the report


@dataclass(frozen=True)
class Conflict:
    loc: Loc  # where the entry holds its value: ("title",), ("links", 1, "kind")
    existing: object
    page: object


@dataclass(frozen=True)
class PaperMerge:
    merged: Paper
    added: list[Added]
    conflicts: list[Conflict]


def merge_paper(existing: Paper, page: Paper) -> PaperMerge:
    """``existing`` with what ``page`` adds; conflicts where one field differs."""
    conflicts = []
    update: dict[str, Any] = {}
    added: list[Added] = []
    for name in SINGLE:
        mine, theirs = getattr(existing, name), getattr(page, name)
        if theirs is None or theirs == mine:
            continue
        if mine is None:
            update[name] = theirs
            added.append(Added((name,), f"{name.replace('_', ' ')} {theirs}"))
        else:
            conflicts.append(Conflict((name,), mine, theirs))
    links = list(existing.links)
    at = {link.url: n for n, link in enumerate(links)}
    for link in page.links:
        if link.url not in at:
            at[link.url] = len(links)
            added.append(Added(("links", len(links), "url"), f"link {link.kind} {link.url}"))
            links.append(link)
        elif links[at[link.url]].kind != link.kind:
            # One link named two ways: which label readers see is the curator's call.
            kind = links[at[link.url]].kind
            conflicts.append(Conflict(("links", at[link.url], "kind"), kind, link.kind))
    for name in ("affiliations", "awards"):
        values: list[str] = list(getattr(existing, name))
        for value in getattr(page, name):
            if value not in values:
                added.append(Added((name, len(values)), f"{name[:-1]} {value}"))
                values.append(value)
        update[name] = values
    notes = list(existing.notes)
    have = _groups(existing.notes)
    for group in _groups(page.notes):
        if group not in have:
            # Say the note itself; blank lines and deeper lines come with it.
            index = len(notes) + next((n for n, line in enumerate(group) if line), 0)
            added.append(Added(("notes", index), f"note {next((x for x in group if x), '')}"))
            notes += group
    update.update(links=links, notes=notes)
    return PaperMerge(existing.model_copy(update=update), added, conflicts)


def _groups(notes: list[str]) -> list[tuple[str, ...]]:
    """Notes as a page nests them: blank lines before a note, the note, its deeper lines."""
    groups: list[list[str]] = []
    pending: list[str] = []
    for note in notes:
        if note.startswith(" ") and groups and not pending:
            groups[-1].append(note)  # a deeper line belongs to the note above it
        elif not note:
            pending.append(note)
        else:
            groups.append([*pending, note])
            pending = []
    if pending:
        groups.append(pending)
    return [tuple(group) for group in groups]


class LostComment(Exception):
    """The rewrite would drop a comment: nothing is written."""


def rewrite(old: str, merged: Paper, depth: int = 2) -> str:
    """The entry file ``old`` with the merged values, comments kept where they stand."""
    doc = parse(old)
    plain, _ = to_plain(doc)
    # A merge only adds: no key of the file goes, and unchanged ones are not touched.
    for key, value in merged.model_dump(exclude_defaults=True).items():
        if plain.get(key) == value:
            continue
        old_value = doc.get(key)
        if isinstance(old_value, list) and isinstance(value, list) and len(value) >= len(old_value):
            # Only append: the items already there keep their comments.
            old_value.extend(value[len(old_value) :])
        else:
            doc[key] = value
    text = canonical_text(doc, Paper, depth)
    lost = Counter(comments_in(old)) - Counter(comments_in(text))
    if any(not comment.startswith(MODELINE) for comment in lost):
        raise LostComment(next(iter(lost)))
    return text


def lines_of(text: str, added: list[Added]) -> list[int]:
    """The line each added value stands on in the rewritten ``text``."""
    _, positions = to_plain(parse(text))
    return [positions.of_value(item.loc)[0] for item in added]
