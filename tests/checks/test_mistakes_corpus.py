"""The corpus of contributors' mistakes and its table in docs/mistakes.md hold each other.

A case of the corpus is an example (tests/checks/examples/<check>/fail/<case>/) whose
expect.txt starts with ``# class: <name>``; test_examples.py runs it. Here: each case
names a class of the table, each class has a case, each finding pins its message (under
~200 characters) and comes from the check and severity the table gives its class.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path(__file__).parent / "examples"
TABLE = ROOT / "docs" / "mistakes.md"
LONGEST = 210  # "under ~200 characters"


def _table() -> dict[str, tuple[set[str], set[str]]]:
    """class -> (its checks, its severities), from the table's rows."""
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        name = cells[0].strip("`")
        rows[name] = (set(cells[3].split(", ")), set(cells[4].split(", ")))
    return rows


def _cases() -> dict[Path, str]:
    """Each case of the corpus, with its class."""
    found = {}
    for expect in sorted(EXAMPLES.glob("*/fail/*/expect.txt")):
        first = expect.read_text(encoding="utf-8").split("\n", 1)[0]
        if first.startswith("# class:"):
            found[expect.parent] = first.removeprefix("# class:").strip()
    return found


def _findings(case: Path) -> list[list[str]]:
    found: list[list[str]] = []
    for line in (case / "expect.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip() or " not run " in line:
            continue
        if line[:1].isspace():
            found[-1].append(line.strip())
        else:
            found.append([line])
    return found


def test_the_corpus_has_forty_cases_and_every_class_of_the_table() -> None:
    cases, table = _cases(), _table()
    assert len(cases) >= 40
    assert sorted(set(cases.values()) - set(table)) == []  # a case names a listed class
    assert sorted(set(table) - set(cases.values())) == []  # a listed class has a case


@pytest.mark.parametrize("case", sorted(_cases()), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_a_case_pins_each_message_from_its_class_check(case: Path) -> None:
    checks, severities = _table()[_cases()[case]]
    findings = _findings(case)
    assert findings, "a case of the corpus expects at least one finding"
    for finding in findings:
        _, severity, check = finding[0].split(" ")
        message = next((line for line in finding if line.startswith("message: ")), None)
        assert message is not None, f"{finding[0]}: the message is not pinned"
        assert len(message.removeprefix("message: ")) <= LONGEST, message
        assert check in checks and severity in severities, finding[0]


def _applied(line: str, column: int, fix: str) -> str:
    """``line`` with ``fix`` written from ``column`` on: over the value there (as the pull
    request's suggestions do), or to the end of the line where no value closes there
    (an unclosed quote or bracket)."""
    from bot.report.suggestions import suggestion_for

    return suggestion_for(line, column, fix) or line[: column - 1] + fix


@pytest.mark.parametrize("case", sorted(_cases()), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_each_fix_of_a_case_makes_its_finding_go(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    findings = [f for f in _findings(case) if any(line.startswith("fix: ") for line in f)]
    for index, finding in enumerate(findings):
        head = finding[0]
        place, _, check = head.split(" ")
        path, line, column = place.rsplit(":", 2)
        fix = next(line for line in finding if line.startswith("fix: ")).removeprefix("fix: ")
        root = tmp_path / f"repo{index}"
        shutil.copytree(EXAMPLES / "base", root)
        shutil.copytree(case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.txt"))
        source = root / path
        lines = source.read_text(encoding="utf-8").split("\n")
        lines[int(line) - 1] = _applied(lines[int(line) - 1], int(column), fix)
        source.write_text("\n".join(lines), encoding="utf-8")
        capsys.readouterr()
        main(["-C", str(root), "check", "--no-links", "--format", "json"])
        after = json.loads(capsys.readouterr().out)["diagnostics"]
        message = next(line for line in finding if line.startswith("message: "))[9:]
        still = [
            d for d in after if (d["path"], d["check"], d["message"]) == (path, check, message)
        ]
        assert still == [], f"{head}: the fix {fix!r} leaves it"


# Cases whose fixes fmt --fix applies by itself (bot/checks/safe_fixes.py).
MECHANICAL = [
    "kind/fail/lower-case-code",
    "kind/fail/github-for-code",
    "url/fail/tracking-parameters",
    "url/fail/search-result-redirect",
    "url/fail/clone-url",
    "markup/fail/url-as-markdown-link",
    "markup/fail/note-starting-with-a-bullet",
    "category/fail/levels-in-one-name",
    "text/fail/award-in-bold",
]


@pytest.mark.parametrize("name", MECHANICAL)
def test_fmt_fix_applies_a_mechanical_fix(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    case = EXAMPLES / name
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.txt"))
    capsys.readouterr()
    assert main(["-C", str(root), "fmt", "--fix"]) == 0
    out = capsys.readouterr().out
    assert "1 fix applied" in out, out
    main(["-C", str(root), "check", "--no-links", "--format", "json"])
    after = json.loads(capsys.readouterr().out)["diagnostics"]
    messages = {line[9:] for f in _findings(case) for line in f if line.startswith("message: ")}
    assert [d for d in after if d["message"] in messages] == []
