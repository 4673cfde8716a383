"""The registry of checks. Each check is a module with ``ID``, ``SCOPE``, ``SUMMARY``,
``FILES``, ``NEEDS`` and ``check()``.

``SCOPE = "entry"``: ``check(paper, ctx)`` looks at one selected paper.
``SCOPE = "corpus"``: ``check(ctx)`` looks across the corpus (comparing the
selected papers with every paper). ``FILES`` and ``NEEDS``: which entry files it
looks at and what of a paper it cannot do without (bot/checks/coverage.py); it is not
run on a paper that lacks it, and says so. Registered by hand so the list of checks
is one place to read.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bot.checks import (
    acronyms,
    category,
    coverage,
    duplicates,
    identity,
    kinds,
    links,
    markup,
    same_position,
    texts,
    tree,
    urls,
)
from bot.checks.context import Context
from bot.model.diagnostics import Diagnostic, NotRun, Severity
from bot.model.places import CONFIG_FILE


@dataclass(frozen=True)
class Check:
    id: str
    scope: Literal["entry", "corpus"]
    run: Callable[..., Iterator[Diagnostic]]
    summary: str
    files: frozenset[str] = frozenset({"paper"})
    needs: frozenset[str] = coverage.NEEDS


def _check(module: Any) -> Check:
    # A module that does not say what it needs is taken to need everything.
    files = getattr(module, "FILES", frozenset({"paper"}))
    needs = getattr(module, "NEEDS", coverage.NEEDS)
    assert files <= coverage.FILE_KINDS and needs <= coverage.NEEDS, module.ID
    return Check(module.ID, module.SCOPE, module.check, module.SUMMARY, files, needs)


# Report order: the structure first, then the content, then what needs the network.
CHECKS: dict[str, Check] = {
    check.id: check
    for check in (
        _check(tree),
        _check(category),
        _check(same_position),
        _check(kinds),
        _check(urls),
        _check(markup),
        _check(texts),
        _check(duplicates),
        _check(acronyms),
        _check(links),
        _check(identity),
    )
}
ONLINE = frozenset({links.ID, identity.ID})  # checks that run only with --links
# Errors that would make a rendered page lose or misplace data: a file that does not
# load, a paper or node outside the tree. Other errors (an undefined acronym, a link
# in a non-canonical form) are for the contributor to fix, but render stays faithful.
# A markup error (raw HTML, a javascript: link, a heading inside a bullet) would break
# the README or make it act: render refuses those too.
RENDER_BLOCKING = frozenset({"yaml", "schema", "files", tree.ID, category.ID, markup.ID})


# Runs the checks, each through ``run_one``, and gives each check's diagnostics by id.
# The plain runner runs them one after the other; bot/speed/ has one that spreads them
# over processes. A runner changes when a check runs, never what it finds.
Runner = Callable[
    [Sequence[Check], Callable[[Check], list[Diagnostic]]], dict[str, list[Diagnostic]]
]


def in_order(
    checks: Sequence[Check], run_one: Callable[[Check], list[Diagnostic]]
) -> dict[str, list[Diagnostic]]:
    return {item.id: run_one(item) for item in checks}


def run_checks(ctx: Context, runner: Runner = in_order) -> list[Diagnostic]:
    """Run every registered check; a check that crashes becomes a diagnostic, the rest go on."""
    gaps = coverage.Gaps.of(ctx)
    found = runner(list(CHECKS.values()), lambda item: _run(item, ctx, gaps))
    return [d for item in CHECKS.values() for d in found[item.id]]


def not_run(ctx: Context) -> list[NotRun]:
    """Each file a registered check could not look at, and why (bot/checks/coverage.py)."""
    return coverage.not_run(CHECKS.values(), ctx)


def _run(item: Check, ctx: Context, gaps: coverage.Gaps) -> list[Diagnostic]:
    # Only the papers it can look at: not_run says which others, and why.
    papers = coverage.runnable(item, ctx.selected, gaps)
    if item.scope == "corpus":
        if papers is not ctx.selected:
            _ = ctx.table  # worked out once, from every paper, before the selection narrows
            ctx = dataclasses.replace(ctx, selected=papers)
        # A corpus check has no one entry to blame: the repository's config names it.
        return _guarded(item, CONFIG_FILE, ctx)
    return [d for paper in papers for d in _guarded(item, paper.path, paper, ctx)]


def _guarded(item: Check, path: str, *args: object) -> list[Diagnostic]:
    try:
        return list(item.run(*args))
    except Exception as exc:  # one broken check must not hide the others
        where = traceback.extract_tb(exc.__traceback__)[-1]
        message = (
            f"check {item.id!r} crashed: {type(exc).__name__}: {exc} "
            f"(at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}); please report this"
        )
        return [Diagnostic(path, 1, 1, item.id, Severity.ERROR, message)]


# What loading itself reports, under these ids, before any check runs.
LOADING = {
    "yaml": "valid YAML, no tags, anchors or duplicate keys",
    "schema": "keys and value types",
    "files": "entry files in venue folders",
}


def summaries() -> dict[str, str]:
    """Every id a diagnostic can carry, with what passing it means, in report order."""
    return {**LOADING, **{item.id: item.summary for item in CHECKS.values()}}
