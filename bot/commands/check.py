"""``paperbot check``: load the entries, run every check, report."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot import reporters
from bot.output import write_text
from bot.pipeline import load_and_check


def add_parser(sub: Any, name: str) -> None:
    parser = sub.add_parser(name, help="check every entry and report what is wrong")
    parser.add_argument(
        "--format",
        choices=reporters.names(),
        default="auto",
        help="report format (auto: github under GitHub Actions, else text)",
    )
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE, not stdout")


def run(args: argparse.Namespace) -> int:
    _, result = load_and_check(args.root)
    report = reporters.choose(args.format)
    colour = args.output is None and sys.stdout.isatty()
    write_text(args.output, report(result, colour))
    return result.exit_code
