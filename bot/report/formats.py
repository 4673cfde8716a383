"""Reporters turn the same diagnostics into text, JSON, GitHub workflow commands or Markdown.

Chosen by name; ``auto`` picks ``github`` under GitHub Actions and ``text`` elsewhere.
Each also says which checks did not run on which file, and why (``Result.not_run_on``):
a check that could not look at a file never shows as passed there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby

from bot.model.diagnostics import Diagnostic, NotRun, Result, Severity
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
    lines += _not_run_text(result)
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def _not_run_text(result: Result) -> list[str]:
    return [f"{path}: not run: {', '.join(names)} ({why})" for path, names, why in by_file(result)]


def json_report(result: Result, colour: bool = False) -> str:
    payload = {
        "diagnostics": [_as_dict(d) for d in result.sorted()],
        "summary": result.summary(),
    }
    if result.not_run_on:  # a new key, where there is something to say
        payload["not_run"] = [_not_run_dict(item) for item in result.files_not_run()]
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
            lines.append(f"::{severity.value} {props}::{command_data(message)}")
        if len(found) > ANNOTATIONS_PER_KIND:
            left_out[severity] = len(found) - ANNOTATIONS_PER_KIND
    if left_out:
        more = ", ".join(plural(n, s.value) for s, n in left_out.items())
        lines.append(f"{more} more: GitHub shows 10 annotations of a kind; see the job summary")
    lines += _not_run_text(result)  # log lines: a fact about the run, not a finding at a line
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
    skipped = result.files_not_run()
    for check, what in checks.items():
        mine = [d for d in found if d.check == check]
        if check in result.not_run:
            verdict = "⏭️ not run"
        else:
            not_here = [(item.path, item.reason) for item in skipped if item.check == check]
            verdict = "; ".join(_verdict(mine, not_here))
        lines.append(f"| `{check}` {markdown_escape.text(what)} | {verdict} |")
    by_path = {path: list(group) for path, group in groupby(found, key=lambda d: d.path)}
    not_run_here: dict[str, list[str]] = {}
    for path, names, why in by_file(result):
        not_run_here.setdefault(path, []).append(not_run_line(names, why))
    for path in sorted(by_path.keys() | not_run_here.keys()):
        lines += ["", f"#### {markdown_escape.code(path)}", ""]
        lines += [_finding(d) for d in by_path.get(path, [])]
        lines += not_run_here.get(path, [])
    return "\n".join(lines) + "\n"


def _finding(d: Diagnostic) -> str:
    return finding_line(d.severity.value, f"line {d.line}", d.column, d.check, d.message, d.fix)


def finding_line(
    severity: str,
    place: str,
    column: int,
    check: str,
    message: str,
    fix: str | None,
    escaped: bool = False,
) -> str:
    """One finding as a Markdown list item: the job summary's and the PR comment's.
    ``place`` is Markdown already ("line 3", or a link to it), and so is ``message``
    when ``escaped``; the rest is escaped here."""
    shown = message if escaped else markdown_escape.text(message)
    line = (
        f"- {ICONS[Severity(severity)]} **{severity}** {place}, column {column} "
        f"(`{markdown_escape.text(check)}`): {shown}"
    )
    if fix is not None:
        line += f"<br>fix: {markdown_escape.code(fix)}"
    return line


def not_run_line(checks: Sequence[str], why: str) -> str:
    """A file's Markdown line for the checks that did not run on it (escaped here)."""
    names = ", ".join(f"`{markdown_escape.text(check)}`" for check in checks)
    return f"- ⏭️ **not run** here: {names} ({markdown_escape.text(why)})"


def not_run_note(not_here: Sequence[tuple[str, str]]) -> str:
    """A check's verdict on the files it did not run on ((path, reason) pairs), unescaped:
    "⏭️ not run on 1 file (the file is not valid YAML)"."""
    files = len({path for path, _ in not_here})
    reasons = list(dict.fromkeys(why for _, why in not_here))
    shown = "; ".join(reasons[:3]) + ("; ..." if len(reasons) > 3 else "")
    return f"⏭️ not run on {plural(files, 'file')} ({shown})"


def by_file(result: Result) -> list[tuple[str, list[str], str]]:
    """(path, checks, reason) for the checks that did not run on a file, by file."""
    found: dict[tuple[str, str], list[str]] = {}
    for item in result.files_not_run():
        found.setdefault((item.path, item.reason), []).append(item.check)
    return [(path, checks, why) for (path, why), checks in found.items()]


def _verdict(found: Sequence[Diagnostic], not_here: Sequence[tuple[str, str]] = ()) -> list[str]:
    """The table's verdict: the findings, and the files the check did not run on."""
    parts = []
    if found:
        counts = [
            plural(n, s.value) for s in Severity if (n := sum(d.severity is s for d in found))
        ]
        icon = ICONS[min(found, key=lambda d: d.severity.rank).severity]
        parts.append(f"{icon} {', '.join(counts)}")
    if not_here:
        parts.append(markdown_escape.text(not_run_note(not_here)))
    return parts or ["✅ passed"]


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


def _not_run_dict(item: NotRun) -> dict[str, object]:
    return {"path": item.path, "check": item.check, "reason": item.reason}


def command_data(value: str) -> str:
    # The escaping GitHub's workflow-command parser undoes (see @actions/core's command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return command_data(value).replace(":", "%3A").replace(",", "%2C")


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
