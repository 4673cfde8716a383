"""The bullets of one area and how a bullet's text splits into title, links and the rest.

Kept apart from ``importer`` so the reading of a single bullet can be tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# A URL may hold balanced parentheses (Wikipedia-style URLs); markdown ends the link at
# the first unbalanced ')'.
_URL = r"((?:[^\s()]|\([^\s()]*\))+)"
_LINK = re.compile(r" \\\[\[([^\]]+)\]\(" + _URL + r"\)\]")
_TITLE_LINK = re.compile(r"^\[((?:\\.|[^\]\\])+)\]\(" + _URL + r"\)")
_BULLET = re.compile(r"^( *)\*(?: (.*))?$")  # an empty bullet ('*' alone) is one too
_AWARD = re.compile(r"^\*\*[^*]+\*\*$")
# Category names are short labels; a bullet without links that reads like a title
# (a colon after the system name, or many words) is a paper still waiting for links.
_TITLE_WORDS = 6


class TreeProblem(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Bullet:
    text: str
    line: int  # 1-based
    indent: int
    raw: str
    blank_before: int = 0
    children: list[Bullet] = field(default_factory=list)
    plain: bool = False  # an indented line that is no '* ' bullet ('1. step', a wrapped line)
    mark: str | None = None  # 'paper' or 'category': the page's own marker (page_marks)

    def descendants(self) -> Iterator[Bullet]:
        for child in self.children:
            yield child
            yield from child.descendants()


@dataclass(frozen=True)
class Head:
    title: str
    title_url: str | None
    links: list[tuple[str, str]]
    suffix: str


def bullet_tree(
    lines: Sequence[str], start: int, end: int, marks: Mapping[int, str] | None = None
) -> list[Bullet]:
    """The bullets of ``lines[start:end]`` nested by indentation; blank lines are counted
    on the bullet that follows them (the first blank line after a heading is the
    separator every page has). ``marks``: the page's markers by 1-based line."""
    roots: list[Bullet] = []
    stack: list[Bullet] = []
    blank = 0
    seen = False
    for n in range(start, end):
        line = lines[n]
        if not line.strip():
            blank += 1
            continue
        match = _BULLET.match(line)
        before = blank if seen else max(blank - 1, 0)
        if match:
            bullet = Bullet(match.group(2) or "", n + 1, len(match.group(1)), line, before)
            bullet.mark = (marks or {}).get(n + 1)
        elif stack and line.startswith(" "):
            # Kept as written under the bullet above it (numbered steps inside notes);
            # the importer refuses it where a paper or category would have to be.
            indent = len(line) - len(line.lstrip(" "))
            bullet = Bullet(line.strip(), n + 1, indent, line, before, plain=True)
        else:
            raise TreeProblem(f"expected a bullet: {line!r}", n + 1)
        indent = bullet.indent
        blank, seen = 0, True
        while stack and stack[-1].indent >= indent:
            stack.pop()
        (stack[-1].children if stack else roots).append(bullet)
        stack.append(bullet)
    return roots


@lru_cache(maxsize=256)  # the reader asks about one bullet several times in a row
def head_of(text: str) -> Head:
    """Title (or title link), the trailing ``\\[[label](url)]`` links, and any text after."""
    title_url = None
    titled = _TITLE_LINK.match(text)
    if titled:
        title, title_url, pos = titled.group(1), titled.group(2), titled.end()
    else:
        first = _LINK.search(text)
        pos = first.start() if first else len(text)
        title = text[:pos]
    links = []
    while (link := _LINK.match(text, pos)) is not None:
        links.append((link.group(1), link.group(2)))
        pos = link.end()
    return Head(title, title_url, links, text[pos:])


def is_linked(bullet: Bullet) -> bool:
    head = head_of(bullet.text)
    return bool(head.links or head.title_url)


def _has_linked_descendant(bullet: Bullet) -> bool:
    return any(is_linked(b) for b in bullet.descendants())


def looks_like_paper(bullet: Bullet, siblings: Sequence[Bullet]) -> bool:
    """Whether ``bullet`` (one of ``siblings``) is a paper; see ``_verdict``."""
    return _verdict(bullet, siblings)[0]


def weak_guess(bullet: Bullet, siblings: Sequence[Bullet]) -> bool:
    """Whether ``looks_like_paper`` had to guess on weak evidence: the page is refused
    there rather than read one way that may be wrong, until the bullet is marked."""
    return not _verdict(bullet, siblings)[1]


def _verdict(bullet: Bullet, siblings: Sequence[Bullet]) -> tuple[bool, bool]:
    """(a paper?, on firm evidence?). The page's marker decides; else a bullet with links
    is a paper; one above a linked bullet is a category. Otherwise papers come before
    categories on a rendered page, so a bullet followed by a paper is one too; else what
    sits below it, what its siblings are, and then its wording decide (see ``ambiguous``)."""
    if bullet.mark is not None:
        return bullet.mark == "paper", True
    if is_linked(bullet):
        return True, True
    if _has_linked_descendant(bullet):
        return False, True
    later = siblings[[id(b) for b in siblings].index(id(bullet)) + 1 :]
    if any(is_linked(b) for b in later):
        return True, True
    children = bullet.children
    leaves = not any(c.children for c in children)
    if children:
        if _holds_paper_lines(bullet):
            return True, True  # affiliations or a bold award: what sits under a paper
        if leaves and any(_note_like(c.text) for c in children):
            # A sentence is never a paper's title: the lines are this paper's notes
            # (read as a category, its affiliation and notes became papers).
            return True, True
        if _holds_titles(bullet):
            return False, True  # titles below it: a category of papers still waiting for links
        if any(b is not bullet and _clearly_category(b) for b in siblings):
            return False, True  # a category among categories
        if not any(c.children or _reads_as_title(c.text) for c in children):
            return True, True  # short lines and nothing deeper: an affiliation and notes
        if leaves and not _reads_as_title(children[0].text) and any(map(is_linked, siblings)):
            return True, True  # among papers, a short line (its affiliation) and notes below
        # A short line and titles below it: one paper with an affiliation and notes, or a
        # category with its papers. The wording of one line is too little to tell.
        return _reads_as_title(bullet.text), not leaves
    if any(_clearly_category(b) for b in siblings):
        return False, True  # an empty category among categories
    if bullet.indent > 0:
        return True, True  # below a category bullet, a bare line is one of its papers
    return _reads_as_title(bullet.text), True


def _note_like(text: str) -> bool:
    """A line written as prose: a sentence, a link inside it, a lowercase start."""
    words = text.split()
    return bool(words) and (
        (text.endswith(".") and not text.endswith(" al."))
        or words[0].islower()
        or "](" in text
        or "; " in text
    )


def _holds_titles(bullet: Bullet) -> bool:
    return bool(bullet.children) and all(_reads_as_title(c.text) for c in bullet.children)


def _holds_paper_lines(bullet: Bullet) -> bool:
    children = bullet.children
    return bool(children) and (
        " & " in children[0].text or any(_AWARD.match(c.text) for c in children)
    )


def _clearly_category(bullet: Bullet) -> bool:
    if is_linked(bullet):
        return False
    return _has_linked_descendant(bullet) or (
        _holds_titles(bullet) and not _holds_paper_lines(bullet)
    )


def ambiguous(bullet: Bullet) -> bool:
    """Nothing at or below this bullet has a link: whether it is a paper or a category
    was guessed from its shape, so the importer says which it chose."""
    return not is_linked(bullet) and not _has_linked_descendant(bullet)


def _reads_as_title(text: str) -> bool:
    return ": " in text or len(text.split()) > _TITLE_WORDS


def child_kinds(children: list[Bullet]) -> list[str]:
    """What each child bullet of a paper holds, in the order the renderer writes them."""
    kinds: list[str] = []
    noted = False  # once a note (or a deeper line, kept as one) is written, all are notes
    for index, child in enumerate(children):
        award = _AWARD.match(child.text)
        if index == 0 and not award and is_affiliation(child.text):
            kinds.append("affiliations")
        elif award and not noted and not child.children:
            kinds.append("awards")
        else:
            kinds.append("note")
        noted = noted or kinds[-1] == "note" or bool(child.children)
    return kinds


def is_affiliation(text: str) -> bool:
    return all(part == part.strip() and part for part in text.split(" & "))
