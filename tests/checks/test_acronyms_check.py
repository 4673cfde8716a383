"""The acronym check beyond its examples: the real data, messages, and --changed-since."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.checks import acronyms
from bot.checks.context import Context
from bot.cli import main
from bot.files.loader import load_corpus
from bot.model.config import Config

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = Path(__file__).parent / "examples"
VENUE = EXAMPLES / "acronyms/fail/undefined-in-a-category-name"
NOTE = EXAMPLES / "acronyms/fail/undefined-in-a-note"


def test_the_repository_passes_with_its_own_allow_list(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(["-C", str(REPO), "check", "--no-links", "--format", "json"])
    report = json.loads(capsys.readouterr().out)

    assert [d for d in report["diagnostics"] if d["check"] == acronyms.ID] == []
    assert code == 0


def _context(tmp_path: Path, *cases: Path) -> Context:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "base", root)
    for case in cases:
        shutil.copytree(case, root, dirs_exist_ok=True)
    corpus, problems = load_corpus(root)
    assert problems == []
    return Context(corpus, Config(), corpus.papers())


def test_messages_say_what_to_add_and_where(tmp_path: Path) -> None:
    ctx = _context(tmp_path, VENUE)

    first = next(iter(acronyms.check(ctx)))

    # A venue file is the maintainers': the glossary there is theirs to extend.
    assert first.message == (
        "'SLO' is not defined: spell it out in the name, as '<what SLO stands for> (SLO)', "
        "or add 'SLO: <expansion>' to glossary: in entries/demo-2025/venue.yaml, or in "
        "entries/glossary.yaml"
    )


def test_a_contributor_is_asked_to_spell_it_out_not_to_edit_the_venue_file(
    tmp_path: Path,
) -> None:
    ctx = _context(tmp_path, NOTE)

    found = [d for d in acronyms.check(ctx) if d.path.endswith("note.yaml")]

    assert found[0].message == (
        "'TTFT' is not defined: write it out where it is used, as '<what TTFT stands for> "
        "(TTFT)'; maintainers may add TTFT to the venue's glossary instead"
    )
    assert all(len(d.message) <= 200 for d in found)


def test_a_plural_is_reported_as_written_and_defined_as_its_singular(tmp_path: Path) -> None:
    ctx = _context(tmp_path, NOTE)

    nics = [d.message for d in acronyms.check(ctx) if "NIC" in d.message]

    assert len(nics) == 1
    assert nics[0].startswith("'NICs' is not defined: write it out where it is used, as ")
    assert "(NICs)'; maintainers may add NIC to" in nics[0]


def test_changed_papers_are_checked_but_venue_text_only_with_every_paper_of_the_venue(
    tmp_path: Path,
) -> None:
    ctx = _context(tmp_path, VENUE, NOTE)
    every = ctx.selected
    note = [p for p in every if p.path.endswith("/note.yaml")]

    def paths_reported() -> set[str]:
        return {d.path for d in acronyms.check(ctx)}

    ctx.selected = note  # one new paper: its venue file is not its author's to fix
    assert paths_reported() == {"entries/demo-2025/note.yaml"}
    ctx.selected = []
    assert paths_reported() == set()
    ctx.selected = every  # the venue file changed, or a full run
    assert paths_reported() == {"entries/demo-2025/note.yaml", "entries/demo-2025/venue.yaml"}


def test_the_shared_glossary_is_checked_for_unused_terms_only_in_a_full_run(
    tmp_path: Path,
) -> None:
    ctx = _context(tmp_path, EXAMPLES / "acronyms/fail/unused-glossary-term")
    shared = "entries/glossary.yaml"

    assert shared in {d.path for d in acronyms.check(ctx)}
    ctx.selected = ctx.selected[:1]
    assert shared not in {d.path for d in acronyms.check(ctx)}


def test_papers_of_a_venue_that_did_not_load_are_left_alone(tmp_path: Path) -> None:
    ctx = _context(tmp_path, NOTE)
    ctx.corpus.venues["demo-2025"].venue = None

    assert list(acronyms.check(ctx)) == []


def test_the_allow_list_comes_from_the_config(tmp_path: Path) -> None:
    ctx = _context(tmp_path, NOTE)
    ctx.config = Config.model_validate({"acronyms": {"allow": ["TTFT", "WAL", "RDMA", "NIC"]}})

    assert list(acronyms.check(ctx)) == []
