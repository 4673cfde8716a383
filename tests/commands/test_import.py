"""``paperbot import PAGE.md`` end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import TESTS, VENUE_SLUG, import_mlsys, mlsys_page, mlsys_page_path, run

from bot.files.yaml_roundtrip import parse
from bot.text.slugs import paper_slug


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_import_writes_a_venue_file_and_one_file_per_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "entries").mkdir()

    code, out, err = run(capsys, tmp_path, "import", str(mlsys_page_path()))

    folder = tmp_path / "entries" / VENUE_SLUG
    assert (code, err) == (0, "")
    assert out == f"imported 44 papers into {folder}\n"
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 45
    assert "venue.yaml" in names
    assert {"xgrammar.yaml", "qserve.yaml", "lserve.yaml"} <= set(names)


def test_imported_files_are_canonical_and_name_their_titles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = import_mlsys(tmp_path)

    assert run(capsys, tmp_path, "fmt", "--check")[0] == 0
    for path in folder.glob("*.yaml"):
        if path.name != "venue.yaml":
            assert path.stem == paper_slug(parse(path.read_text(encoding="utf-8"))["title"])


def test_imported_repo_checks_clean_and_renders_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_mlsys(tmp_path)

    assert run(capsys, tmp_path, "check") == (0, "no problems found\n", "")
    assert run(capsys, tmp_path, "render") == (0, mlsys_page(), "")


def test_importing_the_same_page_again_writes_nothing_and_reports_every_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = import_mlsys(tmp_path)
    before = _snapshot(folder)

    code, out, err = run(capsys, tmp_path, "import", str(mlsys_page_path()))

    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[0] == f"imported 0 papers into {folder}"
    assert len(lines) == 1 + 44
    assert all(line.startswith("already listed, not written: ") for line in lines[1:])
    assert any("XGrammar" in line and "xgrammar.yaml" in line for line in lines)
    assert _snapshot(folder) == before


def test_a_paper_listed_in_another_venue_is_written_as_its_own_entry_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A different venue is a different paper entry (a workshop and a conference version):
    # written, with the warning the duplicates check gives on it.
    other = tmp_path / "entries" / "arch-2024"
    other.mkdir(parents=True)
    (other / "venue.yaml").write_text(
        "name: Arch 2024\nareas:\n  - name: Compilers\n", encoding="utf-8"
    )
    (other / "xg.yaml").write_text(
        "title: 'XGrammar: an Earlier Version'\ncategory: [Compilers]\nlinks:\n"
        "  - kind: arXiv\n    url: https://arxiv.org/abs/2411.15100\n",
        encoding="utf-8",
    )

    code, out, _ = run(capsys, tmp_path, "import", str(mlsys_page_path()))

    folder = tmp_path / "entries" / VENUE_SLUG
    assert code == 0
    assert out.splitlines()[0] == f"imported 44 papers into {folder}"
    said = [line for line in out.splitlines() if "XGrammar" in line]
    assert len(said) == 1 and said[0].startswith("written, also listed in another venue: ")
    assert "entries/arch-2024/xg.yaml" in said[0] and "may both belong" in said[0]
    assert (folder / "xgrammar.yaml").is_file()
    out = run(capsys, tmp_path, "check", "--no-links")[1]
    assert "xgrammar.yaml:9:10: warning [duplicates] also listed in arch-2024" in out


def test_import_next_to_an_entry_that_does_not_load_exits_2_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = import_mlsys(tmp_path)
    (folder / "xgrammar.yaml").write_text("title: edited by hand\n", encoding="utf-8")
    before = _snapshot(folder)

    code, out, err = run(capsys, tmp_path, "import", str(mlsys_page_path()))

    assert (code, out) == (2, "")
    assert err.startswith("paperbot: error: ")
    assert "do not load" in err and "xgrammar.yaml" in err
    assert _snapshot(folder) == before


def test_venue_option_names_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, tmp_path, "import", "--venue", "mlsys-25", str(mlsys_page_path()))

    assert code == 0
    assert (tmp_path / "entries/mlsys-25/xgrammar.yaml").is_file()


def test_a_page_that_cannot_be_read_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, tmp_path, "import", str(tmp_path / "missing.md"))

    assert code == 2
    assert err.startswith("paperbot: error: ") and "cannot read" in err


def test_an_unparseable_page_exits_1_with_a_diagnostic_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.md"
    page.write_text("# V\n\n## Papers\n\n### A\n\n* C\n  1. a step\n", encoding="utf-8")

    code, out, err = run(capsys, tmp_path, "import", str(page))

    assert (code, out) == (1, "")
    assert f"{page}:8:1: error [import] expected a bullet" in err
    assert not (tmp_path / "entries").exists()


def test_a_page_that_does_not_round_trip_is_imported_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.md"
    # Blank lines between acronym bullets: no field keeps them.
    page.write_text(
        "# V 2025\n\n## Papers\n\n### A\n\n* LLM T \\[[Paper](https://x.org/1)]\n\n"
        "## Acronyms\n\n* LLM: Large Language Model\n\n* GPU: Graphics Processing Unit\n",
        encoding="utf-8",
    )

    code, _, err = run(capsys, tmp_path, "import", str(page))

    assert code == 0
    assert "warning [import] the rendered page differs" in err
    assert (tmp_path / "entries/v-2025/llm-t.yaml").is_file()


def test_a_page_with_a_value_the_model_refuses_exits_1_with_a_diagnostic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# V\n\n## Papers\n\n### A\n\n* T \\[[Paper](ftp://x.org/1)]\n", encoding="utf-8"
    )

    code, _, err = run(capsys, tmp_path, "import", str(page))

    assert code == 1
    assert f"{page}:7:" in err
    assert "internal error" not in err


PAGES = sorted((TESTS / "data" / "pages").glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_each_page_of_the_family_is_written_checked_and_rendered_back(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "entries").mkdir()

    code, _, err = run(capsys, tmp_path, "import", str(page))

    assert code == 0
    assert "the rendered page differs" not in err
    assert run(capsys, tmp_path, "fmt", "--check")[0] == 0
    # A page's relative links name files kept beside it (notes): they come along.
    for name in re.findall(r"\]\((?!https?:|#)([^)\s]+)\)", page.read_text(encoding="utf-8")):
        (tmp_path / name).write_text("notes\n", encoding="utf-8")
    assert run(capsys, tmp_path, "check", "--no-links")[0] == 0
    assert run(capsys, tmp_path, "render") == (0, page.read_text(encoding="utf-8"), "")


def test_import_into_a_venue_keeps_its_categories_glossary_and_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "entries" / "v-2025"
    folder.mkdir(parents=True)
    (folder / "venue.yaml").write_text(
        "# the curators' own venue file\nname: V 2025\nareas:\n  - name: A\n"
        "    categories:\n      - name: Kept Below  # papers of the next cycle go here\n"
        "  - name: Old Area\nglossary:\n  GPU: Graphics Processing Unit\n",
        encoding="utf-8",
    )
    (folder / "later.yaml").write_text(
        "title: 'Later: A Paper from the Next Cycle'\ncategory: [A, Kept Below]\n", encoding="utf-8"
    )
    page = tmp_path / "page.md"
    page.write_text(
        "# V 2025\n\nHomepage: <https://v.example.org>\n\n## Papers\n\n### A\n\n"
        "* T: A Paper \\[[Paper](https://v.example.org/t)]\n", encoding="utf-8"
    )  # fmt: skip

    code, out, err = run(capsys, tmp_path, "import", str(page))

    assert code == 0, err
    assert "kept from entries/v-2025/venue.yaml, not on the page: category A / Kept Below" in out
    assert "category Old Area" in out
    text = (folder / "venue.yaml").read_text(encoding="utf-8")
    assert "# the curators' own venue file" in text
    assert "homepage: https://v.example.org" in text and "Old Area" in text and "GPU" in text
    assert run(capsys, tmp_path, "check", "--no-links")[0] == 0


def test_import_refuses_to_drop_a_comment_inside_a_field_the_page_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "entries" / "v-2025"
    folder.mkdir(parents=True)
    venue = "name: V 2025\nareas:\n"
    venue += "  - name: A  # sessions 1-3\n"
    (folder / "venue.yaml").write_text(venue, encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# V 2025\n\n## Papers\n\n### A\n\n### B\n", encoding="utf-8")

    code, out, err = run(capsys, tmp_path, "import", str(page))

    assert (code, out) == (2, "")
    assert "# sessions 1-3" in err and "nothing was written" in err
    assert (folder / "venue.yaml").read_text(encoding="utf-8") == venue


def test_a_page_refused_for_a_weak_guess_exits_1_names_the_marker_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# V\n\n## Papers\n\n### A\n\n* Serving Systems\n  * Orca\n"
        "  * Alpha: Fast Serving for Everyone\n",
        encoding="utf-8",
    )

    code, out, err = run(capsys, tmp_path, "import", str(page))

    assert (code, out) == (1, "")
    assert f"{page}:7:1: error [import] a paper or a category?" in err
    assert "<!-- paperbot: paper -->" in err and "Traceback" not in err
    assert not (tmp_path / "entries").exists()
    page.write_text(
        page.read_text(encoding="utf-8").replace("Systems\n", "Systems <!-- paperbot: paper -->\n"),
        encoding="utf-8",
    )
    code, out, err = run(capsys, tmp_path, "import", str(page))
    assert code == 0, err
    assert out == f"imported 1 papers into {tmp_path / 'entries' / 'v'}\n"


def test_import_does_not_write_through_a_venue_folder_that_is_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "repo"
    (root / "entries").mkdir(parents=True)
    (root / "entries" / VENUE_SLUG).symlink_to(outside)

    code, _, err = run(capsys, root, "import", str(mlsys_page_path()))

    assert code == 2
    assert "symbolic links are not allowed in entries/" in err
    assert list(outside.iterdir()) == []  # nothing written outside the repository
