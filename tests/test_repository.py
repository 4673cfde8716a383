"""The repository checks itself: its entries, README.md and schema/ are clean and in sync.

This is where the drift of the generated files is checked: the test suite runs on changes
to the tool only (ci.yml ignores changes to the data alone), so a paper pull request is
never held to README.md, which the regenerate workflow updates after the merge
(docs/generated-files.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main

REPO = Path(__file__).resolve().parents[1]
FILE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.yaml$")


def _reference_page() -> str:
    shared = REPO.parent / "shared" / "data" / "mlsys-2025.md"
    page = shared if shared.is_file() else REPO / "tests" / "data" / "mlsys-2025.md"
    return page.read_text(encoding="utf-8")


def _paperbot(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["-C", str(REPO), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _paperbot(capsys, "check", "--format", "text")

    assert code == 0, out
    assert out == "no problems found\n"


@pytest.mark.parametrize("command", ["render", "schema", "fmt"])
def test_generated_and_formatted_files_are_up_to_date(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, err = _paperbot(capsys, command, "--check")

    assert code == 0, out + err


def test_readme_contains_the_reference_page_exactly() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    assert _reference_page() in readme


def test_the_copy_of_the_reference_page_in_tests_matches_the_shared_one() -> None:
    shared = REPO.parent / "shared" / "data" / "mlsys-2025.md"
    if not shared.is_file():
        pytest.skip("no ../shared folder next to this clone")

    assert (REPO / "tests/data/mlsys-2025.md").read_bytes() == shared.read_bytes()


def test_every_paper_file_name_is_a_slug() -> None:
    # bot.text.slugs names imported files after their titles; a contributor may choose another
    # slug, so only the shape is required here.
    papers = [p.name for p in (REPO / "entries").glob("*/*.yaml") if p.name != "venue.yaml"]

    assert papers
    assert [name for name in papers if not FILE_NAME.match(name)] == []
