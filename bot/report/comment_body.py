"""The one PR comment, and the inline suggestions, built from an untrusted report.

Pure: no network. Everything taken from the report (messages, titles, paths,
fixes) is contributor-controlled, so it goes through ``mdescape`` or a code
fence, and the comment stays within GitHub's size limits.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby

from bot.checks.registry import summaries
from bot.pages.venue_page import render_paper
from bot.report.formats import ICONS, finding_line, plural
from bot.report.handoff import PaperPreview, Report, ReportDiagnostic
from bot.text import markdown_escape

MARKER = "<!-- paperbot:pr-comment -->"
MAX_BODY = 60_000  # GitHub refuses bodies over 65,536 characters; leave room for the tail
MAX_INLINE = 20  # inline suggestions per review; the rest are in the comment
_ICONS = {severity.value: icon for severity, icon in ICONS.items()}
_STATE = {"passed": "✅ passed", "failed": "❌ failed", "not run": "⏭️ not run"}


@dataclass(frozen=True)
class PullContext:
    repo: str  # owner/name
    number: int
    head_sha: str
    server: str = "https://github.com"
    # Lines the PR added or changed, by file: where GitHub accepts inline comments.
    changed: Mapping[str, frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class InlineComment:
    path: str
    line: int
    body: str


@dataclass(frozen=True)
class CommentPlan:
    body: str
    inline: list[InlineComment]
    failed: bool


def build(report: Report, pr: PullContext) -> CommentPlan:
    head = _headline(report)
    table = _table(report)
    tail = _tail(pr)
    findings = _findings(report, pr)
    preview = _preview(report.papers)
    body = "\n\n".join([MARKER, head, table, *findings, *preview, tail])
    if len(body) > MAX_BODY:
        body = _shorten(head, table, findings, tail, len(report.diagnostics))
    return CommentPlan(body + "\n", _inline(report, pr), report.failed)


def _headline(report: Report) -> str:
    counts = [plural(n, s) for s, n in report.summary.items() if n]
    if report.failed:
        return f"### ❌ paperbot found {', '.join(counts)}"
    if counts:
        return f"### ✅ paperbot: no errors ({', '.join(counts)})"
    return "### ✅ paperbot: every check passed"


def _table(report: Report) -> str:
    known = summaries()
    rows = ["| check | result |", "| --- | --- |"]
    for check, state in report.checks.items():
        mine = [d for d in report.diagnostics if d.check == check]
        counts = ", ".join(
            plural(n, s)
            for s in ("error", "warning", "notice")
            if (n := sum(d.severity == s for d in mine))
        )
        what = markdown_escape.text(known.get(check, ""))
        shown = _STATE[state] + (f" ({counts})" if counts and state != "not run" else "")
        rows.append(f"| `{markdown_escape.text(check)}` {what} | {shown} |")
    return "\n".join(rows)


def _findings(report: Report, pr: PullContext) -> list[str]:
    blocks = []
    for path, group in groupby(report.diagnostics, key=lambda d: d.path):
        lines = [f"#### [{markdown_escape.code(path)}]({_diff_url(pr, path)})", ""]
        lines += [_finding(d, pr) for d in group]
        blocks.append("\n".join(lines))
    return blocks


def _finding(d: ReportDiagnostic, pr: PullContext) -> str:
    place = f"line {d.line}"
    if d.line:
        place = f"[{place}]({_diff_url(pr, d.path)}R{d.line})"
    return finding_line(d.severity, place, d.column, d.check, d.message, d.fix)


def _preview(papers: list[PaperPreview]) -> list[str]:
    if not papers:
        return []
    parts = ["#### How the README will show your papers"]
    for item in papers[:20]:
        place = " / ".join(
            markdown_escape.text(name) for name in [item.venue, *item.paper.category]
        )
        parts.append(f"**{place}**\n\n" + "\n".join(_safe_paper(item)))
    if len(papers) > 20:
        parts.append(f"… and {len(papers) - 20} more.")
    return ["\n\n".join(parts)]


def _safe_paper(item: PaperPreview) -> list[str]:
    """The README lines of a paper, with every contributor string made inert."""
    paper = item.paper.model_copy(
        update={
            "title": markdown_escape.line_start(item.paper.title),
            "title_url": _safe_url(item.paper.title_url) if item.paper.title_url else None,
            "suffix": _safe_suffix(item.paper.suffix),
            "links": [
                link.model_copy(
                    update={"kind": markdown_escape.text(link.kind), "url": _safe_url(link.url)}
                )
                for link in item.paper.links
            ],
            "affiliations": [markdown_escape.line_start(a) for a in item.paper.affiliations],
            "awards": [markdown_escape.text(a) for a in item.paper.awards],  # shown as **award**
            "notes": [markdown_escape.line_start(n) for n in item.paper.notes],
        }
    )
    return render_paper(paper)


def _safe_suffix(suffix: str | None) -> str | None:
    if not suffix:
        return suffix
    return " " * (len(suffix) - len(suffix.lstrip())) + markdown_escape.text(suffix)  # " (Oral)"


def _safe_url(url: str) -> str:
    # A URL from the report sits inside (...): keep it from closing the link early.
    return re.sub(r"[()<>\s\\\\]", lambda m: f"%{ord(m.group(0)):02X}", url)


def _inline(report: Report, pr: PullContext) -> list[InlineComment]:
    found = []
    for d in report.diagnostics:
        if d.suggestion is None or d.line not in pr.changed.get(d.path, frozenset()):
            continue
        fence = "`" * max(3, _longest_backticks(d.suggestion) + 1)
        body = (
            f"{_ICONS[d.severity]} **{d.severity}** (`{markdown_escape.text(d.check)}`): "
            f"{markdown_escape.text(d.message)}\n\n{fence}suggestion\n{d.suggestion}\n{fence}"
        )
        found.append(InlineComment(d.path, d.line, body))
    return found[:MAX_INLINE]


def _shorten(head: str, table: str, findings: list[str], tail: str, total: int) -> str:
    kept: list[str] = []
    size = len(MARKER) + len(head) + len(table) + len(tail) + 400
    for block in findings:
        if size + len(block) > MAX_BODY:
            break
        kept.append(block)
        size += len(block) + 2
    note = (
        f"_This comment shows the findings of {len(kept)} of {len(findings)} files "
        f"({total} findings in all); the job summary of the validate run lists every one._"
    )
    return "\n\n".join([MARKER, head, table, *kept, note, tail])


def _tail(pr: PullContext) -> str:
    guide = f"{pr.server}/{pr.repo}/blob/HEAD/CONTRIBUTING.md"
    return (
        f"<sub>How to add a paper and run these checks locally: [CONTRIBUTING.md]({guide}). "
        f"Checked commit {markdown_escape.code(pr.head_sha[:12])};"
        " this comment updates on every push."
        "</sub>"
    )


def _diff_url(pr: PullContext, path: str) -> str:
    anchor = hashlib.sha256(path.encode()).hexdigest()
    return f"{pr.server}/{pr.repo}/pull/{pr.number}/files#diff-{anchor}"


def _longest_backticks(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)
