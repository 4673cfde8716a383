"""Synthetic titles for scaling tests: a Zipf vocabulary, so a few words are in most
titles, as "learning" and "efficient" are in real ones (imported as ``synthetic``)."""

from __future__ import annotations

import random
from itertools import accumulate

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def synthetic_titles(n: int, rng: random.Random, words: int = 5000) -> list[str]:
    vocab = ["".join(rng.choices(LETTERS, k=rng.randint(4, 10))) for _ in range(words)]
    cumulative = list(accumulate(1 / (rank + 1) for rank in range(words)))
    return [
        " ".join(rng.choices(vocab, cum_weights=cumulative, k=rng.randint(4, 12))).title()
        for _ in range(n)
    ]
