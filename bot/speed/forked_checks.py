"""A check runner (bot/checks/registry.py ``Runner``) that runs one check in a forked process.

On a large selection the costliest check (duplicates: half of the checks' time at
10,000 papers) runs in a forked child while this process runs the others. The child
starts with everything this process holds (the corpus, the key table), so nothing is
sent to it but the order to start; it sends back its diagnostics. When no process can
start, or the child fails, the check runs here: the result never depends on where.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.checks.registry import Check, Runner
from bot.model.diagnostics import Diagnostic
from bot.speed import forks

MIN_SELECTED = 2000  # selected papers; below, forking costs more than it saves

# What the forked child runs: set before it starts, inherited with the memory.
_ASIDE: list[Callable[[], list[Diagnostic]]] = []


def runner_for(selected: int, aside: str) -> Runner | None:
    """A runner that runs check ``aside`` in a child, or None when that would not pay."""
    if selected < MIN_SELECTED or forks.processes() < 2:
        return None

    def run(checks: Sequence[Check], run_one: RunOne) -> dict[str, list[Diagnostic]]:
        return _run_aside(checks, run_one, aside)

    return run


RunOne = Callable[[Check], list[Diagnostic]]


def _run_aside(checks: Sequence[Check], run_one: RunOne, aside: str) -> dict[str, list[Diagnostic]]:
    [item] = [item for item in checks if item.id == aside]
    _ASIDE[:] = [lambda: run_one(item)]
    try:
        pool = forks.pool(1)
        future = pool.submit(_in_child)
    except Exception:  # no process could start: everything runs here
        _ASIDE.clear()
        return {check.id: run_one(check) for check in checks}
    try:
        found = {check.id: run_one(check) for check in checks if check.id != aside}
        try:
            found[aside] = future.result()
        except Exception:  # the child failed (a check cannot crash it: the registry guards)
            found[aside] = run_one(item)
        return found
    finally:
        pool.shutdown(wait=True)
        _ASIDE.clear()


def _in_child() -> list[Diagnostic]:
    return _ASIDE[0]()
