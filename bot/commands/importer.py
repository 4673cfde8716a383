"""``paperbot import PAGE.md``: turn a markdown paper list into entries."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.errors import FatalError
from bot.files.atomic_write import WriteFailed, write_atomic, write_many
from bot.files.canonical import MODELINE, canonical_text, comments_in, model_text
from bot.files.config_file import load_config
from bot.files.write_lock import rewriting
from bot.files.yaml_roundtrip import parse
from bot.model.config import Config
from bot.model.corpus import Corpus, Located
from bot.model.diagnostics import Diagnostic, Result, Severity
from bot.model.entries import Paper, Venue
from bot.model.places import ENTRIES, VENUE_FILE
from bot.model.positions import Positions
from bot.pages.entry_merge import LostComment, lines_of, rewrite
from bot.pages.merge import Update, merge, merge_venue
from bot.pages.page_lines import CHECK
from bot.pages.page_reader import Imported, import_page
from bot.pages.venue_folders import folder_holding
from bot.pages.venue_page import render_venue
from bot.pipeline import load as load_entries
from bot.pipeline import new_entry_text
from bot.report import formats
from bot.text.slugs import slugify


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(name, help=summary)
    parser.add_argument("page", type=Path, metavar="PAGE.md")
    parser.add_argument(
        "--venue", metavar="SLUG", help="venue folder name (default: from the title)"
    )


def run(args: argparse.Namespace) -> int:
    try:
        # Bytes, not read_text: universal newlines would turn CRLF into LF unreported.
        text = args.page.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FatalError(f"{args.page}: cannot read: {exc}") from None
    imported = import_page(text, str(args.page))
    result = Result(imported.diagnostics)
    if result.has_errors:
        sys.stderr.write(formats.text(result, sys.stderr.isatty()))
        return 1
    slug = args.venue or slugify(imported.venue.name)
    folder = args.root / ENTRIES / slug
    result.extend(_round_trip(imported, str(args.page)))
    with rewriting(args.root):  # the merge reads entries that no other run rewrites meanwhile
        corpus, config = _repository(args.root)
        held = folder_holding(corpus, slug, imported.venue.name)
        if held is not None:
            result.extend([_second_folder(str(args.page), text, held, imported.venue.name)])
            sys.stderr.write(formats.text(result, sys.stderr.isatty()))
            return 1
        merged = merge(corpus, slug, imported.papers, config)
        named = {tuple(paper.category) for paper in imported.papers.values()}
        venue_text = _venue_text(corpus, slug, imported.venue, named)
        result.extend(_write(args.root, folder, venue_text, merged.new))
        print(f"imported {len(merged.new)} papers into {folder}")
        for known in merged.known:
            print(f"already listed, not written: {known.title} ({known.why})")
        page = str(args.page)
        result.extend(_merge_into_entries(args.root, merged.updates, imported.lines, page))
    result.extend(_conflicts(merged.clashes, imported.lines, page))
    for other in merged.elsewhere:
        print(f"written, also listed in another venue: {other.title} ({other.why})")
    for near in merged.near:
        print(f"written, but check it: {near.title} ({near.why})")
    if result.diagnostics:
        sys.stderr.write(formats.text(result, sys.stderr.isatty()))
    return result.exit_code


def _second_folder(page: str, text: str, held: str, name: str) -> Diagnostic:
    """The page's venue is in another folder already: a second folder would list each
    paper twice in one venue (an error of the duplicates check)."""
    line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("# ")), 1)
    message = (
        f"{ENTRIES}/{held} holds this venue ('{name}') already: import with --venue {held} "
        "to merge the page into it; nothing was written"
    )
    return Diagnostic(page, line, 1, CHECK, Severity.ERROR, message)


def _merge_into_entries(
    root: Path, updates: list[Update], lines: Mapping[str, int], page: str
) -> list[Diagnostic]:
    """Add what the page adds to each entry, comments kept; each addition is said with
    the line it now stands on."""
    refused = []
    for update in updates:
        entry = update.existing.path
        path = root / entry
        old = path.read_text(encoding="utf-8")
        try:
            text = rewrite(old, update.merged.merged)
        except LostComment as exc:
            message = (
                f"{entry}: adding to it would drop the comment {exc.args[0]!r}; "
                "nothing was written for this paper: merge it by hand"
            )
            refused.append(
                Diagnostic(page, lines.get(update.slug, 1), 1, CHECK, Severity.ERROR, message)
            )
            continue
        try:
            write_atomic(path, text.encode(), root)
        except WriteFailed as exc:
            refused.append(Diagnostic(entry, 1, 1, "files", Severity.ERROR, exc.reason))
            continue
        print(f"merged into {entry}: {update.existing.model.title}")
        added = update.merged.added
        for item, line in zip(added, lines_of(text, added), strict=True):
            print(f"  {entry}:{line}: added {item.what}")
    return refused


def _conflicts(clashes: list[Update], lines: Mapping[str, int], page: str) -> list[Diagnostic]:
    """A field the page and the entry give different values: said with both places."""
    found = []
    for clash in clashes:
        existing = clash.existing
        for conflict in clash.merged.conflicts:
            there = f"{existing.path}:{existing.positions.of_value(conflict.loc)[0]}"
            name = ".".join(str(part) for part in conflict.loc)
            message = (
                f"{name} differs from {there}: {_shown(conflict.page)} here, "
                f"{_shown(conflict.existing)} there; nothing was written for this paper"
            )
            at = lines.get(clash.slug, 1)
            found.append(Diagnostic(page, at, 1, CHECK, Severity.ERROR, message))
    return found


def _shown(value: object) -> str:
    text = " / ".join(value) if isinstance(value, list) else str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _repository(root: Path) -> tuple[Corpus, Config]:
    """The entries an import merges into (none in a new repository)."""
    diags: list[Diagnostic] = []
    if not (root / ENTRIES).is_dir():
        return Corpus(root), Config()
    corpus, load = load_entries(root)
    config = load_config(root, diags)
    broken = [d for d in [*load, *diags] if d.severity is Severity.ERROR]
    if broken:
        # Duplicates cannot be judged against entries that do not load.
        first = broken[0]
        raise FatalError(
            f"{len(broken)} existing entries do not load (first: {first.path}:{first.line}: "
            f"{first.message}); fix them before importing"
        )
    return corpus, config


def _venue_text(corpus: Corpus, slug: str, page: Venue, named: set[tuple[str, ...]]) -> str | None:
    """The venue file to write: the page's venue merged into the existing one (None when
    that changes nothing). Comments in the existing file are kept or nothing is written."""
    data = corpus.venues.get(slug)
    existing = data.venue if data is not None else None
    if existing is None:
        return model_text(page, 2)
    venue, kept = merge_venue(existing.model, page, named)
    for category in kept:
        print(f"kept from {existing.path}, not on the page: category {category}")
    if venue == existing.model:
        return None
    path = corpus.root / existing.path
    old = path.read_text(encoding="utf-8")
    doc = parse(old)
    _update(doc, venue.model_dump(exclude_defaults=True))
    text = canonical_text(doc, Venue, 2)
    lost = Counter(comments_in(old)) - Counter(comments_in(text))
    if any(not comment.startswith(MODELINE) for comment in lost):
        raise FatalError(
            f"{existing.path}: the page changes fields that hold comments "
            f"({next(iter(lost))!r}); nothing was written: move the comments or merge by hand"
        )
    return text


def _update(doc: Any, fresh: dict[str, Any]) -> None:
    """Only changed fields are replaced, down to the nodes of the tree: comments on
    everything else stay put."""
    for key in list(doc):
        if key not in fresh:
            del doc[key]
    for key, value in fresh.items():
        old = doc.get(key)
        if old == value:
            continue
        if isinstance(old, dict) and isinstance(value, dict):
            _update(old, value)
        elif isinstance(old, list) and isinstance(value, list) and len(old) == len(value):
            for index, item in enumerate(value):
                if isinstance(old[index], dict) and isinstance(item, dict):
                    _update(old[index], item)
                elif old[index] != item:
                    old[index] = item
        else:
            doc[key] = value


def _write(
    root: Path, folder: Path, venue_text: str | None, papers: Mapping[str, Paper]
) -> list[Diagnostic]:
    """Each file whole or not at all; one that cannot be written is a finding, and the
    others are still written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FatalError(f"{folder}: cannot create the venue folder: {exc.strerror}") from None
    texts = {} if venue_text is None else {VENUE_FILE: venue_text}
    texts |= {f"{stem}.yaml": new_entry_text(paper, 2) for stem, paper in papers.items()}
    files = {name: text.encode() for name, text in texts.items()}
    return [
        Diagnostic(
            Path(exc.path).relative_to(root).as_posix(), 1, 1, "files", Severity.ERROR, exc.reason
        )
        for exc in write_many(folder, files, root)
    ]


def _round_trip(imported: Imported, path: str) -> list[Diagnostic]:
    """Render what was imported and compare: a difference not reported yet means something
    would be lost."""
    text = imported.text
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
