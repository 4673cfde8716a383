"""Markdown page -> venue and papers. The inverse of ``render.render_venue``.

The page is read line by line because the round trip must be exact to the
byte: a general Markdown parser normalises exactly what we must keep
(escapes, spacing, link forms).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.diagnostics import Diagnostic, Severity
from bot.models import Acceptance, Category, Paper, Venue
from bot.slugs import paper_slug, unique

T = TypeVar("T", bound=BaseModel)
CHECK = "import"
POSITION_STEP = 10  # gaps leave room to insert a paper between two without renumbering

_LINK = re.compile(r" \\\[\[([^\]]+)\]\(([^)\s]+)\)\]")
_BULLET = re.compile(r"^( *)\* (.*)$")
_META = re.compile(r"^(Homepage|Paper list): <(\S+)>$")
_RATE = re.compile(r"^\d+(?:\.\d+)?% \(= (\d+) / (\d+)\)$")
_BOLD = re.compile(r"^\*\*(.+)\*\*$")


@dataclass
class Imported:
    venue: Venue
    papers: dict[str, Paper]  # slug -> paper, in page order
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Bullet:
    text: str
    line: int
    children: list[_Bullet] = field(default_factory=list)


class ImportProblem(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def import_page(text: str, path: str) -> Imported:
    """Parse one page; what the page holds that the model cannot is reported, never dropped."""
    lines = text.split("\n")
    parser = _Parser(lines, path)
    try:
        return parser.run()
    except ImportProblem as exc:
        diag = Diagnostic(path, exc.line, 1, CHECK, Severity.ERROR, exc.message)
        return Imported(Venue(name="?"), {}, [diag])


class _Parser:
    def __init__(self, lines: list[str], path: str) -> None:
        self.lines = lines
        self.path = path
        self.i = 0
        self.fields: dict[str, object] = {}
        self.areas: list[Category] = []
        self.papers: dict[str, Paper] = {}
        self.glossary: dict[str, str] = {}

    def run(self) -> Imported:
        title = self._next_nonblank()
        if not title.startswith("# "):
            raise ImportProblem("a page starts with '# <venue name>'", self.i)
        self.fields["name"] = title[2:]
        section = ""
        while self.i < len(self.lines):
            line = self._next_nonblank()
            if line.startswith("## ") or (line.startswith("### ") and section != "Papers"):
                section = line.lstrip("#").strip()
                continue
            if section == "Meta Info":
                self._meta(line)
            elif section == "Acceptance Rate":
                self._rate(line)
            elif section == "Papers" and line.startswith("### "):
                self._area(line[4:])
            elif section == "Acronyms" and line.startswith("* "):
                term, _, definition = line[2:].partition(": ")
                self.glossary[term] = definition
            elif line:
                raise ImportProblem(f"unexpected line in section {section!r}: {line!r}", self.i)
        self.fields["areas"] = self.areas
        self.fields["glossary"] = self.glossary
        return Imported(_validated(Venue, self.fields, 1), self.papers)

    def _next_nonblank(self) -> str:
        while self.i < len(self.lines) and not self.lines[self.i].strip():
            self.i += 1
        if self.i >= len(self.lines):
            return ""
        self.i += 1
        return self.lines[self.i - 1]

    def _meta(self, line: str) -> None:
        match = _META.match(line)
        if not match:
            raise ImportProblem(f"unrecognised meta line: {line!r}", self.i)
        self.fields["homepage" if match.group(1) == "Homepage" else "paper_list"] = match.group(2)

    def _rate(self, line: str) -> None:
        match = _RATE.match(line)
        if not match:
            raise ImportProblem(f"unrecognised acceptance rate: {line!r}", self.i)
        fields = {"accepted": int(match.group(1)), "submitted": int(match.group(2))}
        self.fields["acceptance"] = _validated(Acceptance, fields, self.i)

    def _area(self, name: str) -> None:
        if any(area.name == name for area in self.areas):
            raise ImportProblem(f"area {name!r} appears twice", self.i)
        bullets = self._bullets()
        area_path = (name,)
        children = self._place(bullets, area_path)
        self.areas.append(_validated(Category, {"name": name, "categories": children}, self.i))

    def _bullets(self) -> list[_Bullet]:
        """The bullet tree up to the next heading."""
        roots: list[_Bullet] = []
        stack: list[tuple[int, _Bullet]] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.startswith("#"):
                break
            self.i += 1
            if not line.strip():
                continue
            match = _BULLET.match(line)
            if not match:
                raise ImportProblem(f"expected a bullet: {line!r}", self.i)
            depth = len(match.group(1))
            bullet = _Bullet(match.group(2), self.i)
            while stack and stack[-1][0] >= depth:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(bullet)
            stack.append((depth, bullet))
        return roots

    def _place(self, bullets: list[_Bullet], path: tuple[str, ...]) -> list[Category]:
        categories: list[Category] = []
        count = 0
        for bullet in bullets:
            if _LINK.search(bullet.text):
                count += 1
                self._paper(bullet, path, count * POSITION_STEP)
            else:
                if any(c.name == bullet.text for c in categories):
                    raise ImportProblem(f"category {bullet.text!r} appears twice", bullet.line)
                sub = self._place(bullet.children, (*path, bullet.text))
                fields = {"name": bullet.text, "categories": sub}
                categories.append(_validated(Category, fields, bullet.line))
        return categories

    def _paper(self, bullet: _Bullet, path: tuple[str, ...], position: int) -> None:
        first = _LINK.search(bullet.text)
        assert first is not None
        title = bullet.text[: first.start()]
        links = [{"kind": m.group(1), "url": m.group(2)} for m in _LINK.finditer(bullet.text)]
        fields: dict[str, object] = {
            "title": title,
            "category": list(path),
            "position": position,
            "links": links,
        }
        children = [child.text for child in bullet.children]
        if children and not _BOLD.match(children[0]):
            fields["affiliations"] = children.pop(0).split(" & ")
        awards = []
        while children and _BOLD.match(children[0]):
            awards.append(_BOLD.match(children.pop(0)).group(1))  # type: ignore[union-attr]
        fields["awards"] = awards
        fields["notes"] = children
        slug = unique(paper_slug(title), self.papers)
        self.papers[slug] = _validated(Paper, fields, bullet.line)


def _validated(model: type[T], fields: Mapping[str, object], line: int) -> T:
    """The model, or an ImportProblem naming the page line the refused value came from."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ImportProblem(f"{where}: {message}" if where else message, line) from None
