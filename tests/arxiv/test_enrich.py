"""``paperbot enrich`` end to end through ``bot.cli.main``, against the local arXiv: what
an entry lacks is filled in, in batches, through the cache; nothing else of the file
changes (comments, links, notes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .atom import ArxivServer, Version

RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]
VENUE = "entries/demo-2025"
# A curator's entry: comments above keys, beside values and between items, a note.
COMMENTED = """\
# yaml-language-server: $schema=../../schema/paper.schema.json
# Curated by hand; keep the order of the links.
title: 'Tessel: Tiling Tensors'  # the camera-ready title
category: [Compilers]
links:
  - kind: Paper
    url: https://demo.example.org/2025/papers/7
  # the preprint, older than the paper
  - kind: arXiv
    url: https://arxiv.org/abs/2404.00003v1
affiliations:
  - Example University  # first author's
notes:
  - 'Artifact: <https://demo.example.org/artifacts/7>'
"""
ENRICHED = """\
# yaml-language-server: $schema=../../schema/paper.schema.json
# Curated by hand; keep the order of the links.
title: 'Tessel: Tiling Tensors'  # the camera-ready title
category: [Compilers]
links:
  - kind: Paper
    url: https://demo.example.org/2025/papers/7
  # the preprint, older than the paper
  - kind: arXiv
    url: https://arxiv.org/abs/2404.00003v1
doi: 10.1145/3600006.3613165
authors:
  - Grace Hopper
  - Edsger W. Dijkstra
affiliations:
  - Example University  # first author's
notes:
  - 'Artifact: <https://demo.example.org/artifacts/7>'
"""


@pytest.fixture
def local(repo: Path, write: Write, arxiv: ArxivServer) -> Path:
    """The repo fixture with the commented entry, arXiv pointed at the local server."""
    config = f"arxiv:\n  base_url: {arxiv.url}\n  min_interval: 0\n  retries: 0\n  timeout: 2\n"
    write(repo, "paperbot.yaml", config)
    write(repo, f"{VENUE}/tessel.yaml", COMMENTED)
    arxiv.papers["2404.00003"] = [
        Version(
            "Tessel: Tiling Tensors",
            authors=("Grace Hopper", "Edsger W. Dijkstra"),
            doi="10.1145/3600006.3613165",
        )
    ]
    arxiv.papers["2501.00001"] = [Version("A Network Stack for Everyone", doi=None)]
    return repo


def test_enrich_fills_authors_and_doi_and_keeps_every_comment_link_and_note(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    code, out, err = run_cli(local, "enrich")

    assert (code, err) == (0, "")
    assert (local / f"{VENUE}/tessel.yaml").read_text(encoding="utf-8") == ENRICHED
    assert "enriched entries/demo-2025/tessel.yaml: 2 authors, DOI 10.1145/3600006.3613165" in out
    net = (local / f"{VENUE}/net-stack.yaml").read_text(encoding="utf-8")
    assert net.endswith("authors:\n  - Ada Lovelace\n  - Charles Babbage\n")
    assert "doi:" not in net  # arXiv names none for it
    # Both ids in one request; the paper without an arXiv link is not asked about.
    assert [hit.ids for hit in arxiv.hits] == [["2404.00003", "2501.00001"]]
    assert run_cli(local, "fmt", "--check")[0] == 0
    assert run_cli(local, "check", "--no-links")[0] == 0


def test_a_second_run_asks_nothing_and_changes_nothing(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    assert run_cli(local, "enrich")[0] == 0
    before = {p: p.read_bytes() for p in (local / VENUE).iterdir()}

    code, out, _ = run_cli(local, "enrich")

    assert code == 0
    assert "asked arXiv about 0 of 1 papers" in out  # net-stack still lacks a DOI: cached
    assert len(arxiv.hits) == 1
    assert {p: p.read_bytes() for p in (local / VENUE).iterdir()} == before


def test_authors_an_entry_has_are_kept_and_ids_go_in_batches(
    local: Path, run_cli: RunCli, write: Write, arxiv: ArxivServer
) -> None:
    kept = COMMENTED.replace("affiliations:", "authors:\n  - G. Hopper\naffiliations:")
    write(local, f"{VENUE}/tessel.yaml", kept)
    write(local, f"{VENUE}/third.yaml", _arxiv_entry("A Third Paper", "2402.00001"))
    config = (local / "paperbot.yaml").read_text(encoding="utf-8")
    write(local, "paperbot.yaml", config + "  batch: 2\n")

    assert run_cli(local, "enrich")[0] == 0

    text = (local / f"{VENUE}/tessel.yaml").read_text(encoding="utf-8")
    assert "authors:\n  - G. Hopper\naffiliations:" in text  # never overwritten
    assert "doi: 10.1145/3600006.3613165\n" in text  # what it lacked is added
    assert [hit.ids for hit in arxiv.hits] == [["2402.00001", "2404.00003"], ["2501.00001"]]


def test_only_the_named_files_are_enriched(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    assert run_cli(local, "enrich", f"{VENUE}/net-stack.yaml")[0] == 0
    assert (local / f"{VENUE}/tessel.yaml").read_text(encoding="utf-8") == COMMENTED
    assert [hit.ids for hit in arxiv.hits] == [["2501.00001"]]


def test_an_id_arxiv_does_not_know_is_said_and_left_alone(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    del arxiv.papers["2501.00001"]
    code, out, _ = run_cli(local, "enrich")
    assert code == 0
    assert "entries/demo-2025/net-stack.yaml: arXiv has no paper 2501.00001; nothing added" in out


def test_arxiv_unreachable_exits_2_and_writes_nothing(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    arxiv.close()
    code, _, err = run_cli(local, "enrich")
    assert code == 2
    assert err.startswith("paperbot: error: cannot ask arXiv: ")
    assert (local / f"{VENUE}/tessel.yaml").read_text(encoding="utf-8") == COMMENTED


def _arxiv_entry(title: str, arxiv_id: str) -> str:
    return (
        "# yaml-language-server: $schema=../../schema/paper.schema.json\n"
        f"title: {title}\ncategory: [Compilers]\nlinks:\n"
        f"  - kind: arXiv\n    url: https://arxiv.org/abs/{arxiv_id}\n"
    )
