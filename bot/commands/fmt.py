"""``paperbot fmt``: rewrite entries into the canonical form, keeping every comment.

``--fix`` also repairs what the parser refuses but a person meant plainly (a byte-order
mark, CRLF line ends, tabs where their width cannot matter) and applies the checks'
fixes that bot/checks/safe_fixes.py allows, printing each change as ``file:line: old → new``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.checks.safe_fixes import is_safe
from bot.files.atomic_write import WriteFailed, write_atomic
from bot.files.canonical import MODELINE, canonical_text, comments_in
from bot.files.input_guard import read_limited, repaired
from bot.files.layout import EntryFile, discover
from bot.files.loader import load_bytes
from bot.files.repairs import before_parsing
from bot.files.selection import named_entries
from bot.files.value_edits import Applied, apply_fixes
from bot.files.write_lock import rewriting
from bot.files.yaml_roundtrip import flow_list, parse, to_plain
from bot.model.diagnostics import Diagnostic, Result, Severity
from bot.model.run_options import Options
from bot.pipeline import load_and_check
from bot.report import formats

CHECK = "fmt"


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(name, help=summary)
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="format only these entry files (default: all)"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a file is not canonical"
    )
    mode.add_argument(
        "--fix",
        action="store_true",
        help="also apply the fixes that are safe to apply mechanically (canonical arXiv and "
        "DOI URLs, tabs, ...) and print each change; other fixes are listed, not applied",
    )


def run(args: argparse.Namespace) -> int:
    if args.check:
        return _run(args)
    with rewriting(args.root):  # what one run reads, no other run rewrites meanwhile
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    named = named_entries(args.root, args.files)
    files, diagnostics = discover(args.root)
    if named is not None:
        files = [entry for entry in files if entry.rel in named]
        diagnostics = [d for d in diagnostics if d.path in named]
    result = Result(diagnostics)
    if args.fix:
        return _fix(args.root, files, named, result)
    changed = 0
    for entry in files:
        text = _format(entry, result)
        if text is None:
            continue
        changed += 1
        if args.check:
            message = "not in canonical form; run 'paperbot fmt' to rewrite it"
            result.extend([Diagnostic(entry.rel, 1, 1, CHECK, Severity.ERROR, message)])
        elif _written(args.root, entry, text.encode(), result):
            print(f"reformatted {entry.rel}")
        else:
            changed -= 1
    if result.diagnostics:
        sys.stderr.write(formats.text(result, sys.stderr.isatty()))
    elif not args.check:
        print(f"{changed} file(s) reformatted, {len(files) - changed} already canonical")
    return result.exit_code


def format_text(
    raw: bytes,
    entry: EntryFile,
    result: Result,
    fixed: bytes | None = None,
    edit: Callable[[Any], None] | None = None,
) -> str | None:
    """The canonical text, or None when the file is canonical already or cannot be formatted.

    ``fixed``: the bytes after the repairs made before parsing (by default a BOM and CRLF
    line ends); ``edit``: changes made to the parsed document (the fixes of --fix)."""
    diags: list[Diagnostic] = []
    fixed = repaired(raw) if fixed is None else fixed  # the check refuses a BOM and CRLF
    before = load_bytes(fixed, entry.rel, entry.model, diags)
    if before is None or diags:
        result.extend(diags)  # only valid entries are rewritten: nothing is guessed
        return None
    text = fixed.decode("utf-8")
    doc = parse(text)
    expected: BaseModel | None = before.model
    if edit is not None:
        edit(doc)
        try:
            expected = entry.model.model_validate(to_plain(doc)[0])
        except ValidationError:
            expected = None  # refused below
    formatted = canonical_text(doc, entry.model, entry.depth)
    if formatted == text and fixed == raw:
        return None
    after = load_bytes(formatted.encode(), entry.rel, entry.model, diags)
    lost = _comments(text) - _comments(formatted)
    if after is None or after.model != expected or lost:
        what = f"comment {next(iter(lost))!r}" if lost else "data"
        message = f"formatting would change or lose {what}; file left as it is (please report)"
        result.extend([Diagnostic(entry.rel, 1, 1, CHECK, Severity.ERROR, message)])
        return None
    return formatted


def _fix(root: Path, files: list[EntryFile], named: frozenset[str] | None, result: Result) -> int:
    """``fmt --fix``: repair what the parser refuses (BOM, CRLF, tabs), run the checks on
    the repaired texts (every entry as context), apply the fixes registered as safe
    (bot/checks/safe_fixes.py), then write the canonical form of what changed."""
    originals: dict[str, bytes] = {}
    contents: dict[str, bytes] = {}
    changes: dict[str, list[tuple[int, Any, Any]]] = {}
    for entry in files:
        try:
            raw = read_limited(entry.path)
        except OSError as exc:
            result.extend([Diagnostic(entry.rel, 1, 1, "files", Severity.ERROR, str(exc.strerror))])
            continue
        originals[entry.rel] = raw
        repair = before_parsing(raw)
        contents[entry.file], changes[entry.rel] = repair.raw, repair.changes
        if repair.problem is not None:
            line, message = repair.problem
            result.extend([Diagnostic(entry.rel, line, 1, CHECK, Severity.ERROR, message)])
    _, checked = load_and_check(root, Options(only=named), contents)
    offered: dict[str, list[Diagnostic]] = {}
    for diag in checked.diagnostics:
        if diag.fix is not None:
            offered.setdefault(diag.path, []).append(diag)
    left: list[Diagnostic] = []
    pending: dict[str, tuple[EntryFile, str, list[Applied]]] = {}
    for entry in files:
        if entry.rel not in originals:
            continue
        done: list[Applied] = []

        def edit(doc: Any, entry: EntryFile = entry, done: list[Applied] = done) -> None:
            made, kept = apply_fixes(doc, offered.get(entry.rel, []), is_safe)
            done.extend(made)
            left.extend(kept)

        text = format_text(originals[entry.rel], entry, result, contents[entry.file], edit)
        if text is not None:
            pending[entry.rel] = (entry, text, done)
    for rel, (entry, text, _) in list(pending.items()):
        if not _written(root, entry, text.encode(), result):
            del pending[rel]  # left as it was: nothing to look at again
    hidden = _hidden(root, named, contents, pending, checked, left)
    changed = applied = 0
    for rel, (entry, _, done) in pending.items():
        if rel in hidden:
            _written(root, entry, originals[rel], result)  # as it was, byte for byte
            result.extend([hidden[rel]])
            continue
        changed += 1
        applied += len(done)
        for line, old, new in [*changes[entry.rel], *((m.line, m.old, m.new) for m in done)]:
            print(f"{entry.rel}:{line}: {_shown(old)} → {_shown(new)}")
        print(f"reformatted {entry.rel}")
    for diag in sorted(set(left)):
        print(f"{diag.path}:{diag.line}: [{diag.check}] suggested, not applied: {diag.fix}")
    if result.diagnostics:  # as without --fix: what could not be formatted, no summary
        sys.stderr.write(formats.text(result, sys.stderr.isatty()))
        return result.exit_code
    fixes = "1 fix" if applied == 1 else f"{applied} fixes"
    kept = len(files) - changed
    print(f"{changed} file(s) reformatted, {kept} already canonical; {fixes} applied")
    return result.exit_code


def _hidden(
    root: Path,
    named: frozenset[str] | None,
    contents: dict[str, bytes],
    pending: dict[str, tuple[EntryFile, str, list[Applied]]],
    checked: Result,
    left: list[Diagnostic],
) -> dict[str, Diagnostic]:
    """The rewritten files (on disk now) whose rewrite hid a finding it does not fix (a
    list item YAML folded into the one above is seen in the file's layout, which the
    canonical form rewrites), each with a diagnostic naming the finding: the caller
    puts them back as they were."""
    if not pending:
        return {}
    # The rewritten files are read from disk: some checks read a file's lines again.
    written = {entry.file for entry, _, _ in pending.values()}
    after = {file: raw for file, raw in contents.items() if file not in written}
    _, again = load_and_check(root, Options(only=named), after)
    kept = set(left)
    hidden = {}
    for rel in pending:
        before = [d for d in checked.diagnostics if d.path == rel and (d.fix is None or d in kept)]
        now = Counter((d.check, d.severity) for d in again.diagnostics if d.path == rel)
        for diag in sorted(before):
            if now[diag.check, diag.severity] > 0:
                now[diag.check, diag.severity] -= 1
                continue
            message = (
                f"not rewritten: the canonical form would hide line {diag.line}'s "
                f"[{diag.check}] finding; fix it first: {diag.message}"
            )
            hidden[rel] = Diagnostic(rel, diag.line, diag.column, CHECK, Severity.ERROR, message)
            break
    return hidden


def _written(root: Path, entry: EntryFile, data: bytes, result: Result) -> bool:
    """Replace the entry whole; a file that cannot be written is a finding of its own
    (it is left as it was) and the other files are still written."""
    try:
        write_atomic(entry.path, data, root)
    except WriteFailed as exc:
        result.extend([Diagnostic(entry.rel, 1, 1, "files", Severity.ERROR, exc.reason)])
        return False
    return True


def _shown(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return flow_list(value)
    return str(value)


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
