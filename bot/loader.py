"""Read ``entries/`` into a Corpus. Never prints or exits: every problem is a diagnostic."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.corpus import GLOSSARY_FILE, VENUE_FILE, Corpus, Located, M, VenueData
from bot.diagnostics import Diagnostic, Severity
from bot.entrycache import EntryCache
from bot.errors import FatalError
from bot.fastyaml import parse_plain
from bot.inputguard import MAX_FILE_BYTES as MAX_FILE_BYTES  # re-exported: callers know it here
from bot.inputguard import decode, name_problem, read_limited
from bot.models import Glossary, Paper, Venue
from bot.paperindex import PaperIndex
from bot.validation import diagnostics_for
from bot.yamlio import Positions, YamlProblem, parse, to_plain

ENTRIES = "entries"


@dataclass(frozen=True)
class EntryFile:
    """A file under entries/ and the model it must hold."""

    file: str  # the path, as os.scandir gives it (a Path each costs 10 us at 50,000 files)
    rel: str
    model: type[BaseModel]
    venue: str | None  # the venue folder, None for the shared glossary

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def depth(self) -> int:
        return self.rel.count("/")


def discover(root: Path) -> tuple[list[EntryFile], list[Diagnostic]]:
    """Every entry file, in a stable order, and what is in entries/ that should not be."""
    entries = root / ENTRIES
    if not entries.is_dir():
        raise FatalError(f"{entries}: no entries folder here (use -C ROOT to name the repository)")
    files: list[EntryFile] = []
    diags: list[Diagnostic] = []
    for child in sorted(entries.iterdir()):
        rel = _rel(root, child)
        _check_name(child.name, rel, diags)
        if child.is_symlink():
            diags.append(_file_error(rel, "symbolic links are not allowed in entries/", "files"))
        elif child.is_dir():
            files += _venue_folder(root, child, diags)
        elif child.name == GLOSSARY_FILE:
            files.append(EntryFile(str(child), rel, Glossary, None))
        elif child.suffix in (".yaml", ".yml"):
            message = "a paper belongs in a venue folder: entries/<venue>/"
            diags.append(_file_error(rel, message, "files"))
        elif not child.name.startswith("."):
            diags.append(_file_error(rel, "unexpected file in entries/", "files", Severity.WARNING))
    return files, diags


def _venue_folder(root: Path, folder: Path, diags: list[Diagnostic]) -> list[EntryFile]:
    venue_path = folder / VENUE_FILE
    if not venue_path.exists() and not venue_path.is_symlink():
        message = f"venue folder {folder.name}/ has no {VENUE_FILE}"
        diags.append(_file_error(_rel(root, venue_path), message, "files"))
    files = []
    folder_rel = _rel(root, folder)
    # scandir: the file type comes with the listing, no stat per file (50,000 of them).
    with os.scandir(folder) as listing:
        children = sorted(listing, key=lambda e: (e.name != VENUE_FILE, e.name))
    venue = folder.name
    for item in children:
        name = item.name
        rel = f"{folder_rel}/{name}"
        stem, dot, ext = name.rpartition(".")  # Path's stem and suffix, without a Path
        suffix = f".{ext}" if dot and stem else ""
        _check_name(name, rel, diags)
        if item.is_symlink():
            diags.append(_file_error(rel, "symbolic links are not allowed in entries/", "files"))
        elif name.startswith("."):
            continue
        elif item.is_dir():
            diags.append(_file_error(rel, "folders inside a venue folder are not read", "files"))
        elif suffix == ".yml":
            diags.append(_file_error(rel, f"rename to {stem}.yaml", "files"))
        elif suffix != ".yaml":
            diags.append(_file_error(rel, "not a .yaml entry; ignored", "files", Severity.WARNING))
        else:
            model = Venue if name == VENUE_FILE else Paper
            files.append(EntryFile(item.path, rel, model, venue))
    return files


def load_corpus(
    root: Path, untouched: Mapping[str, str] | None = None
) -> tuple[Corpus, list[Diagnostic]]:
    """Every entry file, loaded. ``untouched`` (path -> git blob id) names paper files that
    will not be reported on (a pull request left them alone): those known to
    bot/paperindex.py for that blob are not read, only listed as ``Unloaded``."""
    files, diags = discover(root)
    corpus = Corpus(root)
    cache = EntryCache.open(root)
    index = PaperIndex.open(root) if untouched else None
    # A pull request reads few files: the entry cache (every entry of the list) is read
    # only if a paper is missing from the index, not for the venue files and the change.
    direct = None if index is None else EntryCache(None, {})
    for entry in files:
        blob = untouched.get(entry.rel) if untouched and entry.model is Paper else None
        if index is not None and blob is not None:
            data = corpus.venues.setdefault(entry.venue or "", VenueData(entry.venue or "", None))
            unloaded = index.get(entry.rel, blob)
            if unloaded is not None:
                data.unloaded.append(unloaded)
                continue
            paper = _load_entry(cache, entry, Paper, diags)
            if paper is not None:
                index.put(entry.rel, blob, paper)
                data.papers.append(paper)
            continue
        if entry.venue is None:
            corpus.glossary = _load_entry(direct or cache, entry, Glossary, diags)
            continue
        data = corpus.venues.setdefault(entry.venue, VenueData(entry.venue, None))
        if entry.model is Venue:
            data.venue = _load_entry(direct or cache, entry, Venue, diags)
        else:
            paper = _load_entry(direct or cache, entry, Paper, diags)
            if paper is not None:
                data.papers.append(paper)
    cache.save(keep=index is not None)
    if index is not None:
        index.save()
    return corpus, diags


def _load_entry(
    cache: EntryCache, entry: EntryFile, model: type[M], diags: list[Diagnostic]
) -> Located[M] | None:
    """``load_file``, answered from the cache when these bytes were loaded before."""
    try:
        raw = read_limited(entry.path)
    except OSError as exc:
        diags.append(_file_error(entry.rel, f"cannot read: {exc.strerror}", "files"))
        return None
    return cache.load(
        raw,
        entry.rel,
        model,
        diags,
        lambda found: _load_safely(raw, entry.rel, model, found),
        lambda: _positions(raw, entry.rel, model),
    )


def _positions(raw: bytes, rel: str, model: type[M]) -> Positions:
    """The positions of a cached entry, found again when a check first reports on it."""
    located = load_bytes(raw, rel, model, [])
    return located.positions if located is not None else Positions()


def load_file(path: Path, rel: str, model: type[M], diags: list[Diagnostic]) -> Located[M] | None:
    """Load and validate one file; on failure append diagnostics and return None."""
    try:
        raw = read_limited(path)
    except OSError as exc:
        diags.append(_file_error(rel, f"cannot read: {exc.strerror}", "files"))
        return None
    return _load_safely(raw, rel, model, diags)


def _load_safely(
    raw: bytes, rel: str, model: type[M], diags: list[Diagnostic]
) -> Located[M] | None:
    try:
        return load_bytes(raw, rel, model, diags)
    except Exception as exc:  # a bug in reading one file must not hide the others
        message = f"could not be loaded: {type(exc).__name__}: {exc}; please report this"
        diags.append(_file_error(rel, message, "yaml"))
        return None


def load_bytes(raw: bytes, rel: str, model: type[M], diags: list[Diagnostic]) -> Located[M] | None:
    text, found = decode(raw)  # size, encoding, invisible characters, nesting
    diags += [Diagnostic(rel, r.line, r.column, "yaml", Severity.ERROR, r.message) for r in found]
    if text is None:
        return None
    try:
        # Plain entries take the C parser; anything it does not vouch for, the round trip.
        data, positions = parse_plain(text) or to_plain(parse(text))
    except YamlProblem as exc:
        diags.append(Diagnostic(rel, exc.line, exc.column, "yaml", Severity.ERROR, exc.message))
        return None
    if not isinstance(data, dict):
        diags.append(_file_error(rel, _not_a_mapping(data), "schema"))
        return None
    try:
        return Located(rel, model.model_validate(data), positions)
    except ValidationError as exc:
        diags.extend(diagnostics_for(exc, model, positions, rel))
        return None


def _not_a_mapping(data: Any) -> str:
    if data is None:
        return "the file is empty: an entry is a mapping of keys such as title: and category:"
    return "an entry must be a mapping of keys (title:, category:, ...), not a list or a scalar"


def _check_name(name: str, rel: str, diags: list[Diagnostic]) -> None:
    problem = None if name.startswith(".") else name_problem(name)
    if problem is not None:
        diags.append(_file_error(rel, problem, "files"))


def _file_error(
    rel: str, message: str, check: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    return Diagnostic(rel, 1, 1, check, severity, message)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
