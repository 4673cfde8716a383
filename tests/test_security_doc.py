"""SECURITY.md names, for each guarantee, the tests that hold it: those names must exist.

A renamed or deleted test would otherwise leave a guarantee that nothing holds while the
page still says it is held.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUARANTEES = "## Guarantees, and the tests that hold them"
HOSTILE = ROOT / "tests" / "hostile" / "test_hostile_files.py"


def _table() -> list[str]:
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    section = text.split(GUARANTEES, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    return rows[1:]  # the header row names the columns


def _names(path: Path) -> set[str]:
    return {
        node.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def _fuzz_targets() -> set[str]:
    text = (ROOT / "bench" / "fuzz.py").read_text(encoding="utf-8")
    return set(re.findall(r'^    "([a-z-]+)": \(', text, re.M)) | set(
        re.findall(r'^TARGETS\["([a-z-]+)"\]', text, re.M)
    )


def test_every_guarantee_names_tests_that_exist() -> None:
    rows = _table()
    assert len(rows) >= 20
    hostile_text = HOSTILE.read_text(encoding="utf-8")
    targets = _fuzz_targets()
    for row in rows:
        held_by = row.rsplit(" | ", 1)[1]
        assert "tests/" in held_by or "fuzz target" in held_by, row
        current: Path | None = None
        for name in re.findall(r"`([^`]+)`", held_by):
            path, _, test = name.partition("::")
            if path.startswith("tests/") or path.startswith("bench/"):
                current = ROOT / path
                assert current.exists(), name
            elif path == "…" and current is not None:
                pass
            else:
                continue
            if test:
                assert current is not None and test in _names(current), name
        for case in re.findall(r"hostile cases? ([^|]+)", held_by):
            for label in re.findall(r"`([a-z0-9-]+)`", case.split("fuzz target")[0]):
                assert f'"{label}"' in hostile_text, label
        for target in re.findall(r"fuzz target `([a-z-]+)`", held_by):
            assert target in targets, target


def test_the_check_of_names_can_fail(tmp_path: Path) -> None:
    """A name that is not a test of its file is not found by ``_names``."""
    module = tmp_path / "test_x.py"
    module.write_text("def test_real() -> None:\n    pass\n", encoding="utf-8")
    assert "test_real" in _names(module)
    assert "test_renamed" not in _names(module)
