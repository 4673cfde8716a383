"""Titles compared as readers see them, and an index that finds near-equal ones fast.

A corpus of 50,000 titles has over a billion pairs, so near-duplicates are only
looked for among candidates that share a block: each title is filed under pairs of
its rarest word signatures, the way set-similarity joins use prefix filtering.
Two titles that differ by a typo, a plural or a dash still share most rare words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import chain, combinations

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Invisible characters that are not format characters (Unicode's
# Default_Ignorable_Code_Point list has them): the combining grapheme joiner and the
# Mongolian vowel separator vanish; Hangul fillers are letters that show as a blank.
_INVISIBLE = frozenset("\u034f\u180e")
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0")
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


# Every pattern of _MARKUP needs one of these to match: most titles skip all five.
_MARKUP_CHARS = re.compile(r"[\[\\{}$*`^_~]")
# _NOT_WORD on ASCII text, as a table: str.translate is several times faster than a regex
# substitution (re's \w and \s are str.isalnum() or "_" and str.isspace()).
_ASCII_NOT_WORD = {
    code: " " for code in range(128) if not (chr(code).isalnum() or chr(code).isspace())
}


def normalize_title(title: str) -> str:
    """The title reduced to its words, for comparison: equal results are the same title."""
    if title.isascii():
        # NFKC leaves ASCII as it is and there is nothing to fold: the common case, at C
        # speed (tests/test_titles.py holds it equal to the general path below).
        text = title
        if _MARKUP_CHARS.search(text):
            text = _strip_markup(text)  # stays ASCII: it only removes and keeps characters
        return " ".join(text.lower().replace("&", " and ").translate(_ASCII_NOT_WORD).split())
    return _normalize(title)


def _normalize(title: str) -> str:
    """normalize_title for any text: the reference the ASCII fast path must agree with."""
    text = unicodedata.normalize("NFKC", title)
    if not text.isascii():
        text = _fold_lookalikes(text)
    text = _strip_markup(text)
    text = _NOT_WORD.sub(" ", text.casefold().replace("&", " and "))
    return " ".join(text.split())


def _strip_markup(text: str) -> str:
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return text


def _fold_lookalikes(text: str) -> str:
    """Invisible characters dropped, and letters that look like a Latin letter or a digit
    (Cyrillic a, Greek omicron, mathematical bold A) turned into it: a title retyped with
    lookalikes is still the same title. Accented letters stay as they are."""
    table = lookalike_table()
    # Only the non-ASCII runs: translating every ASCII letter through the table is slow.
    return _NON_ASCII.sub(lambda run: run.group(0).translate(table), text)


@cache
def lookalike_table() -> dict[int, str | None]:
    """The translation table: every format character (category Cf: zero-width spaces and
    joiners, bidirectional marks, soft hyphens, ...) to nothing, a filler to a space, and each
    non-ASCII character whose confusable in Unicode's confusables.txt (as the
    confusable_homoglyphs package ships it) is one ASCII letter or digit, to it."""
    from confusable_homoglyphs import utils  # 900 KB of data: loaded when first needed

    table: dict[int, str | None] = {}
    for char, glyphs in utils.load("confusables.json").items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_twins = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()]
        if ascii_twins and ascii_twins[0].isalnum():
            table[ord(char)] = ascii_twins[0]
    # Format characters live in the first two planes and in the tags block only.
    for code in (*range(0x80, 0x20000), *range(0xE0000, 0xE0080)):
        if unicodedata.category(chr(code)) == "Cf":
            table[code] = None
    table.update(dict.fromkeys(map(ord, _INVISIBLE)))
    table.update(dict.fromkeys(map(ord, _BLANKS), " "))
    return table


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
    whichever of the two is asked about, the same pairs come out. ``pairs(cutoff)``
    gives what ``near`` gives for every title at once, scoring each pair once.

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
            # Every title's keys are needed: sorting by a rank (the same order as
            # (frequency, signature)) lets sorted() compare ints, with a key function in C.
            frequency = self._frequency
            rank = {s: r for r, s in enumerate(sorted(frequency, key=lambda s: (frequency[s], s)))}
            by_rank = rank.__getitem__
            self._blocks = defaultdict(list)
            for i, group in enumerate(groups):
                found = self._keys[i] = set(_keys(sorted(group, key=by_rank)))
                for key in found:
                    self._blocks[key].append(i)  # ascending: pairs() relies on it

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
            found = set()
            for key in self.keys(i):
                found.update(self._blocks[key])
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
        others = list(self.candidates(i))
        choices = list(map(self.titles.__getitem__, others))
        for _, score, k in process.extract(
            self.titles[i], choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            yield others[k], score

    def pairs(self, cutoff: float) -> dict[int, list[tuple[int, float]]]:
        """``near(i, cutoff)`` for every title ``i`` (as lists, in no particular order).

        The ratio is symmetric, so each pair is scored once, from the title that comes
        first: half the work of asking ``near`` for each title, and no Python set of
        candidates is built twice. Needs the blocks.
        """
        from rapidfuzz import fuzz, process  # loaded when titles are compared

        if self._blocks is None:
            raise ValueError("pairs() needs the blocks")
        blocks, titles, keys = self._blocks, self.titles, self._keys
        title_at = titles.__getitem__
        found: defaultdict[int, list[tuple[int, float]]] = defaultdict(list)
        for i in range(len(titles)):
            later: set[int] = set()
            for key in keys[i]:
                block = blocks[key]
                if len(block) > 1:  # most keys hold one title (a rare word's pairs)
                    later.update(block[bisect_right(block, i) :])
            if not later:
                continue
            others = list(later)
            for _, score, k in process.extract(
                titles[i], list(map(title_at, others)), scorer=fuzz.ratio,
                score_cutoff=cutoff, limit=None,
            ):  # fmt: skip
                j = others[k]
                found[i].append((j, score))
                found[j].append((i, score))
        return found


def _keys(rarest_first: list[str]) -> list[tuple[str, ...]]:
    prefix = rarest_first[:PREFIX]
    if len(prefix) < 2:  # a one-word title can only be filed under that word
        return [tuple(prefix)] if prefix else []
    return list(combinations(prefix, 2))
