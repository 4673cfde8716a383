"""Coverage-guided fuzzing of the loader with atheris (libFuzzer), bytes in.

    .venv/bin/pip install atheris      # not a project dependency: a 35 MB wheel for one tool
    .venv/bin/python bench/fuzz_atheris.py -max_total_time=120 -max_len=600 -print_final_stats=1

The property is the one of tests/hostile: ``load_bytes`` never raises, and it returns
a model or diagnostics, never both nor neither. A crash writes the input to
``crash-<hash>`` in the current folder; libFuzzer prints how many inputs ran
(``stat::number_of_executed_units``).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from bot.files.loader import load_bytes
    from bot.model.diagnostics import Diagnostic
    from bot.model.entries import Glossary, Paper, Venue

MODELS = (Paper, Venue, Glossary)


def one(data: bytes) -> None:
    model = MODELS[data[0] % 3] if data else Paper
    diags: list[Diagnostic] = []
    located = load_bytes(data[1:], "entries/v/p.yaml", model, diags)
    # A file that does not load says why; one that loads may still have findings (a
    # paper loads without the values its schema refuses: bot/files/partial_load.py).
    assert located is not None or diags


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
