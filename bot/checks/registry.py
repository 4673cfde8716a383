"""The registry of checks. Each check is a module with ``ID``, ``SCOPE``, ``SUMMARY``
and ``check()``.

``SCOPE = "entry"``: ``check(paper, ctx)`` looks at one selected paper.
``SCOPE = "corpus"``: ``check(ctx)`` looks across the corpus (comparing the
selected papers with every paper). Registered by hand so the list of checks is
one place to read.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

from bot.checks import acronyms, category, duplicates, identity, links, markup, tree, urls
from bot.checks.context import Context
from bot.model.config import CONFIG_FILE
from bot.model.diagnostics import Diagnostic, Severity
from bot.speed import forks


@dataclass(frozen=True)
class Check:
    id: str
    scope: Literal["entry", "corpus"]
    run: Callable[..., Iterator[Diagnostic]]
    summary: str


def _check(module: Any) -> Check:
    return Check(module.ID, module.SCOPE, module.check, module.SUMMARY)


# Report order: the structure first, then the content, then what needs the network.
CHECKS: dict[str, Check] = {
    check.id: check
    for check in (
        _check(tree),
        _check(category),
        _check(urls),
        _check(markup),
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


# On a large selection the costliest check (half of the checks' time at 10,000 papers)
# runs in a forked process while this one runs the others.
ASIDE = duplicates.ID
MIN_ASIDE = 2000  # selected papers; below, forking costs more than it saves
_ASIDE_CTX: list[Context] = []  # what the forked process reads: set before it starts


def run_checks(ctx: Context) -> list[Diagnostic]:
    """Run every registered check; a check that crashes becomes a diagnostic, the rest go on."""
    aside = _start_aside(ctx) if len(ctx.selected) >= MIN_ASIDE else None
    found: dict[str, list[Diagnostic]] = {}
    for item in CHECKS.values():
        if aside is None or item.id != ASIDE:
            found[item.id] = _run(item, ctx)
    if aside is not None:
        found[ASIDE] = _finish_aside(aside, ctx)
    return [d for item in CHECKS.values() for d in found[item.id]]


def _run(item: Check, ctx: Context) -> list[Diagnostic]:
    if item.scope == "corpus":
        # A corpus check has no one entry to blame: the repository's config names it.
        return _guarded(item, CONFIG_FILE, ctx)
    return [d for paper in ctx.selected for d in _guarded(item, paper.path, paper, ctx)]


def _start_aside(ctx: Context) -> tuple[ProcessPoolExecutor, Future[list[Diagnostic]]] | None:
    if forks.processes() < 2:
        return None
    _ASIDE_CTX[:] = [ctx]
    try:
        pool = forks.pool(1)
        return pool, pool.submit(_run_aside)
    except Exception:  # no process could start: the check runs here
        _ASIDE_CTX.clear()
        return None


def _run_aside() -> list[Diagnostic]:
    return _run(CHECKS[ASIDE], _ASIDE_CTX[0])


def _finish_aside(
    aside: tuple[ProcessPoolExecutor, Future[list[Diagnostic]]], ctx: Context
) -> list[Diagnostic]:
    pool, future = aside
    try:
        return future.result()
    except Exception:  # the process failed (it could not crash the check: _guarded)
        return _run(CHECKS[ASIDE], ctx)
    finally:
        pool.shutdown(wait=True)
        _ASIDE_CTX.clear()


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
