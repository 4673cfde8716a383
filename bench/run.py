"""Offline figures: check (cold, warm, one changed entry) and render, at several sizes.

    .venv/bin/python bench/run.py [--sizes 1000,10000,50000] [--repeat 3] [--work DIR]
                                  [--github-only] [--code DIR]

Each figure is one ``paperbot`` process, timed from its start to its exit (the
interpreter's start-up and imports included), with the CPU time it used (user +
system: steadier than wall time on a shared machine) and the peak resident memory
the kernel reports for that process (``wait4``). The corpora are generated once per size
and seed under --work and reused; the entry cache (.cache/paperbot) is removed before
every cold run. Prints a table; asserts nothing about time.

The two "new PR on GitHub" rows run what the validate job runs, where it runs it: a
fresh clone of the corpus, one changed entry committed on a branch on top, the cache
folder the default-branch job leaves (or none), ``check --changed-since origin/main``
with ``--report`` and ``--summary`` (``--github-only``: only those two rows). ``--code
DIR`` runs another checkout's paperbot (through PYTHONPATH), for a before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

PAPERBOT = Path(sys.executable).with_name("paperbot")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is shown")
    parser.add_argument("--work", type=Path, default=Path("/tmp/paperbot-bench"))
    parser.add_argument("--github-only", action="store_true", help="only 'new PR on GitHub'")
    parser.add_argument("--code", type=Path, help="run this checkout's paperbot instead")
    args = parser.parse_args(argv)
    if args.code is not None:
        os.environ["PYTHONPATH"] = str(args.code.resolve())
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: dict[str, dict[int, Figure]] = {}
    for size in sizes:
        root = corpus(args.work, size, args.seed)
        found = {} if args.github_only else measure(root, args.repeat)
        found.update(new_pull_request(root, args.work / f"github-{size}", args.repeat))
        for name, figure in found.items():
            rows.setdefault(name, {})[size] = figure
            wall, cpu, rss = figure
            print(f"{size:>6} {name:<34} {wall:6.2f} s wall {cpu:6.2f} s cpu {rss / 1024:5.0f} MiB",
                  file=sys.stderr, flush=True)  # fmt: skip
    print(table(rows, sizes))
    return 0


def corpus(work: Path, size: int, seed: int) -> Path:
    """The synthetic repository of ``size`` papers, generated and committed once."""
    root = work / f"corpus-{size}-seed{seed}"
    if (root / ".git").is_dir():
        _git(root, "checkout", "-q", "--", ".")  # undo a changed entry a run left behind
        return root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    generate(root, size, seed)
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=bench", "-c", "user.email=bench@localhost",
         "commit", "-q", "-m", "synthetic corpus")  # fmt: skip
    return root


Figure = tuple[float, float, int]  # wall seconds, CPU seconds, peak RSS in KiB


def measure(root: Path, repeat: int) -> dict[str, Figure]:
    cache = root / ".cache" / "paperbot"
    # A file, not os.devnull: a list over the page budget is written as README.md plus
    # lists/ beside it, which must land somewhere real.
    out = str(root.parent / f"{root.name}.out")
    check = ["check", "--no-links", "--format", "json", "--output", out]
    render = ["render", "--output", out]
    figures: dict[str, Figure] = {}

    def best(
        name: str, command: list[str], cold: bool, rerun: bool = False, no_index: bool = False
    ) -> None:
        runs = []
        for _ in range(repeat):
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            if rerun:  # the entries come from their cache, but every check runs
                (cache / "results.json").unlink(missing_ok=True)
            if no_index:  # the entries are cached; the pull request's own caches are not
                (cache / "papers.marshal").unlink(missing_ok=True)
                (cache / "changed.marshal").unlink(missing_ok=True)
            runs.append(run(root, command))
        figures[name] = min(runs)

    best("--help", ["--help"], cold=False)
    best("check, cold (no cache)", check, cold=True)
    run(root, check)  # fills the caches for the warm figures
    best("check, warm (nothing changed)", check, cold=False)
    best("check, entries cached, every check run", check, cold=False, rerun=True)
    run(root, check)
    best("render, warm (after a check)", render, cold=False)
    best("render, cold (no cache)", render, cold=True)
    run(root, check)
    pr = [*check, "--changed-since", "HEAD"]
    # An earlier pull request's run on this base kept the unchanged papers' index
    # (bot/speed/paper_index.py); here, one run with nothing changed does.
    run(root, pr)
    changed = change_one_entry(root)
    # A pull request's change is new: its result is never stored yet; its base is.
    best("PR: one changed entry, entries cached", pr, cold=False, rerun=True)
    best("PR: one changed entry, entries cached, no index", pr, cold=False, no_index=True)
    best("PR: one changed entry, no cache", pr, cold=True)
    _git(root, "checkout", "-q", "--", changed)
    return figures


def new_pull_request(root: Path, work: Path, repeat: int) -> dict[str, Figure]:
    """A pull request's first check on GitHub: a fresh clone, one entry changed and
    committed, with the cache folder as the default-branch job saves it, or none."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # The default-branch job, after a merge: the whole list, then the index of its papers
    # (what a pull request's check reads), in a clone of its own.
    saved = work / "saved-cache"
    default = _clone(root, work / "default-branch")
    for command in (["check", "--no-links"], ["check", "--changed-since", "HEAD", "--no-links"]):
        run(default, command, {"PAPERBOT_CACHE_DIR": str(saved)})
    figures: dict[str, Figure] = {}
    for name, restored in (("new PR on GitHub, cache restored", True),
                           ("new PR on GitHub, no cache", False)):  # fmt: skip
        runs = []
        for attempt in range(repeat):
            clone = _clone(root, work / f"pr-{attempt}")
            _git(clone, "checkout", "-q", "-b", "pr")
            _git(clone, "add", change_one_entry(clone))
            _git(clone, "-c", "user.name=bench", "-c", "user.email=bench@localhost",
                 "commit", "-q", "-m", "one changed entry")  # fmt: skip
            cache = work / f"cache-{attempt}"  # outside the checkout, as $RUNNER_TEMP is
            shutil.rmtree(cache, ignore_errors=True)
            if restored:  # as actions/cache restores it: every file, seal.key included
                shutil.copytree(saved, cache)
            outputs = [f"--report={work / 'report.json'}", f"--summary={work / 'summary.md'}"]
            (work / "summary.md").unlink(missing_ok=True)
            command = ["check", "--changed-since", "origin/main", "--no-links", "--format",
                       "github", *outputs]  # fmt: skip
            runs.append(run(clone, command, {"PAPERBOT_CACHE_DIR": str(cache)}))
            shutil.rmtree(clone)
        figures[name] = min(runs)
    return figures


def _clone(root: Path, to: Path) -> Path:
    shutil.rmtree(to, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(root), str(to)], check=True)
    return to


def change_one_entry(root: Path) -> str:
    """Give one paper a new note, as a pull request would (uncommitted: the diff is the PR)."""
    venue = sorted(p for p in (root / "entries").iterdir() if p.is_dir())[-1]
    paper = sorted(p for p in venue.iterdir() if p.name != "venue.yaml")[0]
    text = paper.read_text(encoding="utf-8")
    notes = "" if "\nnotes:\n" in text else "notes:\n"
    paper.write_text(f"{text}{notes}  - Adds one note, as a small pull request does\n", "utf-8")
    return paper.relative_to(root).as_posix()


def run(root: Path, command: list[str], env: dict[str, str] | None = None) -> Figure:
    """(wall seconds, CPU seconds, peak RSS in KiB) of one paperbot process."""
    started = time.perf_counter()
    process = subprocess.Popen([str(PAPERBOT), "-C", str(root), *command],
                               stdout=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})})  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"paperbot {' '.join(command)} exited {process.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def table(rows: dict[str, dict[int, Figure]], sizes: list[int]) -> str:
    """Wall time (CPU time), peak memory: one row a figure, one column a size."""
    head = "| figure | " + " | ".join(f"{s:,} papers" for s in sizes) + " |"
    lines = [head, "| --- |" + " ---: |" * len(sizes)]
    for name, by_size in rows.items():
        cells = [
            f"{by_size[s][0]:.2f} s ({by_size[s][1]:.2f} s CPU), {by_size[s][2] / 1024:.0f} MiB"
            for s in sizes
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True)


if __name__ == "__main__":
    sys.exit(main())
