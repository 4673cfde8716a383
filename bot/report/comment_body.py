"""The one PR comment, and the inline suggestions, built from an untrusted report.

Short when the news is short: the findings first, by file (with the checks that did
not run on it, and why); then a table of the checks that found something or did not
run, and one line for those that passed; then the preview of the papers.

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
from bot.report.formats import ICONS, finding_line, not_run_line, not_run_note, plural
from bot.report.handoff import SEVERITIES, PaperPreview, Report, ReportDiagnostic
from bot.text import markdown_escape
from bot.text.paper_bullet import render_paper

MARKER = "<!-- paperbot:pr-comment -->"
# GitHub refuses bodies over 65,536 characters. Counted in UTF-16 code units (an emoji
# may count twice), and with room to spare: everything in the body fits within MAX_BODY.
GITHUB_MAX_BODY = 65_536
MAX_BODY = 60_000
MAX_TABLE = 16_000  # the checks' table, when the whole body does not fit
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
    left_out = _left_out(report, pr)
    table = _table(report)
    tail = _tail(pr)
    findings = _findings(report, pr)
    preview = _preview(report)
    body = "\n\n".join([MARKER, head, *left_out, *findings, table, *preview, tail])
    if size(body) > MAX_BODY:
        body = _shorten([head, *left_out], table, findings, tail, report, pr)
    return CommentPlan(body + "\n", _inline(report, pr), report.failed)


def size(text: str) -> int:
    """Length as GitHub counts it at worst: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _left_out(report: Report, pr: PullContext) -> list[str]:
    """A note when the run found more than its report could hold."""
    left = report.left_out
    if not left.any:
        return []
    parts = [plural(n, f"more {s}") for s in SEVERITIES if (n := left.diagnostics.get(s, 0))]
    if left.not_run:
        parts.append(plural(left.not_run, "more file") + " a check did not run on")
    if left.papers:
        parts.append(plural(left.papers, "more paper") + " to preview")
    return [
        f"_This run found more than one report holds: {', '.join(parts)} are not shown "
        f"here. The [validate run]({_checks_url(pr)}) lists them._"
    ]


def _headline(report: Report) -> str:
    counts = [plural(n, s) for s in SEVERITIES if (n := report.summary.get(s, 0))]
    if report.failed:
        return f"### ❌ paperbot found {', '.join(counts)}"
    if counts:
        return f"### ✅ paperbot: no errors ({', '.join(counts)})"
    return "### ✅ paperbot: every check passed"


def _table(report: Report) -> str:
    """A row for each check that found something or did not run somewhere; one line
    for the checks that passed everywhere."""
    known = summaries()
    rows = ["| check | result |", "| --- | --- |"]
    passed = []
    for check, state in report.checks.items():
        mine = [d for d in report.diagnostics if d.check == check]
        not_here = [(item.path, item.reason) for item in report.not_run if item.check == check]
        if state == "passed" and not mine and not not_here:
            passed.append(f"`{markdown_escape.text(check)}`")
            continue
        counts = ", ".join(
            plural(n, s)
            for s in ("error", "warning", "notice")
            if (n := sum(d.severity == s for d in mine))
        )
        shown = _STATE[state] + (f" ({counts})" if counts and state != "not run" else "")
        if state == "passed" and mine:  # warnings or notices only
            shown = shown.replace("✅", _ICONS[min(mine, key=_rank).severity], 1)
        if not_here and state != "not run":
            note = markdown_escape.text(not_run_note(not_here))
            shown = f"{shown}; {note}" if mine else note
        what = markdown_escape.text(known.get(check, ""))
        rows.append(f"| `{markdown_escape.text(check)}` {what} | {shown} |")
    if not passed:
        return "\n".join(rows)
    other = " other" if len(rows) > 2 else ""
    verb = "check passed" if len(passed) == 1 else "checks passed"
    line = f"✅ {len(passed)}{other} {verb}: {', '.join(passed)}"
    return line if len(rows) == 2 else "\n".join(rows) + "\n\n" + line


def _rank(d: ReportDiagnostic) -> int:
    return ("error", "warning", "notice").index(d.severity)


def _findings(report: Report, pr: PullContext) -> list[str]:
    """A block per file: its findings, then the checks that did not run on it."""
    found = {path: list(group) for path, group in groupby(report.diagnostics, lambda d: d.path)}
    not_run: dict[str, dict[str, list[str]]] = {}
    for item in report.not_run:
        not_run.setdefault(item.path, {}).setdefault(item.reason, []).append(item.check)
    blocks = []
    for path in sorted(found.keys() | not_run.keys()):
        lines = [f"#### [{markdown_escape.code(path)}]({_diff_url(pr, path)})", ""]
        lines += [_finding(d, pr) for d in found.get(path, [])]
        lines += [not_run_line(checks, why) for why, checks in not_run.get(path, {}).items()]
        blocks.append("\n".join(lines))
    return blocks


def _finding(d: ReportDiagnostic, pr: PullContext) -> str:
    place = f"line {d.line}"
    if d.line:
        place = f"[{place}]({_diff_url(pr, d.path)}R{d.line})"
    message = _linked(d.message, pr)
    return finding_line(d.severity, place, d.column, d.check, message, d.fix, escaped=True)


# A place in another entry file, as messages name one ("the same paper as
# entries/v/a.yaml:6"): linked to that file at the checked commit. No segment starts
# with a dot, so a link cannot climb out of the repository.
_PLACE = re.compile(r"(?<![\w./-])(entries(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)+\.yaml):([0-9]{1,7})\b")


def _linked(message: str, pr: PullContext) -> str:
    """The message as Markdown: escaped, each place in an entry file a link to it."""
    message = " ".join(message.split())  # one line, as markdown_escape.text makes it
    parts, start = [], 0
    for match in _PLACE.finditer(message):
        path, line = match.group(1), match.group(2)
        url = f"{pr.server}/{pr.repo}/blob/{pr.head_sha}/{path}#L{line}"
        parts += [_between(message[start : match.start()])]
        parts += [f"[{markdown_escape.text(match.group(0))}]({url})"]
        start = match.end()
    return "".join([*parts, _between(message[start:])])


def _between(piece: str) -> str:
    """Text between links, escaped, with the spaces at its ends kept."""
    escaped = markdown_escape.text(piece)
    if not escaped:
        return piece  # spaces only
    return (" " if piece[:1] == " " else "") + escaped + (" " if piece[-1:] == " " else "")


def _preview(report: Report) -> list[str]:
    papers = report.papers
    if not papers:
        return []
    parts = ["#### How the README will show your papers"]
    refused = {d.path for d in report.diagnostics if d.check == "schema"}
    for item in papers[:20]:
        place = " / ".join(
            markdown_escape.text(name) for name in [item.venue, *item.paper.category]
        )
        shown = f"**{place}**\n\n" + "\n".join(_safe_paper(item))
        if item.path in refused:
            shown += "\n\n_Shown without the values the schema check refused._"
        parts.append(shown)
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
        if size(body) <= MAX_BODY:  # else the comment alone shows it
            found.append(InlineComment(d.path, d.line, body))
    return found[:MAX_INLINE]


def _shorten(
    head: list[str], table: str, findings: list[str], tail: str, report: Report, pr: PullContext
) -> str:
    """The body within MAX_BODY, cut only between whole blocks or whole lines of one (a
    finding is one line; a table row is one line), never inside a code span or a tag."""
    table = _cut_lines(table, MAX_TABLE, "| … | more checks: see the validate run |", keep=2)
    room = MAX_BODY - sum(size(part) + 2 for part in [MARKER, *head, table, tail]) - 600
    kept: list[str] = []
    shown = 0
    for block in findings:
        if size(block) + 2 > room:
            # The first file that does not fit whole: as many of its findings as fit.
            cut = _cut_lines(block, room - 2, "", keep=2)
            if cut.count("\n") > 2:
                kept.append(cut)
                shown += _finding_count(cut)
            break
        kept.append(block)
        room -= size(block) + 2
        shown += _finding_count(block)
    total = sum(report.summary.values())
    note = (
        f"_This comment shows {shown} of the {total} findings (the comment has a size "
        f"limit); the [validate run]({_checks_url(pr)}) lists every one._"
    )
    return "\n\n".join([MARKER, *head, *kept, note, table, tail])


def _finding_count(block: str) -> int:
    return sum(line.startswith("- ") and "**not run**" not in line for line in block.split("\n"))


def _cut_lines(block: str, room: int, more: str, keep: int) -> str:
    """``block`` as its first whole lines within ``room`` (and ``more`` after them if
    any were cut); its first ``keep`` lines (a heading, a table's head) always stay."""
    if size(block) <= room:
        return block
    lines = block.split("\n")
    kept = lines[:keep]
    used = sum(size(line) + 1 for line in kept) + size(more) + 1
    for line in lines[keep:]:
        used += size(line) + 1
        if used > room:
            break
        kept.append(line)
    return "\n".join([*kept, more] if more else kept)


def _tail(pr: PullContext) -> str:
    guide = f"{pr.server}/{pr.repo}/blob/HEAD/CONTRIBUTING.md"
    return (
        f"<sub>How to add a paper and run these checks locally: [CONTRIBUTING.md]({guide}). "
        f"Checked commit {markdown_escape.code(pr.head_sha[:12])};"
        " this comment updates on every push."
        "</sub>"
    )


def _checks_url(pr: PullContext) -> str:
    return f"{pr.server}/{pr.repo}/pull/{pr.number}/checks"


def _diff_url(pr: PullContext, path: str) -> str:
    anchor = hashlib.sha256(path.encode()).hexdigest()
    return f"{pr.server}/{pr.repo}/pull/{pr.number}/files#diff-{anchor}"


def _longest_backticks(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)
