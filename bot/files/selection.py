"""The entry files a command line names: ``paperbot check FILE…`` and ``paperbot fmt FILE…``.

pre-commit passes paths relative to the repository root (it runs hooks there); a person
types them relative to the current folder. Both are accepted. Only files are named, never
folders (a shell glob names a venue's files), and only files paperbot reads as entries:
anything else is a usage error (exit 2), so a hook never passes a file in silence.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from bot.errors import FatalError
from bot.model.places import ENTRIES, GLOSSARY_FILE

_SHAPES = (
    f"{ENTRIES}/<venue>/<paper>.yaml, {ENTRIES}/<venue>/venue.yaml or {ENTRIES}/{GLOSSARY_FILE}"
)


def named_entries(root: Path, names: Sequence[str]) -> frozenset[str] | None:
    """The named files as repository-relative paths (``entries/…``), or None when no
    name is given (every entry). Raises FatalError for a name that is not an entry file."""
    if not names:
        return None
    base = root.resolve()
    return frozenset(_entry_path(base, name) for name in names)


def _entry_path(base: Path, name: str) -> str:
    path = _locate(base, name)
    if path is None:
        raise FatalError(
            f"{name}: no such file (a path is taken from the current folder or from the "
            f"repository root {base})"
        )
    rel = _relative(base, path)
    if rel is None:
        raise FatalError(f"{name}: not in the repository {base}; name entry files, {_SHAPES}")
    if path.is_dir() and not path.is_symlink():
        raise FatalError(
            f"{name}: a folder; name its files ({ENTRIES}/<venue>/*.yaml), or give no FILE "
            "to take every entry"
        )
    parts = rel.split("/")
    suffix = parts[-1].rpartition(".")[2]
    # A misplaced paper (entries/x.yaml) or a .yml file is an entry the files check
    # reports on; a hidden file or one in a nested folder is never read.
    readable = parts[0] == ENTRIES and len(parts) in (2, 3) and not parts[-1].startswith(".")
    if not readable or suffix not in ("yaml", "yml"):
        raise FatalError(f"{name}: not an entry file; entries are {_SHAPES}")
    return rel


def _locate(base: Path, name: str) -> Path | None:
    """The file ``name`` names: from the current folder first (as a shell completes it),
    then from the repository root (as pre-commit passes it)."""
    given = Path(name)
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, base / given]
    found = [c for c in candidates if c.exists() or c.is_symlink()]
    inside = [c for c in found if _relative(base, c) is not None]
    return next(iter(inside or found), None)


def _relative(base: Path, path: Path) -> str | None:
    # The folder is resolved, not the file: a symbolic link under entries/ stays itself
    # (the files check refuses it) instead of becoming the file it points to.
    full = Path(os.path.normpath(path.absolute()))
    try:
        rel = (full.parent.resolve() / full.name).relative_to(base)
    except ValueError:
        return None
    return rel.as_posix()
