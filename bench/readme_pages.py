"""``paperbot render`` on a large list, as the regenerate job runs it (after a check, so
the check's result is replayed), with one or more paperbots in turn; then the files the
last one wrote: how many, the largest, and whether every relative link resolves.

    python bench/readme_pages.py ROOT [--paperbot PATH ...] [--repeat N]

ROOT is a repository it may write into (a ``git clone`` of a synthetic corpus, never the
corpus itself): render writes README.md and lists/ there. With two paperbots (an old
checkout's and this one), their runs alternate, so both see the same machine load."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)\s]*)?\)")


def run(paperbot: str, root: Path, *command: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one paperbot process, its children included."""
    started = time.perf_counter()
    process = subprocess.Popen([paperbot, "-C", str(root), *command], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{paperbot} {' '.join(command)} failed")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def files_report(root: Path) -> str:
    """The generated Markdown files: count, largest, links that do not resolve."""
    files = [root / "README.md", *sorted((root / "lists").rglob("*.md"))]
    files = [f for f in files if f.is_file()]
    largest = max(files, key=lambda f: f.stat().st_size)
    broken = [
        (f, link)
        for f in files
        for link in LINK.findall(f.read_text(encoding="utf-8"))
        if not link.startswith(("http://", "https://")) and not (f.parent / link).exists()
    ]
    return (
        f"{len(files)} Markdown files, {sum(f.stat().st_size for f in files):,} bytes; "
        f"largest {largest.relative_to(root)} at {largest.stat().st_size:,} bytes; "
        f"{len(broken)} relative links that do not resolve"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--paperbot", action="append", help="default: this checkout's .venv")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    paperbots = args.paperbot or [str(HERE.parent / ".venv" / "bin" / "paperbot")]
    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.repeat):
        for paperbot in paperbots:
            # The report goes to a file: paperbot writes no file through /dev/null.
            report = args.root / ".cache" / "bench-report.json"
            run(
                paperbot,
                args.root,
                "check",
                "--no-links",
                "--format",
                "json",
                "--output",
                str(report),
            )
            wall, cpu = run(paperbot, args.root, "render")
            print(f"{paperbot}: render {wall:.2f} s wall, {cpu:.2f} s CPU", file=sys.stderr)
            if paperbot not in best or cpu < best[paperbot][1]:
                best[paperbot] = (wall, cpu)
    for paperbot, (wall, cpu) in best.items():
        print(f"{paperbot}: best render {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(files_report(args.root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
