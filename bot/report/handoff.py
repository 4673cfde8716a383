"""The report a validate run hands to the comment job: a file crossing a trust boundary.

The validate job runs on the contributor's code and writes it; the comment job,
which holds a write token, reads it. So it is defined by strict models with
size limits, and the comment job validates it with these same models.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, Field, model_validator

from bot.checks.context import Context
from bot.checks.registry import summaries
from bot.files.source_lines import SourceLines
from bot.files.untrusted_json import read_json
from bot.model.corpus import Located
from bot.model.diagnostics import Result
from bot.model.entries import Paper, StrictModel
from bot.report.suggestions import suggestion_for

MAX_REPORT_BYTES = 2 * 1024 * 1024
# What one report may hold. A run that finds more (a whole list re-checked after a
# one-line paperbot.yaml change) keeps the first ones and counts the rest in left_out:
# the comment job must always get a report it accepts, never a run that failed to write one.
MAX_DIAGNOSTICS = 5000
MAX_NOT_RUN = 5000
MAX_PAPERS = 500
MAX_CHECKS = 64
# Each list is also kept within a share of MAX_REPORT_BYTES (as written, with indent=1).
_BUDGET = {"diagnostics": 1024 * 1024, "not_run": 256 * 1024, "papers": 512 * 1024}
Text = Annotated[str, Field(max_length=4000)]
Name = Annotated[str, Field(max_length=300)]
Count = Annotated[int, Field(ge=0, le=1_000_000_000)]
CheckId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")]
CheckState = Literal["passed", "failed", "not run"]
Severity = Literal["error", "warning", "notice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "notice")


class ReportDiagnostic(StrictModel):
    path: Name
    line: int = Field(ge=0, le=10_000_000)
    column: int = Field(ge=0, le=10_000_000)
    check: CheckId
    severity: Severity
    message: Text
    fix: Text | None = None
    # The whole new line when the fix applies to one line: a GitHub suggestion.
    suggestion: Text | None = None


class ReportNotRun(StrictModel):
    """A check that did not run on one file, and why."""

    path: Name
    check: CheckId
    reason: Annotated[str, Field(max_length=300)]


class PaperPreview(StrictModel):
    path: Name
    venue: Name
    paper: Paper


class LeftOut(StrictModel):
    """What a run found beyond what its report holds: counted, not listed."""

    diagnostics: dict[Severity, Count] = Field(default_factory=dict)
    not_run: Count = 0
    papers: Count = 0

    @property
    def any(self) -> bool:
        return bool(sum(self.diagnostics.values()) or self.not_run or self.papers)


class Report(StrictModel):
    version: Literal[1] = 1
    diagnostics: list[ReportDiagnostic] = Field(default_factory=list, max_length=MAX_DIAGNOSTICS)
    # Every finding of the run, by severity: those listed plus those left out (checked below).
    summary: dict[Severity, Count] = Field(default_factory=dict)
    checks: dict[CheckId, CheckState] = Field(default_factory=dict, max_length=MAX_CHECKS)
    # A check's state is about its findings; the files it did not run on are listed here.
    not_run: list[ReportNotRun] = Field(default_factory=list, max_length=MAX_NOT_RUN)
    papers: list[PaperPreview] = Field(default_factory=list, max_length=MAX_PAPERS)
    left_out: LeftOut = Field(default_factory=LeftOut)

    @model_validator(mode="after")
    def _counts_agree(self) -> Report:
        # The headline is built from the summary: a forged report must not say "no
        # errors" over a listed error, nor count findings it neither lists nor left out.
        listed = Counter(d.severity for d in self.diagnostics)
        for severity in SEVERITIES:
            said = self.summary.get(severity, 0)
            held = listed[severity] + self.left_out.diagnostics.get(severity, 0)
            if said != held:
                raise ValueError(f"the summary counts {said} {severity}s, the report holds {held}")
        return self

    @property
    def failed(self) -> bool:
        return self.summary.get("error", 0) > 0


def build_report(ctx: Context, result: Result) -> Report:
    """The report of one run: findings (with suggestions), check states, changed papers."""
    lines = SourceLines(ctx.corpus.root)
    found = result.sorted()
    # Built lazily: a run with a million findings builds only the ones it keeps.
    diagnostics = _first(
        (
            ReportDiagnostic(
                path=d.path[:300],
                line=min(d.line, 10_000_000),
                column=min(d.column, 10_000_000),
                check=d.check,
                severity=d.severity.value,
                message=d.message[:4000],
                fix=d.fix[:4000] if d.fix is not None else None,
                suggestion=_bounded(suggestion_for(lines.line(d.path, d.line), d.column, d.fix)),
            )
            for d in found
        ),
        MAX_DIAGNOSTICS,
        _BUDGET["diagnostics"],
    )
    failing = {d.check for d in found if d.severity.value == "error"}
    checks: dict[str, CheckState] = {}
    for check in summaries():
        failed = check in failing
        checks[check] = "not run" if check in result.not_run else "failed" if failed else "passed"
    every_not_run = result.files_not_run()
    not_run = _first(
        (
            ReportNotRun(path=item.path[:300], check=item.check, reason=item.reason[:300])
            for item in every_not_run
        ),
        MAX_NOT_RUN,
        _BUDGET["not_run"],
    )
    # A paper that loaded without some values is shown without them; one without its
    # title or category cannot be shown (the comment job validates the previews).
    shown = [p for p in ctx.selected if not p.missing]
    papers = _first(
        (
            PaperPreview(path=p.path[:300], venue=_venue_name(ctx, p)[:300], paper=p.model)
            for p in shown
        ),
        MAX_PAPERS,
        _BUDGET["papers"],
    )
    summary = {"error": 0, "warning": 0, "notice": 0} | result.summary()
    listed = Counter(d.severity for d in diagnostics)
    left_out = LeftOut(
        diagnostics={s: n for s in SEVERITIES if (n := summary[s] - listed[s])},
        not_run=len(every_not_run) - len(not_run),
        papers=len(shown) - len(papers),
    )
    return Report(
        diagnostics=diagnostics,
        summary=summary,  # type: ignore[arg-type]
        checks=checks,
        not_run=not_run,
        papers=papers,
        left_out=left_out,
    )


M = TypeVar("M", bound=BaseModel)


def _first(items: Iterable[M], count: int, budget: int) -> list[M]:
    """The first items, at most ``count`` of them and ``budget`` bytes as written."""
    kept: list[M] = []
    used = 0
    for item in items:
        used += _written_size(item)
        if len(kept) == count or used > budget:
            break
        kept.append(item)
    return kept


def _written_size(item: BaseModel) -> int:
    # indent=1 adds a line break and up to a few spaces per value: counted generously.
    compact = item.model_dump_json()
    return len(compact.encode()) + 8 * compact.count(":") + 16


def _bounded(text: str | None, size: int = 4000) -> str | None:
    # A suggestion is a whole line: cut, it would be wrong, so a long one is not made.
    return text if text is None or len(text) <= size else None


def read_report(path: Path) -> Report:
    """Load a report written by someone we do not trust: size-limited and validated."""
    return read_json(path, Report, MAX_REPORT_BYTES, "the report", "a valid paperbot report")


def _venue_name(ctx: Context, paper: Located[Paper]) -> str:
    venue = ctx.corpus.venue_of(paper)
    return venue.name if venue else ""
