"""Online verdicts on a paper's links (only with ``--links``): broken fails the PR,
unverifiable and permanent redirects are warnings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from bot.checks.context import Context
from bot.links.verdicts import Verdict
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Paper

ID = "links"
SCOPE: Final = "entry"
SUMMARY = "links answer online (with --links)"
FILES: Final = frozenset({"paper"})
NEEDS: Final[frozenset[str]] = frozenset()


def check(paper: Located[Paper], ctx: Context) -> Iterator[Diagnostic]:
    if ctx.links is None:
        return  # links were not checked online in this run
    for index, link in enumerate(paper.model.links):
        result = ctx.links.results.get(link.url)
        if result is None or (result.verdict is Verdict.OK and not result.moved_to):
            continue  # not fetched (not http(s), or a relative link), or nothing to say
        # Asked only when reporting: a cached entry finds its positions on demand.
        line, col = paper.positions.of_value(("links", index, "url"))
        if result.verdict is Verdict.BROKEN:
            message = f"broken link: {result.reason}"
            yield Diagnostic(paper.path, line, col, ID, Severity.ERROR, message)
        elif result.verdict is Verdict.UNVERIFIABLE:
            # A warning only: a bot wall or a slow server is not the contributor's fault.
            message = f"could not verify link: {result.reason}"
            yield Diagnostic(paper.path, line, col, ID, Severity.WARNING, message)
        elif result.verdict is Verdict.OK and result.moved_to:
            message = f"permanent redirect to {result.moved_to}: link to the new address"
            yield Diagnostic(paper.path, line, col, ID, Severity.WARNING, message, result.moved_to)
