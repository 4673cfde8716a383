"""In-process figures for the checks and the per-paper keys, without start-up or loading.

    .venv/bin/python bench/checks.py ROOT [--repeat 3] [--profile CHECK]

Loads ROOT's entries once (the loading is not timed here: bench/run.py times whole
processes), then times each check on every paper, and ``paper_keys`` over every paper,
with plain timers (cProfile's overhead distorts Python-heavy code): wall and CPU time,
the best of the runs each.
``--profile duplicates`` (or ``paper_keys``) prints cProfile's top functions instead.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.checks.context import Context
from bot.checks.paper_keys import paper_keys
from bot.checks.registry import CHECKS, ONLINE
from bot.files.config_file import load_config
from bot.files.loader import load_corpus
from bot.model.diagnostics import Diagnostic


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", help="a check id, or paper_keys")
    args = parser.parse_args(argv)
    gc.set_threshold(100_000, 50, 100)  # as bot/cli.py sets it for a command
    corpus, diagnostics = load_corpus(args.root)
    ctx = Context(corpus, load_config(args.root, diagnostics), corpus.papers())
    models = [paper.model for paper in ctx.selected]
    tasks: dict[str, Callable[[], object]] = {
        item.id: _runner(item.id, ctx) for item in CHECKS.values() if item.id not in ONLINE
    }
    tasks["paper_keys"] = lambda: [paper_keys(model) for model in models]
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(tasks[args.profile])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        return 0
    print(f"{len(models)} papers in {args.root}")
    total = [0.0, 0.0]
    for name, task in tasks.items():
        runs = [_time(task) for _ in range(args.repeat)]
        wall, cpu = min(run[0] for run in runs), min(run[1] for run in runs)
        if name != "paper_keys":
            total = [total[0] + wall, total[1] + cpu]
        print(f"{name:<12} {wall:7.3f} s wall {cpu:7.3f} s cpu")
    print(f"{'all checks':<12} {total[0]:7.3f} s wall {total[1]:7.3f} s cpu")
    return 0


def _runner(check_id: str, ctx: Context) -> Callable[[], list[Diagnostic]]:
    item = CHECKS[check_id]

    def run() -> list[Diagnostic]:
        if item.scope == "entry":
            return [d for paper in ctx.selected for d in item.run(paper, ctx)]
        return list(item.run(ctx))

    return run


def _time(task: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds (CPU time is steadier on a machine shared with other work)."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    task()
    return time.perf_counter() - start, time.process_time() - cpu


if __name__ == "__main__":
    raise SystemExit(main())
