"""The sticky PR comment: what it says, what it links to, and that it stays inert and small."""

from __future__ import annotations

import hashlib

from bot.model.entries import Link, Paper
from bot.report.comment_body import MARKER, MAX_BODY, MAX_INLINE, PullContext, build
from bot.report.handoff import PaperPreview, Report, ReportDiagnostic

PATH = "entries/demo-2025/lost.yaml"
ANCHOR = hashlib.sha256(PATH.encode()).hexdigest()
PR = PullContext("octo/papers", 7, "0123456789abcdef", changed={PATH: frozenset({2})})


def _finding(**overrides: object) -> ReportDiagnostic:
    fields: dict[str, object] = {
        "path": PATH,
        "line": 2,
        "column": 11,
        "check": "category",
        "severity": "error",
        "message": "category 'Sys / Storag' is not in the venue's tree",
        "fix": "[Sys, Storage]",
        "suggestion": "category: [Sys, Storage]",
    }
    return ReportDiagnostic.model_validate(fields | overrides)


def _report(*found: ReportDiagnostic, papers: list[PaperPreview] | None = None) -> Report:
    summary = {s: sum(d.severity == s for d in found) for s in ("error", "warning", "notice")}
    return Report.model_validate(
        {
            "diagnostics": [d.model_dump() for d in found],
            "summary": summary,
            "checks": {
                "schema": "passed",
                "category": "failed" if found else "passed",
                "links": "not run",
            },
            "papers": [p.model_dump() for p in papers or []],
        }
    )


def test_a_failing_report_says_what_where_and_how_to_fix() -> None:
    plan = build(_report(_finding()), PR)
    assert plan.failed
    assert plan.body.startswith(MARKER + "\n\n### ❌ paperbot found 1 error\n")
    assert "| `category` category exists in the venue's tree | ❌ failed (1 error) |" in plan.body
    assert "| `links` links answer online (with --links) | ⏭️ not run |" in plan.body
    assert (
        f"#### [`{PATH}`](https://github.com/octo/papers/pull/7/files#diff-{ANCHOR})" in plan.body
    )
    assert (
        f"- ❌ **error** [line 2](https://github.com/octo/papers/pull/7/files#diff-{ANCHOR}R2), "
        "column 11 (`category`): category 'Sys / Storag' is not in the venue's tree"
        "<br>fix: `[Sys, Storage]`" in plan.body
    )
    assert (
        "[CONTRIBUTING.md](https://github.com/octo/papers/blob/HEAD/CONTRIBUTING.md)" in plan.body
    )
    assert "Checked commit `0123456789ab`" in plan.body


def test_a_clean_report_says_so_and_keeps_the_marker() -> None:
    plan = build(_report(), PR)
    assert not plan.failed
    assert plan.body.startswith(MARKER + "\n\n### ✅ paperbot: every check passed\n")
    assert plan.inline == []


def test_warnings_only_pass() -> None:
    plan = build(_report(_finding(severity="warning", check="url")), PR)
    assert not plan.failed
    assert "### ✅ paperbot: no errors (1 warning)" in plan.body


def test_inline_suggestions_only_on_lines_the_pr_changed() -> None:
    on_changed = _finding()
    elsewhere = _finding(line=3, column=5, suggestion="x: y")
    no_suggestion = _finding(line=2, suggestion=None)
    plan = build(_report(on_changed, elsewhere, no_suggestion), PR)
    assert [(c.path, c.line) for c in plan.inline] == [(PATH, 2)]
    assert plan.inline[0].body.endswith("```suggestion\ncategory: [Sys, Storage]\n```")


def test_a_suggestion_holding_backticks_gets_a_longer_fence() -> None:
    plan = build(_report(_finding(suggestion="title: ```x```")), PR)
    assert plan.inline[0].body.endswith("````suggestion\ntitle: ```x```\n````")


def test_inline_comments_are_capped() -> None:
    many = [_finding() for _ in range(MAX_INLINE + 5)]
    assert len(build(_report(*many), PR).inline) == MAX_INLINE


def test_the_preview_shows_the_paper_as_the_readme_will() -> None:
    paper = Paper(
        title="FastStore: A Fast Store",
        category=["Sys", "Storage"],
        links=[Link(kind="Paper", url="https://example.org/p")],
        affiliations=["MIT", "CMU"],
        awards=["Best Paper"],
    )
    plan = build(_report(papers=[PaperPreview(path=PATH, venue="Demo 2025", paper=paper)]), PR)
    assert (
        "#### How the README will show your papers\n\n**Demo 2025 / Sys / Storage**\n\n"
        "* FastStore: A Fast Store \\[[Paper](https://example.org/p)]\n"
        "  * MIT & CMU\n"
        "  * **Best Paper**" in plan.body
    )


def test_contributor_text_cannot_ping_load_images_or_break_out() -> None:
    paper = Paper(
        title="Hi @octocat ![x](https://evil.example/i.png) <img src=x onerror=alert(1)>",
        category=["Sys"],
        links=[Link(kind="Paper](https://evil.example)", url="https://example.org/a(b)")],
        notes=["| table | break", "# heading"],
    )
    message = "see @maintainer <script>alert(1)</script> ![i](https://evil.example/i.png)"
    found = _finding(message=message, path="entries/demo-2025/<b>.yaml")
    body = build(_report(found, papers=[PaperPreview(path=PATH, venue="V", paper=paper)]), PR).body
    assert "@octocat" not in body and "@maintainer" not in body
    assert "<img" not in body and "<script" not in body
    # A file name is shown in a code span, where GitHub renders HTML as text.
    assert body.count("<b>") == body.count("`entries/demo-2025/<b>.yaml`")
    assert "![" not in body
    assert "\\[[Paper\\](https://evil.example)](https://example.org/a%28b%29)]" in body
    assert "https://example.org/a%28b%29" in body
    assert "\n# heading" not in body


def test_a_huge_report_stays_within_githubs_limit() -> None:
    many = [
        _finding(path=f"entries/v/p{i:04}.yaml", message="m" * 3000, suggestion=None)
        for i in range(400)
    ]
    body = build(_report(*many), PR).body
    assert len(body) <= MAX_BODY + 1000 < 65_536
    assert "lists every one" in body
    assert body.rstrip().endswith("</sub>")


def _states(**states: str) -> dict[str, str]:
    return {"yaml": "passed", "schema": "passed", "category": "passed", **states}


def test_findings_come_first_and_passed_checks_collapse_to_one_line() -> None:
    report = _report(_finding()).model_copy(
        update={"checks": _states(category="failed", links="not run")}
    )
    body = build(report, PR).body
    assert body.index("#### [`entries/demo-2025/lost.yaml`]") < body.index("| check | result |")
    assert (
        "| check | result |\n| --- | --- |\n"
        "| `category` category exists in the venue's tree | ❌ failed (1 error) |\n"
        "| `links` links answer online (with --links) | ⏭️ not run |\n"
        "\n"
        "✅ 2 other checks passed: `yaml`, `schema`\n" in body
    )


def test_when_every_check_passed_the_table_is_one_line() -> None:
    body = build(_report().model_copy(update={"checks": _states()}), PR).body
    assert body.startswith(
        MARKER + "\n\n### ✅ paperbot: every check passed\n\n"
        "✅ 3 checks passed: `yaml`, `schema`, `category`\n\n<sub>"
    )
    assert "| check |" not in body


def test_a_check_with_warnings_only_is_a_row_of_its_own() -> None:
    report = _report(_finding(severity="warning", check="url"))
    body = build(report.model_copy(update={"checks": _states(url="passed")}), PR).body
    assert "| `url` links are well formed, canonical, and match their label | ⚠️ passed" in body


def test_checks_not_run_on_a_file_say_why_in_the_table_and_under_the_file() -> None:
    broken = "entries/demo-2025/broken.yaml"
    not_run = [
        {"path": broken, "check": check, "reason": "the file is not valid YAML"}
        for check in ("category", "url")
    ]
    found = _finding(path=broken, check="yaml", line=1, column=8, fix=None, suggestion=None)
    report = Report.model_validate(
        {
            **_report(found).model_dump(),
            "checks": _states(yaml="failed", url="passed"),
            "not_run": not_run,
        }
    )
    body = build(report, PR).body
    assert (
        "| `category` category exists in the venue's tree "
        "| ⏭️ not run on 1 file (the file is not valid YAML) |" in body
    )
    assert "| `url` links are well formed, canonical, and match their label | ⏭️ not run on" in body
    assert "✅ 1 other check passed: `schema`" in body
    assert (
        "(`yaml`): category 'Sys / Storag' is not in the venue's tree\n"
        "- ⏭️ **not run** here: `category`, `url` (the file is not valid YAML)\n" in body
    )


def test_a_file_the_checks_did_not_run_on_has_a_block_without_findings() -> None:
    paper = "entries/demo-2025/a.yaml"
    report = _report().model_copy(update={"checks": _states()})
    not_run = [{"path": paper, "check": "category", "reason": "x/venue.yaml did not load"}]
    report = Report.model_validate({**report.model_dump(), "not_run": not_run})
    body = build(report, PR).body
    anchor = hashlib.sha256(paper.encode()).hexdigest()
    assert (
        f"#### [`{paper}`](https://github.com/octo/papers/pull/7/files#diff-{anchor})\n\n"
        "- ⏭️ **not run** here: `category` (x/venue.yaml did not load)\n" in body
    )


def test_another_entry_a_message_names_is_linked_at_the_checked_commit() -> None:
    message = "the same paper as entries/demo-2025/base_paper.yaml:6 ('Base'): both link arXiv 1"
    body = build(_report(_finding(check="duplicates", message=message, fix=None)), PR).body
    url = "https://github.com/octo/papers/blob/0123456789abcdef/entries/demo-2025/base_paper.yaml"
    assert (
        f"(`duplicates`): the same paper as [entries/demo-2025/base\\_paper.yaml:6]({url}#L6)"
        " ('Base'): both link arXiv 1" in body
    )


def test_only_a_plain_path_in_the_repository_is_linked() -> None:
    for place in ("entries/../../../evil.yaml:1", "entries/.hidden/x.yaml:2", "x/entries/a.yaml:1"):
        body = build(_report(_finding(message=f"as {place}", fix=None)), PR).body
        assert "/blob/0123456789abcdef/" not in body


def test_the_preview_of_a_paper_with_refused_values_says_so() -> None:
    paper = Paper(title="Partial", category=["Sys", "Storage"])
    schema = _finding(check="schema", message="'position' must be a whole number", fix=None)
    preview = PaperPreview(path=PATH, venue="Demo 2025", paper=paper)
    body = build(_report(schema, papers=[preview]), PR).body
    assert "* Partial\n\n_Shown without the values the schema check refused._" in body
