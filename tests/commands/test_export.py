"""``paperbot export`` end to end, on the imported MLSys 2025 page: every format holds
every paper, parses back with readers' libraries, and keeps its citation keys."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bibtexparser
import jsonschema
import pybtex.database
import pytest
from helpers import import_mlsys, mlsys_page, run

from bot.commands.schema import schemas

XGRAMMAR = "entries/mlsys-2025/xgrammar.yaml"
# What enrich adds to the imported entry (before its affiliations, in canonical order).
ENRICHED = """\
doi: 10.48550/arXiv.2411.15100
authors:
  - Yixin Dong
  - Charlie F. Ruan
  - Research and Development Team
"""
# Added beside the others: its name sorts before every file of the venue, and its title
# and system name are those of a listed paper (a key from them would need a suffix).
ADDED = """\
title: 'XGrammar: Flexible and Efficient Structured Generation Engine for Large Language Models'
category: [Large Language Models (LLMs), LLM Inference]
links:
  - kind: Paper
    url: https://example.org/workshop/xgrammar
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    import_mlsys(tmp_path)
    path = tmp_path / XGRAMMAR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("affiliations:", ENRICHED + "affiliations:"), encoding="utf-8")
    return tmp_path


def _export(capsys: pytest.CaptureFixture[str], root: Path, form: str) -> str:
    code, out, err = run(capsys, root, "export", "--format", form)
    assert (code, err) == (0, ""), err
    return out


def _entry_files(root: Path) -> list[str]:
    files = sorted((root / "entries").glob("*/*.yaml"))
    return [f"{p.parent.name}:{p.stem}" for p in files if p.name != "venue.yaml"]


def test_json_holds_every_paper_in_file_order_and_validates_against_its_schema(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(_export(capsys, repo, "json"))

    schema = json.loads(schemas()["export.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=None).validate(data)
    assert [p["key"] for p in data["papers"]] == _entry_files(repo)
    paper = next(p for p in data["papers"] if p["path"] == XGRAMMAR)
    assert paper["venue"] == {"slug": "mlsys-2025", "name": "MLSys 2025", "year": 2025}
    assert paper["category"] == ["Large Language Models (LLMs)", "LLM Inference"]
    assert paper["authors"] == ["Yixin Dong", "Charlie F. Ruan", "Research and Development Team"]
    assert (paper["arxiv"], paper["doi"]) == ("2411.15100", "10.48550/arXiv.2411.15100")
    assert paper["url"] == "https://mlsys.org/virtual/2025/poster/3235"
    assert paper["links"][1] == {"kind": "arXiv", "url": "https://arxiv.org/abs/2411.15100"}
    assert paper["affiliations"] == ["CMU", "NVIDIA", "SJTU", "UC Berkeley"]


def test_the_committed_export_schema_is_the_models_schema() -> None:
    # The drift check (paperbot schema --check, run by the tests of the repository)
    # covers the file because schemas() names it.
    committed = Path(__file__).resolve().parents[2] / "schema" / "export.schema.json"
    assert committed.read_text(encoding="utf-8") == schemas()["export.schema.json"]


def test_csv_has_one_row_per_paper_and_its_lists_split_back(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(_export(capsys, repo, "json"))
    rows = list(csv.DictReader(io.StringIO(_export(capsys, repo, "csv"), newline="")))

    assert len(rows) == len(data["papers"])
    for row, paper in zip(rows, data["papers"], strict=True):
        assert row["key"] == paper["key"]
        assert row["title"] == paper["title"]
        assert row["venue_name"] == paper["venue"]["name"]
        for name in ("category", "authors", "affiliations", "awards"):
            assert (row[name].split("\n") if row[name] else []) == paper[name]
        links = [line.rsplit(" ", 1) for line in row["links"].split("\n") if line]
        assert [{"kind": k, "url": u} for k, u in links] == paper["links"]
        assert row["arxiv"] == (paper["arxiv"] or "")


def test_bibtex_parses_back_with_bibtexparser_and_with_pybtex(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _export(capsys, repo, "bibtex")

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == _entry_files(repo)
    assert {e.entry_type for e in library.entries} == {"inproceedings"}
    entry = library.entries_dict["mlsys-2025:xgrammar"]
    assert entry["booktitle"] == "MLSys 2025" and entry["year"] == "2025"
    assert entry["title"].startswith("{XGrammar: Flexible")  # braces keep the case
    assert entry["eprint"] == "2411.15100" and entry["archivePrefix"] == "arXiv"
    assert entry["doi"] == "10.48550/arXiv.2411.15100"
    assert entry["url"] == "https://mlsys.org/virtual/2025/poster/3235"

    database = pybtex.database.parse_string(text, "bibtex")  # refuses a repeated key
    assert list(database.entries) == _entry_files(repo)
    people = database.entries["mlsys-2025:xgrammar"].persons["author"]
    assert [str(p) for p in people] == [
        "Dong, Yixin",
        "Ruan, Charlie F.",
        "{Research and Development Team}",
    ]


def test_keys_stay_the_same_across_a_rerun_and_when_a_paper_is_added(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _export(capsys, repo, "bibtex")
    assert _export(capsys, repo, "bibtex") == first  # a rerun: the same bytes
    before = {e.key: e for e in bibtexparser.parse_string(first).entries}

    (repo / "entries/mlsys-2025/0-xgrammar.yaml").write_text(ADDED, encoding="utf-8")
    after = {e.key: e for e in bibtexparser.parse_string(_export(capsys, repo, "bibtex")).entries}

    assert set(after) - set(before) == {"mlsys-2025:0-xgrammar"}
    for key, entry in before.items():  # every published key still names the same paper
        assert after[key].fields_dict.keys() == entry.fields_dict.keys()
        assert [f.value for f in after[key].fields] == [f.value for f in entry.fields]
    assert len({key.casefold() for key in after}) == len(after)


@pytest.mark.parametrize("form", ["json", "csv", "bibtex"])
def test_output_writes_the_file_and_nothing_to_stdout(
    repo: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    expected = _export(capsys, repo, form)
    target = repo / f"papers.{form}"

    assert run(capsys, repo, "export", "--format", form, "--output", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8") == expected


def test_entries_with_errors_export_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = repo / "papers.json"
    target.write_text("kept\n", encoding="utf-8")
    broken = repo / "entries/mlsys-2025/broken.yaml"
    broken.write_text("title: 'Broken: A Paper'\ncategory: [No Such Area]\n", encoding="utf-8")

    code, out, err = run(capsys, repo, "export", "--format", "json", "--output", str(target))

    assert (code, out) == (1, "")
    assert "entries/mlsys-2025/broken.yaml:2:" in err and "nothing written" in err
    assert target.read_text(encoding="utf-8") == "kept\n"


def test_two_files_whose_names_differ_only_in_case_are_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # BibTeX and biber compare keys without case: the two keys would be one.
    (repo / "entries/mlsys-2025/XGrammar.yaml").write_text(ADDED, encoding="utf-8")

    code, out, err = run(capsys, repo, "export", "--format", "bibtex")

    assert (code, out) == (1, "")
    assert "entries/mlsys-2025/xgrammar.yaml:1:1" in err
    assert "differs from entries/mlsys-2025/XGrammar.yaml's only in case" in err


def test_an_unknown_format_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        run(capsys, repo, "export", "--format", "ris")
    assert stop.value.code == 2


def test_authors_and_doi_are_not_shown_on_the_page(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The seed page stays byte for byte although xgrammar.yaml now has both.
    code, out, err = run(capsys, repo, "render")

    assert (code, err) == (0, "")
    assert out == mlsys_page()
