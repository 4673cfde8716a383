"""Titles compared as readers see them, and an index that finds near-equal ones fast.

A corpus of 50,000 titles has over a billion pairs, so near-duplicates are only
looked for among candidates that share a block: each title is filed under pairs of
its rarest word signatures, the way set-similarity joins use prefix filtering.
Two titles that differ by a typo, a plural or a dash still share most rare words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, combinations

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"))
_MARKUP = [
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"\\[A-Za-z]+\*?\s*"), " "),  # \emph, \textbf{...} (the braces go below)
    (re.compile(r"\\(.)"), r"\1"),  # \& \_ \% -> the character itself
    (re.compile(r"[{}$*`^]|(?<!\w)_+|_+(?!\w)"), ""),  # braces, math, emphasis marks
    (re.compile(r"~"), " "),  # LaTeX's unbreakable space
]
# Everything that is neither a letter, a digit nor a space is punctuation here:
# dashes of every width, quotes, colons, slashes, symbols.
_NOT_WORD = re.compile(r"[^\w\s]|_")
# Words that carry no signal for blocking (rarity alone would also push them out).
_STOP = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or"}
    | {"the", "to", "towards", "via", "with"}
)
# A title is filed under each pair of its PREFIX rarest word signatures. Two titles
# that differ in d signatures share at least PREFIX - d of their rarest ones, so they
# meet in a block while d <= PREFIX - 2; pairs keep blocks small where single common
# words ("learning", "efficient") would gather thousands of titles.
PREFIX = 5


def normalize_title(title: str) -> str:
    """The title reduced to its words, for comparison: equal results are the same title."""
    text = unicodedata.normalize("NFKC", title).translate(_ZERO_WIDTH)
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    text = _NOT_WORD.sub(" ", text.casefold().replace("&", " and "))
    return " ".join(text.split())


def system_name(title: str) -> str | None:
    """The name before the colon ("QServe" in "QServe: ..."), normalised, if there is one."""
    head, colon, _ = title.partition(":")
    return normalize_title(head) if colon and len(head) <= 40 else None


def signatures(normalized: str) -> set[str]:
    # Plurals and -izing/-ising spellings share the first six letters of the singular.
    return {w.removesuffix("s")[:6] for w in normalized.split() if w not in _STOP and len(w) > 1}


class TitleIndex:
    """Blocks over a list of normalised titles; ``candidates(i)`` are the titles worth
    scoring against title ``i``, and ``near(i, cutoff)`` scores them with rapidfuzz.

    Two titles are candidates when they share a block key, which is symmetric:
    whichever of the two is asked about, the same pairs come out.

    ``blocks=False`` builds no blocks, for a few queries (a pull request's papers):
    ``near`` then scores the query against every title in C and keeps the titles
    that share a block key with it, which is exactly what the blocks would give.
    """

    def __init__(
        self,
        titles: Sequence[str],
        sigs: Iterable[Iterable[str]] | None = None,  # each title's signatures, if known
        blocks: bool = True,
    ) -> None:
        self.titles = list(titles)
        # Each title's signatures once (a set, or the sorted list bot/paperkeys.py keeps).
        groups: list[Iterable[str]] = (
            [signatures(t) for t in self.titles] if sigs is None else list(sigs)
        )
        self._groups = groups
        self._frequency = Counter(chain.from_iterable(groups))
        self._keys: dict[int, set[tuple[str, ...]]] = {}
        self._blocks: defaultdict[tuple[str, ...], list[int]] | None = None
        if blocks:
            self._blocks = defaultdict(list)
            for i in range(len(groups)):
                for key in self.keys(i):
                    self._blocks[key].append(i)

    def keys(self, i: int) -> set[tuple[str, ...]]:
        found = self._keys.get(i)
        if found is None:
            frequency = self._frequency
            rarest = sorted(self._groups[i], key=lambda s: (frequency[s], s))
            found = self._keys[i] = set(_keys(rarest))
        return found

    def candidates(self, i: int) -> set[int]:
        if self._blocks is None:
            mine = self.keys(i)
            found = {j for j in range(len(self.titles)) if mine & self.keys(j)}
        else:
            found = {j for key in self.keys(i) for j in self._blocks[key]}
        found.discard(i)
        return found

    def near(self, i: int, cutoff: float) -> Iterator[tuple[int, float]]:
        """Titles scoring at least ``cutoff`` (0-100, rapidfuzz's normalised Indel ratio)."""
        from rapidfuzz import fuzz, process  # loaded when titles are compared

        if self._blocks is None:
            mine = self.keys(i)
            for _, score, j in process.extract(
                self.titles[i], self.titles, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                if j != i and mine & self.keys(j):
                    yield j, score
            return
        choices = {j: self.titles[j] for j in self.candidates(i)}
        for _, score, j in process.extract(
            self.titles[i], choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            yield j, score


def _keys(rarest_first: list[str]) -> list[tuple[str, ...]]:
    prefix = rarest_first[:PREFIX]
    if len(prefix) < 2:  # a one-word title can only be filed under that word
        return [tuple(prefix)] if prefix else []
    return list(combinations(prefix, 2))
