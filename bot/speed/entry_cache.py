"""What loading each entry file concluded, kept between runs in the cache folder.

A file is looked up by a hash of its bytes, its path and the model it must hold,
under a salt made of paperbot's own source code and the versions of the parser
and validator: any change to any of these is a miss, never a stale hit. A hit
stands for exactly what loading the bytes would do: the validated data (the model
is rebuilt without validating again, since these very bytes passed under this
very code), the file's load diagnostics, or both: a paper loaded without the values
that failed their schema rule, and the required keys it lacks (bot/files/partial_load.py).
Positions are not stored: they are found again, from the file, only when a check
reports on it.

Only loading is cached: every check still runs on every run, so a cache can never
hide a problem that depends on other files. The file is only a speed-up: a
missing, damaged (its seal does not match) or foreign one is ignored and
replaced, never an error. Its content is trusted because it is sealed under the
cache folder's secret key (bot/speed/sealed_file.py): only a paperbot run on this
machine (or one whose cache folder this machine restored) can have written it, and a
folder that came with the checkout is not used at all (bot/files/cache_folder.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_origin

from pydantic import BaseModel

from bot.checks.paper_keys import PaperKeys, paper_keys
from bot.files.cache_folder import CacheFolder
from bot.model.corpus import Located, M
from bot.model.diagnostics import Diagnostic
from bot.model.entries import Paper, model_in
from bot.model.positions import Positions
from bot.speed import sealed_file
from bot.speed.sealed_file import salt

CACHE_FILE = "entries.marshal"  # in the cache folder; marshal: 5x faster than JSON both ways
FORMAT = 5  # 5: a partly loaded paper keeps its diagnostics and missing keys


class EntryCache:
    def __init__(self, path: Path | None, entries: dict[str, Any] | None) -> None:
        self.path = path
        self._entries = entries  # None until first needed: read then
        self._used: dict[str, Any] = {}
        self._ready: dict[str, Any] = {}  # records loaded elsewhere this run (``add``)
        self.keys: dict[str, PaperKeys] = {}  # of the papers it answered for, by path

    @classmethod
    def open(cls, folder: CacheFolder, name: str = CACHE_FILE) -> EntryCache:
        """The cache ``name`` in ``folder``; empty when missing, unreadable or not to be
        trusted. The file is read when the first entry is looked up (a pull request may
        need none)."""
        return cls(folder.file(name), None)

    @property
    def _old(self) -> dict[str, Any]:
        if self._entries is None:
            found = sealed_file.read(self.path, _header(), binary=True) if self.path else None
            self._entries = found if isinstance(found, dict) else {}
        return self._entries

    def load(
        self,
        raw: bytes,
        rel: str,
        model: type[M],
        diags: list[Diagnostic],
        fresh: Callable[[list[Diagnostic]], Located[M] | None],
        positions: Callable[[], Positions],
        key: str | None = None,
    ) -> Located[M] | None:
        """What ``fresh`` concludes about ``raw``, from the cache when it has the answer;
        ``key``: ``entry_key(raw, rel, model)``, when the caller worked it out."""
        key = key or entry_key(raw, rel, model)
        found = self._old.get(key) or self._ready.get(key)
        if found is not None:
            try:
                located, keys = _replay(found, rel, model, diags, positions)
            except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                pass  # a damaged entry: load the file
            else:
                self._used[key] = found
                if keys is not None:
                    self.keys[rel] = keys
                return located
        mine: list[Diagnostic] = []
        located = fresh(mine)
        self._used[key], keys = record(located, mine)
        if keys is not None:
            self.keys[rel] = keys
        diags += mine
        return located

    def holds(self, key: str) -> bool:
        return key in self._old

    def add(self, records: dict[str, Any]) -> None:
        """Records worked out elsewhere this run (bot/speed/parallel_load.py), by key:
        exactly what ``record`` makes of loading those bytes here."""
        self._ready.update(records)

    def save(self, keep: bool = False) -> None:
        """Keep what this run used (and, with ``keep``, what it did not look at: a pull
        request reads a few entries); written only when it differs from what was read."""
        if self.path is None or self._entries is None:
            return
        if keep:
            if self._used.keys() <= self._entries.keys():
                return
            self._used = {**self._entries, **self._used}
        if self._used.keys() == self._entries.keys():
            return
        sealed_file.write(self.path, _header(), self._used, binary=True)


def _header() -> dict[str, Any]:
    return {"cache": "entries", "format": FORMAT, "salt": salt()}


def record(
    located: Located[M] | None, diags: list[Diagnostic]
) -> tuple[dict[str, Any], PaperKeys | None]:
    """What the cache keeps of one load (the data and a paper's keys, the load's
    diagnostics, or both), and a paper's keys."""
    rows = [d.to_row() for d in diags]
    if located is None:
        return {"diagnostics": rows}, None
    found: dict[str, Any] = {"data": _plain(located.model)}
    if rows:
        found["diagnostics"] = rows
    if located.missing:
        found["missing"] = sorted(located.missing)
    keys = None
    if isinstance(located.model, Paper):
        keys = paper_keys(located.model)
        found["keys"] = keys.to_json()
    return found, keys


def entry_key(raw: bytes, rel: str, model: type[BaseModel]) -> str:
    digest = hashlib.blake2b(raw, digest_size=20)
    digest.update(f"\0{rel}\0{model.__name__}".encode())
    return digest.hexdigest()


def _replay(
    found: Any,
    rel: str,
    model: type[M],
    diags: list[Diagnostic],
    positions: Callable[[], Positions],
) -> tuple[Located[M] | None, PaperKeys | None]:
    if "data" not in found:
        diags += [Diagnostic.from_row(rel, row) for row in found["diagnostics"]]
        return None, None
    keys = PaperKeys.from_json(found["keys"]) if model is Paper else None
    built = construct(model, found["data"])
    missing = frozenset(str(name) for name in found.get("missing", ()))
    diags += [Diagnostic.from_row(rel, row) for row in found.get("diagnostics", ())]
    return Located(rel, built, LazyPositions(positions), missing), keys


def construct(model: type[M], data: dict[str, Any]) -> M:
    """The model of data that passed validation, built without validating it again.

    What ``model_construct`` does, minus its per-call look at each default factory's
    signature (``inspect.signature(list)`` for every list field: most of its time).
    ``model_fields_set`` is the keys the file had, as validation makes it.
    """
    values: dict[str, Any] = {}
    for name, shape, inner, default in _plan(model):
        if name not in data:
            values[name] = default() if callable(default) else default
            continue
        value = data[name]
        if inner is None or value is None:
            values[name] = value
        elif shape is list:
            values[name] = [construct(inner, item) for item in value]
        elif shape is dict:
            values[name] = {k: construct(inner, v) for k, v in value.items()}
        else:
            values[name] = construct(inner, value)
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_fields_set__", set(data))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


_Plan = list[tuple[str, Any, type[BaseModel] | None, Any]]
# By id: hashing a pydantic model class goes through its metaclass, slowly.
_PLANS: dict[int, tuple[type[BaseModel], _Plan]] = {}


def _plan(model: type[BaseModel]) -> _Plan:
    """Per field: name, container (list, dict or None), the model inside, the default."""
    found = _PLANS.get(id(model))
    if found is not None and found[0] is model:
        return found[1]
    plan: _Plan = []
    for name, field in model.model_fields.items():
        default = field.default_factory if field.default_factory is not None else field.default
        plan.append((name, get_origin(field.annotation), model_in(field.annotation), default))
    _PLANS[id(model)] = (model, plan)
    return plan


def _plain(model: BaseModel) -> dict[str, Any]:
    """The data as the file gave it: only the keys it set, nested models likewise."""
    return model.model_dump(mode="json", exclude_unset=True)


class LazyPositions(Positions):
    """Positions found again from the file, the first time a check asks for one."""

    def __init__(self, load: Callable[[], Positions]) -> None:  # fields come on first use
        self._load = load

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not set yet: keys and values before the first use.
        if name not in ("keys", "values"):
            raise AttributeError(name)
        loaded = self._load()
        self.keys, self.values = loaded.keys, loaded.values
        return getattr(self, name)
