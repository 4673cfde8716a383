"""Reporters turn the same diagnostics into text for people or JSON for machines.

Chosen by name; ``auto`` picks the right one for where we run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence

from bot.diagnostics import Diagnostic, Result, Severity

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.NOTICE: "\033[36m"}
_RESET = "\033[0m"
_BOLD = "\033[1m"


def text(result: Result, colour: bool = False) -> str:
    lines = []
    for d in result.sorted():
        severity = d.severity.value
        if colour:
            severity = f"{_COLOURS[d.severity]}{severity}{_RESET}"
        place = f"{d.path}:{d.line}:{d.column}"
        lines.append(f"{_BOLD}{place}{_RESET}" if colour else place)
        lines[-1] += f": {severity} [{d.check}] {d.message}"
        if d.fix is not None:
            lines.append(f"    fix: {d.fix}")
    lines.append(_summary_line(result))
    return "\n".join(lines) + "\n"


def json_report(result: Result, colour: bool = False) -> str:
    payload = {
        "diagnostics": [_as_dict(d) for d in result.sorted()],
        "summary": result.summary(),
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


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


def _summary_line(result: Result) -> str:
    counts = result.summary()
    if not any(counts.values()):
        return "no problems found"
    parts = [_plural(counts[s.value], s.value) for s in Severity if counts[s.value]]
    return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


REPORTERS: dict[str, Callable[[Result, bool], str]] = {
    "text": text,
    "json": json_report,
}


def choose(name: str) -> Callable[[Result, bool], str]:
    if name == "auto":
        under_actions = os.environ.get("GITHUB_ACTIONS") == "true"
        return REPORTERS["github" if under_actions and "github" in REPORTERS else "text"]
    return REPORTERS[name]


def names() -> Sequence[str]:
    return ["auto", *REPORTERS]
