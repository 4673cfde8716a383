"""The fast way to read an entry's YAML, for the loader's cached source.

Canonical entries are read by lines (bot/speed/line_reader.py), other plain ones by the
C parser (bot/speed/plain_reader.py); what neither vouches for takes the round trip,
which owns every refusal. Each reader must only be right about what it accepts: the
tests hold their data and positions equal to the round trip's.
"""

from __future__ import annotations

from typing import Any

from bot.files.loader import read_yaml
from bot.model.positions import Positions
from bot.speed.line_reader import parse_lines
from bot.speed.plain_reader import parse_plain


def read_fast(text: str) -> tuple[Any, Positions]:
    return parse_lines(text) or parse_plain(text) or read_yaml(text)
