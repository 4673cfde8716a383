"""The fast writer of new entries (bot/speed/entry_text.py) writes what model_text writes,
or nothing: on values chosen to sit on each of ruamel's quoting rules, on random text
over the characters those rules look at, and on every page of the test family."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers import TESTS, run

from bot.files.canonical import model_text
from bot.model.entries import Paper
from bot.pages.page_reader import import_page
from bot.pipeline import new_entry_text
from bot.speed.entry_text import paper_text

# Each one sits on a rule: an indicator first, ": " or " #" inside, ":" last, a document
# marker, a value the resolver reads as something else, a quote inside, a space at an end.
TRICKY = [
    "Plain Title", "XGrammar: Flexible and Efficient Structured Generation", "- dash",
    "-dash", "? what", "?what", ": colon", ":colon", "colon:", "a:b", "a # b", "a#b",
    "#hash", ",comma", "[x", "x]", "{x", "x}", "&anchor", "*alias", "!tag", "|bar",
    ">fold", "'quoted", '"quoted', "%percent", "@at", "`tick", "---", "--- x", "...",
    "..x", "true", "True", "TRUE", "false", "null", "Null", "~", "123", "0", "012", "0x1F",
    "0o17", "1.5", ".5", "-1", "+1", "1e3", ".inf", "-.inf", ".nan", "2020-01-01",
    "2020-01-01 10:00:00", "<<", "=", "yes", "no", "on", "off", "y", "n", "Don't: stop",
    "it's", 'say "hi": ok', "back\\slash: x", "a ' b: c", " leading", "trailing ", " ",
    "*", "  * deeper", "**Best Paper**", "x, y", "Storage & I/O", "NVIDIA", "Tsinghua",
    "Fine-tuning", "https://example.org/a?b=c#d", "a" * 999, "a" * 1001, "Zürich", "tab\there",
]  # fmt: skip


BASE = {
    "title": "T",
    "category": ["Area", "Sub"],
    "position": 10,
    "links": [{"kind": "Paper", "url": "https://example.org/p"}],
    "notes": ["", "*"],
}


def _papers(text: str) -> list[Paper]:
    """A paper with ``text`` in each field that takes it (the model refuses some: a title
    with a space at its end)."""
    found = []
    for key, value in [
        ("title", text), ("category", [text, "Sub"]), ("affiliations", [text, "MIT"]),
        ("awards", [text]), ("notes", [text, "", "*"]), ("suffix", text),
        ("links", [{"kind": text, "url": "https://example.org/p"}]),
    ]:  # fmt: skip
        try:
            found.append(Paper.model_validate({**BASE, key: value}))
        except ValueError:
            continue
    return found


@pytest.mark.parametrize("text", TRICKY)
def test_a_tricky_value_is_written_as_model_text_writes_it_or_not_at_all(text: str) -> None:
    for paper in _papers(text):
        fast = paper_text(paper, 2)
        assert fast is None or fast == model_text(paper, 2)


def test_the_usual_values_are_written_fast() -> None:
    usual = [t for t in TRICKY if t.isascii() and "\t" not in t and len(t) < 1000]
    papers = [paper for text in usual for paper in _papers(text)]
    vouched = [paper for paper in papers if paper_text(paper, 2) is not None]
    # The slow way: escapes in double quotes, "[? x]" and the like in a category.
    assert len(vouched) >= 0.9 * len(papers)
    assert paper_text(Paper.model_validate({**BASE, "title": "XGrammar: Fast Grammars"}), 2)


def test_random_text_over_the_characters_the_rules_look_at() -> None:
    rng = random.Random(15)
    alphabet = "ab1 :#-?,[]{}'\"\\&*!|>%@`.~tTnN<="
    written = 0
    for _ in range(300):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 6)))
        for paper in _papers(text):
            fast = paper_text(paper, 2)
            if fast is not None:
                written += 1
                assert fast == model_text(paper, 2), text
    assert written > 200


def test_a_category_too_long_for_one_line_is_left_to_model_text() -> None:
    paper = Paper.model_validate({**BASE, "category": [f"{n} " + "a" * 490 for n in range(9)]})

    assert paper_text(paper, 2) is None
    assert new_entry_text(paper, 2) == model_text(paper, 2)


PAGES = sorted((TESTS / "data" / "pages").glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_each_page_of_the_family_imports_to_the_files_model_text_writes(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    imported = import_page(page.read_text(encoding="utf-8"), page.name)
    (tmp_path / "entries").mkdir()

    assert run(capsys, tmp_path, "import", str(page), "--venue", "v")[0] == 0

    folder = tmp_path / "entries" / "v"
    written = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
    assert written.pop("venue") is not None
    assert written == {slug: model_text(p, 2) for slug, p in imported.papers.items()}
