"""Whole numbers as both YAML readers construct them, however many digits they have.

Python refuses to convert a string of more than 4,300 digits to an int (a guard
against quadratic work), so a ``position:`` of 5,000 digits made the readers raise
and the file was reported as a bug. Such a number is read as TOO_LARGE instead: no
field takes a number that large, so the schema says what the field's limit is.
"""

from __future__ import annotations

import sys
from typing import Any

from ruamel.yaml.constructor import RoundTripConstructor

# Larger than every bound a model sets (and cheap: no conversion from text).
TOO_LARGE = 10**30
# Python's own limit (0 when a program lifted it; 4,300 is the default).
_MAX_DIGITS = sys.get_int_max_str_digits() or 4300


def whole_number(text: str) -> int:
    """``int(text)`` for a YAML decimal integer (sign and ``_`` separators allowed), or
    plus or minus TOO_LARGE when it has more digits than Python converts."""
    if _too_long(text):
        return -TOO_LARGE if text.startswith("-") else TOO_LARGE
    return int(text)


def _too_long(text: str) -> bool:
    digits = text.replace("_", "").lstrip("+-")
    return len(digits) > _MAX_DIGITS and digits.isdigit()


class LongIntConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor, with whole numbers of any length."""

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            if _too_long(str(node.value)):
                return whole_number(str(node.value))
            raise


LongIntConstructor.add_constructor("tag:yaml.org,2002:int", LongIntConstructor.construct_yaml_int)
