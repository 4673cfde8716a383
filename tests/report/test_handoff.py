"""The report crossing from the untrusted validate job to the privileged comment job."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.errors import FatalError
from bot.report.handoff import MAX_REPORT_BYTES, Report, read_report

LOST = "title: Lost Paper\ncategory: [Systems (SYS), Storag]  # typo\n"


def test_check_writes_the_report_with_suggestions_states_and_papers(
    repo: Path, write: Any, run_cli: Any, tmp_path: Path
) -> None:
    write(repo, "entries/demo-2025/lost.yaml", LOST)
    target = tmp_path / "report.json"

    code, _, _ = run_cli(repo, "check", "--no-links", "--report", str(target))

    report = read_report(target)
    assert code == 1
    assert report.failed
    (finding,) = report.diagnostics
    assert (finding.path, finding.line, finding.column, finding.check) == (
        "entries/demo-2025/lost.yaml",
        2,
        11,
        "category",
    )
    assert finding.fix == "[Systems (SYS), Storage]"
    assert finding.suggestion == "category: [Systems (SYS), Storage]  # typo"
    assert report.checks["category"] == "failed"
    assert report.checks["schema"] == "passed"
    assert report.checks["links"] == "not run"
    assert report.summary == {"error": 1, "warning": 0, "notice": 0}
    assert {p.path for p in report.papers} == {
        "entries/demo-2025/fast-storage.yaml",
        "entries/demo-2025/net-stack.yaml",
        "entries/demo-2025/tiny-compiler.yaml",
        "entries/demo-2025/lost.yaml",
    }
    assert {p.venue for p in report.papers} == {"Demo 2025"}


def test_summary_file_gets_the_markdown_report_appended(
    repo: Path, run_cli: Any, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    assert run_cli(repo, "check", "--no-links", "--summary", str(summary))[0] == 0
    assert summary.read_text().startswith("earlier step\n### paperbot: no problems found\n")


def _write(tmp_path: Path, payload: Any) -> Path:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(payload))
    return path


def test_a_valid_report_reads_back(tmp_path: Path) -> None:
    report = Report(summary={"error": 0, "warning": 0, "notice": 0})
    path = tmp_path / "r.json"
    path.write_text(report.model_dump_json())
    assert read_report(path) == report


@pytest.mark.parametrize(
    ("payload", "complaint"),
    [
        ({"version": 2}, "version"),
        ({"pr": 7}, "pr: Extra inputs are not permitted"),
        ({"diagnostics": [{"path": "a", "line": "1"}]}, "diagnostics.0.line"),
        (
            {
                "diagnostics": [
                    {
                        **dict.fromkeys(("path", "message"), "x"),
                        "line": 1,
                        "column": 1,
                        "check": "Evil Check",
                        "severity": "error",
                    }
                ]
            },
            "diagnostics.0.check",
        ),
        ({"papers": [{"path": "p", "venue": "v", "paper": {"title": "t"}}]}, "papers.0.paper"),
        (
            {
                "papers": [
                    {
                        "path": "p",
                        "venue": "v",
                        "paper": {
                            "title": "t",
                            "category": ["c"],
                            "links": [{"kind": "x", "url": "javascript:alert(1)"}],
                        },
                    }
                ]
            },
            "papers.0.paper.links.0.url",
        ),
        ([], "Input should be an object"),
    ],
)
def test_a_crafted_report_is_refused(tmp_path: Path, payload: Any, complaint: str) -> None:
    with pytest.raises(FatalError, match="not a valid paperbot report") as caught:
        read_report(_write(tmp_path, payload))
    assert complaint in str(caught.value)


def test_an_oversized_report_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_REPORT_BYTES + 1))
    with pytest.raises(FatalError, match="larger than"):
        read_report(path)


def test_a_missing_report_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FatalError, match="cannot read the report"):
        read_report(tmp_path / "nope.json")


def test_the_report_says_which_checks_did_not_run_on_which_file(
    repo: Path, write: Any, run_cli: Any, tmp_path: Path
) -> None:
    write(repo, "entries/demo-2025/broken.yaml", "title: [Broken\ncategory: [Compilers]\n")
    write(repo, "entries/demo-2025/no-category.yaml", "title: No Category\ncategory: Compilers\n")
    partial = "title: Partial\ncategory: [Compilers]\nposition: first\n"
    write(repo, "entries/demo-2025/partial.yaml", partial)
    target = tmp_path / "report.json"
    assert run_cli(repo, "check", "--no-links", "--report", str(target))[0] == 1
    report = read_report(target)
    assert [(n.path.rsplit("/", 1)[1], n.check, n.reason) for n in report.not_run] == [
        ("broken.yaml", check, "the file is not valid YAML")
        for check in ("category", "position", "kind", "url", "markup", "text", "duplicates")
    ] + [("broken.yaml", "acronyms", "the file is not valid YAML")] + [
        ("no-category.yaml", check, "its category is missing or invalid")
        for check in ("category", "acronyms")
    ]
    # A paper without some values is previewed without them; one without its category
    # cannot be placed (and the comment job would refuse it).
    previewed = {p.path.rsplit("/", 1)[1]: p.paper for p in report.papers}
    assert "no-category.yaml" not in previewed and "broken.yaml" not in previewed
    assert previewed["partial.yaml"].position is None


def test_a_duplicate_is_reported_once_on_the_paper_the_pull_request_adds(
    repo: Path, write: Any, run_cli: Any, tmp_path: Path
) -> None:
    """The pull request also changes the venue file (a new category), so every paper of
    the venue is selected: the one already listed is not told of its new twin."""
    from helpers import git

    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    venue = repo / "entries" / "demo-2025" / "venue.yaml"
    venue.write_text(venue.read_text() + "  - name: Databases\n")
    twin = "title: 'NetStack: A Network Stack'\ncategory: [Databases]\nlinks:\n"
    write(
        repo,
        "entries/demo-2025/twin.yaml",
        twin + "  - kind: arXiv\n    url: https://arxiv.org/abs/2501.00001\n",
    )
    target = tmp_path / "report.json"
    check = ["check", "--no-links", "--changed-since", "HEAD", "--report", str(target)]
    assert run_cli(repo, *check)[0] == 1
    found = [d for d in read_report(target).diagnostics if d.check == "duplicates"]
    assert [(d.path, d.message) for d in found] == [
        (
            "entries/demo-2025/twin.yaml",
            "the same paper as entries/demo-2025/net-stack.yaml:6 ('A Network Stack for "
            "Everyone'): both link arXiv 2501.00001",
        )
    ]
    comment = ["comment", "--report", str(target), "--pr", "42", "--repo", "OWNER/papers"]
    _, body, _ = run_cli(repo, *comment, "--dry-run")
    assert body.count("(`duplicates`)") == 1
    assert (
        "the same paper as [entries/demo-2025/net-stack.yaml:6](https://github.com/OWNER/"
        f"papers/blob/{'0' * 40}/entries/demo-2025/net-stack.yaml#L6)" in body
    )
