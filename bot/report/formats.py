"""Reporters turn the same diagnostics into text, JSON, GitHub workflow commands or Markdown.

Chosen by name; ``auto`` picks ``github`` under GitHub Actions and ``text`` elsewhere.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby

from bot.model.diagnostics import Diagnostic, Result, Severity
from bot.text import markdown_escape

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.NOTICE: "\033[36m"}
ICONS = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.NOTICE: "ℹ️"}
_RESET = "\033[0m"
_BOLD = "\033[1m"
# GitHub shows at most 10 annotations of each kind per step (and 50 per job).
ANNOTATIONS_PER_KIND = 10


def text(result: Result, colour: bool = False) -> str:
    lines = []
    for d in result.sorted():
        severity = d.severity.value
        place = f"{d.path}:{d.line}:{d.column}"
        if colour:
            severity = f"{_COLOURS[d.severity]}{severity}{_RESET}"
            place = f"{_BOLD}{place}{_RESET}"
        lines.append(f"{place}: {severity} [{d.check}] {d.message}")
        if d.fix is not None:
            lines.append(f"    fix: {d.fix}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def json_report(result: Result, colour: bool = False) -> str:
    payload = {
        "diagnostics": [_as_dict(d) for d in result.sorted()],
        "summary": result.summary(),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def github(result: Result, colour: bool = False) -> str:
    """Workflow commands, most important first, within GitHub's annotation limits."""
    lines = []
    left_out: dict[Severity, int] = {}
    for severity in Severity:
        found = [d for d in result.sorted() if d.severity is severity]
        for d in found[:ANNOTATIONS_PER_KIND]:
            message = d.message + (f"\nfix: {d.fix}" if d.fix is not None else "")
            props = f"file={_prop(d.path)},line={d.line},col={d.column},title={_prop(d.check)}"
            lines.append(f"::{severity.value} {props}::{_data(message)}")
        if len(found) > ANNOTATIONS_PER_KIND:
            left_out[severity] = len(found) - ANNOTATIONS_PER_KIND
    if left_out:
        more = ", ".join(plural(n, s.value) for s, n in left_out.items())
        lines.append(f"{more} more: GitHub shows 10 annotations of a kind; see the job summary")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def markdown(result: Result, colour: bool = False) -> str:
    """The job summary and the heart of the PR comment: a table, then findings by file."""
    found = result.sorted()
    lines = [f"### paperbot: {summary_line(result)}", "", "| check | result |", "| --- | --- |"]
    from bot.checks.registry import (
        summaries,  # the checks import pydantic: a text report needs neither
    )

    checks = summaries()
    checks.update({d.check: "" for d in found if d.check not in checks})
    for check, what in checks.items():
        mine = [d for d in found if d.check == check]
        verdict = "⏭️ not run" if check in result.not_run else _verdict(mine)
        lines.append(f"| `{check}` {markdown_escape.text(what)} | {verdict} |")
    for path, group in groupby(found, key=lambda d: d.path):
        lines += ["", f"#### {markdown_escape.code(path)}", ""]
        lines += [_finding(d) for d in group]
    return "\n".join(lines) + "\n"


def _finding(d: Diagnostic) -> str:
    return finding_line(d.severity.value, f"line {d.line}", d.column, d.check, d.message, d.fix)


def finding_line(
    severity: str, place: str, column: int, check: str, message: str, fix: str | None
) -> str:
    """One finding as a Markdown list item: the job summary's and the PR comment's.
    ``place`` is Markdown already ("line 3", or a link to it); the rest is escaped."""
    line = (
        f"- {ICONS[Severity(severity)]} **{severity}** {place}, column {column} "
        f"(`{markdown_escape.text(check)}`): {markdown_escape.text(message)}"
    )
    if fix is not None:
        line += f"<br>fix: {markdown_escape.code(fix)}"
    return line


def _verdict(found: Sequence[Diagnostic]) -> str:
    if not found:
        return "✅ passed"
    counts = [plural(n, s.value) for s in Severity if (n := sum(d.severity is s for d in found))]
    return f"{ICONS[min(found, key=lambda d: d.severity.rank).severity]} {', '.join(counts)}"


def summary_line(result: Result) -> str:
    counts = result.summary()
    if not any(counts.values()):
        return "no problems found"
    return ", ".join(plural(counts[s.value], s.value) for s in Severity if counts[s.value])


def _as_dict(d: Diagnostic) -> dict[str, object]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "check": d.check,
        "severity": d.severity.value,
        "message": d.message,
        "fix": d.fix,
    }


def _data(value: str) -> str:
    # The escaping GitHub's workflow-command parser undoes (see @actions/core's command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


REPORTERS: dict[str, Callable[[Result, bool], str]] = {
    "text": text,
    "json": json_report,
    "github": github,
    "markdown": markdown,
}


def choose(name: str) -> Callable[[Result, bool], str]:
    if name == "auto":
        return REPORTERS["github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"]
    return REPORTERS[name]


def names() -> Iterable[str]:
    return ["auto", *REPORTERS]
