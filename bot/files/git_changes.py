"""Which entry files changed since a git ref (for --changed-since), and which did not."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import IO

from bot.errors import FatalError


def changed_paths(root: Path, ref: str) -> set[str]:
    """Root-relative paths under entries/ added or modified since the merge base with ``ref``,
    including uncommitted and untracked files."""
    return Changes(root, ref, blobs=False).result()[0]


class Changes:
    """``changed_paths``, and the blob id of every regular file under entries/ at the merge
    base (root-relative path -> blob id). A tracked file not among the changed paths holds
    exactly its blob's bytes: git compared the work tree with the base to say so.

    Asked of git at once: the processes run side by side, and beside the caller, who lists
    the entry folders meanwhile (50,000 files: a fifth of a second each, for git's diff and
    for the listing)."""

    def __init__(self, root: Path, ref: str, blobs: bool = True) -> None:
        base = _git(root, "merge-base", ref, "HEAD").strip()
        # --relative: names relative to ROOT, which may sit below the top of the work tree.
        diff = ["diff", "--relative", "--name-only", "-z", "--diff-filter=ACMR", base]
        self._diff = _Git(root, *diff, "--", "entries", "paperbot.yaml")
        self._untracked = _Git(
            root, "ls-files", "--others", "--exclude-standard", "-z", "--", "entries"
        )
        # ls-tree names paths relative to the current directory (ROOT), as diff --relative does.
        self._tree = _Git(root, "ls-tree", "-r", "-z", base, "--", "entries") if blobs else None

    def result(self) -> tuple[set[str], dict[str, str]]:
        listed = self._diff.output() + self._untracked.output()
        changed = {name for name in listed.split("\0") if name}
        blobs: dict[str, str] = {}
        for record in self._tree.output().split("\0") if self._tree else ():
            meta, _, name = record.partition("\t")
            fields = meta.split(" ")
            if len(fields) == 3 and fields[0] in ("100644", "100755") and fields[1] == "blob":
                blobs[name] = fields[2]
        return changed, blobs


class _Git:
    """One git process, started now. Its output goes to a file, not a pipe: a pipe
    would stop git after 64 KiB until someone reads (ls-tree writes megabytes)."""

    def __init__(self, root: Path, *args: str) -> None:
        self._args = args
        self._out: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  closed by output()
        self._err: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                ["git", *args], cwd=root, stdout=self._out, stderr=self._err
            )
        except FileNotFoundError:
            self._close()
            raise FatalError("--changed-since needs git, and git is not installed") from None

    def output(self) -> str:
        try:
            code = self._process.wait()
            self._out.seek(0)
            self._err.seek(0)
            # As os.scandir decodes names, so that the two agree on any name.
            out = self._out.read().decode("utf-8", "surrogateescape")
            err = self._err.read().decode("utf-8", "replace")
        finally:
            self._close()
        if code != 0:
            raise FatalError(f"git {self._args[0]}: {_last_line(err)}")
        return out

    def _close(self) -> None:
        self._out.close()
        self._err.close()


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise FatalError("--changed-since needs git, and git is not installed") from None
    if done.returncode != 0:
        raise FatalError(f"git {args[0]}: {_last_line(done.stderr)}")
    return done.stdout


def _last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1] if stderr.strip() else "failed"
