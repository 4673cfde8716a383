"""Contributor text inside Markdown that GitHub renders: inert and well-formed.

A title may hold anything; in a comment or summary it must not start a heading,
close a table cell, ping someone with @name, or load a remote image.
"""

from __future__ import annotations

import re

# Characters that open Markdown or HTML constructs inside a line. Text is folded to
# one line and always follows other text, so line-start syntax (#, -, 1.) cannot fire.
_SPECIAL = re.compile(r"([\\`*_\[\]|~!])")


def text(value: str) -> str:
    """Escape ``value`` so GitHub renders exactly its characters, on one line."""
    folded = " ".join(value.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _SPECIAL.sub(r"\\\1", folded)
    return escaped.replace("@", "&#64;")  # no mentions: GitHub shows @ and pings nobody


def line_start(value: str) -> str:
    """``text(value)`` for the start of a line or a bullet, where ``#``, ``>``, ``-``,
    ``+``, ``=`` and ``1.`` would begin a heading, quote, list or rule."""
    escaped = text(value)
    number = re.match(r"\d+(?=[.)])", escaped)
    if number:
        return escaped[: number.end()] + "\\" + escaped[number.end() :]
    return "\\" + escaped if escaped[:1] in ("#", ">", "-", "+", "=") else escaped


def code(value: str) -> str:
    """An inline code span that holds ``value`` whatever backticks it contains."""
    one_line = " ".join(value.split())
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") or not one_line else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"
