"""The ``paperbot`` command: argparse, one module per subcommand, one error handler.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot import __version__
from bot.errors import FatalError

# Command -> (its module under bot/commands/, its line in `paperbot --help`). Only the
# command being run is imported: the others pull in pydantic, the YAML parser and the
# checks, a third of a second that `--help` and a replayed check have no use for.
COMMANDS = {
    "check": ("check", "check every entry and report what is wrong"),
    "render": ("render", "regenerate README.md from README.template.md and the entries"),
    "import": ("importer", "convert a markdown paper list into entries"),
    "fmt": ("fmt", "rewrite entries in the canonical form (comments kept)"),
    "schema": ("schema", "write the JSON Schema files generated from the models"),
    "comment": ("comment", "post or update the paperbot comment on a pull request"),
    "sweep-issue": (
        "sweep_issue",
        "update the tracking issue of broken links from a sweep's report",
    ),
    "add": ("add", "add a paper from its arXiv id, then check it"),
    "export": ("export", "write the whole list as JSON, CSV or BibTeX for readers' tools"),
    "enrich": ("enrich", "fill in missing authors (and DOIs) from arXiv, comments kept"),
    "trust-cache": (
        "trust_cache",
        "in a pull request's job: drop a restored cache unless the base branch saved it",
    ),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, with the options of ``command`` only (the others are listed by name)."""
    parser = argparse.ArgumentParser(
        prog="paperbot",
        description="Check, format and render a paper list kept as YAML entries.",
        epilog="Exit codes: 0 clean, 1 problems found, 2 usage or configuration error.",
    )
    parser.add_argument("--version", action="version", version=f"paperbot {__version__}")
    _root_option(parser, Path())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module, summary) in COMMANDS.items():
        if name == command:
            _module(module).add_parser(sub, name, summary)
            # As with git, -C may come before the command; it is accepted after it too.
            # SUPPRESS: given only before, the command's parser leaves the value alone.
            _root_option(sub.choices[name], argparse.SUPPRESS)
        else:  # listed by `paperbot --help`, never parsed
            sub.add_parser(name, help=summary)
    return parser


def _root_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "-C",
        dest="root",
        type=Path,
        default=default,
        metavar="ROOT",
        help="the repository root, the folder holding entries/ (default: .)",
    )


def _module(name: str) -> Any:
    return importlib.import_module(f"bot.commands.{name}")


def _named(argv: Sequence[str]) -> str | None:
    """The command argv names, read without a parser: the first word that is not an option
    (nor ``-C``'s value). None when there is none or it is unknown: argparse then lists
    the commands or says what is wrong."""
    words = iter(argv)
    for word in words:
        if word == "-C":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(_named(argv)).parse_args(argv)  # exits 2 on a usage error, as argparse does
    # A command builds tens of thousands of long-lived objects (models, cache records):
    # the cycle collector's frequent passes over them took a third of a large run's
    # time. Rarer passes keep that small and still free the parser's cycles (with none
    # at all, a cold check of 50,000 papers doubled its peak memory).
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        code: int = _module(COMMANDS[args.command][0]).run(args)
    except FatalError as exc:
        print(f"paperbot: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("paperbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`paperbot check | head`): stop quietly, as a tool
        # killed by SIGPIPE would, and keep Python's own flush at exit from failing again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + 13  # SIGPIPE
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
