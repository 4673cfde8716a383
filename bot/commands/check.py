"""``paperbot check``: load the entries, run every check, report."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from bot.errors import FatalError
from bot.files.selection import named_entries
from bot.files.text_files import append_text, write_text
from bot.links.shard import parse_shard
from bot.model.diagnostics import Result
from bot.model.run_options import Options
from bot.pipeline import checked
from bot.report import formats


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(name, help=summary)
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="report only on these entry files (default: every entry); each is still compared "
        "with every entry, and a venue file covers its papers",
    )
    parser.add_argument(
        "--format",
        choices=formats.names(),
        default="auto",
        help="report format (auto: github under GitHub Actions, else text)",
    )
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE, not stdout")
    parser.add_argument(
        "--links",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="check links online (default: on under GitHub Actions, off elsewhere)",
    )
    parser.add_argument(
        "--changed-since",
        metavar="REF",
        help="report only on entries added or changed since the git ref REF "
        "(duplicates are still searched in every entry)",
    )
    parser.add_argument(
        "--report",
        metavar="FILE",
        help="also write the JSON report for 'paperbot comment' (with previews of the papers)",
    )
    parser.add_argument(
        "--summary",
        metavar="FILE",
        help="also append the Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY)",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="scheduled sweep: a link is broken only after repeated failures over days",
    )
    parser.add_argument(
        "--shard",
        metavar="I/N",
        type=parse_shard,
        help="with --links: check online only the links of shard I of N (split by host, "
        "so each host's politeness holds); the other checks run in full",
    )


def run(args: argparse.Namespace) -> int:
    links = args.links
    if links is None:
        links = os.environ.get("GITHUB_ACTIONS") == "true"
    if args.shard is not None and not (links or args.sweep):
        raise FatalError("--shard splits the online link check: use it with --links or --sweep")
    options = Options(
        only=named_entries(args.root, args.files),
        changed_since=args.changed_since,
        shard=args.shard,
        links=links or args.sweep,
        sweep=args.sweep,
        progress=sys.stderr.isatty(),
    )
    # A report is built from the data, so it needs the checks to run; otherwise an
    # offline result is replayed for inputs seen before (bot/speed/replay.py says why
    # that is safe).
    ctx, result = checked(args.root, options, replay=not args.report)
    if ctx is None:
        _write_outputs(args, result)
        return result.exit_code
    if ctx.links is not None:
        if ctx.links.outage:
            print(ctx.links.outage, file=sys.stderr)
        print(ctx.links.summary, file=sys.stderr)
    if ctx.arxiv_error:
        print(f"identity: not run: {ctx.arxiv_error}", file=sys.stderr)
    _write_outputs(args, result)
    if args.report:
        from bot.report.handoff import build_report  # pydantic: only when a report is asked

        write_text(args.report, build_report(ctx, result).model_dump_json(indent=1) + "\n")
    return result.exit_code


def _write_outputs(args: argparse.Namespace, result: Result) -> None:
    report = formats.choose(args.format)
    colour = args.output is None and sys.stdout.isatty()
    write_text(args.output, report(result, colour))
    if args.summary:
        from bot.report.job_summary import job_summary

        append_text(args.summary, job_summary(result))
