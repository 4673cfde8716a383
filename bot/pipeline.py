"""load -> check: the first half of every command that reads the entries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.checks import ONLINE, run_checks
from bot.config import CONFIG_FILE, load_config
from bot.context import Context
from bot.corpus import GLOSSARY_FILE, VENUE_FILE, Corpus, Located
from bot.diagnostics import Result
from bot.gitdiff import changed_paths
from bot.loader import load_corpus
from bot.models import Paper


@dataclass(frozen=True)
class Options:
    changed_since: str | None = None  # a git ref: report only on entries changed since
    links: bool = False  # check links online
    sweep: bool = False  # the scheduled sweep: broken only after repeated failures
    progress: bool = False  # show a progress bar (a terminal is watching)


def load_and_check(root: Path, options: Options | None = None) -> tuple[Context, Result]:
    options = options or Options()
    corpus, diagnostics = load_corpus(root)
    config = load_config(root, diagnostics)
    ctx = Context(corpus, config, corpus.papers())
    if options.changed_since is not None:
        changed = changed_paths(root, options.changed_since)
        ctx.selected = _affected(corpus, changed)
        # Problems of files nobody touched are not this change's to fix.
        wanted = changed | {p.path for p in ctx.selected}
        diagnostics = [d for d in diagnostics if d.path in wanted]
    if options.links:
        from bot.links.run import check_links  # the HTTP stack loads only when needed

        urls = [link.url for paper in ctx.selected for link in paper.model.links]
        ctx.links = check_links(urls, config.links, root, options.sweep, options.progress)
    result = Result(diagnostics, not_run=frozenset() if options.links else ONLINE)
    result.extend(run_checks(ctx))
    return ctx, result


def _affected(corpus: Corpus, changed: set[str]) -> list[Located[Paper]]:
    """Changed papers, and every paper whose venue file, glossary or config changed."""
    everything = {f"entries/{GLOSSARY_FILE}", CONFIG_FILE}
    if changed & everything:
        return corpus.papers()
    venues = {path.split("/")[1] for path in changed if path.endswith(f"/{VENUE_FILE}")}
    return [
        paper
        for paper in corpus.papers()
        if paper.path in changed or paper.path.split("/")[1] in venues
    ]
