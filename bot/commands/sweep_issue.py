"""``paperbot sweep-issue``: keep one tracking issue listing the links the sweep found broken.

Created once, edited by every later sweep, closed with a short comment when every
link works again. The issue is found by a hidden marker, never by its title.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bot.github import actions_env
from bot.report.handoff import ReportDiagnostic, read_report
from bot.text import markdown_escape

MARKER = "<!-- paperbot:link-sweep -->"
MAX_BODY = 60_000  # GitHub refuses issue bodies over 65,536 characters


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(
        name,
        help=summary,
        description="Reads a report of 'paperbot check --links --sweep' (--report or "
        "--format json) and creates, edits or closes the one tracking issue.",
    )
    parser.add_argument(
        "--report",
        metavar="FILE",
        required=True,
        action="append",
        help="the JSON report; repeat it for the reports of a sharded sweep (--shard I/N)",
    )
    parser.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the issue instead of updating it"
    )


def run(args: argparse.Namespace) -> int:
    broken: list[ReportDiagnostic] = []
    for path in args.report:
        report = read_report(Path(path))
        broken += [d for d in report.diagnostics if d.check == "links" and d.severity == "error"]
    # Each shard checks its own hosts, so a link appears once; the same place twice
    # (a report given twice) is still listed once, in a stable order.
    broken = sorted({(d.path, d.line, d.column, d.message): d for d in broken}.values(), key=_place)
    name = actions_env.repo_name(args.repo, required=not args.dry_run)
    body = issue_body(broken, name, actions_env.server_url()) if broken else None
    title = f"Broken links: {len(broken)} found by the link sweep"
    if args.dry_run:
        sys.stdout.write(f"{title}\n\n{body}" if body else "no broken links\n")
        return 0
    today = datetime.now(UTC).date().isoformat()
    closing = f"The link sweep of {today} found no broken links: closing this issue."
    done = actions_env.connect(name).track_issue(MARKER, title, body, closing)
    print(f"paperbot: tracking issue: {done}", file=sys.stderr)
    return 0  # broken links are the issue's news, not a failure of this job


def _place(d: ReportDiagnostic) -> tuple[str, int, int, str]:
    return (d.path, d.line, d.column, d.message)


def issue_body(broken: list[ReportDiagnostic], repo: str, server: str) -> str:
    head = (
        f"{MARKER}\n"
        f"The scheduled link sweep found {len(broken)} broken "
        f"link{'' if len(broken) == 1 else 's'}. A link counts as broken only after it "
        "failed on several days. Fix or remove each one; every sweep updates this issue "
        "and closes it when all links work.\n"
    )
    items: list[str] = []
    size = len(head)
    for d in broken:
        url = f"{server}/{repo}/blob/HEAD/{quote(d.path)}#L{d.line}"
        where = f"{markdown_escape.code(d.path)} line {d.line}"
        item = f"- [{where}]({url}): {markdown_escape.text(d.message)}"
        if size + len(item) > MAX_BODY:
            items.append(f"- … and {len(broken) - len(items)} more (see the sweep's log)")
            break
        items.append(item)
        size += len(item) + 1
    return head + "\n" + "\n".join(items) + "\n"
