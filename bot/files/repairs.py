"""What ``paperbot fmt --fix`` repairs before the parser sees a file, and says so.

A byte-order mark and CR line ends go (``input_guard.repaired``, as plain ``fmt`` does).
Tabs become spaces where that cannot change what the file says. A tab after a line's
first token separates words, or a key from its value: it becomes one space. A tab in the
indentation (or after a list's ``- ``) stands for an unknown number of columns, and the
columns decide the structure. So the file is read with tab stops of 2, 4 and 8: the tabs
are replaced when every reading that parses gives the same data, and left for a person
when none parses or two readings disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.files.input_guard import repaired
from bot.files.yaml_roundtrip import YamlProblem, parse, to_plain

TAB_STOPS = (2, 4, 8)
# Indentation, with the block indicators that move a line's content to the right.
_LEADING = re.compile(r"(?:[ \t]|[-?:](?=[ \t]))*")


@dataclass(frozen=True)
class Repair:
    raw: bytes  # the bytes to parse
    changes: list[tuple[int, str, str]]  # (line, what was there, what is there now)
    problem: tuple[int, str] | None = None  # (line, why) for tabs left as they are


def before_parsing(raw: bytes) -> Repair:
    """``raw`` without a BOM, CR line ends and (where safe) tabs, and what changed."""
    changes = []
    fixed = repaired(raw)
    if raw.startswith(b"\xef\xbb\xbf"):
        changes.append((1, "byte-order mark", "removed"))
    if b"\r" in raw:
        changes.append((raw.count(b"\n", 0, raw.index(b"\r")) + 1, "CRLF line ends", "LF"))
    try:
        text = fixed.decode("utf-8")
    except UnicodeDecodeError:
        return Repair(fixed, changes)  # the loader says where
    if "\t" not in text:
        return Repair(fixed, changes)
    tabs = without_tabs(text)
    if tabs.text is None:
        return Repair(fixed, changes, (tabs.lines[0], f"tabs left as they are: {tabs.why}"))
    old, new = text.split("\n"), tabs.text.split("\n")
    changes += [(n, repr(old[n - 1]), repr(new[n - 1])) for n in tabs.lines]
    return Repair(tabs.text.encode("utf-8"), changes)


@dataclass(frozen=True)
class TabRepair:
    text: str | None  # the text without tabs, or None when no replacement is safe
    lines: tuple[int, ...]  # the 1-based lines that held tabs
    why: str = ""  # when text is None: why the tabs were left alone


def without_tabs(text: str) -> TabRepair:
    lines = text.split("\n")
    tabbed = tuple(number for number, line in enumerate(lines, 1) if "\t" in line)
    if not tabbed:
        return TabRepair(text, ())
    parsed = {}
    for reading in dict.fromkeys(_spaced(lines, stop) for stop in TAB_STOPS):
        try:
            parsed[reading] = to_plain(parse(reading))[0]
        except YamlProblem:
            continue
    if not parsed:
        return TabRepair(None, tabbed, "the file is not valid YAML with its tabs as spaces")
    first, *others = parsed.items()
    if any(data != first[1] for _, data in others):
        why = "the indentation's tabs can be read more than one way; replace them by hand"
        return TabRepair(None, tabbed, why)
    return TabRepair(first[0], tabbed)


def _spaced(lines: list[str], stop: int) -> str:
    out = []
    for line in lines:
        lead = _LEADING.match(line)
        end = lead.end() if lead else 0
        out.append(line[:end].expandtabs(stop) + line[end:].replace("\t", " "))
    return "\n".join(out)
