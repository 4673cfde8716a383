"""Read ``entries/`` into a Corpus. Never prints or exits: every problem is a diagnostic.

A paper whose values fail their schema rules loads without them (bot/files/partial_load.py),
so every check still looks at the rest; a file that does not load at all is in
``Corpus.failed`` with the reason, and no check looks at it.

Where an entry's meaning comes from is its source's business. The plain source here
reads and parses each file; bot/speed/ has one that answers from caches and reads by
faster parsers, and bot/pipeline.py chooses. Both give the same corpus and diagnostics
(tests/speed holds them to it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, cast

from pydantic import ValidationError

from bot.files.input_guard import decode, read_limited
from bot.files.layout import EntryFile, Listing, discover
from bot.files.partial_load import partial_paper
from bot.files.schema_errors import diagnostics_for
from bot.files.yaml_roundtrip import YamlProblem, parse, to_plain
from bot.model.corpus import Corpus, Located, M, VenueData
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Glossary, Paper, Venue
from bot.model.positions import Positions

# A YAML text to its plain data and positions; raises YamlProblem.
Read = Callable[[str], tuple[Any, Positions]]


def read_yaml(text: str) -> tuple[Any, Positions]:
    """The round trip, which owns every refusal (tags, anchors, duplicate keys...)."""
    return to_plain(parse(text))


class Source(Protocol):
    """Where the loader gets each entry's validated model from."""

    def load(self, entry: EntryFile, model: type[M], diags: list[Diagnostic]) -> Located[M] | None:
        """The entry's model (a paper's without the values it refuses), or None; its
        problems appended to ``diags``."""
        ...

    def skips(self, entry: EntryFile) -> bool:
        """Whether a paper file need not be loaded: nothing will be reported on it, and
        the source has its row of the checks' key table (bot/checks/key_table.py)."""
        ...


class FileSource:
    """Each file read and parsed; ``contents``: files already read, by path."""

    def __init__(self, contents: Mapping[str, bytes] | None = None, read: Read = read_yaml):
        self.contents = contents or {}
        self.read = read

    def load(self, entry: EntryFile, model: type[M], diags: list[Diagnostic]) -> Located[M] | None:
        raw = read_entry(entry, self.contents, diags)
        return None if raw is None else load_safely(raw, entry.rel, model, diags, self.read)

    def skips(self, entry: EntryFile) -> bool:
        return False


def load_corpus(
    root: Path, source: Source | None = None, listing: Listing | None = None
) -> tuple[Corpus, list[Diagnostic]]:
    """Every entry file, loaded (or skipped, where ``source`` says so); ``listing``:
    what discover(root) returned, when the caller has it."""
    files, diags = listing or discover(root)
    diags = list(diags)
    source = source or FileSource()
    corpus = Corpus(root)
    for entry in files:
        before = len(diags)
        found: Located[Any] | None
        if entry.venue is None:
            found = corpus.glossary = source.load(entry, Glossary, diags)
        elif entry.kind == "venue":
            found = _venue(corpus, entry.venue).venue = source.load(entry, Venue, diags)
        elif source.skips(entry):
            continue
        else:
            data = _venue(corpus, entry.venue)
            paper = source.load(entry, Paper, diags)
            if paper is not None:
                data.papers.append(paper)
            found = paper
        if found is None:
            corpus.failed[entry.rel] = _why_failed(diags[before:])
    return corpus, diags


def _venue(corpus: Corpus, slug: str) -> VenueData:
    found = corpus.venues.get(slug)  # not setdefault: no VenueData built per paper
    if found is None:
        found = corpus.venues[slug] = VenueData(slug, None)
    return found


def read_entry(
    entry: EntryFile, contents: Mapping[str, bytes], diags: list[Diagnostic]
) -> bytes | None:
    """The file's bytes (from ``contents`` when read before), or None with a diagnostic."""
    raw = contents.get(entry.file)
    if raw is not None:
        return raw
    try:
        return read_limited(entry.file)
    except OSError as exc:
        diags.append(_file_error(entry.rel, f"cannot read: {exc.strerror}", "files"))
        return None


def load_file(path: Path, rel: str, model: type[M], diags: list[Diagnostic]) -> Located[M] | None:
    """Load and validate one file; its problems are appended to ``diags``, and on
    failure None is returned (a paper loads without the values it refuses)."""
    try:
        raw = read_limited(path)
    except OSError as exc:
        diags.append(_file_error(rel, f"cannot read: {exc.strerror}", "files"))
        return None
    return load_safely(raw, rel, model, diags)


def load_safely(
    raw: bytes, rel: str, model: type[M], diags: list[Diagnostic], read: Read = read_yaml
) -> Located[M] | None:
    """``load_bytes``, where a bug in reading one file becomes its diagnostic."""
    try:
        return load_bytes(raw, rel, model, diags, read)
    except Exception as exc:  # a bug in reading one file must not hide the others
        message = f"could not be loaded: {type(exc).__name__}: {exc}; please report this"
        diags.append(_file_error(rel, message, "yaml"))
        return None


def load_bytes(
    raw: bytes, rel: str, model: type[M], diags: list[Diagnostic], read: Read = read_yaml
) -> Located[M] | None:
    text, found = decode(raw)  # size, encoding, invisible characters, nesting
    diags += [
        Diagnostic(rel, r.line, r.column, "yaml", Severity.ERROR, r.message, r.fix) for r in found
    ]
    if text is None:
        return None
    try:
        data, positions = read(text)
    except YamlProblem as exc:
        diags.append(
            Diagnostic(rel, exc.line, exc.column, "yaml", Severity.ERROR, exc.message, exc.fix)
        )
        return None
    if not isinstance(data, dict):
        diags.append(_file_error(rel, _not_a_mapping(data), "schema"))
        return None
    try:
        return Located(rel, model.model_validate(data), positions)
    except ValidationError as exc:
        diags.extend(diagnostics_for(exc, model, positions, rel, text))
        if model is not Paper:
            return None  # the reference the papers are checked against: whole or nothing
        partial = partial_paper(exc, data, positions)
    if partial is None:
        return None
    paper, kept, missing = partial
    return cast("Located[M]", Located(rel, paper, kept, missing))  # model is Paper


def _why_failed(found: list[Diagnostic]) -> str:
    """What stopped a file from loading, from its diagnostics (a cached source replays
    them): the checks say they did not run on it, and why."""
    first = found[0] if found else None
    if first is None or first.check == "schema":
        if first is not None and first.message == _EMPTY:
            return "the file is empty"
        if first is not None and first.message == _NOT_MAPPING:
            return "the file is not a mapping of keys"
        return "the file does not pass the schema check"
    if first.check == "yaml":
        return "the file is not valid YAML"
    return "the file could not be read"


_EMPTY = "the file is empty: an entry is a mapping of keys such as title: and category:"
_NOT_MAPPING = "an entry must be a mapping of keys (title:, category:, ...), not a list or a scalar"


def _not_a_mapping(data: Any) -> str:
    return _EMPTY if data is None else _NOT_MAPPING


def _file_error(
    rel: str, message: str, check: str, severity: Severity = Severity.ERROR
) -> Diagnostic:
    return Diagnostic(rel, 1, 1, check, severity, message)
