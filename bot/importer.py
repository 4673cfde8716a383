"""Markdown page -> venue and papers. The inverse of ``render.render_venue``.

The page is read line by line because the round trip must be exact to the
byte: a general Markdown parser normalises exactly what we must keep
(escapes, spacing, link forms). What the fields cannot express is kept
verbatim (the venue's ``header``, a paper's ``suffix``, deeper note lines) and
reported as a warning naming its line: nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.corpus import Located
from bot.diagnostics import Diagnostic, Severity
from bot.importtree import (
    Bullet,
    TreeProblem,
    ambiguous,
    bullet_tree,
    head_of,
    is_linked,
    looks_like_paper,
)
from bot.models import Acceptance, Category, Paper, Venue
from bot.render import header_blocks, render_venue
from bot.slugs import paper_slug, unique
from bot.yamlio import Positions

T = TypeVar("T", bound=BaseModel)
CHECK = "import"
POSITION_STEP = 10  # gaps leave room to insert a paper between two without renumbering

_META = re.compile(r"^(Homepage|Paper list|Paper List): (?:<(\S+)>|\[(\S+)\]\((\S+)\))$")
_RATE = re.compile(r"^\d+(?:\.\d+)?% \(= (\d+) / (\d+)\)$")
_AWARD = re.compile(r"^\*\*([^*]+)\*\*$")
_BULLET_START = re.compile(r"^\* ")
_TERM = re.compile(r"^\* ([^:]+): (.*)$")


@dataclass
class Imported:
    venue: Venue
    papers: dict[str, Paper]  # slug -> paper, in page order
    diagnostics: list[Diagnostic] = field(default_factory=list)


class ImportProblem(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def import_page(text: str, path: str) -> Imported:
    """Parse one page; what the page holds that the model cannot is reported, never dropped."""
    parser = _Parser(text.split("\n"), path)
    try:
        return parser.run()
    except (ImportProblem, TreeProblem) as exc:
        diag = Diagnostic(path, exc.line, 1, CHECK, Severity.ERROR, exc.message)
        return Imported(Venue(name="?"), {}, [diag])


class _Parser:
    def __init__(self, lines: list[str], path: str) -> None:
        self.lines = lines
        self.path = path
        self.fields: dict[str, object] = {}
        self.papers: dict[str, Paper] = {}
        self.warnings: list[Diagnostic] = []
        self.trailing_blank = 0  # blank lines after the last area, before '## Acronyms'

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Diagnostic(self.path, line, 1, CHECK, Severity.WARNING, message))

    def run(self) -> Imported:
        first = next((n for n, line in enumerate(self.lines) if line.strip()), 0)
        if not self.lines[first].startswith("# "):
            raise ImportProblem("a page starts with '# <venue name>'", first + 1)
        self.fields["name"] = self.lines[first][2:]
        papers_at = _find(self.lines, "## Papers", first + 1)
        if papers_at is None:
            # A venue announced before its papers: the page is the header alone.
            self.fields["papers_section"] = False
            self._header(first + 1, len(self.lines))
            return self._finish()
        self._header(first + 1, papers_at)
        glossary_at = _find(self.lines, "## Acronyms", papers_at + 1)
        end = glossary_at if glossary_at is not None else len(self.lines)
        self.fields["areas"] = self._areas(papers_at + 1, end)
        if glossary_at is not None:
            self.fields["acronyms_blank_before"] = max(self.trailing_blank - 1, 0)
            self._glossary(glossary_at + 1)
        return self._finish()

    def _finish(self) -> Imported:
        venue = _validated(Venue, self.fields, 1)
        if venue.glossary_order == "listed":
            # First use is the rule the data keeps; the curator's own order only if needed.
            by_use = venue.model_copy(update={"glossary_order": "first_use"})
            if _acronyms(by_use, self.papers) == _acronyms(venue, self.papers):
                venue = by_use
        return Imported(venue, self.papers, self.warnings)

    # --- header ---------------------------------------------------------------------------

    def _header(self, start: int, end: int) -> None:
        """Structured fields where the lines have them; the lines verbatim when those fields
        alone would not render them back."""
        region = self.lines[start:end]
        found: dict[str, object] = {}
        for offset, line in enumerate(region):
            meta = _META.match(line)
            if meta and (meta.group(2) or meta.group(3) == meta.group(4)):
                key = "homepage" if meta.group(1) == "Homepage" else "paper_list"
                found[key] = meta.group(2) or meta.group(3)
                if key == "paper_list":
                    found["paper_list_label"] = meta.group(1)
                found["meta_links"] = "angle" if meta.group(2) else "markdown"
            rate = _RATE.match(line)
            if rate and "acceptance" not in found:
                numbers = {"accepted": int(rate.group(1)), "submitted": int(rate.group(2))}
                found["acceptance"] = _validated(Acceptance, numbers, start + offset + 1)
        self.fields.update(found)
        structured = _validated(Venue, {"name": "x", **found}, start)
        blocks = header_blocks(structured)
        expected = ["", *"\n\n".join(blocks).split("\n"), ""] if blocks else [""]
        if region == expected:
            return
        self.fields["header"] = region
        # Name the first line no field covers; else where the spacing differs.
        odd = next((n for n, line in enumerate(region) if _odd(line)), None)
        if odd is None:
            pairs = enumerate(zip(region, expected, strict=False))
            odd = next((n for n, (want, got) in pairs if want != got), len(expected))
        at = start + 1 + odd
        self.warn(at, "the page header is kept verbatim (the venue fields cannot express it)")

    # --- papers ---------------------------------------------------------------------------

    def _areas(self, start: int, end: int) -> list[Category]:
        areas: list[Category] = []
        n = start
        blank = 0
        while n < end:
            line = self.lines[n]
            if not line.strip():
                blank += 1
                n += 1
                continue
            if not line.startswith("### "):
                raise ImportProblem(f"expected an area heading '### ...': {line!r}", n + 1)
            name = line[4:]
            if any(area.name == name for area in areas):
                raise ImportProblem(f"area {name!r} appears twice", n + 1)
            body_end = next((m for m in range(n + 1, end) if self.lines[m].startswith("#")), end)
            # Blank lines at the end of the body belong to the gap before the next heading.
            last = body_end
            while last > n + 1 and not self.lines[last - 1].strip():
                last -= 1
            first = next(
                (m for m in range(n + 1, last) if _BULLET_START.match(self.lines[m])), last
            )
            fields: dict[str, object] = {"name": name, "blank_before": max(blank - 1, 0)}
            if any(self.lines[m].strip() for m in range(n + 1, first)):
                # Text between the heading and its bullets: kept as written.
                fields["intro"] = self.lines[n + 2 : first - 1 if first < last else last]
                self.warn(n + 3, "the text under this area heading is kept verbatim")
            start = (first - 1 if first < last else last) if "intro" in fields else n + 1
            fields["categories"] = self._place(bullet_tree(self.lines, start, body_end), (name,))
            areas.append(_validated(Category, fields, n + 1))
            blank = body_end - last
            n = body_end
        self.trailing_blank = blank
        return areas

    def _place(
        self, bullets: list[Bullet], path: tuple[str, ...], said: bool = False
    ) -> list[Category]:
        """Papers and categories of one level; ``said`` once a warning above covers them."""
        categories: list[Category] = []
        count = 0
        for index, bullet in enumerate(bullets):
            if bullet.plain:
                raise ImportProblem(f"expected a bullet: {bullet.raw!r}", bullet.line)
            if looks_like_paper(bullet, bullets[index + 1 :]):
                count += 1
                self._paper(bullet, path, count * POSITION_STEP)
                continue
            if any(c.name == bullet.text for c in categories):
                raise ImportProblem(f"category {bullet.text!r} appears twice", bullet.line)
            guessed = not said and ambiguous(bullet)
            if guessed:
                what = "an empty category" if not bullet.children else "a category"
                self.warn(bullet.line, f"a bullet with no links at or below it is read as {what}")
            sub = self._place(bullet.children, (*path, bullet.text), said or guessed)
            fields: dict[str, object] = {
                "name": bullet.text,
                "categories": sub,
                "blank_before": bullet.blank_before,
            }
            if any(looks_like_paper(b, []) for b in bullets[index + 1 :]):
                # Papers follow this node on the page: it sits between two paper positions.
                fields["position"] = count * POSITION_STEP + POSITION_STEP // 2
            categories.append(_validated(Category, fields, bullet.line))
        return categories

    def _paper(self, bullet: Bullet, path: tuple[str, ...], position: int) -> None:
        head = head_of(bullet.text)
        fields: dict[str, object] = {
            "title": head.title,
            "category": list(path),
            "position": position,
            "links": [{"kind": kind, "url": url} for kind, url in head.links],
            "blank_before": bullet.blank_before,
        }
        if head.title_url:
            fields["title_url"] = head.title_url
        if head.suffix:
            fields["suffix"] = head.suffix
            self.warn(
                bullet.line, f"text after the paper's links is kept verbatim: {head.suffix!r}"
            )
        if not is_linked(bullet):
            self.warn(bullet.line, "a bullet without links is read as a paper (its title)")
        fields.update(self._children(bullet))
        slug = unique(paper_slug(head.title), self.papers)
        self.papers[slug] = _validated(Paper, fields, bullet.line)

    def _children(self, bullet: Bullet) -> dict[str, object]:
        """Affiliations first, then bold awards, then notes; a deeper line is a note kept as
        written relative to its child's level, so nested lists survive in order."""
        affiliations: list[str] = []
        awards: list[str] = []
        notes: list[str] = []
        for index, child in enumerate(bullet.children):
            if child.plain:
                raise ImportProblem(f"expected a bullet: {child.raw!r}", child.line)
            if child.blank_before:
                self.warn(child.line, "a blank line between a paper's child bullets is not kept")
            award = _AWARD.match(child.text)
            if index == 0 and not award and _is_affiliation(child.text):
                affiliations = child.text.split(" & ")
            elif award and not notes and not child.children:
                awards.append(award.group(1))
            else:
                notes.append(child.text)
            for deeper in child.descendants():
                if deeper.blank_before:
                    self.warn(deeper.line, "a blank line inside a paper's notes is not kept")
                notes.append(deeper.raw[child.indent :])
        return {"affiliations": affiliations, "awards": awards, "notes": notes}

    # --- acronyms -------------------------------------------------------------------------

    def _glossary(self, start: int) -> None:
        glossary: dict[str, str] = {}
        for n in range(start, len(self.lines)):
            line = self.lines[n]
            if not line.strip():
                continue
            match = _TERM.match(line)
            if not match:
                raise ImportProblem(f"unexpected line in section 'Acronyms': {line!r}", n + 1)
            glossary[match.group(1)] = match.group(2)
        self.fields["glossary"] = glossary
        self.fields["glossary_order"] = "listed"  # import_page settles it once papers exist


def _acronyms(venue: Venue, papers: Mapping[str, Paper]) -> str:
    located = [Located(f"{slug}.yaml", p, Positions()) for slug, p in papers.items()]
    return render_venue(venue, located, {}).partition("\n## Acronyms\n")[2]


def _odd(line: str) -> bool:
    """A header line that no venue field covers."""
    known = ("## Meta Info", "### Acceptance Rate", "")
    return line not in known and not _META.match(line) and not _RATE.match(line)


def _is_affiliation(text: str) -> bool:
    return all(part == part.strip() and part for part in text.split(" & "))


def _find(lines: list[str], heading: str, start: int) -> int | None:
    return next((n for n in range(start, len(lines)) if lines[n] == heading), None)


def _validated(model: type[T], fields: Mapping[str, object], line: int) -> T:
    """The model, or an ImportProblem naming the page line the refused value came from."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ImportProblem(f"{where}: {message}" if where else message, line) from None
