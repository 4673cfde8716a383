"""``paperbot import`` into a repository that already lists the page's papers: what the
page adds is merged into the existing entry (comments kept, each addition said with its
line); a field the two give different values is a conflict, said with both places, and
nothing is written for that paper; another venue is another paper entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import VENUE_SLUG, mlsys_page, mlsys_page_path, run

FIRST = (
    "# V 2025\n\n## Papers\n\n### Serving\n\n"
    "* Orca: Iteration-Level Scheduling for LLM Serving \\[[Paper](https://v.example.org/orca)]\n"
    "  * SNU\n"
    "* Kite: Congestion Control for Collectives \\[[Paper](https://v.example.org/kite)]\n"
    "  * Google\n"
)
# The second page lists Orca again, with more: a relative notes link, code, a second
# affiliation, an award and two notes (one with a deeper line).
SECOND = (
    "# V 2025\n\n## Papers\n\n### Serving\n\n"
    "* Orca: Iteration-Level Scheduling for LLM Serving \\[[Personal Notes](orca.md)] "
    "\\[[Paper](https://v.example.org/orca)] \\[[Code](https://github.com/example/orca)]\n"
    "  * SNU & FriendliAI\n"
    "  * **Best Paper**\n"
    "  * Introduces iteration-level scheduling.\n"
    "  * Selective batching\n"
    "    * batches only the operations that allow it\n"
)
# The comments a curator wrote into the entry after the first import.
ORCA = "entries/v-2025/orca.yaml"


def _first_import(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    page = root / "first.md"
    page.write_text(FIRST, encoding="utf-8")
    assert run(capsys, root, "import", str(page))[0] == 0
    entry = root / ORCA
    text = entry.read_text(encoding="utf-8")
    text = text.replace("title:", "# checked against the proceedings\ntitle:")
    text = text.replace("- kind: Paper", "- kind: Paper  # the venue's page")
    entry.write_text(text, encoding="utf-8")
    return entry


def test_a_second_page_adds_its_links_notes_affiliations_and_awards_to_the_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = _first_import(tmp_path, capsys)
    kite = (tmp_path / "entries/v-2025/kite.yaml").read_bytes()
    page = tmp_path / "second.md"
    page.write_text(SECOND, encoding="utf-8")

    code, out, err = run(capsys, tmp_path, "import", str(page))

    assert (code, err) == (0, "")
    text = entry.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "# checked against the proceedings" in text and "# the venue's page" in text
    said = out.splitlines()
    assert said[0].startswith("imported 0 papers")
    assert said[1] == f"merged into {ORCA}: Orca: Iteration-Level Scheduling for LLM Serving"
    added = said[2:]
    assert [line.split(": added ")[1] for line in added] == [
        "link Personal Notes orca.md",
        "link Code https://github.com/example/orca",
        "affiliation FriendliAI",
        "award Best Paper",
        "note Introduces iteration-level scheduling.",
        "note Selective batching",
    ]
    # Each addition names the line it now stands on.
    for line in added:
        where, what = line.strip().split(": added ")
        number = int(where.rsplit(":", 1)[1])
        assert what.split()[-1].rstrip(".") in lines[number - 1]
    assert "batches only the operations" in text  # the deeper line came with its note
    assert (tmp_path / "entries/v-2025/kite.yaml").read_bytes() == kite  # not on the page
    # Nothing was lost: the entry still has its first link, and it still checks.
    assert "https://v.example.org/orca" in text
    (tmp_path / "orca.md").write_text("notes\n", encoding="utf-8")
    assert run(capsys, tmp_path, "check", "--no-links")[0] == 0
    # Importing the second page again adds nothing.
    code, out, _ = run(capsys, tmp_path, "import", str(page))
    assert code == 0 and "already listed, not written: Orca" in out
    assert entry.read_text(encoding="utf-8") == text


def test_a_field_with_two_values_is_a_conflict_said_with_both_places_and_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = _first_import(tmp_path, capsys)
    before = entry.read_bytes()
    # Same paper page, another title; Kite, new on this page, is still written.
    page = tmp_path / "second.md"
    page.write_text(
        SECOND.replace("Orca: Iteration-Level", "Orca: A Distributed Serving System")
        + "* Jay: Log-Structured Checkpoints \\[[Paper](https://v.example.org/jay)]\n",
        encoding="utf-8",
    )

    code, out, err = run(capsys, tmp_path, "import", str(page))

    assert code == 1
    assert f"{page}:7:1: error [import] title differs from {ORCA}:3: " in err
    assert "'Orca: A Distributed Serving System Scheduling for LLM Ser...' here" in err
    assert "nothing was written for this paper" in err
    assert "Traceback" not in err
    assert entry.read_bytes() == before
    assert (tmp_path / "entries/v-2025/jay.yaml").is_file()
    assert "merged into" not in out


def test_a_link_named_two_ways_is_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = _first_import(tmp_path, capsys)
    before = entry.read_bytes()
    page = tmp_path / "second.md"
    named_pdf = SECOND.replace(
        "[Paper](https://v.example.org/orca)", "[PDF](https://v.example.org/orca)"
    )
    page.write_text(named_pdf, encoding="utf-8")

    code, _, err = run(capsys, tmp_path, "import", str(page))

    assert code == 1
    assert f"error [import] links.0.kind differs from {ORCA}:" in err
    assert "'PDF' here, 'Paper' there" in err
    assert entry.read_bytes() == before


def test_importing_under_another_venue_slug_writes_separate_entries_with_the_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "entries").mkdir()
    assert run(capsys, tmp_path, "import", str(mlsys_page_path()))[0] == 0
    first = tmp_path / "entries" / VENUE_SLUG / "xgrammar.yaml"
    before = first.read_bytes()

    # Another venue is another name (or year): the same name in a second folder is one
    # venue, refused (tests/commands/test_import_same_venue.py).
    page = tmp_path / "workshop.md"
    page.write_text(mlsys_page().replace("# MLSys 2025", "# MLSys 2025 Workshop", 1))
    code, out, err = run(capsys, tmp_path, "import", "--venue", "mlsys-2025-workshop", str(page))

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("imported 44 papers into ")
    assert sum(line.startswith("written, also listed in another venue: ") for line in lines) == 44
    assert "may both belong" in out
    assert (tmp_path / "entries/mlsys-2025-workshop/xgrammar.yaml").is_file()
    assert first.read_bytes() == before
