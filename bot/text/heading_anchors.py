"""The anchors GitHub gives a Markdown file's headings, so a table of contents can link them.

GitHub lowercases the heading's text, drops every character that is not a letter, a mark,
a number, '_', '-' or a space, and turns each space into '-'; a heading whose anchor is
already taken gets '-1', '-2', ... (the rule of its github-slugger, which README
previews and the tests here follow)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

_KEPT = ("L", "M", "N")


def github_slug(text: str) -> str:
    """A heading text's anchor before it is made unique."""
    kept = (ch for ch in text.lower() if ch in "-_ " or unicodedata.category(ch).startswith(_KEPT))
    return "".join(kept).replace(" ", "-")


@dataclass
class Slugger:
    """Unique anchors for the headings of one file, in the order they appear."""

    taken: dict[str, int] = field(default_factory=dict)

    def anchor(self, text: str) -> str:
        base = result = github_slug(text)
        while result in self.taken:
            self.taken[base] += 1
            result = f"{base}-{self.taken[base]}"
        self.taken[result] = 0
        return result


@dataclass(frozen=True)
class Heading:
    line: int  # 0-based, the line the heading starts on
    level: int
    text: str  # as a reader sees it: markup gone, entities decoded
    anchor: str


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # GitHub's Markdown is CommonMark with extensions that make no headings.
    return MarkdownIt("commonmark")


def headings(markdown: str) -> list[Heading]:
    """Every heading of a Markdown file with its GitHub anchor."""
    slugger = Slugger()
    found = []
    tokens = _parser().parse(markdown)
    for at, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = "".join(_plain(tokens[at + 1].children or []))
        line = token.map[0] if token.map else 0
        found.append(Heading(line, int(token.tag[1]), text, slugger.anchor(text)))
    return found


def _plain(children: list[Token]) -> Iterator[str]:
    for child in children:
        if child.type in ("text", "code_inline"):
            yield child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield " "
        elif child.type == "image":
            yield from _plain(child.children or [])
