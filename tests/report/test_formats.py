"""Every reporter against exact expected output for the same diagnostics."""

from __future__ import annotations

import json

import pytest

from bot.model.diagnostics import Diagnostic, NotRun, Result, Severity
from bot.report import formats

SAME = Result(
    [
        Diagnostic("entries/v/b.yaml", 1, 1, "acronyms", Severity.NOTICE, "'SLO' is not defined"),
        Diagnostic(
            "entries/v/a.yaml",
            5,
            10,
            "category",
            Severity.ERROR,
            "category 'Sys / Storag' is not in the venue's tree; did you mean 'Sys / Storage'?",
            "[Sys, Storage]",
        ),
        Diagnostic("entries/v/a.yaml", 2, 8, "schema", Severity.ERROR, "'title' must be text"),
        Diagnostic("entries/v/a.yaml", 2, 8, "schema", Severity.ERROR, "'title' must be text"),
    ]
)


def test_text() -> None:
    assert formats.text(SAME) == (
        "entries/v/a.yaml:2:8: error [schema] 'title' must be text\n"
        "entries/v/a.yaml:5:10: error [category] category 'Sys / Storag' is not in the venue's"
        " tree; did you mean 'Sys / Storage'?\n"
        "    fix: [Sys, Storage]\n"
        "entries/v/b.yaml:1:1: notice [acronyms] 'SLO' is not defined\n"
        "2 errors, 1 notice\n"
    )


def test_text_in_colour_marks_place_and_severity() -> None:
    first = formats.text(SAME, colour=True).splitlines()[0]
    assert first == "\033[1mentries/v/a.yaml:2:8\033[0m: \033[31merror\033[0m [schema] " + (
        "'title' must be text"
    )


def test_text_when_clean() -> None:
    assert formats.text(Result()) == "no problems found\n"


def test_json() -> None:
    assert json.loads(formats.json_report(SAME)) == {
        "diagnostics": [
            {
                "path": "entries/v/a.yaml",
                "line": 2,
                "column": 8,
                "check": "schema",
                "severity": "error",
                "message": "'title' must be text",
                "fix": None,
            },
            {
                "path": "entries/v/a.yaml",
                "line": 5,
                "column": 10,
                "check": "category",
                "severity": "error",
                "message": "category 'Sys / Storag' is not in the venue's tree; "
                "did you mean 'Sys / Storage'?",
                "fix": "[Sys, Storage]",
            },
            {
                "path": "entries/v/b.yaml",
                "line": 1,
                "column": 1,
                "check": "acronyms",
                "severity": "notice",
                "message": "'SLO' is not defined",
                "fix": None,
            },
        ],
        "summary": {"error": 2, "warning": 0, "notice": 1},
    }


def test_github() -> None:
    assert formats.github(SAME) == (
        "::error file=entries/v/a.yaml,line=2,col=8,title=schema::'title' must be text\n"
        "::error file=entries/v/a.yaml,line=5,col=10,title=category::category 'Sys / Storag'"
        " is not in the venue's tree; did you mean 'Sys / Storage'?%0Afix: [Sys, Storage]\n"
        "::notice file=entries/v/b.yaml,line=1,col=1,title=acronyms::'SLO' is not defined\n"
        "2 errors, 1 notice\n"
    )


def test_github_escapes_what_would_end_the_command() -> None:
    result = Result([Diagnostic("a,b:c.yaml", 1, 1, "x", Severity.ERROR, "50% done\r\nnext")])
    assert formats.github(result).splitlines()[0] == (
        "::error file=a%2Cb%3Ac.yaml,line=1,col=1,title=x::50%25 done%0D%0Anext"
    )


def test_github_shows_the_most_important_first_within_the_limits() -> None:
    many = [Diagnostic(f"e{i:02}.yaml", 1, 1, "x", Severity.WARNING, "w") for i in range(12)]
    many += [Diagnostic(f"e{i:02}.yaml", 1, 1, "x", Severity.ERROR, "e") for i in range(11)]
    lines = formats.github(Result(many)).splitlines()
    assert [line.split(" ")[0] for line in lines[:20]] == ["::error"] * 10 + ["::warning"] * 10
    assert lines[20] == (
        "1 error, 2 warnings more: GitHub shows 10 annotations of a kind; see the job summary"
    )
    assert lines[21] == "11 errors, 12 warnings"


def test_markdown() -> None:
    result = Result(SAME.diagnostics, not_run=frozenset({"links", "identity"}))
    assert formats.markdown(result) == (
        "### paperbot: 2 errors, 1 notice\n"
        "\n"
        "| check | result |\n"
        "| --- | --- |\n"
        "| `yaml` valid YAML, no tags, anchors or duplicate keys | ✅ passed |\n"
        "| `schema` keys and value types | ❌ 1 error |\n"
        "| `files` entry files in venue folders | ✅ passed |\n"
        "| `tree` no repeated names in a venue's tree | ✅ passed |\n"
        "| `category` category exists in the venue's tree | ❌ 1 error |\n"
        "| `position` no two papers of a category share a position | ✅ passed |\n"
        "| `kind` link labels are the list's own (Paper, arXiv, Code, ...) | ✅ passed |\n"
        "| `url` links are well formed, canonical, and match their label | ✅ passed |\n"
        "| `markup` no raw HTML, unsafe links or Markdown that breaks the README | ✅ passed |\n"
        "| `text` texts are one clean value each: no folded list items, pasted quotes or links"
        " | ✅ passed |\n"
        "| `duplicates` no paper is listed twice (same arXiv id, DOI, paper page or title)"
        " | ✅ passed |\n"
        "| `acronyms` acronyms in names and notes are defined; glossary terms are used"
        " | ℹ️ 1 notice |\n"
        "| `links` links answer online (with --links) | ⏭️ not run |\n"
        "| `identity` arXiv links lead to the paper of the entry's title (with --links)"
        " | ⏭️ not run |\n"
        "\n"
        "#### `entries/v/a.yaml`\n"
        "\n"
        "- ❌ **error** line 2, column 8 (`schema`): 'title' must be text\n"
        "- ❌ **error** line 5, column 10 (`category`): category 'Sys / Storag' is not in the"
        " venue's tree; did you mean 'Sys / Storage'?<br>fix: `[Sys, Storage]`\n"
        "\n"
        "#### `entries/v/b.yaml`\n"
        "\n"
        "- ℹ️ **notice** line 1, column 1 (`acronyms`): 'SLO' is not defined\n"
    )


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ("@octocat please look", "&#64;octocat please look"),
        ("![x](https://evil.example/p.png)", "\\!\\[x\\](https://evil.example/p.png)"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("a | b", "a \\| b"),
        ("line\n# heading", "line # heading"),
        ("**bold** `code`", "\\*\\*bold\\*\\* \\`code\\`"),
        ("AT&amp;T", "AT&amp;amp;T"),
    ],
)
def test_markdown_makes_contributor_text_inert(hostile: str, shown: str) -> None:
    result = Result([Diagnostic("p.yaml", 1, 1, "x", Severity.ERROR, hostile)])
    assert f"(`x`): {shown}" in formats.markdown(result)


def test_code_span_survives_backticks() -> None:
    assert formats.markdown_escape.code("a `b` c") == "``a `b` c``"
    assert formats.markdown_escape.code("`x") == "`` `x ``"


def test_auto_picks_github_under_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert formats.choose("auto") is formats.github
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert formats.choose("auto") is formats.text


# --- checks that did not run on a file ------------------------------------------------

NOT_RUN = Result(
    [
        Diagnostic("entries/v/a.yaml", 2, 11, "schema", Severity.ERROR, "'category' is text"),
        Diagnostic("entries/v/b.yaml", 1, 8, "yaml", Severity.ERROR, "invalid YAML"),
        Diagnostic("entries/v/a.yaml", 5, 10, "url", Severity.WARNING, "not canonical", "x"),
    ],
    not_run=frozenset({"links", "identity"}),
    not_run_on=[
        NotRun("entries/v/b.yaml", "category", "the file is not valid YAML"),
        NotRun("entries/v/b.yaml", "url", "the file is not valid YAML"),
        NotRun("entries/v/a.yaml", "category", "its category is missing or invalid"),
        NotRun("entries/v/a.yaml", "acronyms", "its category is missing or invalid"),
        NotRun("entries/v/c.yaml", "category", "entries/v/venue.yaml did not load"),
    ],
)


def test_text_says_which_checks_did_not_run_on_which_file() -> None:
    assert formats.text(NOT_RUN) == (
        "entries/v/a.yaml:2:11: error [schema] 'category' is text\n"
        "entries/v/a.yaml:5:10: warning [url] not canonical\n"
        "    fix: x\n"
        "entries/v/b.yaml:1:8: error [yaml] invalid YAML\n"
        "entries/v/a.yaml: not run: category, acronyms (its category is missing or invalid)\n"
        "entries/v/b.yaml: not run: category, url (the file is not valid YAML)\n"
        "entries/v/c.yaml: not run: category (entries/v/venue.yaml did not load)\n"
        "2 errors, 1 warning\n"
    )


def test_json_adds_the_checks_not_run_as_a_key_of_their_own() -> None:
    report = json.loads(formats.json_report(NOT_RUN))
    assert list(report) == ["diagnostics", "summary", "not_run"]
    assert report["not_run"] == [
        {
            "path": "entries/v/a.yaml",
            "check": "category",
            "reason": "its category is missing or invalid",
        },
        {
            "path": "entries/v/a.yaml",
            "check": "acronyms",
            "reason": "its category is missing or invalid",
        },
        {"path": "entries/v/b.yaml", "check": "category", "reason": "the file is not valid YAML"},
        {"path": "entries/v/b.yaml", "check": "url", "reason": "the file is not valid YAML"},
        {
            "path": "entries/v/c.yaml",
            "check": "category",
            "reason": "entries/v/venue.yaml did not load",
        },
    ]
    # Without a check not run on a file, the report is what it always was.
    assert "not_run" not in json.loads(formats.json_report(SAME))


def test_github_says_which_checks_did_not_run_as_log_lines() -> None:
    assert formats.github(NOT_RUN) == (
        "::error file=entries/v/a.yaml,line=2,col=11,title=schema::'category' is text\n"
        "::error file=entries/v/b.yaml,line=1,col=8,title=yaml::invalid YAML\n"
        "::warning file=entries/v/a.yaml,line=5,col=10,title=url::not canonical%0Afix: x\n"
        "entries/v/a.yaml: not run: category, acronyms (its category is missing or invalid)\n"
        "entries/v/b.yaml: not run: category, url (the file is not valid YAML)\n"
        "entries/v/c.yaml: not run: category (entries/v/venue.yaml did not load)\n"
        "2 errors, 1 warning\n"
    )


def test_markdown_says_not_run_in_the_table_and_under_each_file() -> None:
    assert formats.markdown(NOT_RUN) == (
        "### paperbot: 2 errors, 1 warning\n"
        "\n"
        "| check | result |\n"
        "| --- | --- |\n"
        "| `yaml` valid YAML, no tags, anchors or duplicate keys | ❌ 1 error |\n"
        "| `schema` keys and value types | ❌ 1 error |\n"
        "| `files` entry files in venue folders | ✅ passed |\n"
        "| `tree` no repeated names in a venue's tree | ✅ passed |\n"
        "| `category` category exists in the venue's tree | ⏭️ not run on 3 files (its category"
        " is missing or invalid; the file is not valid YAML; entries/v/venue.yaml did not load)"
        " |\n"
        "| `position` no two papers of a category share a position | ✅ passed |\n"
        "| `kind` link labels are the list's own (Paper, arXiv, Code, ...) | ✅ passed |\n"
        "| `url` links are well formed, canonical, and match their label | ⚠️ 1 warning;"
        " ⏭️ not run on 1 file (the file is not valid YAML) |\n"
        "| `markup` no raw HTML, unsafe links or Markdown that breaks the README | ✅ passed |\n"
        "| `text` texts are one clean value each: no folded list items, pasted quotes or links"
        " | ✅ passed |\n"
        "| `duplicates` no paper is listed twice (same arXiv id, DOI, paper page or title)"
        " | ✅ passed |\n"
        "| `acronyms` acronyms in names and notes are defined; glossary terms are used"
        " | ⏭️ not run on 1 file (its category is missing or invalid) |\n"
        "| `links` links answer online (with --links) | ⏭️ not run |\n"
        "| `identity` arXiv links lead to the paper of the entry's title (with --links)"
        " | ⏭️ not run |\n"
        "\n"
        "#### `entries/v/a.yaml`\n"
        "\n"
        "- ❌ **error** line 2, column 11 (`schema`): 'category' is text\n"
        "- ⚠️ **warning** line 5, column 10 (`url`): not canonical<br>fix: `x`\n"
        "- ⏭️ **not run** here: `category`, `acronyms` (its category is missing or invalid)\n"
        "\n"
        "#### `entries/v/b.yaml`\n"
        "\n"
        "- ❌ **error** line 1, column 8 (`yaml`): invalid YAML\n"
        "- ⏭️ **not run** here: `category`, `url` (the file is not valid YAML)\n"
        "\n"
        "#### `entries/v/c.yaml`\n"
        "\n"
        "- ⏭️ **not run** here: `category` (entries/v/venue.yaml did not load)\n"
    )
