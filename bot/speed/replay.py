"""An offline check's result, kept for the exact inputs it was computed from.

An offline check is a pure function of the entry files (their names and bytes),
what else lies in entries/ (the ``files`` check reports it), paperbot.yaml, the
selection (``--changed-since``: the changed paths) and paperbot's own code. All of
it is hashed into one key; a run whose key matches a stored one replays that
result, and any difference, one byte of one file, a new file, another paperbot, is
a miss that runs every check. Online checks are never replayed: the network is not
an input that can be hashed. The files that relative links name lie outside entries/:
what was found at each is kept with the result, and a replay looks again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.files.cache_folder import CacheFolder
from bot.files.git_changes import changed_paths
from bot.files.layout import Listing, discover
from bot.model.diagnostics import Diagnostic, NotRun, Result
from bot.model.places import CONFIG_FILE
from bot.model.run_options import Options
from bot.speed import sealed_file
from bot.speed.file_digests import FileDigests
from bot.speed.sealed_file import salt

if TYPE_CHECKING:
    from bot.checks.context import Context

CACHE_FILE = "results.json"  # in the cache folder
KEEP = 8  # results kept: a full check and a few pull request checks


# Loads and checks, given the entry files already read (by path) and the listing.
Run = Callable[[dict[str, bytes], Listing], tuple["Context", Result]]


def checked(
    root: Path, options: Options, run: Run, folder: CacheFolder
) -> tuple[Context | None, Result]:
    """``run``'s result, replayed when nothing it reads changed; the context is None
    when the result was replayed (a caller that needs the data loads it then).
    ``folder``: the cache folder of ``root``; not trusted, nothing is replayed or kept."""
    if options.links:
        raise ValueError("online results depend on the network: never cached")
    path = folder.file(CACHE_FILE)
    if path is None:
        return run({}, discover(root))
    key, listing, contents = fingerprint(root, options, folder)
    found = sealed_file.read(path, _header())
    stored: dict[str, Any] = found if isinstance(found, dict) else {}
    if key in stored:
        try:
            if _same_targets(root, stored[key]["targets"]):
                return None, _result(stored[key])
        except (KeyError, TypeError, ValueError):
            pass  # a damaged entry: check afresh
    ctx, result = run(contents, listing)
    stored.pop(key, None)
    stored[key] = {**_json(result), "targets": _targets(root, ctx)}
    sealed_file.write(path, _header(), dict(list(stored.items())[-KEEP:]))
    return ctx, result


def fingerprint(
    root: Path, options: Options, folder: CacheFolder
) -> tuple[str, Listing, dict[str, bytes]]:
    """The key of everything an offline result depends on, the listing of entries/ and
    the entry files read to find it (by path; files whose stat is remembered are not
    read): a check that runs after all reads neither again."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts, default=str).encode() + b"\n")

    add(salt(), sorted(options.only) if options.only is not None else None)
    if options.changed_since is not None:
        add("changed", sorted(changed_paths(root, options.changed_since)))
    files, diags = listing = discover(root)
    add([(d.path, d.line, d.check, d.message) for d in diags])
    digests = FileDigests(folder)
    for entry in files:  # no JSON per file: 50,000 of them
        line = f"{entry.rel}\0{entry.kind}\0{digests.digest(entry.file)}\n"
        digest.update(line.encode())
    digests.save()
    add(CONFIG_FILE, _file_digest(root / CONFIG_FILE))
    return digest.hexdigest(), listing, digests.contents


def _file_digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable: {exc.errno}"


def _targets(root: Path, ctx: Context) -> dict[str, list[Any]]:
    """What the url check found at each relative link's target: files outside entries/
    are no part of the key, so a replay looks at these again."""
    from bot.files.repo_paths import link_target, target

    urls = [
        url
        for paper in ctx.corpus.papers()
        for url in [*(link.url for link in paper.model.links), paper.model.title_url]
        if url is not None
    ]
    rels = {rel for url in urls if (rel := link_target(url)) is not None}
    return {rel: list(target(root, rel)) for rel in sorted(rels)}


def _same_targets(root: Path, stored: dict[str, list[Any]]) -> bool:
    if not stored:
        return True
    from bot.files.repo_paths import target

    return all(list(target(root, rel)) == state for rel, state in stored.items())


def _json(result: Result) -> dict[str, Any]:
    return {
        "not_run": sorted(result.not_run),
        "not_run_on": [item.to_row() for item in result.not_run_on],
        "diagnostics": [[d.path, *d.to_row()] for d in result.diagnostics],
    }


def _result(data: dict[str, Any]) -> Result:
    diagnostics = [Diagnostic.from_row(row[0], row[1:]) for row in data["diagnostics"]]
    not_run_on = [NotRun.from_row(row) for row in data["not_run_on"]]
    return Result(diagnostics, frozenset(data["not_run"]), not_run_on)


def _header() -> dict[str, Any]:
    return {"cache": "results", "salt": salt()}
