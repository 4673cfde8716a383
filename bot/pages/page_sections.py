"""The page's sections at the levels the reader expects, whatever levels the page wrote.

A page of this family writes '## Papers' with '### ' areas below it, '## Acronyms' and
'## Meta Info'. Some pages write '### Papers' (or '# Papers', or 'papers'), and their
areas one level deeper too. Left as they are, the reader finds no papers section and
every paper would stay header text, which nothing checks. So the headings are read at
the expected levels and written back that way, each change reported with its line.
"""

from __future__ import annotations

from bot.model.diagnostics import Diagnostic, Severity
from bot.pages.page_lines import CHECK, heading_level

PAPERS = "Papers"
# The sections read as data, by name; each is a '## ' heading on a rendered page.
SECTIONS = ("Meta Info", PAPERS, "Acronyms")
AREA_LEVEL = 3


def heading_text(line: str) -> str:
    level = heading_level(line)
    return line[level + 1 :] if level else ""


def _section(line: str) -> str | None:
    """The section this heading names, at any level and in any case."""
    text = heading_text(line).strip().casefold()
    return next((name for name in SECTIONS if name.casefold() == text), None)


def normalised_sections(lines: list[str], path: str) -> tuple[list[str], list[Diagnostic]]:
    """``lines`` with the sections at '## ' and the areas under the papers at '### '."""
    first = next((n for n, line in enumerate(lines) if line.startswith("# ")), None)
    if first is None:
        return lines, []
    # With a '## Papers' line the page has the levels the reader expects.
    expected = f"## {PAPERS}" in lines[first + 1 :]
    out = list(lines)
    found: list[Diagnostic] = []

    def said(n: int, message: str) -> None:
        found.append(Diagnostic(path, n + 1, 1, CHECK, Severity.WARNING, message))

    for n in range(first + 1, len(lines)):
        name = _section(lines[n])
        if name is not None and lines[n] != f"## {name}" and not (expected and name == PAPERS):
            out[n] = f"## {name}"
            said(n, f"{lines[n]!r} is read as {out[n]!r} and written back that way")
    wanted = f"## {PAPERS}" if expected else None
    papers = next(
        (n for n in range(first + 1, len(lines)) if (lines[n] == wanted or not expected)
         and _section(lines[n]) == PAPERS),
        None,
    )  # fmt: skip
    if papers is None:
        return out, found
    level = heading_level(lines[papers])
    after = range(papers + 1, len(lines))
    # The areas are the first headings below the papers heading, at its level or deeper
    # (some pages write '### Papers' and '### Area' side by side). Bullets before them
    # are an area shown without a heading, and the headings below it are its own.
    opening = next((m for m in after if lines[m].strip()), None)
    if opening is None or not heading_level(lines[opening]) or _section(lines[opening]):
        return out, found
    area = opening
    if heading_level(lines[area]) < level:
        return out, found
    area_level = heading_level(lines[area])
    shift = AREA_LEVEL - area_level
    if shift == 0:
        return out, found
    for m in after:
        deep = heading_level(lines[m])
        if _section(lines[m]) is not None or 0 < deep < min(area_level, level + 1):
            break  # the papers end at the next section
        if deep:
            out[m] = "#" * min(deep + shift, 6) + lines[m][deep:]
    said(area, f"the headings under the papers are read from {'#' * area_level!r} as areas "
         f"('{'#' * AREA_LEVEL} ') and written back that way")  # fmt: skip
    return out, found
