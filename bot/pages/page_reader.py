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

from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Acceptance, Category, Paper, Venue
from bot.model.positions import Positions
from bot.pages.page_lines import (
    CHECK,
    content_end,
    find,
    heading_level,
    outside_bullets,
    plain_text,
    without_trailing_empty,
)
from bot.pages.page_marks import MARKERS, read_marks
from bot.pages.page_sections import normalised_sections
from bot.pages.page_tree import (
    Bullet,
    TreeProblem,
    ambiguous,
    bullet_tree,
    child_kinds,
    head_of,
    is_linked,
    looks_like_paper,
    weak_guess,
)
from bot.pages.venue_page import META_LINE, RATE_LINE, header_blocks, meta_sources, render_venue
from bot.text.slugs import paper_slug, unique

T = TypeVar("T", bound=BaseModel)
UNTITLED = "Papers"  # the name data gives an area the page shows without a heading
POSITION_STEP = 10  # gaps leave room to insert a paper between two without renumbering

_BULLET_START = re.compile(r"^\* ")
_LINKED_ITEM = re.compile(r"^\s*[-*+] .*\]\(\S+\)")
_PAPER_ITEM = re.compile(r"^ *\* .* \\\[\[[^\]]+\]\(\S+\)\]")  # '* Title \[[Paper](url)]'
_BULLET_INDENT = re.compile(r"^( *)\* ")
_TERM = re.compile(r"^\* ([^:]+): (.*)$")


@dataclass
class Imported:
    venue: Venue
    papers: dict[str, Paper]  # slug -> paper, in page order
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""  # the page as read, after the reported removals: what render must give
    lines: dict[str, int] = field(default_factory=dict)  # slug -> the line of its bullet


class ImportProblem(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def import_page(text: str, path: str) -> Imported:
    """Parse one page; what the page holds that the model cannot is reported, never dropped."""
    text, notices = plain_text(text, path)
    lines, moved = normalised_sections(text.split("\n"), path)
    lines, marks, marked = read_marks(lines, path)
    notices += moved + marked
    text = "\n".join(lines)
    parser = _Parser(lines, path, marks)
    try:
        imported = parser.run()
    except (ImportProblem, TreeProblem) as exc:
        diag = Diagnostic(path, exc.line, 1, CHECK, Severity.ERROR, exc.message)
        imported = Imported(Venue(name="?"), {}, [diag])
    imported.diagnostics[:0] = notices
    imported.text = text
    return imported


class _Parser:
    def __init__(self, lines: list[str], path: str, marks: Mapping[int, str]) -> None:
        self.lines = lines
        self.path = path
        self.marks = marks
        self.refused: list[Diagnostic] = []  # bullets a guess would read on weak evidence
        self.fields: dict[str, object] = {}
        self.papers: dict[str, Paper] = {}
        self.paper_lines: dict[str, int] = {}
        self.paper_paths: set[tuple[str, ...]] = set()  # the tree nodes papers sit at
        self.warnings: list[Diagnostic] = []
        self.trailing_blank = 0  # blank lines after the last area, before '## Acronyms'
        self.unit = 2  # spaces per level of the page's bullets

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Diagnostic(self.path, line, 1, CHECK, Severity.WARNING, message))

    def run(self) -> Imported:
        self._ending()
        first = next((n for n, line in enumerate(self.lines) if line.startswith("# ")), None)
        if first is None:
            opening = next((n for n, line in enumerate(self.lines) if line.strip()), 0)
            raise ImportProblem("a page has a title line '# <venue name>'", opening + 1)
        if first:
            # A badge, a comment, front matter: kept as written above the title.
            self.fields["preamble"] = self.lines[:first]
            self.warn(1, "the lines before the page's title are kept verbatim")
        self.fields["name"] = self.lines[first][2:]
        papers_at = find(self.lines, "## Papers", first + 1)
        if papers_at is None:
            # A venue announced before its papers: the page is the header alone.
            self.fields["papers_section"] = False
            self._header(first + 1, len(self.lines))
            after = range(first + 1, len(self.lines))
            papers = [n for n in after if _PAPER_ITEM.match(self.lines[n])]
            if papers:
                # Bullets in this family's paper form are papers: as header text no check
                # would ever see them. The page says where its papers start, or is refused.
                message = (
                    f"{len(papers)} bullets carry paper links (\\[[Paper](...)]) but the page "
                    "has no '## Papers' heading: add one above the first of them"
                )
                raise ImportProblem(message, papers[0] + 1)
            linked = [n for n in after if _LINKED_ITEM.match(self.lines[n])]
            if linked:
                message = f"no '## Papers' section: {len(linked)} list items with links are kept"
                self.warn(linked[0] + 1, message + " as header text, not read as papers")
            return self._finish()
        self._header(first + 1, papers_at)
        # The papers end at the next '## ' section (acronyms, references).
        after = range(papers_at + 1, len(self.lines))
        end = next((m for m in after if heading_level(self.lines[m]) == 2), len(self.lines))
        region = self.lines[papers_at + 1 : end]
        indents = {len(m.group(1)) for line in region if (m := _BULLET_INDENT.match(line))}
        indents.discard(0)
        if indents and min(indents) in (3, 4):
            self.fields["indent"] = self.unit = min(indents)
        self.fields["areas"] = self._headed(papers_at + 1, end, 3, ())
        self._sections(end)
        return self._finish()

    def _ending(self) -> None:
        """Record how the page ends, then read it as if it ended in one line end."""
        lines = self.lines
        empty = len(lines) - len(without_trailing_empty(lines))
        if empty == 0:
            self.fields["final_newline"] = False
        elif empty > 1:
            self.fields["blank_after"] = empty - 1
        self.lines = [*lines[: len(lines) - empty], ""]

    def _finish(self) -> Imported:
        venue = _validated(Venue, self.fields, 1)
        if venue.glossary_order == "listed":
            # First use is the rule the data keeps; the curator's own order only if needed.
            by_use = venue.model_copy(update={"glossary_order": "first_use"})
            if _acronyms(by_use, self.papers) == _acronyms(venue, self.papers):
                venue = by_use
        return Imported(venue, self.papers, [*self.warnings, *self.refused], lines=self.paper_lines)

    # --- header ---------------------------------------------------------------------------

    def _header(self, start: int, end: int) -> None:
        """Structured fields where the lines have them; the lines verbatim when those fields
        alone would not render them back."""
        region = self.lines[start:end]
        found: dict[str, object] = {}
        for key, at in meta_sources(region).items():
            if key == "acceptance":
                rate = RATE_LINE.match(region[at])
                assert rate is not None
                numbers = {"accepted": int(rate.group(1)), "submitted": int(rate.group(2))}
                found[key] = _validated(Acceptance, numbers, start + at + 1)
                continue
            meta = META_LINE.match(region[at])
            assert meta is not None
            found[key] = meta.group(2) or meta.group(3)
            if key == "paper_list":
                found["paper_list_label"] = meta.group(1)
            found["meta_links"] = "angle" if meta.group(2) else "markdown"
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

    def _headed(self, start: int, end: int, level: int, path: tuple[str, ...]) -> list[Category]:
        """The headings of one ``level`` in ``lines[start:end]`` ('###' areas, '####'
        sections below them, ...), each with its intro, bullets and deeper headings."""
        nodes: list[Category] = []
        n = start
        blank = 0
        mark = "#" * level + " "
        opening = next((m for m in range(start, end) if self.lines[m].strip()), end)
        if level == 3 and opening < end and not self.lines[opening].startswith(mark):
            # Papers right under '## Papers': an area the page shows without a heading.
            node, n, blank = self._node(start - 1, end, level, path, UNTITLED, 1)
            nodes.append(node.model_copy(update={"untitled": True}))
            message = f"bullets before any '### ' heading form an area named {UNTITLED!r}"
            self.warn(opening + 1, message + " (shown without its heading)")
        while n < end:
            line = self.lines[n]
            if not line.strip():
                blank += 1
                n += 1
                continue
            if not line.startswith(mark):
                raise ImportProblem(f"expected a heading '{mark}...': {line!r}", n + 1)
            name = line[len(mark) :]
            if any(node.name == name for node in nodes):
                raise ImportProblem(f"{mark.strip()} {name!r} appears twice", n + 1)
            node, n, blank = self._node(n, end, level, path, name, blank)
            nodes.append(node)
        self.trailing_blank = blank
        return nodes

    def _node(
        self, n: int, end: int, level: int, path: tuple[str, ...], name: str, blank: int
    ) -> tuple[Category, int, int]:
        """The heading at line ``n`` with its body; where the next one starts, and the
        blank lines before it."""
        body_end = next(
            (m for m in range(n + 1, end) if 0 < heading_level(self.lines[m]) <= level), end
        )
        # Blank lines at the end of the body belong to the gap before the next heading.
        last = content_end(self.lines, n + 1, body_end)
        sub = next(
            (m for m in range(n + 1, last) if heading_level(self.lines[m]) == level + 1), last
        )
        own_end = content_end(self.lines, n + 1, sub)
        fields: dict[str, object] = {"name": name, "blank_before": blank - 1}
        if level > 3:
            fields["heading"] = True
        tight = n + 1 < last and bool(self.lines[n + 1].strip())
        if tight:
            fields["tight"] = True
        first = next(
            (m for m in range(n + 1, own_end) if _BULLET_START.match(self.lines[m])), own_end
        )
        begin = n + 1
        if any(self.lines[m].strip() for m in range(n + 1, first)):
            # Text between the heading and its bullets, kept as written; blank lines
            # after it included, so the spacing before the bullets is its own.
            begin = first
            fields["intro"] = self.lines[n + 1 if tight else n + 2 : first]
            said = next(m for m in range(n + 1, first) if self.lines[m].strip())
            self.warn(said + 1, "the text under this heading is kept verbatim")
        text_at = next(
            (m for m in range(first, own_end) if outside_bullets(self.lines[m])), own_end
        )
        bullets_end = own_end
        if text_at < own_end:
            # Text after the bullets (a closing remark, a comment): kept as written,
            # with the blank lines before it.
            bullets_end = content_end(self.lines, first, text_at)
            fields["outro"] = self.lines[bullets_end:own_end]
            self.warn(text_at + 1, "the text after these bullets is kept verbatim")
        here = (*path, name)
        children = self._place(bullet_tree(self.lines, begin, bullets_end, self.marks), here)
        if sub < last:
            children += self._headed(own_end, last, level + 1, here)
        fields["categories"] = children
        if children and here in self.paper_paths:
            fields["own_papers"] = True
        return _validated(Category, fields, n + 1), body_end, body_end - last

    def _sections(self, start: int) -> None:
        """What follows the papers: '## Acronyms' as data; any other '## ' section
        (references, acknowledgements) kept as written before or after it."""
        parts: dict[str, list[str]] = {}
        n = start
        while n < len(self.lines):
            end = next(
                (m for m in range(n + 1, len(self.lines)) if heading_level(self.lines[m]) == 2),
                len(self.lines),
            )
            last = content_end(self.lines, n, end)
            glossary = None
            if self.lines[n] == "## Acronyms" and "glossary" not in self.fields:
                glossary = self._glossary(n + 1, last)
            if glossary is not None:
                self.fields["glossary"] = glossary
                self.fields["glossary_order"] = "listed"  # import_page settles it later
                self.fields["acronyms_blank_before"] = self.trailing_blank - 1
            else:
                key = "footer" if "glossary" in self.fields else "appendix"
                if key not in parts:
                    self.warn(n + 1, f"the section {self.lines[n]!r} is kept verbatim")
                # With the blank lines before it: the section keeps its own spacing.
                parts.setdefault(key, [])
                parts[key] += [""] * self.trailing_blank + self.lines[n:last]
            self.trailing_blank = end - last
            n = end
        self.fields.update(parts)

    def _indented(self, bullet: Bullet, expected: int) -> None:
        if bullet.indent != expected:
            self.warn(
                bullet.line,
                f"this bullet is indented by {bullet.indent} spaces; "
                f"it is written back with {expected}",
            )

    def _place(
        self, bullets: list[Bullet], path: tuple[str, ...], depth: int = 0, said: bool = False
    ) -> list[Category]:
        """Papers and categories of one level (``depth`` bullets below the heading);
        ``said`` once a warning above covers them."""
        categories: list[Category] = []
        count = 0
        for index, bullet in enumerate(bullets):
            if bullet.plain:
                raise ImportProblem(f"expected a bullet: {bullet.raw!r}", bullet.line)
            self._indented(bullet, self.unit * depth)
            if weak_guess(bullet, bullets):
                self._refuse(bullet)
            if looks_like_paper(bullet, bullets):
                count += 1
                self._paper(bullet, path, count * POSITION_STEP)
                continue
            if any(c.name == bullet.text for c in categories):
                raise ImportProblem(f"category {bullet.text!r} appears twice", bullet.line)
            guessed = not said and ambiguous(bullet) and bullet.mark is None
            if guessed:
                what = "an empty category" if not bullet.children else "a category"
                self.warn(bullet.line, f"a bullet with no links at or below it is read as {what}")
            here = (*path, bullet.text)
            sub = self._place(bullet.children, here, depth + 1, said or guessed)
            fields: dict[str, object] = {
                "name": bullet.text,
                "categories": sub,
                "blank_before": bullet.blank_before,
            }
            if sub and here in self.paper_paths:
                fields["own_papers"] = True  # papers beside its categories, as the page has
            if any(looks_like_paper(b, bullets) for b in bullets[index + 1 :]):
                # Papers follow this node on the page: it sits between two paper positions.
                fields["position"] = count * POSITION_STEP + POSITION_STEP // 2
            categories.append(_validated(Category, fields, bullet.line))
        return categories

    def _refuse(self, bullet: Bullet) -> None:
        """A paper or a category, told by the page's marker only: an affiliation and
        notes below it, or a category's papers, read the same."""
        message = (
            "a paper or a category? No links at or below it, and its lines read both ways: "
            f"end this line with {MARKERS}"
        )
        at = (bullet.line, bullet.indent + 1)
        self.refused.append(Diagnostic(self.path, *at, CHECK, Severity.ERROR, message))

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
        if not is_linked(bullet) and bullet.mark is None:
            self.warn(bullet.line, "a bullet without links is read as a paper (its title)")
        fields.update(self._children(bullet))
        self.paper_paths.add(path)
        slug = unique(paper_slug(head.title), self.papers)
        self.papers[slug] = _validated(Paper, fields, bullet.line)
        self.paper_lines[slug] = bullet.line

    def _children(self, bullet: Bullet) -> dict[str, object]:
        """Affiliations first, then bold awards, then notes; a deeper line is a note kept as
        written relative to its child's level, so nested lists survive in order. A blank
        line among notes is an empty note; one before an affiliation or award line turns
        every child into a note, the only field that keeps that spacing."""
        children = bullet.children
        for child in children:
            if child.plain:
                raise ImportProblem(f"expected a bullet: {child.raw!r}", child.line)
            self._indented(child, bullet.indent + self.unit)
        kinds = child_kinds(children)
        spaced = next((n for n, child in enumerate(children) if child.blank_before), None)
        if spaced is not None and kinds[spaced] != "note":
            # Blank lines are kept as empty notes; only notes can carry them.
            kinds = ["note"] * len(children)
            message = "a blank line before an affiliation or award line: all kept as notes"
            self.warn(children[spaced].line, message)
        fields: dict[str, list[str]] = {"affiliations": [], "awards": [], "notes": []}
        for child, kind in zip(children, kinds, strict=True):
            if kind == "affiliations":
                fields["affiliations"] = child.text.split(" & ")
            elif kind == "awards":
                fields["awards"].append(child.text[2:-2])
            else:
                # An empty bullet is the note '*': '' already means a blank line.
                fields["notes"] += [""] * child.blank_before + [child.text or "*"]
            for deeper in child.descendants():
                fields["notes"] += [""] * deeper.blank_before + [deeper.raw[child.indent :]]
        return dict(fields)

    # --- acronyms -------------------------------------------------------------------------

    def _glossary(self, start: int, end: int) -> dict[str, str] | None:
        """The acronyms as data, or None (and a warning) when a line is no 'term: text'
        bullet: the section is then kept as written."""
        glossary: dict[str, str] = {}
        for n in range(start, end):
            if self.lines[n].strip() and not _TERM.match(self.lines[n]):
                self.warn(n + 1, "this line is no '* TERM: expansion' bullet")
                return None
        first = next((m for m in range(start, end) if self.lines[m].strip()), end)
        if first != start + 1:
            self.warn(start, "the spacing after '## Acronyms' is not kept (one blank line)")
        for n in range(start, end):
            match = _TERM.match(self.lines[n])
            if match and match.group(1) in glossary:
                # The glossary holds a term once: the page's second bullet is not kept.
                self.warn(n + 1, f"{match.group(1)!r} is defined twice: only the first is kept")
            elif match:
                glossary[match.group(1)] = match.group(2)
            elif glossary:
                self.warn(n + 1, "a blank line between acronym bullets is not kept")
        return glossary


def _acronyms(venue: Venue, papers: Mapping[str, Paper]) -> str:
    located = [Located(f"{slug}.yaml", p, Positions()) for slug, p in papers.items()]
    return render_venue(venue, located, {}).partition("\n## Acronyms\n")[2]


def _odd(line: str) -> bool:
    """A header line that no venue field covers."""
    known = ("## Meta Info", "### Acceptance Rate", "")
    return line not in known and not META_LINE.match(line) and not RATE_LINE.match(line)


def _validated(model: type[T], fields: Mapping[str, object], line: int) -> T:
    """The model, or an ImportProblem naming the page line the refused value came from."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ImportProblem(f"{where}: {message}" if where else message, line) from None
