"""``paperbot fmt`` and ``paperbot fmt --check`` on a repository in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.checks.safe_fixes import SAFE_FIXES, always
from bot.cli import main
from bot.files.canonical import comments_in
from bot.files.yaml_roundtrip import parse, to_plain

PAPER = "entries/demo-2025/new.yaml"
MODELINE = "# yaml-language-server: $schema=../../schema/paper.schema.json\n"
MAIN_ENTRIES = Path(__file__).resolve().parents[2] / "entries"

COMMENTED = """\
# top of file
# second line on top
title: "A Commented Paper"  # end of title
category: [Systems (SYS), Storage]  # end of category
links:
  # before the first link
  - kind: Paper  # end of kind
    url: https://a.org
  # between links
  - kind: Code
    url: https://b.org  # end of url
affiliations:
  - Example University
# trailing comment
"""


def data_of(path: Path) -> Any:
    return to_plain(parse(path.read_text(encoding="utf-8")))[0]


def test_fmt_rewrites_keys_into_the_model_order(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, "position: 2\ncategory: [Compilers]\ntitle: A Paper\n")
    code, out, err = run_cli(repo, "fmt")
    assert (code, err) == (0, "")
    assert out == f"reformatted {PAPER}\n1 file(s) reformatted, 4 already canonical\n"
    assert path.read_text() == MODELINE + "title: A Paper\ncategory: [Compilers]\nposition: 2\n"


def test_fmt_normalises_a_double_quoted_title(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, 'title: "A Paper: Subtitle"\ncategory: [Compilers]\n')
    assert run_cli(repo, "fmt")[0] == 0
    assert path.read_text() == MODELINE + "title: 'A Paper: Subtitle'\ncategory: [Compilers]\n"


def test_fmt_turns_a_block_scalar_title_into_one_line(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, "title: >-\n  A Long\n  Paper Title\ncategory: [Compilers]\n")
    assert run_cli(repo, "fmt")[0] == 0
    assert path.read_text() == MODELINE + "title: A Long Paper Title\ncategory: [Compilers]\n"


def test_fmt_adds_the_schema_modeline_when_missing(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, "title: A Paper\ncategory: [Compilers]\n")
    assert run_cli(repo, "fmt")[0] == 0
    assert path.read_text().splitlines()[0] == MODELINE.rstrip("\n")


def test_fmt_gives_the_glossary_a_modeline_one_level_up(
    repo: Path, write: Any, run_cli: Any
) -> None:
    path = write(repo, "entries/glossary.yaml", "glossary:\n  SYS: Systems\n")
    assert run_cli(repo, "fmt")[0] == 0
    assert path.read_text() == (
        "# yaml-language-server: $schema=../schema/glossary.schema.json\n"
        "glossary:\n  SYS: Systems\n"
    )


def test_fmt_writes_unix_line_endings(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, b"title: A Paper\r\ncategory: [Compilers]\r\n")
    assert run_cli(repo, "fmt")[0] == 0
    assert path.read_bytes() == (MODELINE + "title: A Paper\ncategory: [Compilers]\n").encode()


# --- comments -----------------------------------------------------------------------------


def test_fmt_keeps_every_comment(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, COMMENTED)
    assert run_cli(repo, "fmt")[0] == 0
    assert comments_in(path.read_text()) == [MODELINE.rstrip("\n"), *comments_in(COMMENTED)]
    assert len(comments_in(COMMENTED)) == 9


def test_fmt_keeps_the_data_of_a_commented_file(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, COMMENTED)
    before = data_of(path)
    assert run_cli(repo, "fmt")[0] == 0
    assert data_of(path) == before


def test_fmt_keeps_comments_in_a_venue_tree(repo: Path, write: Any, run_cli: Any) -> None:
    text = (
        "# venue comment\nname: Demo 2025  # eol\nareas:\n  # the systems area\n"
        "  - name: Systems (SYS)\n    categories:\n      - name: Storage  # storage\n"
        "      # networking next\n      - name: Networking\n  - name: Compilers\n"
        "homepage: https://demo.example.org/2025\n"
    )
    path = write(repo, "entries/demo-2025/venue.yaml", text)
    assert run_cli(repo, "fmt")[0] == 0
    after = path.read_text()
    assert comments_in(after)[1:] == comments_in(text)
    assert after.index("homepage:") < after.index("areas:")


def test_fmt_keeps_a_comment_between_the_category_and_the_next_key(
    repo: Path, write: Any, run_cli: Any
) -> None:
    path = write(repo, PAPER, "title: A Paper\ncategory: [Compilers]\n# why 3\nposition: 3\n")
    code, _, err = run_cli(repo, "fmt")
    assert (code, err) == (0, "")
    assert "# why 3\nposition: 3\n" in path.read_text()


# --- idempotence and --check ----------------------------------------------------------------


def test_fmt_twice_changes_nothing_the_second_time(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, COMMENTED)
    run_cli(repo, "fmt")
    first = path.read_bytes()
    code, out, _ = run_cli(repo, "fmt")
    assert code == 0
    assert out == "0 file(s) reformatted, 5 already canonical\n"
    assert path.read_bytes() == first


def test_fmt_check_passes_after_fmt(repo: Path, write: Any, run_cli: Any) -> None:
    write(repo, PAPER, COMMENTED)
    run_cli(repo, "fmt")
    assert run_cli(repo, "fmt", "--check") == (0, "", "")


def test_fmt_check_names_the_file_and_writes_nothing(repo: Path, write: Any, run_cli: Any) -> None:
    text = "category: [Compilers]\ntitle: A Paper\n"
    path = write(repo, PAPER, text)
    code, out, err = run_cli(repo, "fmt", "--check")
    assert code == 1
    assert out == ""
    assert err.splitlines()[0] == (
        f"{PAPER}:1:1: error [fmt] not in canonical form; run 'paperbot fmt' to rewrite it"
    )
    assert path.read_text() == text


def test_fmt_check_passes_on_the_fixture_repository(repo: Path, run_cli: Any) -> None:
    assert run_cli(repo, "fmt", "--check") == (0, "", "")


def test_fmt_check_passes_on_the_project_entries(tmp_path: Path, run_cli: Any) -> None:
    shutil.copytree(MAIN_ENTRIES, tmp_path / "entries")
    assert run_cli(tmp_path, "fmt", "--check") == (0, "", "")


# --- invalid files ------------------------------------------------------------------------------


def test_fmt_refuses_an_invalid_file_and_reports_why(repo: Path, write: Any, run_cli: Any) -> None:
    text = "category: [Compilers]\ntitle: A Paper\ntitel: typo\n"
    path = write(repo, PAPER, text)
    code, out, err = run_cli(repo, "fmt")
    assert code == 1
    assert f"{PAPER}:3:1: error [schema] unknown key 'titel'; did you mean 'title'?" in err
    assert path.read_text() == text
    assert "reformatted" not in out


def test_fmt_refuses_a_file_that_is_not_yaml(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, "title: [A\n")
    code, _, err = run_cli(repo, "fmt")
    assert code == 1
    assert f"{PAPER}:" in err and "[yaml]" in err
    assert path.read_text() == "title: [A\n"


def test_fmt_still_formats_the_valid_files_next_to_an_invalid_one(
    repo: Path, write: Any, run_cli: Any
) -> None:
    write(repo, "entries/demo-2025/broken.yaml", "title: 42\ncategory: [Compilers]\n")
    good = write(repo, PAPER, "category: [Compilers]\ntitle: A Paper\n")
    code, out, _ = run_cli(repo, "fmt")
    assert code == 1
    assert f"reformatted {PAPER}\n" in out
    assert good.read_text() == MODELINE + "title: A Paper\ncategory: [Compilers]\n"


# --- fmt FILE… ------------------------------------------------------------------------------


def test_fmt_files_formats_only_the_named_files(repo: Path, write: Any, run_cli: Any) -> None:
    other = write(repo, "entries/demo-2025/other.yaml", "category: [Compilers]\ntitle: Other\n")
    path = write(repo, PAPER, "category: [Compilers]\ntitle: A Paper\n")

    code, out, err = run_cli(repo, "fmt", PAPER)

    assert (code, err) == (0, "")
    assert out == f"reformatted {PAPER}\n1 file(s) reformatted, 0 already canonical\n"
    assert path.read_text() == MODELINE + "title: A Paper\ncategory: [Compilers]\n"
    assert other.read_text() == "category: [Compilers]\ntitle: Other\n"


def test_fmt_check_files_looks_only_at_the_named_files(
    repo: Path, write: Any, run_cli: Any
) -> None:
    write(repo, PAPER, "category: [Compilers]\ntitle: A Paper\n")

    assert run_cli(repo, "fmt", "--check", "entries/demo-2025/net-stack.yaml") == (0, "", "")
    assert run_cli(repo, "fmt", "--check", PAPER)[0] == 1


def test_fmt_files_refuses_a_file_that_is_not_an_entry(
    repo: Path, write: Any, run_cli: Any
) -> None:
    write(repo, "notes-on-papers.md", "# notes\n")

    code, out, err = run_cli(repo, "fmt", "notes-on-papers.md")

    assert (code, out) == (2, "")
    assert err.startswith("paperbot: error: notes-on-papers.md: not an entry file; entries are ")


# --- fmt --fix --------------------------------------------------------------------------------

ARXIV_PDF = "http://arxiv.org/pdf/2501.01005v1.pdf"
ARXIV_ABS = "https://arxiv.org/abs/2501.01005v1"

BLOCK_LIST = f"""\
# top comment
title: A Fixable Paper  # the title
category: [Compilers]
links:
  # the preprint
  - kind: arXiv  # a label
    url: {ARXIV_PDF}  # copied from the PDF
  - kind: Code
    url: https://github.com/example/fixable
"""


def test_fix_writes_a_canonical_arxiv_url_in_a_block_list_keeping_comments(
    repo: Path, write: Any, run_cli: Any
) -> None:
    path = write(repo, PAPER, BLOCK_LIST)

    code, out, err = run_cli(repo, "fmt", "--fix")

    assert (code, err) == (0, "")
    assert out == (
        f"{PAPER}:7: {ARXIV_PDF} → {ARXIV_ABS}\n"
        f"reformatted {PAPER}\n"
        "1 file(s) reformatted, 4 already canonical; 1 fix applied\n"
    )
    after = path.read_text()
    assert f"    url: {ARXIV_ABS}" in after and ARXIV_PDF not in after
    assert comments_in(after) == [MODELINE.rstrip("\n"), *comments_in(BLOCK_LIST)]
    assert run_cli(repo, "check", "--format", "text")[:2] == (0, "no problems found\n")


@pytest.mark.parametrize(
    ("kind", "url", "fixed"),
    [
        ("arXiv", "https://browse.arxiv.org/abs/2501.01005", "https://arxiv.org/abs/2501.01005"),
        ("arXiv", "https://export.arxiv.org/abs/2501.01005", "https://arxiv.org/abs/2501.01005"),
        ("arXiv", "https://arxiv.org/pdf/2501.01005", "https://arxiv.org/abs/2501.01005"),
        ("arXiv", "https://arxiv.org/pdf/2501.01005.pdf", "https://arxiv.org/abs/2501.01005"),
        ("arXiv", "https://arxiv.org/abs/2501.01005.pdf", "https://arxiv.org/abs/2501.01005"),
        ("arXiv", "http://arxiv.org/abs/2501.01005", "https://arxiv.org/abs/2501.01005"),
        ("arXiv", "https://www.arxiv.org/abs/2501.01005v2", "https://arxiv.org/abs/2501.01005v2"),
        # A version written is the curator's choice: kept (CONTRIBUTING: same paper and version).
        (
            "arXiv",
            "https://browse.arxiv.org/pdf/2501.01005v2.pdf",
            "https://arxiv.org/abs/2501.01005v2",
        ),
        (
            "PDF",
            "https://browse.arxiv.org/pdf/2501.01005v2.pdf",
            "https://arxiv.org/pdf/2501.01005v2",
        ),
    ],
)
def test_fix_writes_every_arxiv_form_canonically(
    repo: Path, write: Any, run_cli: Any, kind: str, url: str, fixed: str
) -> None:
    text = (
        MODELINE
        + f"title: A Paper\ncategory: [Compilers]\nlinks:\n  - kind: {kind}\n    url: {url}\n"
    )
    path = write(repo, PAPER, text)

    code, out, _ = run_cli(repo, "fmt", "--fix", PAPER)

    assert (code, path.read_text()) == (0, text.replace(url, fixed))
    assert f"{PAPER}:6: {url} → {fixed}\n" in out
    assert run_cli(repo, "check", "--no-links", PAPER)[:2] == (0, "no problems found\n")


def test_fix_inside_a_flow_list(repo: Path, write: Any, run_cli: Any) -> None:
    text = (
        "title: A Flow Paper\ncategory: [Compilers]\n"
        "links: [{kind: DOI, url: 'http://dx.doi.org/10.1145/3600006.3613165'}, "
        f"{{kind: PDF, url: {ARXIV_ABS}}}]\n"
    )
    path = write(repo, PAPER, text)

    code, out, _ = run_cli(repo, "fmt", "--fix", PAPER)

    assert code == 0
    assert out.splitlines()[:2] == [
        f"{PAPER}:3: http://dx.doi.org/10.1145/3600006.3613165"
        " → https://doi.org/10.1145/3600006.3613165",
        f"{PAPER}:3: {ARXIV_ABS} → https://arxiv.org/pdf/2501.01005v1",
    ]
    assert data_of(path)["links"] == [
        {"kind": "DOI", "url": "https://doi.org/10.1145/3600006.3613165"},
        {"kind": "PDF", "url": "https://arxiv.org/pdf/2501.01005v1"},
    ]


def test_fix_writes_lf_line_ends_and_says_so(repo: Path, write: Any, run_cli: Any) -> None:
    path = write(repo, PAPER, (MODELINE + "title: A Paper\ncategory: [Compilers]\n").encode())
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))

    code, out, _ = run_cli(repo, "fmt", "--fix", PAPER)

    assert code == 0
    assert out.splitlines()[:2] == [f"{PAPER}:1: CRLF line ends → LF", f"reformatted {PAPER}"]
    assert path.read_bytes() == (MODELINE + "title: A Paper\ncategory: [Compilers]\n").encode()


def test_fix_replaces_tabs_in_the_indentation_and_between_words(
    repo: Path, write: Any, run_cli: Any
) -> None:
    text = "title:\tA\tTabbed Paper\ncategory: [Compilers]\nlinks:\n\t- kind: Paper\n\t  url: https://example.org/t\n"
    path = write(repo, PAPER, text)

    code, out, err = run_cli(repo, "fmt", "--fix", PAPER)

    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        f"{PAPER}:1: 'title:\\tA\\tTabbed Paper' → 'title: A Tabbed Paper'",
        f"{PAPER}:4: '\\t- kind: Paper' → '  - kind: Paper'",
        f"{PAPER}:5: '\\t  url: https://example.org/t' → '    url: https://example.org/t'",
    ]
    assert path.read_text() == MODELINE + (
        "title: A Tabbed Paper\ncategory: [Compilers]\nlinks:\n"
        "  - kind: Paper\n    url: https://example.org/t\n"
    )


def test_fix_leaves_tabs_whose_width_decides_the_structure(
    repo: Path, write: Any, run_cli: Any
) -> None:
    # Two spaces to a tab: two affiliations; four or eight: one, "A - B".
    text = "title: A Paper\ncategory: [Compilers]\naffiliations:\n  - A\n\t- B\n"
    path = write(repo, PAPER, text)

    code, out, err = run_cli(repo, "fmt", "--fix", PAPER)

    assert code == 1
    assert f"{PAPER}:5:1: error [fmt] tabs left as they are: the indentation's tabs" in err
    assert "reformatted" not in out
    assert path.read_text() == text


def test_fix_with_nothing_to_fix_changes_nothing(repo: Path, run_cli: Any) -> None:
    before = {p: p.read_bytes() for p in (repo / "entries").rglob("*.yaml")}

    code, out, err = run_cli(repo, "fmt", "--fix")

    assert (code, out, err) == (
        0,
        "0 file(s) reformatted, 4 already canonical; 0 fixes applied\n",
        "",
    )
    assert {p: p.read_bytes() for p in (repo / "entries").rglob("*.yaml")} == before


def test_fix_leaves_a_suggestion_that_needs_a_person(repo: Path, write: Any, run_cli: Any) -> None:
    # The nearest category to a typo may not be the one meant: listed, never applied.
    text = MODELINE + "title: A Paper\ncategory: [Systems (SYS), Storag]\n"
    path = write(repo, PAPER, text)

    code, out, _ = run_cli(repo, "fmt", "--fix", PAPER)

    assert code == 0
    assert out == (
        f"{PAPER}:3: [category] suggested, not applied: [Systems (SYS), Storage]\n"
        "0 file(s) reformatted, 1 already canonical; 0 fixes applied\n"
    )
    assert path.read_text() == text


def test_fix_leaves_a_url_fix_that_changes_the_link(repo: Path, write: Any, run_cli: Any) -> None:
    # A publisher's page is not its DOI's resolver page, though both lead to the paper.
    url = "https://dl.acm.org/doi/10.1145/3600006.3613165"
    text = (
        MODELINE + f"title: A Paper\ncategory: [Compilers]\nlinks:\n  - kind: DOI\n    url: {url}\n"
    )
    path = write(repo, PAPER, text)

    code, out, _ = run_cli(repo, "fmt", "--fix", PAPER)

    assert (code, path.read_text()) == (0, text)
    assert "[url] suggested, not applied: https://doi.org/10.1145/3600006.3613165" in out


def test_fix_and_check_together_are_a_usage_error(repo: Path, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["-C", str(repo), "fmt", "--fix", "--check"])

    assert exc.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_any_check_registered_as_safe_gets_its_fixes_applied(
    repo: Path, write: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The mechanism, not the category check's policy: a check marks its fixes safe by its
    # entry in SAFE_FIXES, and fmt --fix needs nothing else.
    monkeypatch.setitem(SAFE_FIXES, "category", always)
    path = write(repo, PAPER, MODELINE + "title: A Paper\ncategory: [Systems (SYS), Storag]\n")

    code, out, _ = run_cli(repo, "fmt", "--fix", PAPER)

    assert code == 0
    assert out.splitlines()[0] == (f"{PAPER}:3: [Systems (SYS), Storag] → [Systems (SYS), Storage]")
    assert path.read_text() == MODELINE + "title: A Paper\ncategory: [Systems (SYS), Storage]\n"


def test_fix_never_rewrites_away_a_finding_it_does_not_fix(
    repo: Path, write: Any, run_cli: Any
) -> None:
    # Found by walking CONTRIBUTING.md: an affiliation indented one level too far reads as
    # 'CMU - Google'; the canonical form wrote it so, and the finding was gone for good.
    text = (
        MODELINE + "title: A Paper\ncategory: [Systems (SYS), Storage]\n"
        "links:\n  - kind: github\n    url: https://github.com/o/r\n"
        "affiliations:\n  - CMU\n    - Google\n"
    )
    path = write(repo, PAPER, text)

    code, out, err = run_cli(repo, "fmt", "--fix", PAPER)

    assert code == 1
    assert path.read_text() == text  # neither reformatted nor half-fixed
    assert f"{PAPER}:9: [text] suggested, not applied:   - Google\n" in out
    assert f"{PAPER}:9:1: error [fmt] not rewritten: the canonical form would hide line 9's" in err
    code, out, _ = run_cli(repo, "check", "--no-links", "--format", "text", PAPER)
    assert "[text]" in out  # still told
