"""``paperbot add`` end to end through ``bot.cli.main``, against the local arXiv."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .atom import ArxivServer, Version

RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]
VENUE = "entries/demo-2025"


@pytest.fixture
def local(repo: Path, write: Write, arxiv: ArxivServer) -> Path:
    """The repo fixture, with arXiv pointed at the local server (no pace, no retries)."""
    config = f"arxiv:\n  base_url: {arxiv.url}\n  min_interval: 0\n  retries: 0\n  timeout: 2\n"
    write(repo, "paperbot.yaml", config)
    return repo


def _add(
    run_cli: RunCli, root: Path, paper: str, category: str, *more: str
) -> tuple[int, str, str]:
    return run_cli(root, "add", paper, "--venue", "demo-2025", "--category", category, *more)


def test_add_writes_a_canonical_entry_checks_it_and_lists_what_is_missing(
    local: Path, run_cli: RunCli
) -> None:
    code, out, err = _add(
        run_cli, local, "https://arxiv.org/abs/2402.00001", "Systems (SYS)/Storage"
    )
    assert (code, err) == (0, "")
    assert (local / f"{VENUE}/qserve.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/paper.schema.json\n"
        "title: 'QServe: W4A8KV4 Quantization and System Co-design'\n"
        "category: [Systems (SYS), Storage]\n"
        "links:\n"
        "  - kind: arXiv\n"
        "    url: https://arxiv.org/abs/2402.00001\n"
        "authors:\n"
        "  - Ada Lovelace\n"
        "  - Charles Babbage\n"
    )
    assert out.startswith(f"wrote {VENUE}/qserve.yaml: QServe: W4A8KV4")
    assert "still to fill in by hand:\n  - affiliations:" in out
    assert "the paper's page at Demo 2025 (see https://demo.example.org/2025)" in out
    assert run_cli(local, "fmt", "--check")[0] == 0  # what add writes, fmt leaves alone
    assert run_cli(local, "check", "--no-links")[0] == 0


def test_add_writes_the_doi_arxiv_gives_with_a_journal_reference_and_names_what_it_refuses(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    long_name = "N" * 501  # longer than an entry's line may be
    arxiv.papers["2404.00003"] = [
        Version("Tessel: A Published Paper", doi="10.1145/3600006.3613165"),
        Version("Tessel: A Published Paper", authors=("Ada Lovelace", long_name)),
    ]
    assert _add(run_cli, local, "2404.00003v1", "Compilers")[0] == 0
    text = (local / f"{VENUE}/tessel.yaml").read_text(encoding="utf-8")
    assert "doi: 10.1145/3600006.3613165\nauthors:\n  - Ada Lovelace\n  - Charles Babbage\n" in text

    code, out, _ = _add(run_cli, local, "2404.00003v2", "Networking", "--allow-other-venue")
    assert code == 1  # the duplicate of v1 stops it before anything is written
    (local / f"{VENUE}/tessel.yaml").unlink()
    code, out, _ = _add(run_cli, local, "2404.00003v2", "Networking")
    assert code == 0
    assert "not written from arXiv's record: author 'NNNN" in out
    assert "no authors written" in out
    text = (local / f"{VENUE}/tessel.yaml").read_text(encoding="utf-8")
    assert "authors:" not in text and "doi:" not in text


def test_a_versioned_pdf_url_keeps_its_version_and_a_unique_leaf_is_enough(
    local: Path, run_cli: RunCli
) -> None:
    code, _, _ = _add(run_cli, local, "arxiv.org/pdf/2401.12345v1.pdf", "Networking")
    assert code == 0
    text = (local / f"{VENUE}/xgrammar.yaml").read_text(encoding="utf-8")
    assert "title: 'XGrammar: Flexible and Efficient Structured Generation for LLMs'" in text
    assert "category: [Systems (SYS), Networking]" in text
    assert "url: https://arxiv.org/abs/2401.12345v1\n" in text


def test_a_second_paper_with_the_same_system_name_gets_a_free_slug(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    arxiv.papers["2404.00003"] = [Version("QServe: A Different Paper Entirely")]
    assert _add(run_cli, local, "2402.00001", "Compilers")[0] == 0
    assert _add(run_cli, local, "2404.00003", "Compilers")[0] == 0
    assert (local / f"{VENUE}/qserve-2.yaml").is_file()


@pytest.mark.parametrize(
    ("paper", "existing"),
    [
        ("2501.00001v3", "net-stack.yaml"),  # the same arXiv id, in another version
        ("2405.00004", "tiny-compiler.yaml"),  # the same title, as normalised
    ],
)
def test_a_duplicate_is_refused_with_the_existing_path(
    local: Path, run_cli: RunCli, arxiv: ArxivServer, paper: str, existing: str
) -> None:
    arxiv.papers["2501.00001"] = [Version("Networking Stacks")] * 3
    arxiv.papers["2405.00004"] = [Version("A tiny   compiler!")]
    before = sorted(p.name for p in (local / VENUE).iterdir())
    code, _, err = _add(run_cli, local, paper, "Compilers")
    assert code == 1
    assert f"is already listed: {VENUE}/{existing}" in err
    assert sorted(p.name for p in (local / VENUE).iterdir()) == before
    # The same id is found before arXiv is asked; the same title only after.
    assert len(arxiv.hits) == (0 if existing == "net-stack.yaml" else 1)


def test_the_same_paper_at_another_venue_is_refused_unless_allowed(
    local: Path, run_cli: RunCli, write: Write, arxiv: ArxivServer
) -> None:
    write(local, "entries/work-2025/venue.yaml", "name: Work 2025\nareas:\n  - name: Compilers\n")
    args = ["add", "2402.00001", "--venue", "work-2025", "--category", "Compilers"]
    assert run_cli(local, *args)[0] == 0
    code, _, err = _add(run_cli, local, "2402.00001", "Compilers")
    assert code == 1
    assert "is already listed: entries/work-2025/qserve.yaml (both link arXiv 2402.00001)" in err
    code, out, _ = _add(run_cli, local, "2402.00001", "Compilers", "--allow-other-venue")
    assert code == 0
    assert "also listed in work-2025" in out  # the duplicates check still says so


def test_another_folder_of_the_same_venue_is_no_other_venue(
    local: Path, run_cli: RunCli, write: Write, arxiv: ArxivServer
) -> None:
    # A second folder whose venue file gives the same name: --allow-other-venue does not
    # let the paper in twice (the duplicates check would call it an error).
    name = (local / VENUE / "venue.yaml").read_text().split("name: ", 1)[1].split("\n", 1)[0]
    write(local, "entries/copy/venue.yaml", f"name: {name}\nareas:\n  - name: Compilers\n")
    args = ["add", "2402.00001", "--venue", "copy", "--category", "Compilers"]
    assert run_cli(local, *args)[0] == 0
    code, _, err = _add(run_cli, local, "2402.00001", "Compilers", "--allow-other-venue")
    assert code == 1
    assert "is already listed: entries/copy/qserve.yaml (both link arXiv 2402.00001)" in err


def test_an_unknown_id_exits_1_and_writes_nothing(local: Path, run_cli: RunCli) -> None:
    code, _, err = _add(run_cli, local, "2501.99999", "Compilers")
    assert code == 1
    assert "arXiv has no paper 2501.99999" in err
    assert len(list((local / VENUE).iterdir())) == 4


def test_a_withdrawn_paper_is_refused_unless_allowed(local: Path, run_cli: RunCli) -> None:
    code, _, err = _add(run_cli, local, "2403.00002", "Compilers")
    assert code == 1
    assert "is marked as withdrawn" in err and "--allow-withdrawn" in err
    assert _add(run_cli, local, "2403.00002", "Compilers", "--allow-withdrawn")[0] == 0
    assert (local / f"{VENUE}/flawed-scheduler-clusters.yaml").is_file()


def test_an_unknown_category_suggests_the_nearest_before_asking_arxiv(
    local: Path, run_cli: RunCli, arxiv: ArxivServer
) -> None:
    code, _, err = _add(run_cli, local, "2402.00001", "Systems (SYS)/Storag")
    assert code == 1
    assert "category 'Systems (SYS)/Storag' is not in the tree of demo-2025" in err
    assert "did you mean 'Systems (SYS)/Storage'?" in err
    assert arxiv.hits == []


def test_arxiv_unreachable_exits_2(local: Path, run_cli: RunCli, arxiv: ArxivServer) -> None:
    arxiv.close()
    code, _, err = _add(run_cli, local, "2402.00001", "Compilers")
    assert code == 2
    assert err.startswith("paperbot: error: cannot ask arXiv about 2402.00001: ")


@pytest.mark.parametrize("bad", ["not-an-id", "https://example.org/abs/2402.00001"])
def test_what_is_no_arxiv_id_is_a_usage_error(local: Path, run_cli: RunCli, bad: str) -> None:
    code, _, err = _add(run_cli, local, bad, "Compilers")
    assert code == 2
    assert "paperbot: error: " in err


def test_an_unknown_venue_is_a_usage_error(local: Path, run_cli: RunCli) -> None:
    code, _, err = run_cli(local, "add", "2402.00001", "--venue", "nope", "--category", "X")
    assert code == 2
    assert "no venue 'nope'" in err and "demo-2025" in err
