"""``paperbot fmt``: rewrite entries into the canonical form, keeping every comment."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from bot.files.canonical import MODELINE, canonical_text, comments_in
from bot.files.input_guard import read_limited, repaired
from bot.files.layout import EntryFile, discover
from bot.files.loader import load_bytes
from bot.files.selection import named_entries
from bot.files.yaml_roundtrip import parse
from bot.model.diagnostics import Diagnostic, Result, Severity
from bot.report import formats

CHECK = "fmt"


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(name, help=summary)
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="format only these entry files (default: all)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a file is not canonical"
    )


def run(args: argparse.Namespace) -> int:
    named = named_entries(args.root, args.files)
    files, diagnostics = discover(args.root)
    if named is not None:
        files = [entry for entry in files if entry.rel in named]
        diagnostics = [d for d in diagnostics if d.path in named]
    result = Result(diagnostics)
    changed = 0
    for entry in files:
        text = _format(entry, result)
        if text is None:
            continue
        changed += 1
        if args.check:
            message = "not in canonical form; run 'paperbot fmt' to rewrite it"
            result.extend([Diagnostic(entry.rel, 1, 1, CHECK, Severity.ERROR, message)])
        else:
            entry.path.write_text(text, encoding="utf-8", newline="\n")
            print(f"reformatted {entry.rel}")
    if result.diagnostics:
        sys.stderr.write(formats.text(result, sys.stderr.isatty()))
    elif not args.check:
        print(f"{changed} file(s) reformatted, {len(files) - changed} already canonical")
    return result.exit_code


def format_text(raw: bytes, entry: EntryFile, result: Result) -> str | None:
    """The canonical text, or None when the file is canonical already or cannot be formatted."""
    diags: list[Diagnostic] = []
    fixed = repaired(raw)  # a BOM and CRLF line ends are fixed here; the check refuses them
    before = load_bytes(fixed, entry.rel, entry.model, diags)
    if before is None:
        result.extend(diags)  # only valid entries are rewritten: nothing is guessed
        return None
    text = fixed.decode("utf-8")
    formatted = canonical_text(parse(text), entry.model, entry.depth)
    if formatted == text and fixed == raw:
        return None
    after = load_bytes(formatted.encode(), entry.rel, entry.model, diags)
    lost = _comments(text) - _comments(formatted)
    if after is None or after.model != before.model or lost:
        what = f"comment {next(iter(lost))!r}" if lost else "data"
        message = f"formatting would change or lose {what}; file left as it is (please report)"
        result.extend([Diagnostic(entry.rel, 1, 1, CHECK, Severity.ERROR, message)])
        return None
    return formatted


def _comments(text: str) -> Counter[str]:
    # The schema modeline is ours to rewrite; every other comment must survive.
    return Counter(c for c in comments_in(text) if not c.startswith(MODELINE))


def _format(entry: EntryFile, result: Result) -> str | None:
    try:
        raw = read_limited(entry.path)
    except OSError as exc:
        result.extend([Diagnostic(entry.rel, 1, 1, "files", Severity.ERROR, str(exc.strerror))])
        return None
    return format_text(raw, entry, result)
