"""Relative links in entries: the repository path each names, and what is there.

A relative link is read from the repository's root, where README.md is: that is where
GitHub and the rendered README resolve it. The url check reports a link to nothing,
and the replay of a stored result (bot/speed/replay.py) keeps each target's state, so
a file added or removed outside entries/ is seen.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown's backslash escapes: otter\_slides
_NEAR = 80  # edit similarity (0-100) of a file name taken for the one meant


class Target(NamedTuple):
    state: str  # "present", "missing" or "outside" (the repository)
    nearest: str | None  # for a missing one: the root-relative path most likely meant


def link_target(url: str) -> str | None:
    """The root-relative path a relative link names; None for an absolute URL or a link
    to a place in the page itself (``#acronyms``)."""
    if _SCHEME.match(url) or url.startswith("//"):
        return None
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    return posixpath.normpath(unquote(_ESCAPE.sub(r"\1", path)).lstrip("/"))


def target(root: Path, rel: str) -> Target:
    if rel == ".." or rel.startswith("../"):
        return Target("outside", None)
    path = root / rel
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        inside = False
    if not inside:
        return Target("outside", None)
    if path.exists():
        return Target("present", None)
    return Target("missing", _nearest(root, rel))


def _nearest(root: Path, rel: str) -> str | None:
    folder, _, name = rel.rpartition("/")
    try:
        names = sorted(entry.name for entry in (root / folder).iterdir())
    except OSError:
        return None
    from rapidfuzz import fuzz, process  # loaded for a suggestion only

    best = process.extractOne(name, names, scorer=fuzz.ratio, score_cutoff=_NEAR)
    return None if best is None else f"{folder}/{best[0]}".lstrip("/")
