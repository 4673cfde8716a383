"""The markup check's second reading of a paper: its bullet as the page writes it,
parsed (``bot/text/markdown_structure.py``), each finding told at the field it comes from.

The rules on single values (``bot/text/markdown_rules.py``) give the precise messages
and fixes; this reading is what makes the check's verdict hold for what renders,
whatever a pattern missed (entities, a note's leading spaces, lines that only make a
table or heading together).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.model.entries import Paper
from bot.model.positions import Loc
from bot.text.markdown_structure import Finding, findings
from bot.text.paper_bullet import render_paper

Part = tuple[Loc, str]  # where in the file, what to call it


def problems(paper: Paper, unit: str) -> Iterator[tuple[Part, str]]:
    """Each field whose text makes the bullet more than a paper, with why."""
    found = _findings(paper, unit)
    if not found:
        return
    roles = _roles(paper)
    for finding in found:
        yield _blame(paper, unit, roles, finding), finding.message


def _roles(paper: Paper) -> list[list[Part]]:
    """For each line render_paper writes (from the paper's own line), its fields."""
    roles: list[list[Part]] = [[(("title",), "the title")]]
    if paper.affiliations:
        count = len(paper.affiliations)
        roles.append([(("affiliations", i), f"affiliation {i + 1}") for i in range(count)])
    roles += [[(("awards", i), f"award {i + 1}")] for i in range(len(paper.awards))]
    roles += [[(("notes", i), f"note {i + 1}")] for i in range(len(paper.notes))]
    return roles


def _blame(paper: Paper, unit: str, roles: list[list[Part]], finding: Finding) -> Part:
    at = max(finding.line - paper.blank_before, 0)
    at = min(at, len(roles) - 1)
    # A finding on a blank line (a note "") belongs to the text above it.
    while at > 0 and paper.notes and _is_blank_note(paper, roles[at]):
        at -= 1
    if at == 0:
        return _on_own_line(paper, unit)
    parts = roles[at]
    if len(parts) > 1:  # the affiliations, on one line: the first that fails alone
        for part in parts:
            alone = _bare(paper, affiliations=[paper.affiliations[int(part[0][1])]])
            if _findings(alone, unit):
                return part
    return parts[0]


def _is_blank_note(paper: Paper, parts: list[Part]) -> bool:
    loc = parts[0][0]
    return loc[0] == "notes" and not paper.notes[int(loc[1])]


def _on_own_line(paper: Paper, unit: str) -> Part:
    """Which of the title, its URL, the links and the suffix: the paper's line is built
    up one of them at a time, and the first that makes a finding is named."""
    links = paper.links

    def fails(**update: Any) -> bool:
        return bool(_findings(_bare(paper, **update), unit))

    if fails(links=[], suffix=None):
        if paper.title_url is not None and fails(title="Title", links=[], suffix=None):
            return ("title_url",), "the title's URL"
        return ("title",), "the title"
    for i, link in enumerate(links):
        if fails(links=links[: i + 1], suffix=None):
            plain = link.model_copy(update={"kind": "Link"})
            if fails(links=[*links[:i], plain], suffix=None):
                return ("links", i, "url"), f"the URL of link {i + 1}"
            return ("links", i, "kind"), f"link label {link.kind!r}"
    return ("suffix",), "the text after the links"


def _findings(paper: Paper, unit: str) -> list[Finding]:
    urls = [link.url for link in paper.links]
    titled = [] if paper.title_url is None else [paper.title_url]
    return findings(render_paper(paper, 0, unit), [*titled, *urls])


def _bare(paper: Paper, **update: Any) -> Paper:
    """The paper with no child bullets (or only those in ``update``), for a field's
    finding to be looked for on its own."""
    empty: dict[str, Any] = {"affiliations": [], "awards": [], "notes": [], "blank_before": 0}
    return paper.model_copy(update={**empty, **update})
