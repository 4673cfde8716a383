"""Which entry files changed since a git ref (for --changed-since), and which did not."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bot.errors import FatalError


def changed_paths(root: Path, ref: str) -> set[str]:
    """Root-relative paths under entries/ added or modified since the merge base with ``ref``,
    including uncommitted and untracked files."""
    return _changed(root, _git(root, "merge-base", ref, "HEAD").strip())


def changes(root: Path, ref: str) -> tuple[set[str], dict[str, str]]:
    """``changed_paths``, and the blob id of every regular file under entries/ at the merge
    base (root-relative path -> blob id). A tracked file not among the changed paths holds
    exactly its blob's bytes: git compared the work tree with the base to say so."""
    base = _git(root, "merge-base", ref, "HEAD").strip()
    changed = _changed(root, base)
    # ls-tree names paths relative to the current directory (ROOT), as diff --relative does.
    listed = _git(root, "ls-tree", "-r", "-z", base, "--", "entries")
    blobs: dict[str, str] = {}
    for record in listed.split("\0"):
        meta, _, name = record.partition("\t")
        fields = meta.split(" ")
        if len(fields) == 3 and fields[0] in ("100644", "100755") and fields[1] == "blob":
            blobs[name] = fields[2]
    return changed, blobs


def _changed(root: Path, base: str) -> set[str]:
    # --relative: names relative to ROOT, which may sit below the top of the git work tree.
    diff = ["diff", "--relative", "--name-only", "-z", "--diff-filter=ACMR", base]
    diffed = _git(root, *diff, "--", "entries", "paperbot.yaml")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", "entries")
    return {name for name in (diffed + untracked).split("\0") if name}


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise FatalError("--changed-since needs git, and git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        raise FatalError(f"git {args[0]}: {message}")
    return done.stdout
