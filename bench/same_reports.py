"""Every report paperbot writes, over fixed corpora, as files to compare with ``diff -r``.

    python bench/same_reports.py --paperbot OLD/.venv/bin/paperbot --out /tmp/reports-old
    python bench/same_reports.py --paperbot NEW/.venv/bin/paperbot --out /tmp/reports-new
    diff -r /tmp/reports-old /tmp/reports-new

``paperbot`` runs as a subprocess (nothing of bot/ is imported: old and new code compare)
over this repository's entries, synthetic corpora (bench/synthetic.py) and synthetic ones
with mistakes planted by a seeded generator, each written afresh under --work and committed
at a fixed date. DIR/<corpus>/<scenario>.out is a run's stdout, <scenario>.<file> a file it
wrote, <scenario>.meta its command, exit code and stderr (temporary paths and timings
replaced). DIR/corpora.txt names each corpus's git tree; DIR/consistency.txt says whether
runs on a cache said what cold runs said (if one did not, the exit code is 1).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

# name: (papers, seed, share of papers and venues given mistakes); 0 papers: this repository.
CORPORA = {
    "repository": (0, 0, 0.0),
    "synthetic-1k": (1000, 1, 0.0),
    "synthetic-10k": (10000, 1, 0.0),
    "synthetic-50k": (50000, 1, 0.0),
    "planted-sparse": (2000, 2, 0.05),  # a few slips, as a real list has
    "planted-dense": (2000, 3, 1.0),  # every paper wrong: thousands of diagnostics
    "planted-mixed": (5000, 4, 0.3),
}
# A fixed author and date: the same files make the same commit in every run.
WHO = {"NAME": "bench", "EMAIL": "bench@localhost", "DATE": "1735689600 +0000"}
GIT_ENV = {
    f"GIT_{role}_{key}": value for role in ("AUTHOR", "COMMITTER") for key, value in WHO.items()
}
INCLUDE = re.compile(r"^<!-- paperbot:include (\S+) -->", re.MULTILINE)  # as bot/ reads it
TIMING = re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|s|seconds?)\b")
TITLE = re.compile(r"^title: [^\r\n]+$", re.MULTILINE)  # not in a file a CR was planted in
NOTE = r"^notes:\n|\Z"  # after "notes:", or a new "notes:" at the end
COPY = "<copy>"  # the replacement is what the pattern matches in another paper


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--paperbot", type=Path, required=True, help="the executable to run")
    parser.add_argument("--out", type=Path, required=True, help="where the reports go (new)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/paperbot-same"))
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--corpora", default=",".join(CORPORA), help="a comma-separated subset")
    args = parser.parse_args(argv)
    names = args.corpora.split(",")
    if unknown := sorted(set(names) - set(CORPORA)):
        parser.error(f"unknown corpora: {', '.join(unknown)}")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty: old reports would mix with the new ones")
    started, trees, consistency = time.perf_counter(), [], []
    for name in names:
        root = build(name, args.work.resolve(), args.repo.resolve())
        trees.append(f"{name} {_git(root, 'rev-parse', 'HEAD^{tree}')}")  # what was checked
        (args.out / name).mkdir(parents=True)
        run = Runner(args.paperbot.resolve(), root, args.out / name, args.work.resolve())
        consistency += [f"{name} {line}" for line in scenarios(run)]
    (args.out / "corpora.txt").write_text("\n".join(trees) + "\n", encoding="utf-8")
    (args.out / "consistency.txt").write_text("\n".join(consistency) + "\n", encoding="utf-8")
    differ = [line for line in consistency if "DIFFERENT" in line]
    print(*differ, f"done in {time.perf_counter() - started:.0f} s", sep="\n", file=sys.stderr)
    return 1 if differ else 0


def build(name: str, work: Path, repo: Path) -> Path:
    """The corpus, written afresh (nothing an earlier run left can leak in) and committed."""
    root = work / name
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    papers, seed, share = CORPORA[name]
    if papers:
        generate(root, papers, seed)
        if share:
            plant(root, random.Random(seed), share)
    else:  # the tracked data check and render read, and the files the template includes
        template = (repo / "README.template.md").read_text(encoding="utf-8")
        wanted = ["entries", "paperbot.yaml", "README.template.md", *INCLUDE.findall(template)]
        for rel in _git(repo, "ls-files", "--", *wanted).splitlines():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(repo / rel, root / rel)
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", name)
    return root


class Runner:
    """Runs paperbot in one corpus, writing what it reported under ``out``."""

    def __init__(self, paperbot: Path, root: Path, out: Path, work: Path) -> None:
        self.paperbot, self.root, self.out, self.work = paperbot, root, out, work
        # Never as under GitHub Actions, nor debugging, whatever the caller's shell has.
        self.env = {k: v for k, v in os.environ.items() if k != "CI"
                    and not k.startswith(("GITHUB_", "RUNNER_", "PAPERBOT_"))}  # fmt: skip

    def __call__(
        self, scenario: str, args: list[str], cold: bool = True, files: Sequence[str] = ()
    ) -> str:
        """The normalised stdout of ``paperbot ARGS``; ``files``: those it writes."""
        if cold:
            shutil.rmtree(self.root / ".cache", ignore_errors=True)
        started = time.perf_counter()
        done = subprocess.run([str(self.paperbot), *args], cwd=self.root, env=self.env,
                              capture_output=True, check=False)  # fmt: skip
        print(f"{self.root.name:>15} {scenario:<22} exit {done.returncode} "
              f"{time.perf_counter() - started:5.1f} s", file=sys.stderr, flush=True)  # fmt: skip
        stderr = TIMING.sub("<time>", self.normal(done.stderr))
        meta = f"paperbot {' '.join(args)}\nexit {done.returncode}\n--- stderr\n{stderr}"
        written = {rel: self.root / rel for rel in files}
        texts = {f"{scenario}.out": self.normal(done.stdout), f"{scenario}.meta": meta} | {
            f"{scenario}.{rel}": self.normal(path.read_bytes()) if path.exists() else "(none)\n"
            for rel, path in written.items()
        }
        for name, text in texts.items():
            (self.out / name).write_text(text, encoding="utf-8")
        for path in written.values():
            path.unlink(missing_ok=True)
        return texts[f"{scenario}.out"]

    def normal(self, raw: bytes) -> str:
        # Bytes, not text mode: a carriage return or a stray byte in a report shows as it is.
        # Only the temporary folders vary between runs; the corpus first, it is longer.
        text = raw.decode("utf-8", "backslashreplace")
        return text.replace(str(self.root), "<corpus>").replace(str(self.work), "<work>")


def scenarios(run: Runner) -> list[str]:
    """Every report over the whole corpus, then over two pull requests, each with no cache;
    returns whether each run on a cache said what the cold run said."""
    check, pr = ["check", "--no-links"], ["check", "--no-links", "--changed-since", "HEAD"]
    cold = run("check-json", [*check, "--format", "json"])
    warm = run("check-json-warm", [*check, "--format", "json"], cold=False)  # its caches
    found = [_same("check-json-warm", warm, cold)]
    for fmt in ("text", "github", "markdown"):
        run(f"check-{fmt}", [*check, "--format", fmt])
    run("render", ["render", "--output", "rendered.md"], files=["rendered.md"])
    for scenario, venue in (("pr", False), ("pr-venue", True)):
        change(run.root, venue)
        cold = run(f"{scenario}-cold", [*pr, "--format", "json"])
        restore(run.root)
        # A run on the unchanged base keeps the paper index, which the pull request's
        # run then answers the papers it left alone from.
        run(f"{scenario}-unchanged", [*pr, "--format", "json"])
        change(run.root, venue)
        indexed = run(f"{scenario}-indexed", [*pr, "--format", "json"], cold=False)
        found.append(_same(f"{scenario}-indexed", indexed, cold))
        files = ["report.json", "summary.md"]  # what a workflow hands to paperbot comment
        report = ["--format", "markdown", "--report", files[0], "--summary", files[1]]
        run(f"{scenario}-report", [*pr, *report], cold=False, files=files)
        restore(run.root)
    return found


def _same(scenario: str, got: str, cold: str) -> str:
    return f"{scenario}: " + ("same as cold" if got == cold else "DIFFERENT from cold")


def change(root: Path, venue: bool) -> None:
    """A pull request, uncommitted: a title copied from a paper it leaves alone, a note with
    acronyms nobody defined, a new paper, and with ``venue`` a repeated area name."""
    papers = [p for p in _papers(root) if (p.parent / "venue.yaml").exists()]
    papers = [p for p in papers if TITLE.search(_read(p))]
    copier, original, noted = random.Random(7).sample(papers, 3)
    title = TITLE.findall(_read(original))[0]
    _write(copier, TITLE.sub(lambda _: title, _read(copier), count=1))
    _sub(noted, NOTE, "notes:\n  - Cuts the TTFT of a WAL on NVMe\n")
    category = (re.findall(r"^category: .+$", _read(noted), re.M) or ["category: [X]"])[0]
    (noted.parent / "pr-added-paper.yaml").write_text(
        f"title: 'PagedCXL: Pooled Memory for Serving'\n{category}\nlinks:\n  - kind: arXiv\n"
        "    url: http://arxiv.org/pdf/2501.01234v2.pdf\naffiliations:\n  - Example U\n",
        encoding="utf-8",
    )
    if venue:
        _sub(noted.parent / "venue.yaml", r"^areas:\n", "areas:\n" + "  - name: CXL Pools\n" * 2)


def restore(root: Path) -> None:
    _git(root, "checkout", "-q", "--", ".")
    _git(root, "clean", "-fdq", "entries")


# fmt: off
# Slips curators make in a paper file (after tests/checks/examples), as a pattern and its
# replacement, made once where the pattern matches, nowhere if it does not.
PAPER_EDITS = [
    # yaml: a colon unquoted, a tab, a byte-order mark, a duplicate key
    (r"^title: '(.*: .*)'$", r"title: \1"), (r"^  - kind:", "\t- kind:"), (r"\A", "\ufeff"),
    (r"\Z", "title: 'Said Twice'\n"),
    # schema: no title, keys it does not know, text for a list and for a number, and so on
    (r"^title: .*\n", ""), (r"\Z", "authors: [A. Author]\n"), (r"^links:", "Links:"),
    (r"\Z", "awards: Best Paper\n"), (r"^category: \[(.*)\]$", r"category: \1"),
    (r"^position: (\d+)$", r"position: '\1'"), (r"^position: \d+$", "position: -1"),
    (r"^category: .*$", "category: []"), (r"kind: Paper", "kind: ''"),
    (r"url: https://", "url: ftp://"), (r"url: https://", "url: "),
    # category: two letters swapped
    (r"^(category: \[.*)(\w)(\w)\]$", r"\1\3\2]"),
    # url: arXiv's other forms, old DOI resolvers, pages labelled as what they are not
    (r"https://arxiv\.org/abs/(\S+)$", r"https://arxiv.org/pdf/\1"),
    (r"https://arxiv\.org/abs/(\S+)$", r"http://arxiv.org/pdf/\1v2.pdf"),
    (r"https://arxiv\.org/", "https://export.arxiv.org/"),
    (r"https://doi\.org/", "http://dx.doi.org/"), (r"https://doi\.org/", "https://dl.acm.org/doi/"),
    (r"https://github\.com/([\w-]+)/(\S+)$", r"https://\1.github.io/\2/"),
    (r"url: https://[^/]+/", "url: https://localhost/"),
    # markup: HTML, block syntax, lookalike and invisible letters; acronyms; a trailing space
    (r"^title: '(.*)'$", r"title: '\1 <script>alert(1)</script>'"), (r"^title: '", "title: '# "),
    (r"^title: '", "title: '["), (r"^affiliations:\n", "affiliations:\n  - '1. Example U'\n"),
    (r"^title: '([^a\n]*)a", "title: '\\1\u0430"), (r"^title: '([^ \n]*) ", "title: '\\1\u200b "),
    (r"^title: '(.*)'$", r"title: '\1 on CXL Memory'"), (r"^title: '(.*)'$", r"title: '\1 '"),
    # a note (a list added, or one more item): undefined acronyms, links and HTML that run
    *((NOTE, f"notes:\n  - {note}\n") for note in (
        "Halves the TTFT of every request", "Keeps the WAL on NVMe drives",
        "Pools memory over CXL, not PCIe", "'Faster than <img src=x onerror=alert(1)> before'",
        "'See [the demo](javascript:alert(1))'", "'See <javascript:alert(1)>'",
        "'<!-- everything after this is hidden'", "'![pixel](https://tracker.example.org/p.png)'",
        "Thanks to @octocat for the traces", "'> quoted from the abstract'")),
    # duplicates: another paper's line, exactly (the same title, the same preprint)
    (TITLE.pattern, COPY), (TITLE.pattern, COPY), (r"https://arxiv\.org/abs/\S+", COPY),
    (r"\n", "\r\n"),  # a carriage return
]
# In a venue file: a repeated name (twice), an undefined acronym, markup, an unused term.
VENUE_EDITS = [
    (r"^areas:\n(  - name: (.*)\n)", r"areas:\n\1  - name: \2\n"),
    (r"^areas:\n", "areas:\n  - name: Tiers\n    categories:\n" + "      - name: Hot\n" * 2),
    (r"^areas:\n", "areas:\n  - name: CXL Memory Pools\n"),
    (r"^areas:\n", "areas:\n  - name: '<img src=x onerror=alert(1)> Caches'\n"),
    (r"\Z", "glossary:\n  XPU: Experimental Processing Unit\n"),
]
# Rarer: a venue file the schema refuses hides its papers from the category check.
BROKEN_VENUE_EDITS = [
    (r"^homepage:", "organiser: Jane Doe\nhomepage:"), (r"^homepage: https://", "homepage: ftp://"),
    (r"accepted: 61", "accepted: sixty-one"),
]
# fmt: on


def plant(root: Path, rng: random.Random, share: float) -> None:
    """Mistakes in about ``share`` of the papers and venue files, one of each kind of
    misplaced or misnamed file, and a glossary term nothing uses."""
    papers = _papers(root)
    pool = [_read(p) for p in papers]  # the originals: titles and preprints to copy
    for path in papers:
        if rng.random() < share:
            text = _read(path)
            for pattern, replacement in rng.sample(PAPER_EDITS, k=rng.choice([1, 1, 2, 3])):
                if replacement == COPY:
                    theirs = re.search(pattern, rng.choice(pool), re.MULTILINE)
                    replacement = theirs.group(0).replace("\\", "\\\\") if theirs else r"\g<0>"
                text = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
            _write(path, text)
    for path in sorted(root.glob("entries/*/venue.yaml")):
        edits = rng.sample(VENUE_EDITS, k=rng.randint(1, 3)) if rng.random() < share else []
        edits += [rng.choice(BROKEN_VENUE_EDITS)] if rng.random() < share / 4 else []
        for pattern, replacement in edits:
            _sub(path, pattern, replacement)
    _sub(root / "entries/glossary.yaml", r"\Z", "  TLB: Translation Lookaside Buffer\n")
    one, two, three, four, five = rng.sample(papers, 5)
    one.rename(one.with_suffix(".yml"))
    two.rename(two.with_name(f"{two.stem} copy.yaml"))
    (three.parent / "link.yaml").symlink_to(three.name)
    (three.parent / "drafts").mkdir()
    shutil.copy(three, three.parent / "drafts" / three.name)
    (four.parent / "notes.txt").write_text("not an entry\n", encoding="utf-8")
    (four.parent / "empty.yaml").write_bytes(b"")
    (four.parent / "listed.yaml").write_text("- title: A list, not a mapping\n", encoding="utf-8")
    (five.parent / "latin1.yaml").write_bytes(b"title: 'Caf\xe9 Systems'\ncategory: [X]\n")
    (root / "entries/orphan-2024").mkdir()  # a venue folder without venue.yaml
    shutil.copy(five, root / "entries/orphan-2024" / five.name)


def _papers(root: Path) -> list[Path]:
    found = root.glob("entries/*/*.yaml")
    return sorted(p for p in found if p.name != "venue.yaml" and not p.is_symlink())


def _read(path: Path) -> str:
    # As bytes: a planted carriage return stays, a planted invalid byte survives the trip.
    return path.read_bytes().decode("utf-8", "surrogateescape")


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


def _sub(path: Path, pattern: str, replacement: str) -> None:
    _write(path, re.sub(pattern, replacement, _read(path), count=1, flags=re.MULTILINE))


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
