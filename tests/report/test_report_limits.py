"""Sizes where a run's output crosses to GitHub (issue 14, finding 4): the report handed
to the comment job, the job summary and the comment are bounded, and a run past their
caps says what it left out instead of failing."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import synthetic_titles
from bot.report.comment_body import GITHUB_MAX_BODY, PullContext, build
from bot.report.handoff import (
    MAX_CHECKS,
    MAX_DIAGNOSTICS,
    MAX_NOT_RUN,
    MAX_PAPERS,
    MAX_REPORT_BYTES,
    Report,
    read_report,
)
from bot.report.job_summary import MAX_SUMMARY_BYTES

PAPERS = 620  # past the report's 500 previews
ACRONYMS = " ".join(f"Q{a}{b}" for a in "XZ" for b in "BCDFG")  # 10 undefined: 10 notices each
PR = PullContext("octo/papers", 7, "0123456789abcdef")


@pytest.fixture(scope="module")
def big_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A list of 620 papers with 10 undefined acronyms in each title: 6,200 notices."""
    root = tmp_path_factory.mktemp("big")
    venue = root / "entries" / "demo-2025"
    venue.mkdir(parents=True)
    (venue / "venue.yaml").write_text(
        "name: Demo 2025\nareas:\n  - name: Systems\n    categories:\n      - name: Storage\n"
    )
    titles = synthetic_titles(PAPERS, random.Random(3), words=50_000)
    for n, title in enumerate(titles):
        (venue / f"p{n:04}.yaml").write_text(
            f"title: '{title} {ACRONYMS}'\ncategory: [Systems, Storage]\n"
            f"links:\n  - kind: Paper\n    url: https://demo.example.org/{n}\n"
        )
    return root


def test_a_run_past_the_reports_caps_writes_a_report_that_says_what_it_left_out(
    big_run: Path, run_cli: Any, tmp_path: Path
) -> None:
    target = tmp_path / "report.json"

    code, _, err = run_cli(big_run, "check", "--no-links", "--report", str(target))

    assert (code, err) == (0, "")
    assert target.stat().st_size <= MAX_REPORT_BYTES
    report = read_report(target)  # what the comment job does: it accepts the report
    notices = report.summary["notice"]
    assert notices >= 10 * PAPERS
    # The first findings, as many as the caps (a count, and a share of the bytes) allow.
    listed = len(report.diagnostics)
    assert 0 < listed <= MAX_DIAGNOSTICS
    assert report.left_out.diagnostics == {"notice": notices - listed}
    assert len(report.papers) == MAX_PAPERS
    assert report.left_out.papers == PAPERS - MAX_PAPERS
    body = build(report, PR).body
    assert "_This run found more than one report holds: " in body
    assert f"{notices - listed} more notices" in body
    assert f"{PAPERS - MAX_PAPERS} more papers to preview are not shown here" in body


def test_the_job_summary_stays_within_githubs_limit_and_says_it_was_cut(
    big_run: Path, run_cli: Any, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"

    code, _, _ = run_cli(big_run, "check", "--no-links", "--summary", str(summary))

    assert code == 0
    written = summary.read_bytes()
    assert len(written) <= MAX_SUMMARY_BYTES
    text = written.decode()
    assert text.startswith("### paperbot: ")
    last = text.rstrip("\n").split("\n")[-1]
    assert last.startswith("_The job summary stops here: GitHub shows at most 1 MiB of it.")
    assert re.search(r"It lists [0-9]+ of the [0-9]+ findings", last)
    assert text.count("`") % 2 == 0  # cut between lines: no code span left open


def _maximal_report() -> Report:
    """A report as large as the models let a forger make it, in every list and field."""
    at = "@" * 300  # each becomes "&#64;": five times longer once escaped
    checks = {f"check-{n}": "failed" for n in range(MAX_CHECKS)}
    diagnostics = [
        {
            "path": f"entries/v/{n:04}" + "x" * 280 + ".yaml",
            "line": n + 1,
            "column": 1,
            "check": f"check-{n % MAX_CHECKS}",
            "severity": "error",
            "message": at * 13,
            "fix": "`" * 4000,
            "suggestion": None,
        }
        for n in range(MAX_DIAGNOSTICS)
    ]
    not_run = [
        {
            "path": f"entries/v/{n:04}.yaml",
            "check": f"check-{n % MAX_CHECKS}",
            "reason": at[:296] + f"{n:04}",
        }
        for n in range(MAX_NOT_RUN)
    ]
    return Report.model_validate(
        {
            "diagnostics": diagnostics,
            "summary": {"error": MAX_DIAGNOSTICS},
            "checks": checks,
            "not_run": not_run,
        }
    )


def test_the_largest_report_a_forger_can_write_makes_a_comment_github_accepts() -> None:
    plan = build(_maximal_report(), PR)

    assert len(plan.body.encode("utf-16-le")) // 2 <= GITHUB_MAX_BODY
    assert "(the comment has a size limit); the [validate run]" in plan.body
    assert "| … | more checks: see the validate run |" in plan.body
    assert plan.body.rstrip().endswith("this comment updates on every push.</sub>")
    # Cut only between whole blocks and lines: every code span the body opens, it closes.
    without_spans = re.sub(r"(`+).*?\1", "", plan.body, flags=re.DOTALL)
    assert "`" not in without_spans
    assert all(len(inline.body) <= GITHUB_MAX_BODY for inline in plan.inline)
