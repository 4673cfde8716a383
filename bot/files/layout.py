"""Where things live in a paperbot repository, and the list of its entry files.

Kept apart from the loader, free of pydantic and the YAML parser: a check whose
result is replayed (bot/speed/replay.py) lists and hashes the files and needs
nothing else.
"""

from __future__ import annotations

import os
import re
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from bot.errors import FatalError
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.places import ENTRIES, GLOSSARY_FILE, VENUE_FILE

if TYPE_CHECKING:
    from pydantic import BaseModel

Kind = Literal["paper", "venue", "glossary"]
_NAME = attrgetter("name")


class EntryFile(NamedTuple):  # a tuple: built 50,000 times per run
    """A file under entries/ and what it must hold."""

    file: str  # the path, as os.scandir gives it (a Path each costs 10 us at 50,000 files)
    rel: str
    kind: Kind
    venue: str | None  # the venue folder, None for the shared glossary

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def depth(self) -> int:
        return self.rel.count("/")

    @property
    def model(self) -> type[BaseModel]:
        from bot.model.entries import Glossary, Paper, Venue  # pydantic: only once a file is loaded

        models: dict[Kind, type[BaseModel]] = {"paper": Paper, "venue": Venue, "glossary": Glossary}
        return models[self.kind]


Listing = tuple[list[EntryFile], list[Diagnostic]]  # what discover() returns


def discover(root: Path) -> Listing:
    """Every entry file, in a stable order, and what is in entries/ that should not be."""
    entries = root / ENTRIES
    if entries.is_symlink():
        # Followed, it would have paperbot read, and fmt rewrite, files outside the
        # repository (issue 14, finding 3); venue folders and entries that are links
        # are refused below.
        raise FatalError(
            f"{entries}: the entries folder is a symbolic link; paperbot reads and writes "
            "only a real folder: replace the link with the folder it points to"
        )
    if not entries.is_dir():
        raise FatalError(f"{entries}: no entries folder here (use -C ROOT to name the repository)")
    files: list[EntryFile] = []
    diags: list[Diagnostic] = []
    children = sorted(entries.iterdir())
    venues = [
        c.name for c in children if not c.is_symlink() and c.is_dir() and (c / VENUE_FILE).exists()
    ]
    for child in children:
        rel = _rel(root, child)
        _check_name(child.name, rel, diags)
        if child.is_symlink():
            diags.append(_file_error(rel, "symbolic links are not allowed in entries/"))
        elif child.is_dir():
            files += _venue_folder(root, child, diags, venues)
        elif child.name == GLOSSARY_FILE:
            files.append(EntryFile(str(child), rel, "glossary", None))
        elif child.suffix in (".yaml", ".yml"):
            diags.append(_file_error(rel, "a paper belongs in a venue folder: entries/<venue>/"))
        elif not child.name.startswith("."):
            diags.append(_file_error(rel, "unexpected file in entries/", Severity.WARNING))
    return files, diags


def _venue_folder(
    root: Path, folder: Path, diags: list[Diagnostic], venues: list[str]
) -> list[EntryFile]:
    venue_path = folder / VENUE_FILE
    files = []
    if not venue_path.exists() and not venue_path.is_symlink():
        diags += _not_a_venue(root, folder, venues)
    folder_rel = _rel(root, folder)
    # scandir: the file type comes with the listing, no stat per file (50,000 of them).
    with os.scandir(folder) as listing:
        children = sorted(listing, key=_NAME)
    # The venue file first: its papers' checks look it up.
    children.sort(key=lambda e: e.name != VENUE_FILE)  # stable: the rest stay sorted
    venue = folder.name
    plain = _PLAIN_ENTRY.match
    for item in children:
        name = item.name
        rel = f"{folder_rel}/{name}"
        if plain(name) and item.is_file(follow_symlinks=False):
            # Nearly every file: a regular file with a safe .yaml name, nothing to say.
            files.append(
                EntryFile(item.path, rel, "venue" if name == VENUE_FILE else "paper", venue)
            )
            continue
        stem, dot, ext = name.rpartition(".")  # Path's stem and suffix, without a Path
        suffix = f".{ext}" if dot and stem else ""
        _check_name(name, rel, diags)
        if item.is_symlink():
            diags.append(_file_error(rel, "symbolic links are not allowed in entries/"))
        elif name.startswith("."):
            continue
        elif item.is_dir():
            diags.append(_file_error(rel, "folders inside a venue folder are not read"))
        elif suffix != ".yaml" and suffix.lower() in (".yml", ".yaml"):  # .yml, .YAML
            diags.append(_file_error(rel, f"rename to {stem}.yaml: entries end in .yaml"))
        elif suffix != ".yaml":
            diags.append(_file_error(rel, "not a .yaml entry; ignored", Severity.WARNING))
        else:
            kind: Kind = "venue" if name == VENUE_FILE else "paper"
            files.append(EntryFile(item.path, rel, kind, venue))
    return files


_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_PLAIN_ENTRY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.yaml\Z")  # a safe name, not hidden


def name_problem(name: str) -> str | None:
    """Why a file or folder name under entries/ is refused: names travel into shell
    commands, URLs and Markdown links, where spaces and other characters need quoting."""
    if _SAFE_NAME.match(name):
        return None
    stem, dot, suffix = name.rpartition(".") if name.endswith(".yaml") else (name, "", "")
    better = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "entry"
    return (
        f"the name {name!r} has characters other than ASCII letters, digits, '.', '-' and "
        f"'_'; rename it to {better + dot + suffix!r}"
    )


def _not_a_venue(root: Path, folder: Path, venues: list[str]) -> list[Diagnostic]:
    """A folder without venue.yaml: most often a venue's name mistyped (mlsys2025 for
    mlsys-2025); then each paper in it is told where it belongs."""
    meant = _nearest_venue(folder.name, venues)
    papers = sorted(
        p.name for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith(".")
    )
    if meant is not None and papers:
        message = (
            f"{ENTRIES}/{folder.name}/ is not a venue (it has no {VENUE_FILE}); did you mean "
            f"{ENTRIES}/{meant}/? Move this file there"
        )
        return [_file_error(_rel(root, folder / name), message) for name in papers]
    listed = ", ".join(venues[:3]) + (", ..." if len(venues) > 3 else "")
    where = f" ({listed})" if venues else ""
    message = (
        f"venue folder {folder.name}/ has no {VENUE_FILE}: a paper goes in an existing venue "
        f"folder{where}; a new venue needs its {VENUE_FILE}"
    )
    return [_file_error(_rel(root, folder / VENUE_FILE), message)]


def _nearest_venue(name: str, venues: list[str]) -> str | None:
    if not venues:
        return None
    squeezed = {re.sub(r"[^a-z0-9]", "", v.lower()): v for v in venues}
    same = squeezed.get(re.sub(r"[^a-z0-9]", "", name.lower()))
    if same is not None:
        return same
    from rapidfuzz import fuzz, process  # loaded for a suggestion, not for every listing

    best = process.extractOne(name.lower(), venues, scorer=fuzz.ratio, score_cutoff=80)
    return None if best is None else str(best[0])


def _check_name(name: str, rel: str, diags: list[Diagnostic]) -> None:
    problem = None if name.startswith(".") else name_problem(name)
    if problem is not None:
        diags.append(_file_error(rel, problem))


def _file_error(rel: str, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(rel, 1, 1, "files", severity, message)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
