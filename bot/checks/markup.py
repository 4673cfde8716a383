"""Where Markdown in the data would break the README or act in it
(rules: ``bot.text.markdown_rules``).

Every selected paper's text fields and URLs, and every venue's names, glossary and
verbatim lines (a venue file is reported whatever is selected, as ``tree`` does).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from bot.checks import rendered_bullet
from bot.checks.context import Context
from bot.files.value_positions import Sources
from bot.files.yaml_roundtrip import flow_scalar
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Category, Paper, Venue
from bot.model.positions import Loc
from bot.text.markdown_rules import Text, all_plain, plain, problems, url_problem
from bot.text.paper_bullet import INDENT
from bot.text.url_habits import pasted

ID = "markup"
SCOPE: Final = "corpus"
SUMMARY = "no raw HTML, unsafe links or Markdown that breaks the README"
FILES: Final = frozenset({"paper", "venue"})
NEEDS: Final[frozenset[str]] = frozenset()

Field = tuple[Loc, str, Text]  # where, what to call it, the text


def check(ctx: Context) -> Iterator[Diagnostic]:
    sources = Sources(ctx.corpus.root)
    for paper in ctx.selected:
        model = paper.model
        urls = [link.url for link in model.links]
        if model.title_url is not None:
            urls.append(model.title_url)
        if not all_plain(_paper_values(model), urls):
            # Plain words and URLs cannot make Markdown: only the rest is parsed.
            venue = ctx.corpus.venue_of(paper)
            unit = " " * (venue.indent if venue is not None else len(INDENT))
            yield from _paper(paper, unit, sources)
    for data in ctx.corpus.venues.values():
        if data.venue is not None:
            venue = data.venue.model
            found = _report(data.venue, _venue_texts(venue), _venue_urls(venue), sources)
            yield from (diagnostic for _, diagnostic in found)


def _paper(paper: Located[Paper], unit: str, sources: Sources) -> Iterator[Diagnostic]:
    """The rules' findings on each value, then what the parsed bullet shows besides, at
    the fields the rules found no error in (one error per field is enough to fix)."""
    model = paper.model
    flagged: set[Loc] = set()
    for loc, diagnostic in _report(paper, _paper_texts(model), _paper_urls(model), sources):
        if diagnostic.severity is Severity.ERROR:
            flagged.add(loc)
        yield diagnostic
    told: set[tuple[Loc, str]] = set()
    for (loc, what), why in rendered_bullet.problems(model, unit):
        if loc in flagged or (loc, why) in told:
            continue
        told.add((loc, why))
        line, column = paper.positions.of_value(loc)
        yield Diagnostic(paper.path, line, column, ID, Severity.ERROR, f"{what}: {why}")


def _report(
    located: Located[Paper] | Located[Venue],
    texts: Iterator[Field],
    urls: Iterator[tuple[Loc, str]],
    sources: Sources,
) -> Iterator[tuple[Loc, Diagnostic]]:
    """Each finding with the place of the value it is in."""
    path = located.path
    for loc, what, text in texts:
        found = list(problems(text))
        if not found:
            continue  # positions are asked only to report (a cached entry parses again)
        start = located.positions.of_value(loc)
        for problem in found:
            message = f"{what}: {problem.message}"
            if problem.fix is None:
                line, column = sources.locate(path, start, text.value, problem.offset)
                yield loc, Diagnostic(path, line, column, ID, problem.severity, message)
            else:
                # A fix replaces the whole value, so it is placed where the value starts.
                fix = flow_scalar(problem.fix)
                message += f" (at character {problem.offset + 1})"
                yield loc, Diagnostic(path, *start, ID, problem.severity, message, fix)
    for loc, url in urls:
        # Markup pasted around the URL: the bare URL it holds is the fix.
        wrapped = pasted(url)
        why = url_problem(url) if wrapped is None else wrapped.what
        if why is not None:
            line, column = located.positions.of_value(loc)
            bare = None if wrapped is None else flow_scalar(wrapped.url)
            yield loc, Diagnostic(path, line, column, ID, Severity.ERROR, why, bare)


def _paper_values(paper: Paper) -> list[str]:
    """Every text _paper_texts may yield, as it is (a superset: '*' notes included)."""
    values = [paper.title, *(link.kind for link in paper.links), *paper.affiliations]
    values += paper.awards
    values += paper.notes
    if paper.suffix is not None:
        values.append(paper.suffix)
    return values


def _paper_texts(paper: Paper) -> Iterator[Field]:
    # A plain value (most of them) is skipped before its Text and name are built: no
    # rule finds anything in it (markdown_rules.plain), so nothing is lost.
    if not plain(paper.title):
        titled = paper.title_url is not None
        yield ("title",), "the title", Text(paper.title, True, titled, lookalikes=True)
    for i, link in enumerate(paper.links):
        if not plain(link.kind):
            label = Text(link.kind, inline=True, link_text=True, starts_line=False)
            yield ("links", i, "kind"), f"link label {link.kind!r}", label
    if paper.suffix is not None and not plain(paper.suffix):
        suffix = Text(paper.suffix, inline=True, starts_line=False)
        yield ("suffix",), "the text after the links", suffix
    for i, value in enumerate(paper.affiliations):
        if not plain(value):
            yield ("affiliations", i), f"affiliation {i + 1}", Text(value)
    for i, value in enumerate(paper.awards):
        if not plain(value):
            yield ("awards", i), f"award {i + 1}", Text(value)
    for i, value in enumerate(paper.notes):
        if value != "*" and not plain(value):  # '*': an empty bullet, shown as a bare '*'
            yield ("notes", i), f"note {i + 1}", Text(value)


def _paper_urls(paper: Paper) -> Iterator[tuple[Loc, str]]:
    if paper.title_url is not None:
        yield ("title_url",), paper.title_url
    for i, link in enumerate(paper.links):
        yield ("links", i, "url"), link.url


def _venue_texts(venue: Venue) -> Iterator[Field]:
    yield ("name",), "the venue's name", Text(venue.name)
    # The page's own lines, kept as written: shown as they are, so read like the rest.
    for key in ("preamble", "header", "appendix", "footer"):
        for i, line in enumerate(getattr(venue, key) or []):
            yield (key, i), f"{key} line {i + 1}", Text(line, verbatim=True)
    yield from _tree(venue.areas, ("areas",))
    for term, expansion in venue.glossary.items():
        # Shown as "* TERM: expansion"; terms are acronyms, the acronyms check's business.
        yield ("glossary", term), f"the expansion of {term!r}", Text(expansion, starts_line=False)


def _tree(nodes: list[Category], loc: Loc) -> Iterator[Field]:
    for i, node in enumerate(nodes):
        yield (*loc, i, "name"), f"the name {node.name!r}", Text(node.name)
        for key in ("intro", "outro"):
            for j, line in enumerate(getattr(node, key) or []):
                yield (*loc, i, key, j), f"{key} line {j + 1}", Text(line, verbatim=True)
        yield from _tree(node.categories, (*loc, i, "categories"))


def _venue_urls(venue: Venue) -> Iterator[tuple[Loc, str]]:
    for key in ("homepage", "paper_list"):
        url = getattr(venue, key)
        if url is not None:
            yield (key,), url
