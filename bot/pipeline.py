"""load -> check: the first half of every command that reads the entries.

The one module that wires bot/speed/ into loading and checking: the cached source for
the loader, the forked runner for the checks, the replay of a stored result (and the
fast writer of new entries, for import). With ``speed=False`` none of them is used; the
result is the same (tests/speed holds it).

Only light modules are imported at the top: a replayed check needs neither pydantic,
the YAML parser nor the checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.files.cache_folder import CacheFolder, locate
from bot.files.layout import Listing, discover
from bot.model.diagnostics import Diagnostic, Result
from bot.model.places import CONFIG_FILE, ENTRIES, GLOSSARY_FILE, VENUE_FILE, venue_slug
from bot.model.run_options import Options

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bot.checks.context import Context
    from bot.links.shard import Shard
    from bot.model.corpus import Corpus, Located
    from bot.model.entries import Paper


def checked(root: Path, options: Options, replay: bool = True) -> tuple[Context | None, Result]:
    """``load_and_check``; with ``replay``, an offline check of the whole list is replayed
    when nothing it depends on changed (bot/speed/replay.py), and the context is then None.

    A pull request's check (``--changed-since``) is never replayed: its change is new,
    and hashing every file first would only add to its time."""
    folder = locate(root)
    if not replay or options.links or options.changed_since is not None:
        return load_and_check(root, options, folder=folder)
    from bot.speed import replay as stored

    return stored.checked(
        root,
        options,
        lambda contents, listing: load_and_check(root, options, contents, listing, folder=folder),
        folder,
    )


def load(root: Path) -> tuple[Corpus, list[Diagnostic]]:
    """Every entry, through the caches (for commands that need the data, not a check)."""
    from bot.files.loader import load_corpus
    from bot.speed.cached_source import CachedSource

    listing = discover(root)
    with CachedSource(root, listing[0]) as source:
        return load_corpus(root, source, listing)


def new_entry_text(paper: Paper, depth: int, speed: bool = True) -> str:
    """A new entry's canonical text, as ``canonical.model_text`` writes it; with ``speed``,
    by bot/speed/entry_text.py when it vouches for every value (the same text, 40 times
    faster: an import of 50,000 papers writes 50,000 of them)."""
    from bot.files.canonical import model_text

    if speed:
        from bot.speed.entry_text import paper_text

        text = paper_text(paper, depth)
        if text is not None:
            return text
    return model_text(paper, depth)


def load_and_check(
    root: Path,
    options: Options | None = None,
    contents: Mapping[str, bytes] | None = None,
    listing: Listing | None = None,
    speed: bool = True,
    folder: CacheFolder | None = None,
) -> tuple[Context, Result]:
    """``contents``: entry files' bytes already read (by path), not read again;
    ``listing``: discover(root), when the caller has it; ``speed``: use bot/speed/;
    ``folder``: the cache folder of ``root``, when the caller located it.

    A cache folder that is not to be trusted (bot/files/cache_folder.py) is reported,
    fast or plain, and not used: the run is a plain one."""
    from bot.checks import duplicates
    from bot.checks.context import Context
    from bot.checks.registry import in_order, not_run, run_checks
    from bot.files.config_file import load_config
    from bot.files.git_changes import Changes
    from bot.files.loader import FileSource, load_corpus
    from bot.speed.cached_source import CachedSource
    from bot.speed.forked_checks import runner_for

    options = options or Options()
    folder = folder or locate(root)
    changed: set[str] = set()
    untouched: dict[str, str] | None = None
    if options.changed_since is not None:
        asked = Changes(root, options.changed_since)
        listing = listing or discover(root)  # while git works
        changed, blobs = asked.result()
        untouched = _untouched(changed, blobs)
    listing = listing or discover(root)
    if speed:
        with CachedSource(root, listing[0], contents, untouched, folder) as source:
            corpus, diagnostics = load_corpus(root, source, listing)
        table = source.key_table(corpus.papers())
    else:
        corpus, diagnostics = load_corpus(root, FileSource(contents), listing)
        table = None  # the context works it out from the papers
    config = load_config(root, diagnostics)
    ctx = Context(corpus, config, corpus.papers(), keys=table)
    wanted: set[str] | None = None  # the files reported on; None: every file
    if options.changed_since is not None:
        ctx.selected = _affected(corpus, changed)
        ctx.changed = frozenset(changed)
        # Problems of files nobody touched are not this change's to fix.
        wanted = changed | {p.path for p in ctx.selected}
        diagnostics = [d for d in diagnostics if d.path in wanted]
    reported: set[str] | None = None
    if options.only is not None:
        # Named files, as changed files are: a venue file brings its papers, the glossary
        # or the config every paper. Everything else is still compared with them.
        named = {p.path for p in _affected(corpus, set(options.only))}
        ctx.selected = [p for p in ctx.selected if p.path in named]
        reported = set(options.only) | {p.path for p in ctx.selected}
        diagnostics = [d for d in diagnostics if d.path in reported]
        wanted = reported if wanted is None else wanted & reported
        # A duplicate is told on the named paper, as on a changed one.
        only = frozenset(options.only)
        ctx.changed = only if ctx.changed is None else ctx.changed & only
    if options.links:
        from bot.links.run import check_links  # the HTTP stack loads only when needed

        urls = [link.url for paper in ctx.selected for link in paper.model.links]
        if options.shard is not None:
            urls = [url for url in urls if options.shard.holds(url, config.links)]
        ctx.links = check_links(urls, config.links, root, options.sweep, options.progress, folder)
        _fetch_titles(ctx, root, options.shard, folder)
    # Whatever is selected: a committed cache is the whole repository's problem.
    result = Result([*diagnostics, *folder.problems], not_run=_not_run(ctx, options))
    result.not_run_on = [
        item
        for item in not_run(ctx)
        if item.check not in result.not_run and (wanted is None or item.path in wanted)
    ]
    runner = runner_for(len(ctx.selected), duplicates.ID) if speed else None
    found = run_checks(ctx, runner or in_order)
    if reported is not None:
        # A venue's tree or markup is checked whatever is selected: report only on what was
        # named (and anything not in entries/, such as a check that crashed).
        found = [d for d in found if d.path in reported or not d.path.startswith(f"{ENTRIES}/")]
    result.extend(found)
    return ctx, result


def _fetch_titles(ctx: Context, root: Path, shard: Shard | None, folder: CacheFolder) -> None:
    """arXiv's titles of the selected papers' arXiv links, for the identity check."""
    from bot.arxiv.title_lookup import arxiv_titles  # the HTTP stack loads only when needed
    from bot.checks import identity

    ids = [
        found
        for paper in ctx.selected
        for index, found in identity.linked_ids(paper.model)
        # One shard holds arXiv's links: the others do not ask arXiv's API at all.
        if shard is None or shard.holds(paper.model.links[index].url, ctx.config.links)
    ]
    lookup = arxiv_titles(ids, ctx.config.arxiv, root, folder=folder)
    # Half the titles would pass half the papers unchecked: all or the check does not run.
    ctx.arxiv_titles = lookup.titles if lookup.error is None else None
    ctx.arxiv_error = lookup.error


def _not_run(ctx: Context, options: Options) -> frozenset[str]:
    from bot.checks import identity
    from bot.checks.registry import ONLINE

    if not options.links:
        return ONLINE
    return frozenset({identity.ID}) if ctx.arxiv_titles is None else frozenset()


_EVERYTHING = {f"entries/{GLOSSARY_FILE}", CONFIG_FILE}


def _untouched(changed: set[str], blobs: dict[str, str]) -> dict[str, str] | None:
    """The paper files ``_affected`` cannot select (path -> blob id at the base): those
    need not be loaded (bot/speed/paper_index.py). None when every paper is selected."""
    if changed & _EVERYTHING:
        return None
    venues = {venue_slug(path) for path in changed if path.endswith(f"/{VENUE_FILE}")}
    # Venue files are listed too: the loader looks up paper files only.
    if not venues:
        return {path: blob for path, blob in blobs.items() if path not in changed}
    return {
        path: blob
        for path, blob in blobs.items()
        if path not in changed and venue_slug(path) not in venues
    }


def _affected(corpus: Corpus, changed: set[str]) -> list[Located[Paper]]:
    """Changed papers, and every paper whose venue file, glossary or config changed."""
    if changed & _EVERYTHING:
        return corpus.papers()
    venues = {venue_slug(path) for path in changed if path.endswith(f"/{VENUE_FILE}")}
    return [
        paper
        for paper in corpus.papers()
        if paper.path in changed or venue_slug(paper.path) in venues
    ]
