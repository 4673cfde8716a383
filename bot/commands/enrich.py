"""``paperbot enrich [FILE…]``: the authors (and the published DOI) from arXiv, written
into entries that link an arXiv paper and lack them.

Only what an entry lacks is written: authors when it has none, a DOI when it has none
and arXiv's record names exactly one. The ids go to arXiv in batches through the
client and the cache the identity check uses (bot/arxiv/title_lookup.py). Each file is
rewritten through ruamel's round trip: every comment, link and note stays, and a
rewrite that would drop a comment writes nothing. Exit codes: 0 done (also when there
was nothing to add), 1 an entry could not be rewritten, 2 usage error or arXiv
unreachable.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import FatalError
from bot.files.atomic_write import WriteFailed, write_atomic
from bot.files.config_file import load_config
from bot.files.selection import named_entries
from bot.files.write_lock import rewriting
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Result, Severity
from bot.model.entries import Paper
from bot.pages.arxiv_record import from_arxiv
from bot.pages.entry_merge import LostComment, rewrite
from bot.pages.export_records import paper_identifiers
from bot.pipeline import load
from bot.report import formats
from bot.text.identifiers import ArxivId

if TYPE_CHECKING:
    from bot.arxiv.title_lookup import Record

CHECK = "enrich"


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(name, help=summary, description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", metavar="FILE", help="entry files (default: all)")


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    only = named_entries(root, args.files)
    with rewriting(root):  # no other run rewrites an entry between its reading and writing
        corpus, diagnostics = load(root)
        config = load_config(root, diagnostics)
        broken = {d.path for d in diagnostics if d.severity is Severity.ERROR}
        wanted: list[tuple[Located[Paper], ArxivId, bool]] = []  # (paper, id, wants a DOI)
        for paper in corpus.papers():
            if (only is not None and paper.path not in only) or paper.path in broken:
                continue  # a file that does not load cleanly is the checks' to report
            arxiv, doi = paper_identifiers(paper.model)
            # A DOI a link names already (doi.org, a publisher's page) is the exports' too.
            if arxiv is not None and (not paper.model.authors or doi is None):
                wanted.append((paper, arxiv, doi is None))
        if not wanted:
            print("paperbot: enrich: no entry links an arXiv paper and lacks authors or a DOI")
            return 0

        from bot.arxiv.title_lookup import arxiv_records  # network: lazy

        found = arxiv_records([arxiv for _, arxiv, _ in wanted], config.arxiv, root)
        if found.error is not None:
            raise FatalError(f"cannot ask arXiv: {found.error}")
        problems = [
            problem
            for paper, arxiv, doi in wanted
            if (problem := _enrich(root, paper, arxiv, doi, found.records.get(arxiv.id)))
            is not None
        ]
    print(f"asked arXiv about {found.fetched} of {len(wanted)} papers (the rest from the cache)")
    if problems:
        sys.stderr.write(formats.text(Result(problems), sys.stderr.isatty()))
        return 1
    return 0


def _enrich(
    root: Path, paper: Located[Paper], arxiv: ArxivId, wants_doi: bool, record: Record | None
) -> Diagnostic | None:
    if record is None:
        print(f"  {paper.path}: arXiv has no paper {arxiv.id}; nothing added")
        return None
    filled = from_arxiv(record.authors or (), record.doi)
    update: dict[str, Any] = {}
    if not paper.model.authors and filled.authors:
        update["authors"] = filled.authors
    if wants_doi and filled.doi is not None:
        update["doi"] = filled.doi
    for why in filled.refused:
        print(f"  {paper.path}: not written from arXiv's record: {why}")
    if not update:
        return None
    path = root / paper.path
    try:
        old = path.read_text(encoding="utf-8")
        text = rewrite(old, paper.model.model_copy(update=update))
    except LostComment as exc:
        why = f"adding to it would drop the comment {exc.args[0]!r}; nothing was written"
        return Diagnostic(paper.path, 1, 1, CHECK, Severity.ERROR, why)
    except (OSError, UnicodeDecodeError) as exc:
        return Diagnostic(paper.path, 1, 1, "files", Severity.ERROR, f"cannot read it: {exc}")
    if text == old:
        return None
    try:
        write_atomic(path, text.encode(), root)
    except WriteFailed as exc:
        return Diagnostic(paper.path, 1, 1, "files", Severity.ERROR, exc.reason)
    added = [f"{len(update['authors'])} authors"] if "authors" in update else []
    added += [f"DOI {update['doi']}"] if "doi" in update else []
    print(f"enriched {paper.path}: {', '.join(added)}")
    return None
