"""Title normalisation, and the blocking index that keeps near-duplicate search sub-quadratic."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bench.synthetic import synthetic_titles
from bot.text.titles import (
    SPARE,
    SPLITS,
    TitleIndex,
    _normalize,
    normalize_title,
    signatures,
    system_name,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zero-Copy Checkpoints", "zero copy checkpoints"),
        ("Zero-Copy Checkpoints", "Zero\u2013Copy Checkpoints"),  # en dash
        ("Zero-Copy Checkpoints", "Zero\u2014Copy Checkpoints"),  # em dash
        ("Zero-Copy Checkpoints", "Zero\u2010Copy Checkpoints"),  # Unicode hyphen
        ("Zero-Copy Checkpoints", "ZERO-COPY CHECKPOINTS"),
        ("Zero-Copy Checkpoints", "Zero-Copy\u200b Checkpoints"),  # zero-width space
        ("Zero-Copy Checkpoints", "\ufeffZero-Copy Check\u00adpoints"),  # BOM, soft hyphen
        ("Zero-Copy Checkpoints", "Zero-Copy   Checkpoints"),  # spaces
        ("Zero-Copy Checkpoints", "Zero-Copy Checkpoints."),  # punctuation
        (
            "\uff3a\uff45\uff52\uff4f-Copy Checkpoints",
            "Zero-Copy Checkpoints",
        ),  # full-width letters (NFKC)
        ("Stra\u00dfe Caches", "STRASSE caches"),  # casefold, not lower
        ("\\emph{Sparse} Attention", "Sparse Attention"),  # LaTeX
        ("\\textbf{Sparse} Attention", "Sparse Attention"),
        ("Sparse Attention in $O(n)$", "Sparse Attention in O(n)"),  # math
        ("**Sparse** Attention", "Sparse Attention"),  # markdown
        ("_Sparse_ Attention", "Sparse Attention"),
        ("`Sparse` Attention", "Sparse Attention"),
        ("[Sparse](https://example.org) Attention", "Sparse Attention"),
        ("Caches \\& Queues", "Caches and Queues"),
        ("Caches & Queues", "Caches and Queues"),
        ("QServe: Fast Serving", "QServe - Fast Serving"),
        ("snake_case Names", "snake case names"),  # an underscore inside a word
        # Lookalike letters from other scripts (Unicode's confusables), invisible ones.
        ("Zero-Copy Checkpoints", "Z\u0435r\u043e-C\u043e\u0440y Checkpoints"),  # Cyrillic
        ("Zero-Copy Checkpoints", "\u0396ero-C\u03bfpy Checkpoints"),  # Greek Zeta, omicron
        ("Zero-Copy Checkpoints", "\U0001d419ero-Copy Checkpoints"),  # mathematical bold Z
        ("Zero-Copy Checkpoints", "Zero\u2060-Copy Check\u200dpoints"),  # word joiner, ZWJ
        ("Zero-Copy Checkpoints", "Zero-Copy\u3164Checkpoints"),  # Hangul filler (a letter)
        ("Zero-Copy Checkpoints", "Zero-Copy Check\U000e0041points"),  # a tag character
        ("Zero-Copy Checkpoints", "Zero-Copy \u200fCheckpoints"),  # right-to-left mark
    ],
)
def test_titles_that_normalise_equal(a: str, b: str) -> None:
    assert normalize_title(a) == normalize_title(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("FlashX-2: Attention", "FlashX-3: Attention"),
        ("Sparse Attention", "Dense Attention"),
        ("Caf\u00e9 Caches", "Cafe Caches"),  # accents are kept (near-equal, not equal)
        ("\u041a\u044d\u0448 Caches", "K Caches"),  # Cyrillic words stay Cyrillic
    ],
)
def test_titles_that_stay_different(a: str, b: str) -> None:
    assert normalize_title(a) != normalize_title(b)


def test_system_names() -> None:
    assert system_name("QServe: W4A8KV4 Quantization") == "qserve"
    assert system_name("FlashX-2: Faster") == "flashx 2"
    assert system_name("A Title Without a Name") is None
    assert system_name("A long sentence that happens to contain a colon late: here") is None


def test_candidates_are_symmetric() -> None:
    titles = [normalize_title(t) for t in synthetic_titles(2000, random.Random(1))]
    index = TitleIndex(titles)
    for i in range(len(titles)):
        for j in index.candidates(i):
            assert i in index.candidates(j)


def test_near_titles_are_found_with_their_score() -> None:
    titles = ["elastic scheduling of training jobs on shared clusters", "sparse attention"]
    titles.append("elastic scheduling for training jobs on shared clusters")
    index = TitleIndex(titles)
    found = dict(index.near(0, 92))
    assert list(found) == [2]
    assert found[2] == pytest.approx(fuzz.ratio(titles[0], titles[2]))


def test_blocking_scales_far_below_all_pairs() -> None:
    """20,000 titles, plus edited copies that must still be found."""
    rng = random.Random(7)
    titles = synthetic_titles(20_000, rng)
    copies = {}
    for i in rng.sample(range(len(titles)), 500):
        copies[i] = len(titles)
        titles.append(_edit(titles[i], rng))
    normalized = [normalize_title(t) for t in titles]
    index = TitleIndex(normalized)
    n = len(normalized)
    compared = sum(len(index.candidates(i)) for i in range(n))
    assert compared < n * n // 100  # in practice about 0.3 % of all pairs
    for i, j in copies.items():
        if fuzz.ratio(normalized[i], normalized[j]) >= 92 and len(set(normalized[i].split())) > 1:
            assert j in index.candidates(i), (titles[i], titles[j])


def _edit(title: str, rng: random.Random) -> str:
    """One or two small edits: a plural, a typo, a dash, a stop word."""
    words = title.split()
    for _ in range(rng.randint(1, 2)):
        k = rng.randrange(len(words))
        words[k] = rng.choice(
            [words[k] + "s", words[k][:-1] + "x", words[k].replace("e", "-", 1), "of " + words[k]]
        )
    return " ".join(words)


def test_near_without_blocks_finds_exactly_what_the_blocks_find() -> None:
    """The pull-request path (every title scored in C, then filtered by block keys)."""
    rng = random.Random(5)
    titles = synthetic_titles(3000, rng)
    for i in rng.sample(range(len(titles)), 200):
        titles.append(_edit(titles[i], rng))
    normalized = [normalize_title(t) for t in titles]
    blocked, scanned = TitleIndex(normalized), TitleIndex(normalized, blocks=False)
    for i in rng.sample(range(len(normalized)), 300) + list(range(3000, len(normalized))):
        assert dict(scanned.near(i, 85)) == dict(blocked.near(i, 85))
    for i in range(0, len(normalized), 97):
        assert scanned.candidates(i) == blocked.candidates(i)


# Titles as curators write them, with every character the markup patterns look for.
_TITLE_PIECES = [
    "Zero", "copy", "QServe", ":", " ", "  ", "-", "_", "__", "&", "\\&", "\\emph{", "}", "{",
    "$", "O(n)", "*", "**", "`", "^", "~", "[", "]", "(", ")", "](https://x.org)", "\\", "'",
    ".", ",", "/", "\t", "\n", "\x1c", "\x1f", "\x0b", "A", "b", "7", "\u00e9", "\u2013",
    "\u200b", "\uff3a", "\u0430", "\u00df", "\U0001d419",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_TITLE_PIECES), max_size=16).map("".join) | st.text())
def test_the_ascii_fast_path_agrees_with_the_general_one(title: str) -> None:
    assert normalize_title(title) == _normalize(title)


def test_pairs_gives_what_near_gives_for_every_title() -> None:
    """The full check's path (each pair scored once) against one query at a time."""
    rng = random.Random(11)
    titles = synthetic_titles(3000, rng)
    for i in rng.sample(range(len(titles)), 200):
        titles.append(_edit(titles[i], rng))
    titles += titles[:20]  # equal titles score 100 from either side
    index = TitleIndex([normalize_title(t) for t in titles])
    for cutoff in (85, 92):
        pairs = index.pairs(cutoff)
        assert sum(map(len, pairs.values())) > 200
        for i in range(len(titles)):
            assert sorted(pairs.get(i, [])) == sorted(index.near(i, cutoff))


def test_pairs_looks_past_the_first_window_in_a_wide_block() -> None:
    """Titles that share every signature stay in one block however it is split; pairs()
    looks at such a block through growing windows and must still give what near() gives."""
    rng = random.Random(13)
    base = "elastic scheduling of training jobs on shared gpu clusters"
    titles = synthetic_titles(400, rng)
    # Single letters and digits are no signatures: 200 titles with the same ones.
    titles += [f"{base} {' '.join(rng.choices('bcdefgh23456789', k=4))}" for _ in range(200)]
    index = TitleIndex([normalize_title(t) for t in titles])
    assert max(index._widest(i) for i in range(400, 600)) > 64  # wider than a window
    for limit in (2048, 100):
        index = TitleIndex([normalize_title(t) for t in titles], limit=limit)
        pairs = index.pairs(80)
        assert sum(map(len, pairs.values())) > 20_000
        for i in range(len(titles)):
            assert sorted(pairs.get(i, [])) == sorted(index.near(i, 80)), i


def _sharing_corpus(seed: int) -> list[str]:
    """Zipf titles over a small vocabulary (blocks of common words grow large) with
    phrases that always go together, plus edited copies."""
    rng = random.Random(seed)
    titles = synthetic_titles(3000, rng, words=300)
    phrases = ["fault tolerant", "key value", "large language", "deep neural"]
    titles = [f"{t} {rng.choice(phrases)}" for t in titles]
    for i in rng.sample(range(len(titles)), 300):
        titles.append(_edit(titles[i], rng))
    return [normalize_title(t) for t in titles]


@pytest.mark.parametrize("block", [4, 16])
def test_split_blocks_keep_every_pair_that_differs_in_few_signatures(block: int) -> None:
    """The guarantee: titles whose signatures differ by at most SPARE on each side meet,
    however often their blocks were split (small blocks make many splits here)."""
    titles = _sharing_corpus(3)
    index = TitleIndex(titles, block=block)
    whole = TitleIndex(titles, block=len(titles))  # never split: the plain pairs
    sigs = [signatures(t) for t in titles]
    checked = 0
    for i in range(len(titles)):
        candidates = index.candidates(i)
        assert candidates <= whole.candidates(i)  # splitting only removes candidates
        for j in whole.candidates(i):
            if len(sigs[i] - sigs[j]) <= SPARE and len(sigs[j] - sigs[i]) <= SPARE:
                assert j in candidates, (titles[i], titles[j])
                checked += 1
    assert checked > 300


@pytest.mark.parametrize("block", [4, 16])
def test_without_blocks_the_same_titles_meet_as_in_split_blocks(block: int) -> None:
    """A pull request's path works the split out for the pairs it is asked about."""
    titles = _sharing_corpus(4)
    blocked = TitleIndex(titles, block=block)
    scanned = TitleIndex(titles, blocks=False, block=block)
    rng = random.Random(4)
    for i in rng.sample(range(len(titles)), 25) + list(range(3000, 3020)):
        assert scanned.candidates(i) == blocked.candidates(i)
        assert dict(scanned.near(i, 80)) == dict(blocked.near(i, 80))
    for i in rng.sample(range(len(titles)), 200):  # filed keys: the blocks keep shared ones
        shared = {key for key in scanned.keys(i) if len(blocked._blocks.get(key, ())) > 1}
        assert blocked.keys(i) == shared


def test_blocks_are_split_down_to_their_bound() -> None:
    titles = _sharing_corpus(5)
    index = TitleIndex(titles, block=16)
    assert index._blocks is not None
    sigs = [signatures(t) for t in titles]
    split = 0
    for key, members in index._blocks.items():
        split += len(key) > 2
        if len(members) > 16 and len(key) < 2 + SPLITS and len(key) > 1:
            # Kept whole only for the titles with too few signatures to split it by.
            assert all(len(sigs[t]) <= len(key) + SPARE for t in members), key
    assert split > 100
