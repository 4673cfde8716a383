"""Figures for untrusted sizes (issue 14, finding 4): what a flood of near-identical
titles and a forged report cost, in time, memory and output.

    .venv/bin/python bench/sizes.py [--titles 300,600,3000] [--blank 300000000]
    .venv/bin/python bench/sizes.py --code /path/to/other/checkout --titles 300,600

Each figure is one paperbot process (``python -m bot``), with its wall time, CPU time
and peak RSS (``wait4``), as in bench/run.py. ``--code`` runs another checkout's
paperbot (its folder first on PYTHONPATH), to compare before and after a change.

- titles N: a pull request adding N papers whose titles differ only in their last
  letters (every pair a near-duplicate) to a small list, checked as the validate job
  does (``check --changed-since --report --summary``): findings, report and summary size.
- forged report: ``comment --dry-run`` of a 209-byte report whose paper preview asks
  for --blank blank lines (the comment job's own work). Keep --blank small for code
  that does not refuse it: 300,000,000 cost 3.1 GB.

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

VENUE = "name: Demo 2025\nareas:\n  - name: Systems\n    categories:\n      - name: Storage\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--titles", default="300,600,3000", help="pull request sizes")
    parser.add_argument("--blank", type=int, default=300_000_000, help="forged blank lines")
    parser.add_argument("--code", type=Path, help="run this checkout's paperbot instead")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.code is not None:
        env["PYTHONPATH"] = str(args.code.resolve())
    print("| input | wall | CPU | peak RSS | exit | output |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory(prefix="paperbot-sizes-") as work:
        for n in (int(x) for x in args.titles.split(",") if x):
            root = Path(work) / f"titles-{n}"
            pull_request(root, n)
            out = root.parent / f"out-{n}"
            out.mkdir()
            command = ["check", "--no-links", "--changed-since", "HEAD", "--format", "json"]
            command += ["--report", str(out / "report.json"), "--summary", str(out / "summary.md")]
            figure = run(root, command, env, out / "stdout.json")
            print(row(f"{n:,} near-identical titles", figure, describe_check(out)))
        forged = Path(work) / "forged.json"
        forged.write_text(forged_report(args.blank))
        command = ["comment", "--dry-run", "--report", str(forged)]
        figure = run(Path(work), command, env, Path(work) / "comment.md")
        size = (Path(work) / "comment.md").stat().st_size
        shown = f"{forged.stat().st_size} B report; comment {size:,} B"
        print(row(f"forged report, blank_before {args.blank:,}", figure, shown))
    return 0


def near_identical(n: int) -> list[str]:
    codes = ("".join(c) for c in itertools.product(string.ascii_lowercase, repeat=4))
    return [
        f"Elastic Serving of Large Models on Shared Clusters{c}" for c in itertools.islice(codes, n)
    ]


def pull_request(root: Path, n: int) -> None:
    """A list of one paper, committed; N new papers on top (uncommitted: the PR's diff)."""
    venue = root / "entries" / "demo-2025"
    venue.mkdir(parents=True)
    (venue / "venue.yaml").write_text(VENUE)
    (venue / "base.yaml").write_text("title: A Base Paper\ncategory: [Systems, Storage]\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    for i, title in enumerate(near_identical(n)):
        (venue / f"p{i:05}.yaml").write_text(
            f"title: {title}\ncategory: [Systems, Storage]\n"
            f"links:\n  - kind: Paper\n    url: https://demo.example.org/{i}\n"
        )


def forged_report(blank: int) -> str:
    paper = {"title": "T", "category": ["C"], "blank_before": blank}
    preview = {"path": "entries/v/p.yaml", "venue": "V", "paper": paper}
    return json.dumps({"summary": {}, "papers": [preview]})


Figure = tuple[float, float, int, int]


def run(root: Path, command: list[str], env: dict[str, str], stdout: Path) -> Figure:
    started = time.perf_counter()
    with stdout.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "-C", str(root), *command],
            stdout=sink, stderr=subprocess.DEVNULL, env=env, cwd=root,
        )  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    return (
        elapsed,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss,
        os.waitstatus_to_exitcode(status),
    )


def describe_check(out: Path) -> str:
    found = json.loads((out / "stdout.json").read_text() or "{}")
    count = len(found.get("diagnostics", []))
    report = out / "report.json"
    shown = f"{count:,} findings"
    shown += f"; report {report.stat().st_size:,} B" if report.exists() else "; no report"
    summary = out / "summary.md"
    return shown + (f"; summary {summary.stat().st_size:,} B" if summary.exists() else "")


def row(name: str, figure: Figure, shown: str) -> str:
    wall, cpu, rss, code = figure
    return f"| {name} | {wall:.1f} s | {cpu:.1f} s | {rss / 1024:,.0f} MiB | {code} | {shown} |"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
