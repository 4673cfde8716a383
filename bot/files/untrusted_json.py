"""Reading a JSON file someone else wrote: bounded in size, validated by a model, and
every failure one clear line (FatalError), never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.errors import FatalError

M = TypeVar("M", bound=BaseModel)


def read_json(path: Path, model: type[M], limit: int, what: str, invalid: str) -> M:
    """``what`` names the file in messages ("the report"); ``invalid`` says what a bad
    one is not ("a valid paperbot report")."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)  # never more than the limit into memory
    except OSError as exc:
        raise FatalError(f"{path}: cannot read {what}: {exc.strerror}") from None
    if len(raw) > limit:
        raise FatalError(f"{path}: {what} is larger than {limit} bytes; refused")
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        # A forged key can be megabytes long: the message quotes the start of each.
        where = ".".join(str(part)[:60] for part in first["loc"]) or "the file"
        raise FatalError(f"{path}: not {invalid} ({where}: {first['msg']})") from None
