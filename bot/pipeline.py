"""load -> check: the first half of every command that reads the entries."""

from __future__ import annotations

from pathlib import Path

from bot.checks import run_checks
from bot.corpus import Corpus
from bot.diagnostics import Result
from bot.loader import load_corpus


def load_and_check(root: Path) -> tuple[Corpus, Result]:
    corpus, diagnostics = load_corpus(root)
    result = Result(diagnostics)
    result.extend(run_checks(corpus))
    return corpus, result
