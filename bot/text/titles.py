"""Titles compared as readers see them, and an index that finds near-equal ones fast.

A corpus of 50,000 titles has over a billion pairs, so near-duplicates are only
looked for among candidates that share a block: each title is filed under pairs of
its rarest word signatures, the way set-similarity joins use prefix filtering.
Two titles that differ by a typo, a plural or a dash still share most rare words.
A block that grows too large is split by one more signature (see BLOCK), so the
comparisons grow with the list instead of with its square, and two titles whose
signatures differ by at most SPARE on each side still meet.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from bisect import bisect_left, bisect_right
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
SPARE = PREFIX - 2  # the differing signatures (on each side) two titles may have and meet
# Pairs of words that go together ("fault tolerant", "key value") still make blocks that
# grow with the list, and a block of m titles costs m * m / 2 comparisons. A block of more
# than BLOCK titles is split, up to SPLITS times, by one more signature of each of its
# titles: a block of k signatures by each of a title's first k + SPARE + 1 rarest ones
# outside the key. Two titles that differ in at most SPARE signatures on each side share
# the key made of their rarest common signatures c1 < c2 < ... in order: c(n) is among
# the first n + SPARE of either title's signatures. A title that has no more than
# k + SPARE signatures stays in the block of k too (a title it must meet may share no
# further signature), so the guarantee above holds at every split.
BLOCK = 32
SPLITS = 3
# Titles that share every rare word (a pull request of 3,000 near-identical titles) stay
# in one block however it is split, and every pair of them may match. So a title is
# scored against at most LIMIT titles on each side of it in each of its blocks, nearest
# first in growing windows, and a caller that needs only a few matches (``enough``)
# stops there: near-identical titles find theirs in the first window, so the work grows
# with the list, not with its square. Real lists stay below LIMIT: 20,000 synthetic
# titles from a small vocabulary give blocks of at most 485 titles.
LIMIT = 2048


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
        # speed (tests/text/test_titles.py holds it equal to the general path below).
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


Key = tuple[str, ...]


class TitleIndex:
    """Blocks over a list of normalised titles; ``candidates(i)`` are the titles worth
    scoring against title ``i``, and ``near(i, cutoff)`` scores them with rapidfuzz.

    Two titles are candidates when they are filed under a common key, which is
    symmetric: whichever of the two is asked about, the same pairs come out.
    ``pairs(cutoff)`` gives what ``near`` gives for every title at once, scoring each
    pair once.

    ``blocks=False`` builds no blocks, for a few queries (a pull request's papers):
    ``near`` then scores the query against every title in C and keeps the titles
    that share a key with it, which is exactly what the blocks would give (the size
    of a block that may be split is then counted when a pair needs it).
    """

    def __init__(
        self,
        titles: Sequence[str],
        sigs: Iterable[Iterable[str]] | None = None,  # each title's signatures, if known
        blocks: bool = True,
        block: int = BLOCK,  # the largest block left whole (tests make it small)
        limit: int = LIMIT,  # a block's titles on each side of one that it is scored against
        enough: int | None = None,  # near() and pairs() may stop at this many matches
    ) -> None:
        self.titles = list(titles)
        self.limit = limit
        self.enough = enough if enough is not None else len(self.titles)
        self._same: dict[tuple[int, ...], list[int]] = {}
        self.scored = 0  # pairs scored so far: what the bound on the work is about
        # Each title's signatures once (a set, or the sorted list bot/checks/paper_keys.py keeps).
        groups: list[Iterable[str]] = (
            [signatures(t) for t in self.titles] if sigs is None else list(sigs)
        )
        self._groups = groups
        self._frequency = Counter(chain.from_iterable(groups))
        self._block = block
        self._rarest: dict[int, list[str]] = {}
        self._keys: dict[int, set[Key]] = {}
        self._sizes: dict[Key, int] = {}
        self._blocks: dict[Key, list[int]] | None = None
        # With the blocks: the keys whose block was split, and each distinct block once.
        self._split: set[Key] = set()
        self._lists: list[list[int]] = []
        if blocks:
            # The blocks are lists, sets and tuples of strings: no cycles for the
            # collector to find, only tens of thousands of new objects to walk.
            collecting = gc.isenabled()
            gc.disable()
            try:
                self._build()
            finally:
                if collecting:
                    gc.enable()

    def _build(self) -> None:
        # Every title's keys are needed: sorting by a rank (the same order as
        # (frequency, signature)) lets sorted() compare ints, with a key function in C.
        frequency = self._frequency
        rank = {s: r for r, s in enumerate(sorted(frequency, key=lambda s: (frequency[s], s)))}
        by_rank = rank.__getitem__
        pairs: defaultdict[Key, list[int]] = defaultdict(list)
        for i, group in enumerate(self._groups):
            rarest = self._rarest[i] = sorted(group, key=by_rank)
            for key in _keys(rarest):
                pairs[key].append(i)  # ascending, as every block: pairs() relies on it
        self._blocks = {}
        for key, members in pairs.items():
            if len(members) > 1:  # most: a pair with a rare word
                self._settle(key, members, 0)
        self._lists = list(self._same.values())
        self._same.clear()  # only needed while filing

    def _settle(self, key: Key, members: list[int], splits: int) -> None:
        """File ``members`` under ``key``, or split the block if it is too large."""
        if len(members) == 1:
            return  # a title alone meets no other: most pairs hold a rare word
        if len(members) <= self._block or len(key) < 2 or splits == SPLITS:
            self._file(key, members)
            return
        self._split.add(key)
        width = len(key) + SPARE
        kept: list[int] = []
        parts: defaultdict[Key, list[int]] = defaultdict(list)
        for t in members:
            rarest = self._rarest[t]
            if len(rarest) <= width:
                kept.append(t)
            for extra in rarest[: width + 1]:
                if extra not in key:
                    parts[(*key, extra)].append(t)
        if len(kept) > 1:
            self._file(key, kept)
        for part, found in parts.items():
            self._settle(part, found, splits + 1)

    def _file(self, key: Key, members: list[int]) -> None:
        assert self._blocks is not None
        # Titles with the same rare words share all their blocks: one list, scored once.
        # Each title's keys are not kept: keys() works them out when asked (pairs() reads
        # the blocks as they are), which spares a set per title and an entry per key.
        self._blocks[key] = self._same.setdefault(tuple(members), members)

    def keys(self, i: int) -> set[Key]:
        """The keys title ``i`` is filed under (without blocks: that it would be)."""
        found = self._keys.get(i)
        if found is None:
            found = set()
            rarest = self._sorted(i)
            for key in _keys(rarest):
                self._descend(key, rarest, 0, found)
            if self._blocks is not None:  # only the keys of blocks it is filed in
                found = {key for key in found if _holds(self._blocks.get(key, ()), i)}
            self._keys[i] = found
        return found

    def _descend(self, key: Key, rarest: list[str], splits: int, found: set[Key]) -> None:
        """The keys a title is filed under, starting from one of its pairs (no blocks)."""
        if len(key) < 2 or splits == SPLITS or self._small(key):
            found.add(key)
            return
        width = len(key) + SPARE
        if len(rarest) <= width:
            found.add(key)
        for extra in rarest[: width + 1]:
            if extra not in key:
                self._descend((*key, extra), rarest, splits + 1, found)

    def _sorted(self, i: int) -> list[str]:
        found = self._rarest.get(i)
        if found is None:
            frequency = self._frequency
            found = self._rarest[i] = sorted(self._groups[i], key=lambda s: (frequency[s], s))
        return found

    def _small(self, key: Key) -> bool:
        """Whether the block of ``key`` is left whole (without blocks: counted once)."""
        if self._blocks is not None:
            return key not in self._split
        size = self._sizes.get(key)
        if size is None:
            if min(self._frequency[s] for s in key) <= self._block:
                return True  # no block is larger than its rarest word's titles
            size = self._sizes[key] = self._count(key)
        return size <= self._block

    def _count(self, key: Key) -> int:
        """How many titles the blocks would file under ``key`` before splitting it."""
        first, second = key[0], key[1]
        return sum(
            1
            for t, group in enumerate(self._groups)
            if first in group and second in group and _reaches(self._sorted(t), key)
        )

    def _meet(self, i: int, j: int) -> bool:
        """Whether titles i and j share a key, working out only the keys they share."""
        mine, theirs = self._sorted(i), self._sorted(j)
        shared = set(_keys(mine)).intersection(_keys(theirs))
        return any(self._both(key, mine, theirs, 0) for key in shared)

    def _both(self, key: Key, mine: list[str], theirs: list[str], splits: int) -> bool:
        if len(key) < 2 or splits == SPLITS or self._small(key):
            return True  # both are filed under it
        width = len(key) + SPARE
        if len(mine) <= width and len(theirs) <= width:
            return True  # both stay in the block that is split
        common = set(theirs[: width + 1])
        return any(
            self._both((*key, extra), mine, theirs, splits + 1)
            for extra in mine[: width + 1]
            if extra in common and extra not in key
        )

    def candidates(self, i: int) -> set[int]:
        if self._blocks is None:
            return {j for j in range(len(self.titles)) if j != i and self._meet(i, j)}
        return self._window(i, self.limit, before=True)

    def _window(self, i: int, width: int, before: bool) -> set[int]:
        """The ``width`` titles after ``i`` in each of its blocks (what ``pairs`` scores
        from i), and with ``before`` the ``width`` before it (those that score i)."""
        assert self._blocks is not None
        found: set[int] = set()
        done: set[int] = set()  # blocks of equal members are one list (_file)
        for key in self.keys(i):
            block = self._blocks[key]
            if id(block) in done:
                continue
            done.add(id(block))
            at = bisect_right(block, i)  # block[at - 1] is i
            found.update(block[at : at + width])
            if before:
                found.update(block[max(0, at - 1 - width) : at - 1])
        found.discard(i)
        return found

    def _widest(self, i: int) -> int:
        assert self._blocks is not None
        return max((len(self._blocks[key]) for key in self.keys(i)), default=0)

    def near(self, i: int, cutoff: float) -> Iterator[tuple[int, float]]:
        """Titles scoring at least ``cutoff`` (0-100, rapidfuzz's normalised Indel ratio);
        with ``enough``, it may stop once that many are found."""
        from rapidfuzz import fuzz, process  # loaded when titles are compared

        if self._blocks is None:
            # One query against every title, in C: linear for each of a few queries.
            self.scored += len(self.titles)
            found = 0
            for _, score, j in process.extract(
                self.titles[i], self.titles, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                if j != i and self._meet(i, j):
                    yield j, score
                    found += 1
                    if found == self.enough:
                        return
            return
        seen: set[int] = set()
        found = 0
        widest = self._widest(i)
        for width in _widths(self.limit):
            others = sorted(self._window(i, width, before=True) - seen)
            seen.update(others)
            self.scored += len(others)
            for _, score, k in process.extract(
                self.titles[i], list(map(self.titles.__getitem__, others)), scorer=fuzz.ratio,
                score_cutoff=cutoff, limit=None,
            ):  # fmt: skip
                yield others[k], score
                found += 1
            if width >= widest or found >= self.enough:
                return

    def pairs(self, cutoff: float) -> dict[int, list[tuple[int, float]]]:
        """``near(i, cutoff)`` for every title ``i`` (as lists, in no particular order).

        The ratio is symmetric, so each pair is scored once, from the title that comes
        first: half the work of asking ``near`` for each title, and no Python set of
        candidates is built twice. Needs the blocks.
        """
        from rapidfuzz import fuzz, process  # loaded when titles are compared

        if self._blocks is None:
            raise ValueError("pairs() needs the blocks")
        titles = self.titles
        title_at = titles.__getitem__
        widths = _widths(self.limit)
        first = widths[0]
        # One pass over the distinct blocks gives every title its first window (the
        # titles after it, up to ``first``) and its widest block: nothing is looked up
        # per title and key. Blocks wider than the first window are kept per title for
        # the rare title that looks further.
        ahead: list[list[int]] = [[] for _ in titles]
        widest = [0] * len(titles)
        wide: defaultdict[int, list[tuple[list[int], int]]] = defaultdict(list)
        for block in self._lists:
            size = len(block)
            for at, t in enumerate(block, start=1):
                ahead[t] += block[at : at + first]
                if widest[t] < size:
                    widest[t] = size
                if size > first:
                    wide[t].append((block, at))
        found: defaultdict[int, list[tuple[int, float]]] = defaultdict(list)
        for i, after in enumerate(ahead):
            if not after:
                continue  # most titles: a rare word's pairs, each alone in its block
            seen: set[int] = set()
            for width in widths:
                if width == first:
                    others = list(set(after))
                else:
                    window = {j for block, at in wide[i] for j in block[at : at + width]}
                    others = list(window - seen)
                seen.update(others)
                self.scored += len(others)
                for _, score, k in process.extract(
                    titles[i], list(map(title_at, others)), scorer=fuzz.ratio,
                    score_cutoff=cutoff, limit=None,
                ):  # fmt: skip
                    j = others[k]
                    found[i].append((j, score))
                    found[j].append((i, score))
                if width >= widest[i] or len(found[i]) >= self.enough:
                    break
        return found


def _widths(limit: int) -> list[int]:
    """The windows a title's blocks are looked at through, nearest titles first: one
    look for a small block, a few growing ones for a large block."""
    return [w for w in (64, 512) if w < limit] + [limit]


def _keys(rarest_first: list[str]) -> list[Key]:
    prefix = rarest_first[:PREFIX]
    if len(prefix) < 2:  # a one-word title can only be filed under that word
        return [tuple(prefix)] if prefix else []
    return list(combinations(prefix, 2))


def _holds(block: Sequence[int], i: int) -> bool:
    """Whether ``block`` (ascending) holds title ``i``."""
    at = bisect_left(block, i)
    return at < len(block) and block[at] == i


def _reaches(rarest: list[str], key: Key) -> bool:
    """Whether a title with these signatures (rarest first) lands in the block of ``key``
    before it is split: the pair among its first PREFIX, each further signature among
    its first len(key before it) + SPARE + 1."""
    head = rarest[:PREFIX]
    if key[0] not in head or key[1] not in head:
        return False
    return all(extra in rarest[: k + SPARE + 1] for k, extra in enumerate(key[2:], start=2))
