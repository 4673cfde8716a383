"""``paperbot add ARXIV_ID_OR_URL --venue SLUG --category AREA/CATEGORY``.

Asks arXiv for the title, the authors and the published version's DOI, writes one
canonical entry with the arXiv link, checks it as ``paperbot check`` would, and says
what arXiv cannot fill in. Exit codes:
0 written (warnings allowed), 1 refused or the new entry has errors (unknown id,
withdrawn paper, duplicate, unknown category), 2 usage error or arXiv unreachable.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.checks import duplicates
from bot.checks.context import Context
from bot.errors import FatalError
from bot.files.atomic_write import WriteFailed, write_atomic
from bot.files.canonical import model_text
from bot.files.config_file import load_config
from bot.files.write_lock import rewriting
from bot.model.corpus import Located
from bot.model.entries import Link, Paper
from bot.model.places import ENTRIES, venue_slug
from bot.model.positions import Positions
from bot.model.run_options import Options
from bot.pages.arxiv_record import from_arxiv
from bot.pages.new_entry import CategoryNotFound, parse_paper_id, resolve_category, still_to_fill
from bot.pipeline import load, load_and_check
from bot.report import formats
from bot.text.identifiers import MalformedIdentifier
from bot.text.slugs import paper_slug, unique


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(name, help=summary)
    parser.add_argument("paper", metavar="ARXIV_ID_OR_URL", help="e.g. 2401.12345 or its URL")
    parser.add_argument("--venue", required=True, metavar="SLUG", help="folder under entries/")
    parser.add_argument(
        "--category",
        required=True,
        metavar="AREA/CATEGORY",
        help="the place in the venue's tree, e.g. 'Systems (SYS)/Storage' (or a unique name)",
    )
    parser.add_argument(
        "--allow-withdrawn", action="store_true", help="add a paper arXiv marks as withdrawn"
    )
    parser.add_argument(
        "--allow-other-venue",
        action="store_true",
        help="add it although another venue lists it (a workshop and a conference version)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        wanted = parse_paper_id(args.paper)
    except MalformedIdentifier as exc:
        raise FatalError(str(exc)) from None
    root: Path = args.root
    corpus, diagnostics = load(root)
    config = load_config(root, diagnostics)
    data = corpus.venues.get(args.venue)
    if data is None or data.venue is None:
        known = ", ".join(sorted(corpus.venues)) or "none"
        raise FatalError(f"no venue '{args.venue}' with a valid venue file (venues: {known})")
    try:
        category = resolve_category(args.category, data.venue.model, args.venue)
    except CategoryNotFound as exc:
        return _refuse(str(exc))
    link = Link(kind="arXiv", url=wanted.abs_url)
    # The id alone shows most duplicates: those need no request to arXiv (nor a network).
    by_id = Paper.model_construct(title="", category=list(category), links=[link])
    if (listed := _listed(Context(corpus, config), by_id, args)) is not None:
        return _refuse(f"arXiv {wanted.versioned} is already listed: {listed}")

    from bot.arxiv.client import ArxivClient, ArxivUnavailable, UnknownPaper  # network: lazy

    try:
        entry = ArxivClient(config.arxiv).lookup(wanted)
    except UnknownPaper:
        return _refuse(f"arXiv has no paper {wanted.versioned}: check the id")
    except ArxivUnavailable as exc:
        raise FatalError(f"cannot ask arXiv about {wanted.versioned}: {exc}") from None
    if entry.withdrawn and not args.allow_withdrawn:
        why = f"arXiv {wanted.versioned} ('{entry.title}') is marked as withdrawn"
        return _refuse(f"{why}; add it anyway with --allow-withdrawn")
    try:
        paper = Paper(title=entry.title, category=list(category), links=[link])
    except ValidationError as exc:
        return _refuse(f"arXiv's title cannot be an entry's title: {exc.errors()[0]['msg']}")
    filled = from_arxiv(entry.authors, entry.doi)
    paper = paper.model_copy(update={"authors": filled.authors, "doi": filled.doi})

    if (listed := _listed(Context(corpus, config), paper, args)) is not None:
        return _refuse(f"arXiv {wanted.versioned} is already listed: {listed}")

    folder = root / ENTRIES / args.venue
    with rewriting(root):  # the name is free until the file is there: no other run takes it
        slug = unique(paper_slug(paper.title), (p.stem for p in folder.glob("*.yaml")))
        path = f"{ENTRIES}/{args.venue}/{slug}.yaml"
        try:
            write_atomic(root / path, model_text(paper, 2).encode(), root)
        except WriteFailed as exc:
            raise FatalError(str(exc)) from None
    print(f"wrote {path}: {paper.title}")
    for why in filled.refused:
        print(f"  not written from arXiv's record: {why}")
    _, result = load_and_check(root, Options(only=frozenset({path})))
    print(formats.text(result, sys.stdout.isatty()), end="")
    print("still to fill in by hand:")
    for item in still_to_fill(data.venue.model):
        print(f"  - {item}")
    return result.exit_code


def _listed(ctx: Context, paper: Paper, args: argparse.Namespace) -> str | None:
    """Where the corpus lists ``paper`` already (the duplicates check's rules), or None."""
    # Compared only, never written: the name just has to differ from every real file.
    ctx.selected = [Located(f"{ENTRIES}/{args.venue}/(new)", paper, Positions())]
    venues = duplicates.Venues(ctx)  # two folders of one venue (name and year) are one venue
    for _, other, found in duplicates.matches(ctx):
        same_venue = venues.same(venue_slug(other.path), args.venue)
        # Near-equal titles (rank 2) are only possible duplicates: the check warns.
        if found.rank < 2 and (same_venue or not args.allow_other_venue):
            return f"{other.path} ({found.why})"
    return None


def _refuse(message: str) -> int:
    print(f"paperbot: {message}", file=sys.stderr)
    return 1
