"""``paperbot render``: the README (or one venue's page) from the entries."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from bot.checks.registry import RENDER_BLOCKING
from bot.errors import FatalError
from bot.files.text_files import read_text, write_text
from bot.model.corpus import Corpus
from bot.model.diagnostics import Result
from bot.model.run_options import Options
from bot.pages.venue_page import render_readme, render_venue, template_includes, template_slugs
from bot.pipeline import checked, load
from bot.report import formats

TEMPLATE = "README.template.md"
README = "README.md"


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
    text = render_all(corpus, template)
    target = args.output
    if target is None and template is not None:
        target = root / README
    if not args.check:
        write_text(target, text)
        return 0
    if target is None or str(target) == "-":
        raise FatalError(f"render --check needs {TEMPLATE} or --output FILE to compare with")
    return _compare(Path(target), text)


def render_all(corpus: Corpus, template: str | None) -> str:
    """Every venue page, filled into the template when there is one."""
    shared = corpus.shared_glossary()
    pages = {
        slug: render_venue(data.venue.model, data.papers, shared)
        for slug, data in corpus.venues.items()
        if data.venue is not None
    }
    if template is None:
        return "\n".join(pages[slug] for slug in sorted(pages))
    unknown = [slug for slug in template_slugs(template) if slug not in pages]
    if unknown:
        raise FatalError(f"{TEMPLATE} names venues that do not exist: {', '.join(unknown)}")
    includes = {}
    for name in template_includes(template):
        path = (corpus.root / name).resolve()
        text = read_text(path) if path.is_relative_to(corpus.root.resolve()) else None
        if text is None:
            raise FatalError(f"{TEMPLATE} includes {name}, which is not a file in the repository")
        includes[name] = text
    return render_readme(template, pages, includes)


def _compare(target: Path, text: str) -> int:
    current = read_text(target)
    if current == text:
        return 0
    diff = difflib.unified_diff(
        (current or "").splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=f"{target} (on disk)",
        tofile=f"{target} (rendered from entries)",
    )
    sys.stdout.writelines(diff)
    print(f"paperbot: {target} is stale; run 'paperbot render' to regenerate it", file=sys.stderr)
    return 1
