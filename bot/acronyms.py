"""Where glossary terms are used: shared by the renderer and the acronym check."""

from __future__ import annotations

import re
from collections.abc import Iterable


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One regex finding any of ``terms`` as a whole word, plural (LLMs) or hyphenated (LUT-based).

    Longer terms are tried first so that "LLMs" is not read as "LLM" + "s" when
    both are defined.
    """
    ordered = sorted(set(terms), key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(re.escape(term) for term in ordered)
    return re.compile(rf"(?<![\w])({alternatives})(?:s|es)?(?![\w])")


def first_uses(texts: Iterable[str], terms: Iterable[str]) -> list[str]:
    """The terms that occur in ``texts``, in order of first occurrence."""
    pattern = term_pattern(terms)
    if pattern is None:
        return []
    seen: dict[str, None] = {}
    for text in texts:
        for match in pattern.finditer(text):
            seen.setdefault(match.group(1), None)
    return list(seen)
