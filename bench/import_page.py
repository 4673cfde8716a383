"""``paperbot import`` of one big page, as a maintainer adopting a long list runs it.

``python bench/import_page.py --sizes 10000,50000`` takes the synthetic corpus of each
size (bench/run.py's ``corpus()``), clones it, gathers all its papers into one venue,
renders that venue's page with ``paperbot render --output``, and times a whole
``paperbot import`` process into an empty repository; with ``--again``, also a second
import into the repository the first one wrote (the merge path: every paper is listed
already, so each is compared with the corpus by the duplicates check: slow, see
bench/README.md).

``--keep DIR`` leaves the repositories, the pages and each run's output there, to compare
what two versions of paperbot write (``diff -r``); ``--paperbot PATH`` runs another
version's paperbot for a before/after on the same page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import corpus
from synthetic import AREAS, SUB

VENUE = "synthetic-2025"
Figure = tuple[float, float, int]  # wall seconds, CPU seconds, peak RSS in KiB


def one_venue(source: Path, out: Path) -> None:
    """A clone of ``source`` with every paper in one venue whose tree holds them all."""
    subprocess.run(["git", "clone", "-q", str(source), str(out)], check=True)
    entries = out / "entries"
    folder = entries / VENUE
    folder.mkdir()
    (folder / "venue.yaml").write_text(_venue_yaml(), encoding="utf-8")
    for venue in sorted(p for p in entries.iterdir() if p.is_dir() and p != folder):
        for paper in sorted(venue.glob("*.yaml")):
            if paper.name != "venue.yaml":
                paper.rename(folder / paper.name)  # names carry a serial: no clash
        shutil.rmtree(venue)
    (out / "README.template.md").unlink()  # one venue, no template: render prints its page
    shutil.rmtree(out / ".git")


def _venue_yaml() -> str:
    """Every area and category the generator uses; a category that is a leaf in one venue
    and has subcategories in another holds papers of its own."""
    lines = ["name: Synthetic 2025", "homepage: https://synthetic.example.org/2025", "areas:"]
    for area in sorted(AREAS):
        lines.append(f"  - name: {area}")
        if AREAS[area]:
            lines.append("    categories:")
        for category in AREAS[area]:
            lines += [f"      - name: {category}", "        own_papers: true"]
            lines += ["        categories:", *(f"          - name: {s}" for s in SUB)]
    return "\n".join(lines) + "\n"


def run(paperbot: Path, root: Path, args: Sequence[str], log: Path) -> Figure:
    """(wall seconds, CPU seconds, peak RSS in KiB) of one paperbot process; its output
    goes to ``log`` (stdout, then stderr) to compare runs."""
    started = time.perf_counter()
    with log.open("wb") as out, log.with_suffix(".err").open("wb") as err:
        process = subprocess.Popen([str(paperbot), "-C", str(root), *args], stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"paperbot {' '.join(args)} exited {code}; see {log}.err")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure(size: int, paperbot: Path, work: Path, keep: Path, again: bool) -> dict[str, Figure]:
    source = work / f"corpus-{size}-seed1"
    if not (source / ".git").is_dir():
        source = corpus(work, size, 1)  # generated once, shared with bench/run.py: only read
    big = keep / f"one-venue-{size}"
    page = keep / f"page-{size}.md"
    if not page.exists():
        shutil.rmtree(big, ignore_errors=True)
        one_venue(source, big)
        run(paperbot, big, ["render", "--output", str(page)], keep / f"render-{size}.log")
    target = keep / f"imported-{size}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    figures = {}
    figures["import into an empty repository"] = run(
        paperbot, target, ["import", str(page), "--venue", VENUE], keep / f"import-{size}.log"
    )
    if again:
        shutil.rmtree(keep / f"imported-{size}.first", ignore_errors=True)
        shutil.copytree(target, keep / f"imported-{size}.first")
        figures["import again (every paper listed already)"] = run(
            paperbot, target, ["import", str(page), "--venue", VENUE], keep / f"again-{size}.log"
        )
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument(
        "--paperbot",
        type=Path,
        default=Path(sys.executable).with_name("paperbot"),
        help="the paperbot to run (another version's, for a before/after)",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/paperbot-bench"))
    parser.add_argument(
        "--again", action="store_true", help="also import the page again (the merge path)"
    )
    parser.add_argument("--keep", type=Path, help="where the repositories and pages stay")
    args = parser.parse_args(argv)
    paperbot = args.paperbot
    keep = args.keep or Path(tempfile.mkdtemp(prefix="paperbot-import-"))
    keep.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: dict[str, dict[int, Figure]] = {}
    for size in sizes:
        for name, figure in measure(size, paperbot, args.work, keep, args.again).items():
            rows.setdefault(name, {})[size] = figure
            print(f"{size}: {name}: {figure[0]:.2f} s ({figure[1]:.2f} s CPU), "
                  f"{figure[2] / 1024:.0f} MiB", flush=True)  # fmt: skip
    print(f"(repositories, pages and output in {keep})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
