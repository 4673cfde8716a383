"""The ``paperbot`` command: argparse, one module per subcommand, one error handler.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.commands import add, check, comment, fmt, importer, render, schema, sweep_issue
from bot.errors import FatalError

COMMANDS = {
    "check": check,
    "render": render,
    "import": importer,
    "fmt": fmt,
    "schema": schema,
    "comment": comment,
    "sweep-issue": sweep_issue,
    "add": add,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperbot",
        description="Check, format and render a paper list kept as YAML entries.",
        epilog="Exit codes: 0 clean, 1 problems found, 2 usage or configuration error.",
    )
    parser.add_argument("--version", action="version", version=f"paperbot {__version__}")
    parser.add_argument(
        "-C",
        dest="root",
        type=Path,
        default=Path(),
        metavar="ROOT",
        help="the repository root, the folder holding entries/ (default: .)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in COMMANDS.items():
        module.add_parser(sub, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on a usage error, as argparse does
    # A command builds tens of thousands of long-lived objects (models, cache records):
    # the cycle collector's frequent passes over them took a third of a large run's
    # time. Rarer passes keep that small and still free the parser's cycles (with none
    # at all, a cold check of 50,000 papers doubled its peak memory).
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        code: int = COMMANDS[args.command].run(args)
    except FatalError as exc:
        print(f"paperbot: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("paperbot: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("PAPERBOT_DEBUG"):
            raise
        print(
            f"paperbot: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in paperbot, not in your data. Set PAPERBOT_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return 2
    finally:
        gc.set_threshold(*thresholds)
    return code
