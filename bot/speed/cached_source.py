"""The loader's fast source: entries answered from the caches in the cache folder.

It gives exactly what the plain source (bot/files/loader.py ``FileSource``) gives, by
other means:
- an entry whose bytes were loaded before is replayed from the entry cache
  (bot/speed/entry_cache.py), its paper keys with it;
- what the cache lacks is read by the fast readers (bot/speed/fast_read.py), and on a
  whole corpus partly by forked processes (bot/speed/parallel_load.py);
- on a pull request, the papers it leaves alone (``untouched``: path -> blob id at the
  base) are not loaded at all: the paper index (bot/speed/paper_index.py) holds their
  row for that blob, or the key reader reads the row's fields from the file
  (bot/speed/unchanged_rows.py) and the index keeps it; the venue files and the
  changed papers go through a small cache of their own, so the big one is read only
  for a paper neither answers for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

from bot.checks.key_table import KeyRows, KeyTable
from bot.checks.paper_keys import PaperKeys, paper_keys
from bot.files.cache_folder import CacheFolder, locate
from bot.files.input_guard import read_limited
from bot.files.layout import EntryFile
from bot.files.loader import load_bytes, load_file, load_safely, read_entry
from bot.model.corpus import Located, M
from bot.model.diagnostics import Diagnostic
from bot.model.entries import Paper
from bot.model.positions import Positions
from bot.speed import parallel_load
from bot.speed.entry_cache import EntryCache, entry_key
from bot.speed.fast_read import read_fast
from bot.speed.paper_index import COLUMNS, PaperIndex
from bot.speed.unchanged_rows import read_rows

# What a pull request loads: the venue files and the changed papers (parsing 100 venue
# files was a tenth of a 50,000-paper pull request's check).
PULL_REQUEST_CACHE = "changed.marshal"  # in the cache folder


class CachedSource:
    """Use as a context manager: the caches are saved on leaving it."""

    def __init__(
        self,
        root: Path,
        files: Sequence[EntryFile],
        contents: Mapping[str, bytes] | None = None,
        untouched: Mapping[str, str] | None = None,
        folder: CacheFolder | None = None,
    ) -> None:
        """``folder``: the cache folder of ``root``, when the caller located it."""
        self.root = root
        self.contents = dict(contents or {})
        folder = folder or locate(root)
        self.cache = EntryCache.open(folder)
        self.untouched = untouched or {}
        self.index = PaperIndex.open(folder) if untouched else None
        self.rest = KeyRows()  # the rows of the papers not loaded
        self.pull = None if self.index is None else EntryCache.open(folder, PULL_REQUEST_CACHE)
        self.preloading: parallel_load.Preloading | None = None
        if self.index is not None:
            self.rest = self._unloaded(
                [entry for entry in files if entry.kind == "paper" and entry.rel in self.untouched]
            )
        else:  # a whole corpus: what the cache lacks loads on every core
            self.preloading = self._preload(files)
        self._skipped = set(self.rest.paths)

    def skips(self, entry: EntryFile) -> bool:
        return entry.rel in self._skipped

    def load(self, entry: EntryFile, model: type[M], diags: list[Diagnostic]) -> Located[M] | None:
        blob = self.untouched.get(entry.rel) if entry.kind == "paper" else None
        if self.index is None or self.pull is None or blob is None:
            return self._load(self.pull or self.cache, entry, model, diags)
        # Untouched, but not in the index: loaded from the big cache, and indexed.
        paper = self._load(self.cache, entry, model, diags)
        if paper is not None and isinstance(paper.model, Paper):
            self.index.put(entry.rel, blob, paper.model.title, self._keys(entry.rel, paper.model))
        return paper

    def key_table(self, papers: Sequence[Located[Paper]]) -> KeyTable:
        """The table of ``papers`` (the loaded ones) and of the papers this source skipped."""
        keys = [self._keys(p.path, p.model) for p in papers]
        return KeyTable(papers, keys, self.rest, self._fetch)

    def __enter__(self) -> CachedSource:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.preloading is not None:
            self.preloading.close()
        if error is not None:
            return
        self.cache.save(keep=self.index is not None)
        if self.pull is not None:
            self.pull.save()
        if self.index is not None:
            self.index.save()

    def _unloaded(self, papers: list[EntryFile]) -> KeyRows:
        """The rows of the untouched ``papers`` that need not be loaded: the index's, and
        those the key reader reads from the files the index lacks (kept in the index)."""
        assert self.index is not None
        kept = self.index.take((entry.rel, self.untouched[entry.rel]) for entry in papers)
        known = set(kept.paths)
        missing = [entry for entry in papers if entry.rel not in known]
        read = read_rows([(entry.file, entry.rel) for entry in missing], self.contents)
        fresh = []
        for entry, found in zip(missing, read, strict=True):
            if found is not None:  # else the loader loads the file in full
                self.index.put_row(found, self.untouched[entry.rel])
                fresh.append(found)
        if not fresh:
            return kept
        if kept:  # in the listing's order, as when the index holds every row
            order = {entry.rel: at for at, entry in enumerate(papers)}
            columns = [getattr(kept, name) for name in COLUMNS]
            fresh = sorted([*zip(*columns, strict=True), *fresh], key=lambda found: order[found[0]])
        return KeyRows(*map(list, zip(*fresh, strict=True)))

    def _load(
        self, cache: EntryCache, entry: EntryFile, model: type[M], diags: list[Diagnostic]
    ) -> Located[M] | None:
        raw = read_entry(entry, self.contents, diags)
        if raw is None:
            return None
        key = entry_key(raw, entry.rel, model)
        if self.preloading is not None:  # a child may be loading it: wait for its share
            records = self.preloading.records_for(key)
            if records:
                cache.add(records)
        return cache.load(
            raw,
            entry.rel,
            model,
            diags,
            lambda found: load_safely(raw, entry.rel, model, found, read_fast),
            lambda: _positions(raw, entry.rel, model),
            key,
        )

    def _keys(self, path: str, paper: Paper) -> PaperKeys:
        """The paper's keys as its cache worked them out (most of the table's cost)."""
        found = self.cache.keys.get(path)
        if found is None and self.pull is not None:
            found = self.pull.keys.get(path)
        return found if found is not None else paper_keys(paper)

    def _fetch(self, path: str) -> Located[Paper]:
        """A paper this source skipped, loaded now (a check says where two papers match)."""
        found = load_file(self.root / path, path, Paper, [])
        if found is None:  # it loaded when it was indexed, from these very bytes
            raise RuntimeError(f"{path} no longer loads; remove the cache folder")
        return found

    def _preload(self, files: Sequence[EntryFile]) -> parallel_load.Preloading:
        jobs = []
        for entry in files:
            raw = self.contents.get(entry.file)
            if raw is None:
                try:
                    raw = self.contents[entry.file] = read_limited(entry.file)
                except OSError:
                    continue  # the loader reports it
            jobs.append(parallel_load.job(raw, entry.rel, entry.model))
        return parallel_load.preload(self.cache, jobs, _load_fast)


def _load_fast(raw: bytes, rel: str, model: type[M], diags: list[Diagnostic]) -> Located[M] | None:
    return load_safely(raw, rel, model, diags, read_fast)


def _positions(raw: bytes, rel: str, model: type[M]) -> Positions:
    """The positions of a cached entry, found again when a check first reports on it."""
    located = load_bytes(raw, rel, model, [], read_fast)
    return located.positions if located is not None else Positions()
