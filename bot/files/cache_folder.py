"""Where paperbot keeps its caches, and whether this run may trust them.

The caches (bot/speed/, the link and arXiv title caches) live in one folder:
``.cache/paperbot`` under the repository root, or the folder ``PAPERBOT_CACHE_DIR``
names (in CI: under the runner's temp folder, outside the checkout). A cache only
saves time, and may vouch only for what paperbot computed on this machine: its files
are sealed under a key kept in the folder (bot/speed/sealed_file.py).

A checkout holds nothing paperbot computed: a cache folder git tracks files in came
with the commit, from whoever wrote it, key and all. Such a folder is not used at all
this run (neither read nor written: the run is a plain one), and each tracked file is
an error that says how to untrack it. A folder reached through a symbolic link inside
the checkout is refused likewise: a link committed there could lead anywhere on disk.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bot.model.diagnostics import Diagnostic, Severity

ENV = "PAPERBOT_CACHE_DIR"
DEFAULT = ".cache/paperbot"
KEY_FILE = "seal.key"  # the folder's secret key (bot/speed/sealed_file.py): never a cache


@dataclass(frozen=True)
class CacheFolder:
    path: Path | None  # None: not to be read or written this run
    problems: tuple[Diagnostic, ...] = ()

    def file(self, name: str) -> Path | None:
        """Where the cache ``name`` (relative to the folder) lives; None when the folder is
        not trusted, or the name leads out of it (``..``, an absolute path, a symbolic
        link: paperbot.yaml's cache settings are checked by ``outside``)."""
        name = name_in_folder(name)
        if self.path is None or outside(self.path, name) is not None:
            return None
        return self.path / name


def folder_path(root: Path) -> Path:
    """Where the cache folder of the repository at ``root`` is, trusted or not."""
    named = os.environ.get(ENV)
    return Path(named).absolute() if named else root.absolute() / DEFAULT


def name_in_folder(setting: str) -> str:
    """A cache setting of paperbot.yaml (``links.cache``) as a name in the cache folder.
    The settings once named a root-relative path under .cache/paperbot/: read so still."""
    return setting.removeprefix(f"{DEFAULT}/")


def locate(root: Path) -> CacheFolder:
    """The cache folder of the repository at ``root``, and why it may not be trusted."""
    path = folder_path(root)
    try:
        rel = path.relative_to(root.absolute())
    except ValueError:
        # Outside the checkout: whoever set the variable chose it. A cache committed where
        # the folder usually is stays an error: the next run without the variable reads it.
        return CacheFolder(path, tuple(_tracked(root, PurePosixPath(DEFAULT))))
    problems = _symlinked(root, rel) or _tracked(root, PurePosixPath(rel.as_posix()))
    return CacheFolder(None if problems else path, tuple(problems))


def outside(folder: Path, name: str) -> str | None:
    """Why the cache file ``name`` would lie outside ``folder``, or None when it does not."""
    pure = PurePosixPath(name)
    if not pure.parts or pure.is_absolute() or "\\" in name or ":" in pure.parts[0]:
        return "is not a path relative to the cache folder"
    if ".." in pure.parts:
        return "leads out of the cache folder (..)"
    if pure.name == KEY_FILE:
        return "names the cache folder's key"
    try:
        inside = (folder / name).resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of symbolic links
        inside = False
    return None if inside else "leads out of the cache folder through a symbolic link"


def _symlinked(root: Path, rel: Path) -> list[Diagnostic]:
    at = root
    for part in rel.parts:
        at = at / part
        if at.is_symlink():
            shown = at.relative_to(root).as_posix()
            message = (
                "a symbolic link where paperbot keeps its caches: it uses only a real folder "
                "of the checkout, and ignores this one; remove the link"
            )
            return [Diagnostic(shown, 1, 1, "files", Severity.ERROR, message)]
    return []


def _tracked(root: Path, rel: PurePosixPath) -> list[Diagnostic]:
    """An error per file git tracks in the folder, or at a path leading to it."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--", rel.parts[0]],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:  # no git: nothing can be tracked
        return []
    if done.returncode != 0:  # not a git repository
        return []
    found = []
    for name in done.stdout.decode(errors="replace").split("\0"):
        path = PurePosixPath(name)
        if name and (path == rel or rel in path.parents or path in rel.parents):
            message = (
                "a cache file committed to the repository: paperbot ignores this folder (it "
                f"trusts only caches it wrote itself); run `git rm -r --cached {rel.parts[0]}` "
                f"and list {rel.parts[0]}/ in .gitignore"
            )
            found.append(Diagnostic(name, 1, 1, "files", Severity.ERROR, message))
    return found
