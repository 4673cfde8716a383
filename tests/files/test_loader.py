"""The loader: files under entries/, YAML that cannot become data, strict typing.

CLI-level tests go through ``paperbot check --format json``; the rest call
``bot.files.loader`` directly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import BAD, place

from bot.files.input_guard import MAX_FILE_BYTES
from bot.files.layout import discover
from bot.files.loader import load_bytes, load_corpus
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Paper, Venue


def load(text: str | bytes, model: Any = Paper) -> tuple[Any, list[Diagnostic]]:
    raw = text.encode() if isinstance(text, str) else text
    diags: list[Diagnostic] = []
    located = load_bytes(raw, "entries/v/p.yaml", model, diags)
    return located, diags


# --- YAML that is not plain data ------------------------------------------------------


def test_duplicate_key_points_at_the_second_occurrence(check_bad: Any) -> None:
    code, diags = check_bad("title: A\ncategory: [Compilers]\ntitle: B\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 1, "yaml", "error")]
    assert diags[0]["message"] == "duplicate key 'title' (first defined on line 1)"


def test_invalid_syntax_points_where_the_parser_stopped(check_bad: Any) -> None:
    code, diags = check_bad("title: a: b\ncategory: [Compilers]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 1, 9, "yaml", "error")]
    assert diags[0]["message"] == "invalid YAML: mapping values are not allowed here"


def test_tab_indentation_is_invalid_yaml(check_bad: Any) -> None:
    code, diags = check_bad("title: A\ncategory:\n\t- Compilers\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 1, "yaml", "error")]


def test_two_documents_in_one_file_are_refused(check_bad: Any) -> None:
    code, diags = check_bad("title: A\ncategory: [Compilers]\n---\ntitle: B\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 1, "yaml", "error")]


@pytest.mark.parametrize(
    "text", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank", "comment"]
)
def test_empty_file_is_reported_at_its_start(check_bad: Any, text: str) -> None:
    code, diags = check_bad(text)
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 1, 1, "schema", "error")]
    assert diags[0]["message"].startswith("the file is empty")


@pytest.mark.parametrize("text", ["- title: A\n", "just text\n"], ids=["list", "scalar"])
def test_top_level_must_be_a_mapping(check_bad: Any, text: str) -> None:
    code, diags = check_bad(text)
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 1, 1, "schema", "error")]
    assert diags[0]["message"].startswith("an entry must be a mapping")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("title: !!str A\ncategory: [Compilers]\n", 1, 8, id="core-tag"),
        pytest.param("title: !local A\ncategory: [Compilers]\n", 1, 8, id="local-tag"),
        pytest.param("title: A\ncategory: !local [Compilers]\n", 2, 11, id="tagged-list"),
        pytest.param("title: A\ncategory: [!!str Compilers]\n", 2, 12, id="tagged-item"),
        pytest.param(
            "title: A\ncategory: [Compilers]\nlinks:\n  - !local {kind: P, url: https://a.org}\n",
            4,
            5,
            id="tagged-mapping",
        ),
        pytest.param("!local\ntitle: A\ncategory: [Compilers]\n", 1, 1, id="tagged-document"),
    ],
)
def test_yaml_tags_are_refused_where_they_stand(
    check_bad: Any, text: str, line: int, column: int
) -> None:
    code, diags = check_bad(text)
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, line, column, "yaml", "error")]
    assert diags[0]["message"] == "YAML tags are not allowed in entries"


def test_core_int_tag_is_refused_like_every_other_tag(check_bad: Any) -> None:
    code, diags = check_bad("title: A\ncategory: [Compilers]\nposition: !!int 3\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 11, "yaml", "error")]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("title: &t A\ncategory: [Compilers]\nnotes: [*t]\n", 1, 8, id="scalar"),
        pytest.param("title: A\ncategory: &c [Compilers]\n", 2, 11, id="list"),
        pytest.param("title: A\ncategory: [Compilers]\nposition: &p 3\n", 3, 11, id="number"),
        pytest.param(
            "title: A\ncategory: [Compilers]\nlinks:\n"
            "  - &l\n    kind: Paper\n    url: https://a.org\n  - *l\n",
            4,
            5,
            id="mapping",
        ),
    ],
)
def test_anchors_and_aliases_are_refused(check_bad: Any, text: str, line: int, column: int) -> None:
    code, diags = check_bad(text)
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, line, column, "yaml", "error")]
    assert diags[0]["message"] == "YAML anchors and aliases are not allowed in entries"


def test_alias_to_an_undefined_anchor_is_invalid_yaml(check_bad: Any) -> None:
    code, diags = check_bad("title: A\ncategory: [Compilers]\nnotes: [*nowhere]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 9, "yaml", "error")]


def test_merge_key_is_a_diagnostic_not_a_crash(repo: Path, write: Any, run_cli: Any) -> None:
    write(repo, BAD, "title: A\ncategory: [Compilers]\n<<: {position: 3}\n")
    code, out, err = run_cli(repo, "check", "--format", "json")
    assert "internal error" not in err
    assert code == 1
    diags = json.loads(out)["diagnostics"]
    assert [(d["path"], d["line"], d["severity"]) for d in diags] == [(BAD, 3, "error")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: A\ncategory: [Compilers]\n1: x\n", "keys must be text, not int"),
        ("title: A\ncategory: [Compilers]\ntrue: x\n", "keys must be text, not bool"),
    ],
    ids=["int", "bool"],
)
def test_keys_that_are_not_text_are_refused(check_bad: Any, text: str, message: str) -> None:
    code, diags = check_bad(text)
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 1, "yaml", "error")]
    assert diags[0]["message"] == message


def test_non_utf8_byte_is_reported_at_its_line_and_column(check_bad: Any) -> None:
    code, diags = check_bad(b"title: A\ncategory: [Compilers]\nnotes: [caf\xe9]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 3, 12, "yaml", "error")]
    assert diags[0]["message"] == "the file is not valid UTF-8"


def test_non_utf8_column_counts_characters_not_bytes(check_bad: Any) -> None:
    # "é" is two bytes but one column: the bad byte is the 9th character, not the 10th.
    code, diags = check_bad("title: é".encode() + b"\xff\ncategory: [Compilers]\n")
    assert code == 1
    assert [place(d) for d in diags] == [(BAD, 1, 9, "yaml", "error")]


# --- files in the wrong place -----------------------------------------------------------


def test_paper_in_the_entries_root_is_refused(check_bad: Any) -> None:
    code, diags = check_bad("title: A\ncategory: [Compilers]\n", "entries/stray.yaml")
    assert code == 1
    assert [place(d) for d in diags] == [("entries/stray.yaml", 1, 1, "files", "error")]
    assert diags[0]["message"] == "a paper belongs in a venue folder: entries/<venue>/"


def test_venue_folder_without_venue_file_is_reported(check_bad: Any) -> None:
    code, diags = check_bad("title: A\ncategory: [Compilers]\n", "entries/other-2025/a.yaml")
    assert code == 1
    assert [place(d) for d in diags] == [("entries/other-2025/venue.yaml", 1, 1, "files", "error")]
    assert diags[0]["message"] == "venue folder other-2025/ has no venue.yaml"


def test_papers_of_a_folder_without_venue_file_are_still_checked(check_bad: Any) -> None:
    code, diags = check_bad("title: 42\ncategory: [Compilers]\n", "entries/other-2025/a.yaml")
    assert code == 1
    assert [place(d) for d in diags] == [
        ("entries/other-2025/a.yaml", 1, 8, "schema", "error"),
        ("entries/other-2025/venue.yaml", 1, 1, "files", "error"),
    ]


def test_yml_extension_is_refused_with_the_new_name(check_bad: Any) -> None:
    code, diags = check_bad("title: A\ncategory: [Compilers]\n", "entries/demo-2025/a.yml")
    assert code == 1
    assert [place(d) for d in diags] == [("entries/demo-2025/a.yml", 1, 1, "files", "error")]
    assert diags[0]["message"] == "rename to a.yaml"


def test_symlinked_paper_is_refused(repo: Path, check_json: Any) -> None:
    target = repo / "entries/demo-2025/tiny-compiler.yaml"
    (repo / "entries/demo-2025/link.yaml").symlink_to(target)
    code, diags = check_json(repo)
    assert code == 1
    assert [place(d) for d in diags] == [("entries/demo-2025/link.yaml", 1, 1, "files", "error")]
    assert diags[0]["message"] == "symbolic links are not allowed in entries/"


def test_symlinked_venue_folder_is_refused_and_not_read(repo: Path, check_json: Any) -> None:
    (repo / "entries/mirror").symlink_to(repo / "entries/demo-2025", target_is_directory=True)
    code, diags = check_json(repo)
    assert code == 1
    assert [place(d) for d in diags] == [("entries/mirror", 1, 1, "files", "error")]


def test_folder_inside_a_venue_folder_is_refused(check_bad: Any) -> None:
    code, diags = check_bad("title: A\ncategory: [Compilers]\n", "entries/demo-2025/sub/a.yaml")
    assert code == 1
    assert [place(d) for d in diags] == [("entries/demo-2025/sub", 1, 1, "files", "error")]


def test_stray_non_yaml_file_is_only_a_warning(check_bad: Any) -> None:
    code, diags = check_bad("notes\n", "entries/demo-2025/README.md")
    assert code == 0
    assert [place(d) for d in diags] == [("entries/demo-2025/README.md", 1, 1, "files", "warning")]


def test_hidden_files_are_ignored(check_bad: Any) -> None:
    assert check_bad("junk: [\n", "entries/demo-2025/.draft.yaml") == (0, [])


def test_missing_entries_folder_is_a_usage_error(tmp_path: Path, run_cli: Any) -> None:
    code, out, err = run_cli(tmp_path, "check")
    assert code == 2
    assert out == ""
    assert "no entries folder here" in err


# --- load_corpus and discover -----------------------------------------------------------


def test_load_corpus_reads_the_fixture_repository(repo: Path) -> None:
    corpus, diags = load_corpus(repo)
    assert diags == []
    assert list(corpus.venues) == ["demo-2025"]
    data = corpus.venues["demo-2025"]
    assert data.venue is not None
    assert data.venue.model.name == "Demo 2025"
    assert sorted(p.path for p in data.papers) == [
        "entries/demo-2025/fast-storage.yaml",
        "entries/demo-2025/net-stack.yaml",
        "entries/demo-2025/tiny-compiler.yaml",
    ]


def test_discover_lists_the_venue_file_first(repo: Path, write: Any) -> None:
    write(repo, "entries/demo-2025/aaa.yaml", "title: A\ncategory: [Compilers]\n")
    files, diags = discover(repo)
    assert diags == []
    assert [f.rel for f in files][:2] == [
        "entries/demo-2025/venue.yaml",
        "entries/demo-2025/aaa.yaml",
    ]
    assert files[0].model is Venue
    assert all(f.model is Paper for f in files[1:])


def test_entry_depth_counts_folders_below_the_root(repo: Path, write: Any) -> None:
    write(repo, "entries/glossary.yaml", "glossary:\n  SYS: Systems\n")
    depths = {f.rel: f.depth for f in discover(repo)[0]}
    assert depths["entries/glossary.yaml"] == 1
    assert depths["entries/demo-2025/venue.yaml"] == 2


def test_load_bytes_keeps_positions_with_the_model() -> None:
    located, diags = load("title: A\ncategory: [Compilers]\nposition: 3\n")
    assert diags == []
    assert located.model == Paper(title="A", category=["Compilers"], position=3)
    assert located.positions.of_value(("position",)) == (3, 11)
    assert located.positions.of_key(("category",)) == (2, 1)


def test_file_larger_than_the_limit_is_refused_unread() -> None:
    located, diags = load(b"#" * (MAX_FILE_BYTES + 1))
    assert located is None
    assert [(d.line, d.column, d.check, d.severity) for d in diags] == [
        (1, 1, "yaml", Severity.ERROR)
    ]


# --- strict typing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "got"),
    [("true", "true/false"), ("'3'", "text"), ("3.0", "a number")],
    ids=["bool", "quoted-number", "float"],
)
def test_position_accepts_only_a_whole_number(value: str, got: str) -> None:
    located, diags = load(f"title: A\ncategory: [Compilers]\nposition: {value}\n")
    assert located is None
    assert [(d.line, d.column, d.check) for d in diags] == [(3, 11, "schema")]
    assert diags[0].message == f"'position' must be a whole number, not {got}"


def test_explicit_null_position_means_no_position() -> None:
    located, diags = load("title: A\ncategory: [Compilers]\nposition: ~\n")
    assert diags == []
    assert located.model.position is None


def test_title_true_is_a_boolean_and_refused() -> None:
    located, diags = load("title: true\ncategory: [Compilers]\n")
    assert located is None
    assert [d.message for d in diags] == ["'title' must be text, not true/false"]


def test_title_yes_is_text_under_yaml_1_2() -> None:
    located, diags = load("title: yes\ncategory: [Compilers]\n")
    assert diags == []
    assert located.model.title == "yes"


def test_title_that_looks_like_a_date_is_refused_not_converted() -> None:
    located, diags = load("title: 2025-01-01\ncategory: [Compilers]\n")
    assert located is None
    assert [(d.line, d.column, d.check) for d in diags] == [(1, 8, "schema")]
