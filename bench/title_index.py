"""In-process figures for the title index of a full duplicates check, without loading.

    .venv/bin/python bench/title_index.py ROOT [--repeat 3]

Loads ROOT's entries once (not timed), then builds ``TitleIndex`` over every title and
asks ``pairs()`` for near-equal ones, as a full duplicates check does: CPU time of each
(the best of the runs; CPU time is steadier than wall time on a shared machine), the
blocks, and the pairs scored per title. For a before/after, run this file with another
checkout's interpreter (``/old/.venv/bin/python bench/title_index.py ROOT``): it imports
only ``bot``. Run it on a copy of a corpus: loading writes ``.cache/``. Asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Sequence
from pathlib import Path

from bot.checks.context import Context
from bot.checks.duplicates import SCAN
from bot.files.config_file import load_config
from bot.files.loader import load_corpus
from bot.text.titles import TitleIndex


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    gc.set_threshold(100_000, 50, 100)  # as bot/cli.py sets it for a command
    corpus, diagnostics = load_corpus(args.root)
    ctx = Context(corpus, load_config(args.root, diagnostics), corpus.papers())
    table, cutoff = ctx.table, ctx.config.duplicates.near_title_score
    runs = []
    for _ in range(args.repeat):
        gc.collect()
        start = time.process_time()
        index = TitleIndex(table.norm, table.signatures, enough=SCAN)
        built = time.process_time()
        near = index.pairs(cutoff)
        runs.append((time.process_time() - start, built - start))
    total, build = min(runs)
    n = len(table.norm)
    print(f"{n} titles in {args.root}")
    print(f"build {build:.3f} s cpu, build and pairs {total:.3f} s cpu (best of {args.repeat})")
    blocks = index._blocks or {}
    print(f"{len(blocks)} blocks, {index.scored / n:.1f} pairs scored per title")
    print(f"{sum(1 for found in near.values() if found)} titles with a near-equal one")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
