"""The report a validate run hands to the comment job: a file crossing a trust boundary.

The validate job runs on the contributor's code and writes it; the comment job,
which holds a write token, reads it. So it is defined by strict models with
size limits, and the comment job validates it with these same models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from bot.checks.context import Context
from bot.checks.registry import summaries
from bot.files.source_lines import SourceLines
from bot.files.untrusted_json import read_json
from bot.model.corpus import Located
from bot.model.diagnostics import Result
from bot.model.entries import Paper, StrictModel
from bot.report.suggestions import suggestion_for

MAX_REPORT_BYTES = 2 * 1024 * 1024
Text = Annotated[str, Field(max_length=4000)]
Name = Annotated[str, Field(max_length=300)]
CheckState = Literal["passed", "failed", "not run"]


class ReportDiagnostic(StrictModel):
    path: Name
    line: int = Field(ge=0, le=10_000_000)
    column: int = Field(ge=0, le=10_000_000)
    check: str = Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")
    severity: Literal["error", "warning", "notice"]
    message: Text
    fix: Text | None = None
    # The whole new line when the fix applies to one line: a GitHub suggestion.
    suggestion: Text | None = None


class ReportNotRun(StrictModel):
    """A check that did not run on one file, and why."""

    path: Name
    check: str = Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")
    reason: Annotated[str, Field(max_length=300)]


class PaperPreview(StrictModel):
    path: Name
    venue: Name
    paper: Paper


class Report(StrictModel):
    version: Literal[1] = 1
    diagnostics: list[ReportDiagnostic] = Field(default_factory=list, max_length=5000)
    summary: dict[Literal["error", "warning", "notice"], int] = Field(default_factory=dict)
    checks: dict[Annotated[str, Field(max_length=40)], CheckState] = Field(default_factory=dict)
    # A check's state is about its findings; the files it did not run on are listed here.
    not_run: list[ReportNotRun] = Field(default_factory=list, max_length=5000)
    papers: list[PaperPreview] = Field(default_factory=list, max_length=500)

    @property
    def failed(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


def build_report(ctx: Context, result: Result) -> Report:
    """The report of one run: findings (with suggestions), check states, changed papers."""
    lines = SourceLines(ctx.corpus.root)
    diagnostics = [
        ReportDiagnostic(
            path=d.path,
            line=d.line,
            column=d.column,
            check=d.check,
            severity=d.severity.value,
            message=d.message[:4000],
            fix=d.fix[:4000] if d.fix is not None else None,
            suggestion=suggestion_for(lines.line(d.path, d.line), d.column, d.fix),
        )
        for d in result.sorted()
    ]
    checks: dict[str, CheckState] = {}
    for check in summaries():
        failed = any(d.check == check and d.severity == "error" for d in diagnostics)
        checks[check] = "not run" if check in result.not_run else "failed" if failed else "passed"
    not_run = [
        ReportNotRun(path=item.path, check=item.check, reason=item.reason[:300])
        for item in result.files_not_run()
    ]
    # A paper that loaded without some values is shown without them; one without its
    # title or category cannot be shown (the comment job validates the previews).
    papers = [
        PaperPreview(path=p.path, venue=_venue_name(ctx, p), paper=p.model)
        for p in ctx.selected
        if not p.missing
    ]
    summary = {"error": 0, "warning": 0, "notice": 0} | result.summary()
    return Report(
        diagnostics=diagnostics,
        summary=summary,  # type: ignore[arg-type]
        checks=checks,
        not_run=not_run[:5000],
        papers=papers,
    )


def read_report(path: Path) -> Report:
    """Load a report written by someone we do not trust: size-limited and validated."""
    return read_json(path, Report, MAX_REPORT_BYTES, "the report", "a valid paperbot report")


def _venue_name(ctx: Context, paper: Located[Paper]) -> str:
    venue = ctx.corpus.venue_of(paper)
    return venue.name if venue else ""
