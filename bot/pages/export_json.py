"""The list as JSON, in the layout ``schema/export.schema.json`` describes."""

from __future__ import annotations

import json

from bot.model.export_record import ExportedList


def json_text(records: ExportedList) -> str:
    # Keys in the models' order, papers in the records' order: the same data, the same bytes.
    data = records.model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
