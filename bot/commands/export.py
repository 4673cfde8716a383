"""``paperbot export --format json|csv|bibtex [--output FILE]``: the list for readers' tools.

Exit codes: 0 written, 1 the entries have errors that would drop or garble papers
(nothing is written then), 2 usage error or the file cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.checks.registry import RENDER_BLOCKING
from bot.files.text_files import write_text
from bot.model.diagnostics import Result
from bot.model.export_record import ExportedList
from bot.model.run_options import Options
from bot.pages.export_bibtex import bibtex
from bot.pages.export_csv import csv_text
from bot.pages.export_json import json_text
from bot.pages.export_records import build
from bot.pipeline import checked, load
from bot.report import formats

FORMATS: dict[str, Callable[[ExportedList], str]] = {
    "json": json_text,
    "csv": csv_text,
    "bibtex": bibtex,
}


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(
        name,
        help=summary,
        description="Write every paper of the list as JSON, CSV or BibTeX (docs/exports.md).",
    )
    parser.add_argument("--format", required=True, choices=sorted(FORMATS))
    parser.add_argument("--output", metavar="FILE", help="where to write (default, or -: stdout)")


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    # As render: the checks' verdict (replayed when the entries are as last checked),
    # and no export from data whose errors would leave papers out or garble them.
    ctx, result = checked(root, Options())
    blocking = [d for d in result.diagnostics if d.check in RENDER_BLOCKING]
    corpus = ctx.corpus if ctx is not None else load(root)[0]
    built = build(corpus)
    problems = Result(sorted([*blocking, *built.problems]))
    if problems.has_errors:
        sys.stderr.write(formats.text(problems, sys.stderr.isatty()))
        sys.stderr.write("paperbot: export: nothing written; fix the errors above first\n")
        return 1
    write_text(args.output, FORMATS[args.format](built.records))
    return 0
