"""The corpus of contributors' mistakes and its table in docs/mistakes.md hold each other.

A case of the corpus is an example (tests/checks/examples/<check>/fail/<case>/) whose
expect.txt starts with ``# class: <name>``; test_examples.py runs it. Here: each case
names a class of the table, each class has a case, each finding pins its message (under
~200 characters) and comes from the check and severity the table gives its class.
"""

from __future__ import annotations

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
        if line.startswith("#") or not line.strip():
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
