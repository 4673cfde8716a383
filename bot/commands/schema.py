"""``paperbot schema``: write ``schema/*.schema.json`` from the models."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from typing import Any

from pydantic import BaseModel

from bot.files.canonical import SCHEMA_OF
from bot.files.text_files import read_text, write_text
from bot.model.export_record import ExportedList

FOLDER = "schema"
# Files paperbot writes for others to read, described like the entry files.
OUTPUT_SCHEMAS: dict[type[BaseModel], str] = {ExportedList: "export.schema.json"}


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(name, help=summary)
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when a file is stale"
    )


def schemas() -> dict[str, str]:
    """File name -> text, for every model an entry file can hold and every export."""
    out = {}
    for model, filename in [*SCHEMA_OF.items(), *OUTPUT_SCHEMAS.items()]:
        schema = model.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": filename,
            **schema,
        }
        out[filename] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def run(args: argparse.Namespace) -> int:
    folder = args.root / FOLDER
    stale = 0
    for filename, text in schemas().items():
        path = folder / filename
        current = read_text(path)
        if current == text:
            continue
        stale += 1
        if args.check:
            sys.stdout.writelines(
                difflib.unified_diff(
                    (current or "").splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"{path} (on disk)",
                    tofile=f"{path} (from the models)",
                )
            )
        else:
            folder.mkdir(parents=True, exist_ok=True)
            write_text(path, text)
            print(f"wrote {path}")
    if args.check and stale:
        print(f"paperbot: {stale} schema file(s) stale; run 'paperbot schema'", file=sys.stderr)
        return 1
    return 0
