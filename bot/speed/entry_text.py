"""The canonical text of a new paper entry, written without ruamel's emitter.

``canonical.model_text`` dumps each entry through ruamel.yaml's round trip and parses the
text back to be sure it reads as written: about 5 ms a paper, most of a 50,000-paper
import. A new entry built by ``import`` is plain data (no comments), and nearly all of
its values are one-line ASCII text, for which the emitter's choices are simple: plain
when the text allows it and reads back as text, else single quotes, else double quotes
(ruamel's ``analyze_scalar`` and ``choose_scalar_style``, for printable ASCII).

The rule is the fast readers' (bot/speed/line_reader.py): this module only has to be
right about what it accepts. Any other value (non-ASCII, a tab, a long line, an empty
list, a type it does not know) gives None and the caller takes ``model_text``. What it
writes is read back by the line reader, which is held to the round trip's data on what
it accepts: a text that does not read back as the same data gives None too. Then the
emitter's first dump would have read back as well, so ``model_text`` returns exactly
this text; tests/speed/test_entry_text.py holds the two equal on tricky values.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from bot.files.canonical import modeline
from bot.model.entries import Paper
from bot.speed.line_reader import parse_lines

# Printable ASCII, one line, short enough that the emitter never folds it (its width is
# 4096 columns: bot/files/yaml_roundtrip.py).
_SIMPLE = re.compile(r"[ -~]{1,1000}")
_WIDTH = 4000
# What keeps a plain scalar from block context (ruamel's analyze_scalar): a leading
# indicator, "-", "?" or ":" before a space or alone, ": " or " #" inside, ":" at the end,
# a document marker, a space at either end.
_NOT_BLOCK_PLAIN = re.compile(
    r"\A(?:[#,\[\]{}&*!|>'\"%@`]|[-?:](?: |\Z)|---|\.\.\.)|: | #|:\Z|\A | \Z"
)
# In a flow list: the same, but "?" and ":" first only alone, and ",[]{}" anywhere.
_NOT_FLOW_PLAIN = re.compile(
    r"\A(?:[#,\[\]{}&*!|>'\"%@`]|-(?: |\Z)|[?:]\Z|---|\.\.\.)|[,\[\]{}]|(?<=.):(?: |\Z)| #|\A | \Z"
)
_RESOLVER = VersionedResolver(version=(1, 2))  # as the dumper resolves a plain scalar
_STR = "tag:yaml.org,2002:str"
# The resolver picks its rules by a scalar's first character: one no rule starts with
# ("Serving", "CMU", "https://...") is text without asking (asking costs ~20 us).
_RULED_FIRST = frozenset(first for first in _RESOLVER.versioned_resolver if first)
_FLOW = ("category",)  # a paper's category is a flow list (canonical.py's _FLOW)


class _Unsure(Exception):
    """A value this module does not vouch for: model_text writes the entry."""


def paper_text(paper: Paper, depth: int) -> str | None:
    """``model_text(paper, depth)``, or None when this module cannot vouch for it."""
    data = paper.model_dump(exclude_defaults=True)
    try:
        lines = [modeline(Paper, depth)]
        for key in Paper.model_fields:
            if key in data:
                lines += _field(key, data[key])
    except _Unsure:
        return None
    lines.append("")
    text = "\n".join(lines)
    read = parse_lines(text)
    if read is None or read[0] != data:
        return None
    return text


def _field(key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [f"{key}: {_scalar(value, flow=False)}"]
    if isinstance(value, int) and not isinstance(value, bool):
        return [f"{key}: {value}"]
    if not isinstance(value, list) or not value:
        raise _Unsure  # an empty list is written "[]" unless it is dropped: model_text knows
    if key in _FLOW:
        line = f"{key}: [{', '.join(_scalar(item, flow=True) for item in value)}]"
        if len(line) > _WIDTH:
            raise _Unsure  # the emitter breaks a flow list this long over lines
        return [line]
    lines = [f"{key}:"]
    for item in value:
        if isinstance(item, str):
            lines.append(f"  - {_scalar(item, flow=False)}")
        elif isinstance(item, dict) and item:
            pairs = [f"{name}: {_scalar(text, flow=False)}" for name, text in item.items()]
            lines.append(f"  - {pairs[0]}")
            lines += [f"    {pair}" for pair in pairs[1:]]
        else:
            raise _Unsure
    return lines


def _scalar(value: object, flow: bool) -> str:
    if not isinstance(value, str):
        raise _Unsure
    if not value:
        return "''"
    if not _SIMPLE.fullmatch(value):
        raise _Unsure
    plain = not (_NOT_FLOW_PLAIN if flow else _NOT_BLOCK_PLAIN).search(value)
    if plain and _resolves_to_text(value):
        if flow and _NOT_BLOCK_PLAIN.search(value):
            # The emitter writes "[? x]" plain, which reads back as a mapping: model_text
            # then takes block style. Not this module's to copy.
            raise _Unsure
        return value
    if "'" in value:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"'{value}'"


def _resolves_to_text(value: str) -> bool:
    if value[0] not in _RULED_FIRST:
        return True
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
    return bool(getattr(tag, "value", tag) == _STR)
