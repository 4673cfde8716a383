"""The one diagnostic record every check, loader and reporter shares."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        """Lower is more important (errors first when sorting for display)."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding at one place. Line and column are 1-based; 0 means "the whole file".

    ``fix`` is the exact replacement text for the value at that place, when one
    can be offered.
    """

    path: str
    line: int
    column: int
    check: str
    severity: Severity
    message: str
    fix: str | None = None

    def to_row(self) -> list[object]:
        """Everything but the path, as a list (how the caches store a diagnostic)."""
        return [self.line, self.column, self.check, self.severity.value, self.message, self.fix]

    @classmethod
    def from_row(cls, path: str, row: Sequence[Any]) -> Diagnostic:
        line, column, check, severity, message, fix = row
        return cls(path, line, column, check, Severity(severity), message, fix)


@dataclass(frozen=True)
class NotRun:
    """A check that could not look at one file, and why (the file is not valid YAML, the
    paper's category did not load): reported as such, never as passed."""

    path: str
    check: str
    reason: str

    def to_row(self) -> list[str]:
        return [self.path, self.check, self.reason]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> NotRun:
        path, check, reason = row
        return cls(str(path), str(check), str(reason))


@dataclass
class Result:
    """Everything a run found, in a stable order."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    not_run: frozenset[str] = frozenset()  # check ids that did not run (links offline)
    # Checks that ran, but not on these files: in the registry's order within a file.
    not_run_on: list[NotRun] = field(default_factory=list)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics))

    def files_not_run(self) -> list[NotRun]:
        """``not_run_on`` by path (the checks of a file in the order given), each once."""
        return sorted(dict.fromkeys(self.not_run_on), key=lambda item: item.path)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in set(self.diagnostics) if d.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def summary(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in Severity}

    @property
    def exit_code(self) -> int:
        return 1 if self.has_errors else 0
