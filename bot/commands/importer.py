"""``paperbot import PAGE.md``: turn a markdown paper list into entries."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from bot import reporters
from bot.canonical import model_text
from bot.corpus import VENUE_FILE, Located
from bot.diagnostics import Diagnostic, Result, Severity
from bot.errors import FatalError
from bot.importer import CHECK, Imported, import_page
from bot.loader import ENTRIES
from bot.render import render_venue
from bot.slugs import slugify
from bot.yamlio import Positions


def add_parser(sub: Any, name: str) -> None:
    parser = sub.add_parser(name, help="convert a markdown paper list into entries")
    parser.add_argument("page", type=Path, metavar="PAGE.md")
    parser.add_argument(
        "--venue", metavar="SLUG", help="venue folder name (default: from the title)"
    )


def run(args: argparse.Namespace) -> int:
    try:
        text = args.page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"{args.page}: cannot read: {exc}") from None
    imported = import_page(text, str(args.page))
    result = Result(imported.diagnostics)
    if result.has_errors:
        sys.stderr.write(reporters.text(result, sys.stderr.isatty()))
        return 1
    slug = args.venue or slugify(imported.venue.name)
    folder = args.root / ENTRIES / slug
    if folder.exists() and any(folder.iterdir()):
        raise FatalError(f"{folder} already holds entries; import into a new venue folder")
    result.extend(_round_trip(imported, text, str(args.page)))
    _write(folder, imported)
    print(f"imported {len(imported.papers)} papers into {folder}")
    if result.diagnostics:
        sys.stderr.write(reporters.text(result, sys.stderr.isatty()))
    return result.exit_code


def _write(folder: Path, imported: Imported) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / VENUE_FILE).write_text(model_text(imported.venue, 2), encoding="utf-8")
    for slug, paper in imported.papers.items():
        (folder / f"{slug}.yaml").write_text(model_text(paper, 2), encoding="utf-8")


def _round_trip(imported: Imported, text: str, path: str) -> list[Diagnostic]:
    """Render what was imported and compare: a difference means something would be lost."""
    papers = [Located(f"{slug}.yaml", p, Positions()) for slug, p in imported.papers.items()]
    rendered = render_venue(imported.venue, papers, {})
    if rendered == text:
        return []
    pairs = zip(text.splitlines(), rendered.splitlines(), strict=False)
    same = next((n for n, (want, got) in enumerate(pairs) if want != got), None)
    number = 1 + (same if same is not None else min(text.count("\n"), rendered.count("\n")))
    diff = "".join(difflib.unified_diff(text.splitlines(True), rendered.splitlines(True), n=0))
    message = f"the rendered page differs from the original from this line on:\n{diff}"
    return [Diagnostic(path, number, 1, CHECK, Severity.WARNING, message)]
