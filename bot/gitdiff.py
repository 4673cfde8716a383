"""Which entry files changed since a git ref (for --changed-since)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bot.errors import FatalError


def changed_paths(root: Path, ref: str) -> set[str]:
    """Root-relative paths under entries/ added or modified since the merge base with ``ref``,
    including uncommitted and untracked files."""
    base = _git(root, "merge-base", ref, "HEAD").strip()
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
