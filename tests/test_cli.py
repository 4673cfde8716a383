"""bot.cli end to end: exit codes, errors without tracebacks, the JSON report's shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import import_mlsys, run

from bot import __version__
from bot.cli import main

BROKEN_PAPER = """\
title: A Paper in No Known Place
category: [Large Language Models (LLMs), LLM Inferencing]
links:
  - kind: Paper
    url: https://example.org/1
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    import_mlsys(tmp_path)
    return tmp_path


def test_check_on_an_imported_page_finds_no_problems(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, repo, "check")

    assert (code, out, err) == (0, "no problems found\n", "")


def test_root_defaults_to_the_current_directory(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    capsys.readouterr()

    assert main(["check"]) == 0
    assert capsys.readouterr().out == "no problems found\n"


@pytest.mark.parametrize(
    "where",
    [
        pytest.param(lambda root: ["-C", root, "check"], id="before"),
        pytest.param(lambda root: ["check", "-C", root], id="after"),
        pytest.param(lambda root: ["check", "--format", "text", "-C", root], id="after-options"),
        pytest.param(lambda root: ["-C", "/nowhere", "check", "-C", root], id="after-wins"),
    ],
)
def test_the_root_may_be_given_before_or_after_the_command(
    repo: Path, capsys: pytest.CaptureFixture[str], where: Any
) -> None:
    # As with git: DESIGN.md's command line, and what pre-commit hooks and scripts write.
    capsys.readouterr()

    code = main(where(str(repo)))

    assert (code, capsys.readouterr().out) == (0, "no problems found\n")


def test_a_root_after_the_command_applies_to_every_command(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = run(capsys, repo, "render")
    capsys.readouterr()

    assert main(["render", "-C", str(repo)]) == before[0] == 0
    assert capsys.readouterr().out == before[1]
    assert main(["fmt", "--check", "-C", str(repo)]) == 0


def test_check_exits_1_when_an_entry_has_an_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "entries/mlsys-2025/lost.yaml").write_text(BROKEN_PAPER, encoding="utf-8")

    code, out, _ = run(capsys, repo, "check", "--format", "text")

    assert code == 1
    assert out.startswith("entries/mlsys-2025/lost.yaml:2:11: error [category] ")
    assert out.endswith("\n1 error\n")


def test_json_report_shape(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "entries/mlsys-2025/lost.yaml").write_text(BROKEN_PAPER, encoding="utf-8")

    code, out, _ = run(capsys, repo, "check", "--format", "json")
    report = json.loads(out)

    assert code == 1
    assert set(report) == {"diagnostics", "summary"}
    assert report["summary"] == {"error": 1, "warning": 0, "notice": 0}
    [diag] = report["diagnostics"]
    assert list(diag) == ["path", "line", "column", "check", "severity", "message", "fix"]
    assert diag["path"] == "entries/mlsys-2025/lost.yaml"
    assert (diag["line"], diag["column"]) == (2, 11)
    assert (diag["check"], diag["severity"]) == ("category", "error")
    assert diag["fix"] == "[Large Language Models (LLMs), LLM Inference]"


def test_json_report_of_a_clean_repo(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, repo, "check", "--format", "json")

    assert code == 0
    assert json.loads(out) == {
        "diagnostics": [],
        "summary": {"error": 0, "warning": 0, "notice": 0},
    }


def test_check_output_writes_the_report_to_a_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = repo / "report.json"

    code, out, _ = run(capsys, repo, "check", "--format", "json", "--output", str(report))

    assert (code, out) == (0, "")
    assert json.loads(report.read_text(encoding="utf-8"))["diagnostics"] == []


@pytest.mark.parametrize("command", ["check", "render", "fmt"])
def test_missing_entries_folder_is_a_one_line_error_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, err = run(capsys, tmp_path, command)

    assert code == 2
    assert out == ""
    assert err.startswith("paperbot: error: ")
    assert err.count("\n") == 1
    assert "entries" in err
    assert "Traceback" not in err


def test_unknown_subcommand_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])

    assert exc.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_no_subcommand_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([])

    assert exc.value.code == 2
    assert "usage: paperbot" in capsys.readouterr().err


def test_unknown_format_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["-C", str(repo), "check", "--format", "xml"])

    assert exc.value.code == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])

    assert exc.value.code == 0
    assert capsys.readouterr().out == f"paperbot {__version__}\n"


def test_a_reader_that_stops_reading_ends_the_run_quietly(repo: Path) -> None:
    """`paperbot check | head`: the pipe closes before the report is written; that is
    the reader's choice, not a bug in paperbot (no "internal error", no traceback)."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before paperbot writes a byte
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "check", "--format", "json"],
            cwd=repo,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)

    assert done.returncode == 141, done.stderr
    assert done.stderr == ""
