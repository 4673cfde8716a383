"""``paperbot schema``: JSON Schema files generated from the models, and drift detection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.files.yaml_roundtrip import parse, to_plain

NAMES = [
    "config.schema.json",
    "export.schema.json",  # the JSON export's layout, not an entry file's
    "glossary.schema.json",
    "paper.schema.json",
    "venue.schema.json",
]
MAIN = Path(__file__).resolve().parents[2]
REAL_VENUE = MAIN / "entries/mlsys-2025"
REAL_ENTRY = REAL_VENUE / "adaparse.yaml"


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_schema_writes_one_file_per_model(tmp_path: Path, run_cli: Any) -> None:
    code, out, err = run_cli(tmp_path, "schema")
    assert (code, err) == (0, "")
    assert names_in(tmp_path / "schema") == NAMES
    assert sorted(out.splitlines()) == [f"wrote {tmp_path / 'schema' / n}" for n in NAMES]


def test_schema_files_are_json_with_an_id_and_a_dialect(tmp_path: Path, run_cli: Any) -> None:
    run_cli(tmp_path, "schema")
    for name in NAMES:
        schema = json.loads((tmp_path / "schema" / name).read_text(encoding="utf-8"))
        assert schema["$id"] == name
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_paper_schema_requires_title_and_category_and_forbids_other_keys(
    tmp_path: Path, run_cli: Any
) -> None:
    run_cli(tmp_path, "schema")
    schema = json.loads((tmp_path / "schema/paper.schema.json").read_text(encoding="utf-8"))
    assert schema["required"] == ["title", "category"]
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]) == [
        "title",
        "category",
        "position",
        "links",
        "title_url",
        "suffix",
        "doi",
        "authors",
        "affiliations",
        "awards",
        "notes",
        "blank_before",
    ]


def test_schema_check_passes_when_fresh(tmp_path: Path, run_cli: Any) -> None:
    run_cli(tmp_path, "schema")
    assert run_cli(tmp_path, "schema", "--check") == (0, "", "")


def test_schema_twice_writes_nothing_the_second_time(tmp_path: Path, run_cli: Any) -> None:
    run_cli(tmp_path, "schema")
    assert run_cli(tmp_path, "schema") == (0, "", "")


def test_schema_check_fails_with_a_diff_when_a_file_was_edited(
    tmp_path: Path, run_cli: Any
) -> None:
    run_cli(tmp_path, "schema")
    path = tmp_path / "schema/paper.schema.json"
    edited = path.read_text(encoding="utf-8").replace('"title",\n', '"titel",\n', 1)
    path.write_text(edited, encoding="utf-8")
    code, out, err = run_cli(tmp_path, "schema", "--check")
    assert code == 1
    assert f"--- {path} (on disk)" in out
    assert f"+++ {path} (from the models)" in out
    assert '-    "titel",\n+    "title",\n' in out
    assert "1 schema file(s) stale" in err
    assert path.read_text(encoding="utf-8") == edited


def test_schema_check_fails_when_a_file_is_missing(tmp_path: Path, run_cli: Any) -> None:
    run_cli(tmp_path, "schema")
    (tmp_path / "schema/venue.schema.json").unlink()
    code, out, err = run_cli(tmp_path, "schema", "--check")
    assert code == 1
    assert "venue.schema.json (from the models)" in out
    assert "1 schema file(s) stale" in err
    assert not (tmp_path / "schema/venue.schema.json").exists()


def test_project_schema_files_are_fresh(run_cli: Any) -> None:
    code, out, _ = run_cli(MAIN, "schema", "--check")
    assert (code, out) == (0, "")


def test_generated_schemas_validate_the_real_entries(tmp_path: Path, run_cli: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    run_cli(tmp_path, "schema")

    def validator(name: str) -> Any:
        schema = json.loads((tmp_path / "schema" / name).read_text(encoding="utf-8"))
        return jsonschema.Draft202012Validator(schema)

    paper, venue = validator("paper.schema.json"), validator("venue.schema.json")
    entries = sorted(REAL_VENUE.glob("*.yaml"))
    assert len(entries) > 1
    for path in entries:
        data = to_plain(parse(path.read_text(encoding="utf-8")))[0]
        (venue if path.name == "venue.yaml" else paper).validate(data)
    typo = {**to_plain(parse(REAL_ENTRY.read_text(encoding="utf-8")))[0], "titel": "typo"}
    with pytest.raises(jsonschema.ValidationError):
        paper.validate(typo)
