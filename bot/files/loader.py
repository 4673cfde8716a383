"""Read ``entries/`` into a Corpus. Never prints or exits: every problem is a diagnostic."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.files.input_guard import (
    MAX_FILE_BYTES as MAX_FILE_BYTES,  # re-exported: callers know it here
)
from bot.files.input_guard import decode, read_limited
from bot.files.layout import ENTRIES as ENTRIES  # re-exported: callers know it here
from bot.files.layout import EntryFile as EntryFile
from bot.files.layout import Listing
from bot.files.layout import discover as discover
from bot.files.schema_errors import diagnostics_for
from bot.files.yaml_roundtrip import Positions, YamlProblem, parse, to_plain
from bot.model.corpus import Corpus, Located, M, VenueData
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Glossary, Paper, Venue
from bot.speed import parallel_load
from bot.speed.entry_cache import EntryCache
from bot.speed.line_reader import parse_lines
from bot.speed.paper_index import PaperIndex
from bot.speed.plain_reader import parse_plain

# What a pull request loads: the venue files and the changed papers (parsing 100 venue
# files was a tenth of a 50,000-paper pull request's check).
PULL_REQUEST_CACHE = ".cache/paperbot/changed.marshal"


def load_corpus(
    root: Path,
    untouched: Mapping[str, str] | None = None,
    contents: Mapping[str, bytes] | None = None,
    listing: Listing | None = None,
) -> tuple[Corpus, list[Diagnostic]]:
    """Every entry file, loaded. ``untouched`` (path -> git blob id) names paper files that
    will not be reported on (a pull request left them alone): those known to
    bot/speed/paper_index.py for that blob are not read, only listed as ``Unloaded``.
    ``contents``: files already read (by path, as discover gives it), not read again;
    ``listing``: what discover(root) returned, when the caller has it."""
    files, diags = listing or discover(root)
    diags = list(diags)
    corpus = Corpus(root)
    cache = EntryCache.open(root)
    index = PaperIndex.open(root) if untouched else None
    contents = dict(contents or {})
    # A whole corpus: what the cache lacks loads on every core.
    preloading = _preload(cache, files, contents) if index is None else None
    try:
        _load_files(corpus, files, diags, contents, cache, index, untouched)
    finally:
        if preloading is not None:
            preloading.close()
    cache.save(keep=index is not None)
    if index is not None:
        index.save()
    return corpus, diags


def _load_files(
    corpus: Corpus,
    files: list[EntryFile],
    diags: list[Diagnostic],
    contents: dict[str, bytes],
    cache: EntryCache,
    index: PaperIndex | None,
    untouched: Mapping[str, str] | None,
) -> None:
    # A pull request reads few files: the entry cache (every entry of the list) is read
    # only if a paper is missing from the index; the venue files and the change have a
    # small cache of their own.
    direct = None if index is None else EntryCache(corpus.root / PULL_REQUEST_CACHE, None)
    left: set[str] = set()  # the papers the index answers for
    if index is not None and untouched:
        corpus.unloaded = index.take(
            (entry.rel, untouched[entry.rel])
            for entry in files
            if entry.kind == "paper" and entry.rel in untouched
        )
        left = set(corpus.unloaded.paths)
    for entry in files:
        blob = untouched.get(entry.rel) if untouched and entry.kind == "paper" else None
        if index is not None and blob is not None:
            data = _venue(corpus, entry.venue or "")
            if entry.rel in left:
                data.unloaded += 1
                continue
            paper = _load_entry(cache, entry, Paper, diags, contents)
            if paper is not None:
                index.put(entry.rel, blob, paper)
                data.papers.append(paper)
            continue
        if entry.venue is None:
            corpus.glossary = _load_entry(direct or cache, entry, Glossary, diags, contents)
            continue
        data = _venue(corpus, entry.venue)
        if entry.kind == "venue":
            data.venue = _load_entry(direct or cache, entry, Venue, diags, contents)
        else:
            paper = _load_entry(direct or cache, entry, Paper, diags, contents)
            if paper is not None:
                data.papers.append(paper)
    if direct is not None:
        direct.save()


def _venue(corpus: Corpus, slug: str) -> VenueData:
    found = corpus.venues.get(slug)  # not setdefault: no VenueData built per paper
    if found is None:
        found = corpus.venues[slug] = VenueData(slug, None)
    return found


def _preload(
    cache: EntryCache, files: list[EntryFile], contents: dict[str, bytes]
) -> parallel_load.Preloading:
    jobs = []
    for entry in files:
        raw = contents.get(entry.file)
        if raw is None:
            try:
                raw = contents[entry.file] = read_limited(entry.file)
            except OSError:
                continue  # the loop below reports it
        jobs.append(parallel_load.job(raw, entry.rel, entry.model))
    return parallel_load.preload(cache, jobs, _load_safely)


def _load_entry(
    cache: EntryCache,
    entry: EntryFile,
    model: type[M],
    diags: list[Diagnostic],
    contents: Mapping[str, bytes],
) -> Located[M] | None:
    """``load_file``, answered from the cache when these bytes were loaded before."""
    raw = contents.get(entry.file)
    try:
        raw = read_limited(entry.file) if raw is None else raw
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
        # Canonical entries are read by lines, other plain ones by the C parser; what
        # neither vouches for takes the round trip, which owns every refusal.
        data, positions = parse_lines(text) or parse_plain(text) or to_plain(parse(text))
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


def _file_error(
    rel: str, message: str, check: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    return Diagnostic(rel, 1, 1, check, severity, message)
