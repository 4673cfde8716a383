"""Export figures: ``paperbot export`` in each format on one corpus, warm and cold.

    .venv/bin/python bench/exports.py [--root DIR] [--repeat 3]

``--root`` is a repository (default: the 10,000-paper corpus bench/run.py generates
under /tmp/paperbot-bench); it is only read, and the exports are written to a
temporary folder. "warm" runs after a check, whose result export replays as render
does; "cold" removes the cache first. Each figure is one process, as bench/run.py
times it (wall, CPU, peak memory: the best of --repeat runs). Asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Figure, run

FORMATS = {"json": "papers.json", "csv": "papers.csv", "bibtex": "papers.bib"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=Path("/tmp/paperbot-bench/corpus-10000-seed1"))
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is shown")
    args = parser.parse_args(argv)
    root: Path = args.root
    cache = root / ".cache" / "paperbot"
    print("| export | warm (after a check) | cold (no cache) | size |")
    print("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="paperbot-exports-") as out:
        for form, name in FORMATS.items():
            target = Path(out) / name
            command = ["export", "--format", form, "--output", str(target)]
            report = str(Path(out) / "check.json")  # atomic writes refuse /dev/null
            run(root, ["check", "--no-links", "--format", "json", "--output", report])
            warm = min(run(root, command) for _ in range(args.repeat))
            cold = []
            for _ in range(args.repeat):
                shutil.rmtree(cache, ignore_errors=True)
                cold.append(run(root, command))
            size = target.stat().st_size / 1024 / 1024
            print(f"| {form} | {_cell(warm)} | {_cell(min(cold))} | {size:.1f} MiB |", flush=True)
    return 0


def _cell(figure: Figure) -> str:
    wall, cpu, rss = figure
    return f"{wall:.2f} s ({cpu:.2f} s CPU), {rss / 1024:.0f} MiB"


if __name__ == "__main__":
    sys.exit(main())
