"""Each fast path (libyaml's nodes, the canonical form's lines) either declines or agrees
with the round-trip path exactly: the same data, the same positions, so the same
diagnostics."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.files.loader import load_bytes
from bot.files.yaml_roundtrip import YamlProblem, parse, to_plain
from bot.model.entries import Paper, Venue
from bot.model.positions import Positions
from bot.speed.fast_read import read_fast
from bot.speed.line_reader import parse_lines
from bot.speed.plain_reader import parse_plain

ROOT = Path(__file__).resolve().parents[2]

PAPER = """\
# yaml-language-server: $schema=../../schema/paper.schema.json
title: 'QServe: W4A8KV4 Quantization and System Co-design for Efficient LLM Serving'
category: [Large Language Models (LLMs), LLM Inference]
position: 80
links:
  - kind: Paper
    url: https://mlsys.org/virtual/2025/poster/3288
affiliations:
  - MIT & NVIDIA
notes:
  - "**Artifact** evaluated"
"""

# Documents the round trip refuses or reads in its own way; the fast path must decline
# them or read them the same.
TRICKY = [
    "title: &a x\ncategory: [*a]\n",  # anchor and alias
    "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",  # the start of an alias bomb
    "title: !!str 5\n",  # a core tag leaves no trace in the data
    "title: ! 5\n",  # the non-specific tag
    "title: !custom x\n",
    "base: {a: 1}\nmerged:\n  <<: {a: 1}\n",  # a merge key
    "title: x\ntitle: y\n",  # a duplicate key
    "1: x\n",
    "true: x\n",
    "null: x\n",
    "~: x\n",
    "[a, b]: x\n",
    "? complex\n: x\n",
    "'quoted': x\n",
    "%YAML 1.1\n---\ntitle: yes\n",
    "title: x\n---\ntitle: y\n",
    "title:\tx\n",
    "position: 010\n",
    "position: 0o10\n",
    "position: 1_000\n",
    "position: +5\n",
    "position: -0\n",
    "position: 1.5\n",
    "position: .inf\n",
    "title: 2025-01-01\n",
    "title: yes\n",
    "title: no\n",
    "title: on\n",
    "title: True\n",
    "title: FALSE\n",
    "title: Null\n",
    "title:\ncategory: [a]\n",
    "title: \nnotes:\n  -\n  - x\n",
    "notes:\n  - |\n    two\n    lines\n  - >\n    folded\n    text\n",
    "title: 'it''s'\n",
    'title: "tab\\tand \\u00e9"\n',
    "title: ünïcödé: ok\ncategory: [ä, b]\n",
    "title: x # a comment\n# another\n",
    "links: [{kind: Paper, url: 'https://x.org'}]\n",
    "links:\n- kind: Paper\n  url: https://x.org\n",
    "title: a: b\n",
    "title: [unclosed\n",
    "- a list\n- not a mapping\n",
    "just a scalar\n",
    "",
    "# only a comment\n",
    "title: x\r\ncategory: [a]\r\n",
    "\ufefftitle: x\n",
    "title: *alias\n",
    "title: x*y & z!\n",
]


FAST = [parse_plain, parse_lines]
Fast = Callable[[str], tuple[dict[str, Any], Positions] | None]
fast_paths = pytest.mark.parametrize("fast_path", FAST, ids=lambda f: f.__name__)


def _both(text: str, fast_path: Fast = parse_plain) -> None:
    fast = fast_path(text)
    if fast is None:
        return
    try:
        data, positions = to_plain(parse(text))
    except YamlProblem as exc:
        pytest.fail(f"the fast path accepted what the round trip refuses: {exc.message}")
    assert fast[0] == data
    assert type(fast[0]) is type(data)
    assert fast[1].keys == positions.keys
    assert fast[1].values == positions.values


@fast_paths
@pytest.mark.parametrize("text", TRICKY)
def test_tricky_documents_are_declined_or_read_alike(text: str, fast_path: Fast) -> None:
    _both(text, fast_path)


@pytest.mark.parametrize(
    "text",
    [
        "title: &a x\n",
        "c: [*b, *b]\n",
        "title: !!str 5\n",
        "title: ! 5\n",
        "merged:\n  <<: {a: 1}\n",
        "title: x\ntitle: y\n",
        "1: x\n",
        "%YAML 1.1\n---\ntitle: x\n",
        "title: [unclosed\n",
    ],
)
@fast_paths
def test_what_the_round_trip_refuses_is_declined(text: str, fast_path: Fast) -> None:
    assert fast_path(text) is None


@fast_paths
def test_a_canonical_entry_takes_the_fast_path(fast_path: Fast) -> None:
    fast = fast_path(PAPER)
    assert fast is not None
    assert fast[0]["affiliations"] == ["MIT & NVIDIA"]  # "& " is no anchor
    _both(PAPER, fast_path)


def _yaml_files() -> list[Path]:
    found = sorted((ROOT / "entries").rglob("*.yaml"))
    found += sorted((ROOT / "tests").rglob("*.yaml"))
    return found


@fast_paths
@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_yaml_file_of_the_repository_is_read_alike(path: Path, fast_path: Fast) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: the loader stops before parsing")
    _both(text, fast_path)


@pytest.mark.parametrize("text", [PAPER, *TRICKY])
@pytest.mark.parametrize("model", [Paper, Venue])
def test_load_diagnostics_are_the_same_on_both_paths(
    text: str, model: type[Paper] | type[Venue]
) -> None:
    fast: list[object] = []
    fast_result = load_bytes(text.encode(), "entries/v/p.yaml", model, fast, read_fast)  # type: ignore[arg-type]
    slow: list[object] = []
    slow_result = load_bytes(text.encode(), "entries/v/p.yaml", model, slow)  # type: ignore[arg-type]
    assert fast == slow
    assert (fast_result is None) == (slow_result is None)
    if fast_result is not None and slow_result is not None:
        assert fast_result.model == slow_result.model
        assert fast_result.positions == slow_result.positions
