"""``paperbot render`` end to end, on a repository built by importing the MLSys 2025 page."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
from helpers import import_mlsys, mlsys_page, readme_for, run, with_template

XGRAMMAR = "entries/mlsys-2025/xgrammar.yaml"

NEW_PAPER = """\
title: 'ZetaServe: Serving Models Somewhere New'
category: [Large Language Models (LLMs), LLM Inference]
links:
  - kind: Paper
    url: https://mlsys.org/virtual/2025/poster/9999
affiliations:
  - Example University
  - Example Lab
"""

UNKNOWN_CATEGORY = NEW_PAPER.replace("LLM Inference]", "LLM Inferencing]")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    import_mlsys(tmp_path)
    return tmp_path


@pytest.fixture
def readme_repo(repo: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The repository with a README template and a freshly rendered README.md."""
    with_template(repo)
    assert run(capsys, repo, "render")[0] == 0
    return repo


def _readme(root: Path) -> str:
    return (root / "README.md").read_text(encoding="utf-8")


def test_without_a_template_render_prints_exactly_the_page(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, repo, "render")

    assert (code, err) == (0, "")
    assert out == mlsys_page()
    assert not (repo / "README.md").exists()


def test_with_a_template_render_writes_the_readme_with_the_page_inside(
    readme_repo: Path,
) -> None:
    readme = _readme(readme_repo)

    assert readme == readme_for(mlsys_page())
    assert mlsys_page() in readme


def test_render_output_writes_to_the_named_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, repo, "render", "--output", str(repo / "page.md"))

    assert (code, out) == (0, "")
    assert (repo / "page.md").read_text(encoding="utf-8") == mlsys_page()


def test_render_check_passes_on_a_fresh_readme(
    readme_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, readme_repo, "render", "--check") == (0, "", "")


def test_render_check_fails_with_a_unified_diff_after_a_title_edit(
    readme_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = readme_repo / XGRAMMAR
    path.write_text(
        path.read_text(encoding="utf-8").replace("XGrammar: Flexible", "XGrammar: Very Flexible"),
        encoding="utf-8",
    )
    before = _readme(readme_repo)

    code, out, err = run(capsys, readme_repo, "render", "--check")

    assert code == 1
    assert "--- " in out and "+++ " in out and "@@ " in out
    removed = [
        line for line in out.splitlines() if line.startswith("-* ") or line.startswith("-  ")
    ]
    added = [line for line in out.splitlines() if line.startswith("+* ") or line.startswith("+  ")]
    assert len(removed) == len(added) == 1
    assert removed[0].startswith("-  * XGrammar: Flexible and Efficient")
    assert added[0].startswith("+  * XGrammar: Very Flexible and Efficient")
    assert "stale" in err
    assert _readme(readme_repo) == before  # --check writes nothing


def test_render_check_without_a_template_or_output_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, repo, "render", "--check")

    assert (code, out) == (2, "")
    assert err.startswith("paperbot: error: ")


def test_render_refuses_when_an_entry_has_an_error(
    readme_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _readme(readme_repo)
    (readme_repo / "entries/mlsys-2025/zetaserve.yaml").write_text(
        UNKNOWN_CATEGORY, encoding="utf-8"
    )

    code, out, err = run(capsys, readme_repo, "render")

    assert (code, out) == (1, "")
    assert "entries/mlsys-2025/zetaserve.yaml" in err
    assert "nothing written" in err
    assert _readme(readme_repo) == before


def test_an_error_that_loses_nothing_does_not_block_render(
    readme_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An undefined acronym is the contributor's to fix; the page still shows every paper.
    (readme_repo / "entries/mlsys-2025/zetaserve.yaml").write_text(
        "title: 'ZetaServe: Serving on TPUs'\n"
        "category: [Large Language Models (LLMs), LLM Inference]\nnotes: [Runs on XPUs]\n",
        encoding="utf-8",
    )
    assert run(capsys, readme_repo, "check", "--no-links")[0] == 1

    code, _, err = run(capsys, readme_repo, "render")

    assert (code, err) == (0, "")
    assert "ZetaServe: Serving on TPUs" in _readme(readme_repo)


def test_render_refuses_a_paper_that_loaded_without_a_refused_value(
    readme_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The checks look at the rest of it (bot/files/partial_load.py); the page would lose
    # the link, so nothing is written.
    before = _readme(readme_repo)
    (readme_repo / "entries/mlsys-2025/zetaserve.yaml").write_text(
        "title: 'ZetaServe: Serving on TPUs'\n"
        "category: [Large Language Models (LLMs), LLM Inference]\n"
        "links:\n  - kind: Paper\n    url: https://example.org/zeta serve\n",
        encoding="utf-8",
    )

    code, out, err = run(capsys, readme_repo, "render")

    assert (code, out) == (1, "")
    assert "[schema]" in err and "nothing written" in err
    assert _readme(readme_repo) == before


def test_render_refuses_on_invalid_yaml_and_prints_no_page(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "entries/mlsys-2025/broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")

    code, out, err = run(capsys, repo, "render")

    assert (code, out) == (1, "")
    assert "entries/mlsys-2025/broken.yaml" in err


def test_template_naming_an_unknown_venue_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "README.template.md").write_text("<!-- paperbot:venue nope-1999 -->\n")

    code, _, err = run(capsys, repo, "render")

    assert code == 2
    assert err == (
        "paperbot: error: README.template.md names venues that do not exist: nope-1999\n"
    )
    assert not (repo / "README.md").exists()


def test_a_new_paper_without_position_is_inserted_after_its_categorys_papers_only(
    readme_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _readme(readme_repo).splitlines(keepends=True)
    (readme_repo / "entries/mlsys-2025/zetaserve.yaml").write_text(NEW_PAPER, encoding="utf-8")

    assert run(capsys, readme_repo, "render")[0] == 0
    after = _readme(readme_repo).splitlines(keepends=True)

    changes = [
        op for op in difflib.SequenceMatcher(a=before, b=after).get_opcodes() if op[0] != "equal"
    ]
    assert len(changes) == 1
    tag, i1, i2, j1, j2 = changes[0]
    assert tag == "insert" and i1 == i2
    assert after[j1:j2] == [
        "  * ZetaServe: Serving Models Somewhere New"
        " \\[[Paper](https://mlsys.org/virtual/2025/poster/9999)]\n",
        "    * Example University & Example Lab\n",
    ]
    # right after the last curated paper of LLM Inference (MEADOW), before the next category
    assert before[i1 - 2].startswith("  * MEADOW: ")
    assert before[i1] == "* Attention Mechanisms\n"


def test_two_new_papers_follow_the_positioned_ones_by_title(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = repo / "entries/mlsys-2025"
    (folder / "zetaserve.yaml").write_text(NEW_PAPER, encoding="utf-8")
    (folder / "alphaserve.yaml").write_text(
        NEW_PAPER.replace("ZetaServe", "AlphaServe").replace("9999", "9998"), encoding="utf-8"
    )

    _, out, _ = run(capsys, repo, "render")
    lines = out.splitlines()
    meadow = next(i for i, line in enumerate(lines) if line.startswith("  * MEADOW: "))

    assert lines[meadow + 2].startswith("  * AlphaServe: ")
    assert lines[meadow + 4].startswith("  * ZetaServe: ")
    assert lines[meadow + 6] == "* Attention Mechanisms"


def test_a_template_can_include_a_file_of_the_repository(repo: Path, run_cli: Any) -> None:
    (repo / "docs").mkdir()
    (repo / "docs" / "part.md").write_text("included text\n")
    (repo / "README.template.md").write_text("# T\n\n<!-- paperbot:include docs/part.md -->\n")
    assert run_cli(repo, "render")[0] == 0
    assert (repo / "README.md").read_text() == "# T\n\nincluded text\n"


@pytest.mark.parametrize("name", ["docs/missing.md", "../outside.md"])
def test_an_include_outside_the_repository_or_missing_is_refused(
    repo: Path, run_cli: Any, name: str
) -> None:
    (repo.parent / "outside.md").write_text("secret\n")
    (repo / "README.template.md").write_text(f"<!-- paperbot:include {name} -->\n")
    code, _, err = run_cli(repo, "render")
    assert code == 2
    assert f"includes {name}, which is not a file in the repository" in err
    assert not (repo / "README.md").exists()
