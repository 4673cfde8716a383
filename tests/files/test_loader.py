"""The loader: files under entries/, YAML that cannot become data, strict typing.

Each "this file gives this diagnostic" case is an example under
tests/checks/examples/{yaml,schema,files}/. Here are the rest: CLI-level tests go
through ``paperbot check --format json``; the others call ``bot.files.loader``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def test_merge_key_is_a_diagnostic_not_a_crash(repo: Path, write: Any, run_cli: Any) -> None:
    write(repo, BAD, "title: A\ncategory: [Compilers]\n<<: {position: 3}\n")
    code, out, err = run_cli(repo, "check", "--format", "json")
    assert "internal error" not in err
    assert code == 1
    diags = json.loads(out)["diagnostics"]
    assert [(d["path"], d["line"], d["severity"]) for d in diags] == [(BAD, 3, "error")]


# Not examples: tests/speed/test_paper_index.py edits every example paper as UTF-8 text.


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


def test_explicit_null_position_means_no_position() -> None:
    located, diags = load("title: A\ncategory: [Compilers]\nposition: ~\n")
    assert diags == []
    assert located.model.position is None


def test_title_yes_is_text_under_yaml_1_2() -> None:
    located, diags = load("title: yes\ncategory: [Compilers]\n")
    assert diags == []
    assert located.model.title == "yes"
