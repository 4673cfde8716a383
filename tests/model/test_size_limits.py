"""Numbers a pull request writes are bounded where they enter (issue 14, finding 4): a
count that the page writes out (blank lines), a position, and every setting of
paperbot.yaml are refused past their limit with the file, line and column, whichever
reader read the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.files.yaml_numbers import TOO_LARGE
from bot.files.yaml_roundtrip import parse
from bot.model.entries import MAX_BLANK_LINES
from bot.model.run_options import Options
from bot.pipeline import load_and_check
from bot.speed.plain_reader import plain_scalar

PAPER = "entries/demo-2025/fast-storage.yaml"
VENUE = "entries/demo-2025/venue.yaml"


def _findings(run_cli: Any, root: Path) -> tuple[int, list[tuple[str, int, str, str]]]:
    code, out, _ = run_cli(root, "check", "--no-links", "--format", "json")
    found = [
        (d["path"], d["line"], d["check"], d["message"])
        for d in json.loads(out)["diagnostics"]
        if d["severity"] == "error"
    ]
    return code, found


def test_a_blank_line_count_past_its_limit_is_a_schema_error_and_the_readme_stays_small(
    repo: Path, run_cli: Any
) -> None:
    # Three million blank lines before one bullet: 3 MB of README from 20 bytes (the
    # red team's 300,000,000 made a 300 MB README).
    path = repo / PAPER
    path.write_text(path.read_text() + "blank_before: 3000000\n")

    code, found = _findings(run_cli, repo)
    _, page, _ = run_cli(repo, "render")  # it may refuse the list, or render without the value

    assert code == 1
    assert found == [
        (
            PAPER,
            10,
            "schema",
            f"'blank_before': Input should be less than or equal to {MAX_BLANK_LINES}",
        )
    ]
    assert len(page) < 10_000
    assert "\n\n\n\n" not in page


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("acronyms_blank_before: 5000000\n", "acronyms_blank_before"),
        ("blank_after: 5000000\n", "blank_after"),
    ],
)
def test_a_venues_blank_line_counts_are_bounded(
    repo: Path, run_cli: Any, where: str, line: str
) -> None:
    path = repo / VENUE
    path.write_text(path.read_text() + where)

    code, found = _findings(run_cli, repo)

    assert code == 1
    assert [(p, c) for p, _, c, _ in found] == [(VENUE, "schema")]
    assert f"'{line}': Input should be less than or equal to {MAX_BLANK_LINES}" in found[0][3]


@pytest.mark.parametrize("speed", [True, False])
def test_a_position_of_5000_digits_is_a_schema_error_not_a_bug(repo: Path, speed: bool) -> None:
    # Python refuses to convert more than 4,300 digits; both readers used to raise,
    # and the file was reported with "please report this".
    path = repo / PAPER
    text = path.read_text().replace("position: 10\n", "position: " + "9" * 5000 + "\n")
    path.write_text(text)

    _, result = load_and_check(repo, Options(), speed=speed)

    found = [(d.path, d.line, d.column, d.check, d.message) for d in result.sorted()]
    assert found == [
        (PAPER, 4, 11, "schema", "'position': Input should be less than or equal to 1000000000")
    ]


def test_both_readers_read_a_too_long_number_as_too_large() -> None:
    digits = "7" * 5000
    assert parse(f"position: {digits}\n")["position"] == TOO_LARGE
    assert parse(f"position: -{digits}\n")["position"] == -TOO_LARGE
    assert plain_scalar(digits) == TOO_LARGE
    assert plain_scalar("42") == 42


@pytest.mark.parametrize(
    ("setting", "where"),
    [
        ("links:\n  concurrency: 100000\n", "'links.concurrency'"),
        ("links:\n  timeout: 1.0e9\n", "'links.timeout'"),
        ("links:\n  retries: 1000000\n", "'links.retries'"),
        ("links:\n  max_redirects: 100000\n", "'links.max_redirects'"),
        ("arxiv:\n  retries: 1000000\n", "'arxiv.retries'"),
        ("arxiv:\n  min_interval: 1.0e9\n", "'arxiv.min_interval'"),
        ("links:\n  user_agent: " + "x" * 1000 + "\n", "'links.user_agent'"),
    ],
)
def test_every_number_of_paperbot_yaml_has_a_limit(
    repo: Path, run_cli: Any, setting: str, where: str
) -> None:
    (repo / "paperbot.yaml").write_text(setting)

    code, out, _ = run_cli(repo, "check", "--no-links")

    assert code == 1
    assert out.startswith("paperbot.yaml:2:") and f"error [schema] {where}" in out
