"""``paperbot render``: the README (or one venue's page) from the entries."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from bot.checks.registry import RENDER_BLOCKING
from bot.errors import FatalError
from bot.files.config_file import load_config
from bot.files.generated_files import LISTS, Generated
from bot.files.text_files import read_text, write_text
from bot.model.config import ReadmeConfig
from bot.model.corpus import Corpus
from bot.model.diagnostics import Result
from bot.model.run_options import Options
from bot.pages.list_files import README, ListedVenue, list_files
from bot.pages.venue_order import ordered
from bot.pages.venue_page import render_venue, template_includes, template_slugs
from bot.pipeline import checked, load
from bot.report import formats

TEMPLATE = "README.template.md"


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(
        name,
        help=summary,
        description=(
            f"With {TEMPLATE} in ROOT, write {README}. Without a template, print the venue "
            "pages (with one venue: exactly that venue's page)."
        ),
    )
    parser.add_argument("--output", metavar="FILE", help="where to write (- for stdout)")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 with a diff when FILE is stale"
    )


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    # The checks' verdict, replayed when the entries are as last checked (usual right
    # after 'paperbot check'); then the data comes through the entry cache.
    ctx, result = checked(root, Options())
    blocking = Result([d for d in result.diagnostics if d.check in RENDER_BLOCKING])
    if blocking.has_errors:
        # A README from broken data would silently drop papers: show why, write nothing.
        sys.stderr.write(formats.text(blocking, sys.stderr.isatty()))
        sys.stderr.write("paperbot: render: nothing written; fix the errors above first\n")
        return 1
    template = read_text(root / TEMPLATE)
    corpus = ctx.corpus if ctx is not None else load(root)[0]
    # Its problems are the check's to report (above): here the settings are only read.
    config = ctx.config if ctx is not None else load_config(root, [])
    if template is None:
        return _pages_only(args, render_all(corpus))
    files = render_files(corpus, template, config.readme)
    target = args.output
    if target is not None and str(target) == "-":
        if len(files) > 1:
            raise FatalError(
                f"the list is over readme.budget and is {len(files)} files: "
                f"name a file with --output, its pages go to {LISTS}/ beside it"
            )
        return _pages_only(args, files[README])
    readme = root / README if target is None else Path(target)
    written = Generated(readme.parent, readme, files)
    if args.check:
        return written.compare()
    written.write()
    return 0


def _pages_only(args: argparse.Namespace, text: str) -> int:
    """One text, printed or written to --output (no template, or --output -)."""
    if not args.check:
        write_text(args.output, text)
        return 0
    if args.output is None or str(args.output) == "-":
        raise FatalError(f"render --check needs {TEMPLATE} or --output FILE to compare with")
    return _compare(Path(args.output), text)


def render_files(corpus: Corpus, template: str, settings: ReadmeConfig) -> dict[str, str]:
    """README.md, and the pages under lists/ when the list is over its budget."""
    shared = corpus.shared_glossary()
    venues = {slug: data.venue.model for slug, data in corpus.venues.items() if data.venue}
    unknown = [slug for slug in template_slugs(template) if slug not in venues]
    if unknown:
        raise FatalError(f"{TEMPLATE} names venues that do not exist: {', '.join(unknown)}")
    listed = [
        ListedVenue(
            slug,
            venues[slug],
            corpus.venues[slug].papers,
            render_venue(
                venues[slug], corpus.venues[slug].papers, shared, settings.category_anchors
            ),
        )
        for slug in ordered(venues, settings)
    ]
    includes = _includes(corpus, template)
    return list_files(
        template, listed, includes, settings.budget, shared, settings.category_anchors
    )


def render_all(corpus: Corpus) -> str:
    """Every venue page, in slug order: what render prints without a template (with one
    venue, exactly that venue's page)."""
    shared = corpus.shared_glossary()
    return "\n".join(
        render_venue(data.venue.model, data.papers, shared)
        for _, data in sorted(corpus.venues.items())
        if data.venue is not None
    )


def _includes(corpus: Corpus, template: str) -> dict[str, str]:
    includes = {}
    for name in template_includes(template):
        path = (corpus.root / name).resolve()
        text = read_text(path) if path.is_relative_to(corpus.root.resolve()) else None
        if text is None:
            raise FatalError(f"{TEMPLATE} includes {name}, which is not a file in the repository")
        includes[name] = text
    return includes


def _compare(target: Path, text: str) -> int:
    current = read_text(target)
    if current == text:
        return 0
    _diff(target, current, text)
    print(f"paperbot: {target} is stale; run 'paperbot render' to regenerate it", file=sys.stderr)
    return 1


def _diff(target: Path, current: str | None, text: str) -> None:
    diff = difflib.unified_diff(
        (current or "").splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{target} (on disk)",
        tofile=f"{target} (rendered from entries)",
    )
    sys.stdout.writelines(diff)
