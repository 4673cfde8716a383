"""``paperbot render`` for readers: the venues' order, the table of contents, the anchors of
categories, and a list too long for one page written as an index and a page a venue.

Every Markdown file is read back with markdown-it-py, as GitHub would show it."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import synthetic_repo

from bot.cli import main
from bot.files.generated_files import GENERATED
from bot.text.heading_anchors import headings
from bot.text.markdown_rules import inert_html

TEMPLATE = (
    "# Papers\n\nA list.\n\n<!-- paperbot:contents -->\n\n<!-- paperbot:venues -->\n\n"
    "# Contributing\n"
)
LINK = re.compile(r"\]\(([^)\s]+)\)")


TITLES = {
    "atc-2024": "Keeping Disks Busy",
    "osdi-2023": "Quiet Networks at Scale",
    "atc-2023": "Learning to Cache Objects",
    "workshop": "Faster Consensus in Practice",
}


def _venue(root: Path, slug: str, name: str, papers: int = 1) -> None:
    folder = root / "entries" / slug
    folder.mkdir(parents=True)
    (folder / "venue.yaml").write_text(
        f"name: {name}\nareas:\n  - name: Systems\n    categories:\n"
        "      - name: Storage\n      - name: Networks\n  - name: Learning\n",
        encoding="utf-8",
    )
    for n in range(papers):
        (folder / f"paper-{n}.yaml").write_text(
            f"title: '{TITLES[slug]} {n}'\ncategory: [Systems, Storage]\nlinks:\n"
            f"  - kind: Paper\n    url: https://{slug}.example.org/{n}\n",
            encoding="utf-8",
        )


@pytest.fixture
def venues(tmp_path: Path) -> Path:
    """Four venues: two years of one conference, one of another, one with no year."""
    for slug, name in [
        ("atc-2024", "ATC 2024"),
        ("osdi-2023", "OSDI 2023"),
        ("atc-2023", "ATC 2023"),
        ("workshop", "Systems Workshop"),
    ]:
        _venue(tmp_path, slug, name)
    (tmp_path / "README.template.md").write_text(TEMPLATE, encoding="utf-8")
    return tmp_path


def _titles(readme: str) -> list[str]:
    return [h.text for h in headings(readme) if h.level == 1][1:-1]


def _readme(root: Path) -> str:
    return (root / "README.md").read_text(encoding="utf-8")


def test_venues_are_newest_first_by_default(venues: Path, run_cli: Any) -> None:
    assert run_cli(venues, "render")[0] == 0

    assert _titles(_readme(venues)) == ["ATC 2024", "ATC 2023", "OSDI 2023", "Systems Workshop"]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("venue_order: oldest", ["ATC 2023", "OSDI 2023", "ATC 2024", "Systems Workshop"]),
        ("venue_order: name", ["ATC 2023", "ATC 2024", "OSDI 2023", "Systems Workshop"]),
        (
            "venues: [workshop, osdi-2023]",
            ["Systems Workshop", "OSDI 2023", "ATC 2024", "ATC 2023"],
        ),
    ],
)
def test_the_order_is_paperbot_yamls_to_choose(
    venues: Path, run_cli: Any, setting: str, expected: list[str]
) -> None:
    (venues / "paperbot.yaml").write_text(f"readme:\n  {setting}\n", encoding="utf-8")

    assert run_cli(venues, "render")[0] == 0
    assert _titles(_readme(venues)) == expected


@pytest.mark.parametrize(
    ("setting", "where", "message"),
    [
        ("venues: [atc-2024, osdi-2032]", "paperbot.yaml:2:", "no venue folder entries/osdi-2032/"),
        ("venue_order: latest", "paperbot.yaml:2:", "readme.venue_order"),
        ("budget: 600000", "paperbot.yaml:2:", "readme.budget"),
        ("venues: [ATC 2024]", "paperbot.yaml:2:", "readme.venues"),
    ],
)
def test_a_wrong_setting_is_an_error_at_its_line(
    venues: Path, run_cli: Any, setting: str, where: str, message: str
) -> None:
    (venues / "paperbot.yaml").write_text(f"readme:\n  {setting}\n", encoding="utf-8")

    code, out, _ = run_cli(venues, "check", "--no-links")
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith(where) and message in line], out
    # render refuses it too, and writes nothing.
    assert run_cli(venues, "render")[0] == 1
    assert not (venues / "README.md").exists()


def test_an_unknown_venue_is_told_with_the_nearest_one(venues: Path, run_cli: Any) -> None:
    (venues / "paperbot.yaml").write_text("readme:\n  venues:\n    - osdi-2032\n")

    _, out, _ = run_cli(venues, "check", "--no-links")

    assert (
        "paperbot.yaml:3:7: error [schema] readme.venues: no venue folder entries/osdi-2032/" in out
    )
    assert "(did you mean osdi-2023?)" in out


def test_the_contents_link_every_venue_and_area_to_its_heading(venues: Path, run_cli: Any) -> None:
    assert run_cli(venues, "render")[0] == 0
    readme = _readme(venues)
    found = headings(readme)
    contents = readme.split("## Contents", 1)[1].split("\n# ", 1)[0]
    links = LINK.findall(contents)

    assert "4 papers from 4 venues." in contents
    # Four venues, each with its two areas; "Systems" is a heading in each: its anchors
    # are systems, systems-1, ... as GitHub numbers them.
    assert len(links) == 12
    assert {link[1:] for link in links} <= {h.anchor for h in found}
    assert "[Systems](#systems-1): 1" in contents and "[Learning](#learning-3): 0" in contents


def test_every_category_bullet_has_an_anchor_the_markup_check_allows(
    venues: Path, run_cli: Any
) -> None:
    assert run_cli(venues, "render")[0] == 0
    readme = _readme(venues)
    tags = re.findall(r'^\* (<a id="([^"]+)"></a>)(\w+)$', readme, re.MULTILINE)

    assert len(tags) == 8  # two categories in each of four venues
    assert all(inert_html(tag) for tag, _, _ in tags)
    ids = [anchor for _, anchor, _ in tags]
    assert len(set(ids)) == len(ids)
    assert "atc-2024-systems-storage" in ids and "osdi-2023-systems-networks" in ids


def test_category_anchors_can_be_turned_off(venues: Path, run_cli: Any) -> None:
    (venues / "paperbot.yaml").write_text("readme:\n  category_anchors: false\n")

    assert run_cli(venues, "render")[0] == 0

    assert "<a id" not in _readme(venues)
    assert "\n* Storage\n" in _readme(venues)


# --- a list over its budget ---------------------------------------------------------------


BUDGET = 20_000


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 synthetic papers (two venues of ~150 KB each) with a 20 KB budget."""
    root = tmp_path_factory.mktemp("large")
    synthetic_repo(root, 1000, 1)
    (root / "README.template.md").write_text(TEMPLATE, encoding="utf-8")
    with (root / "paperbot.yaml").open("a", encoding="utf-8") as config:
        config.write(f"readme:\n  budget: {BUDGET}\n")
    return root


def _markdown(root: Path) -> dict[str, str]:
    files = [root / "README.md", *sorted((root / "lists").rglob("*.md"))]
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in files}


def _render(root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["-C", str(root), "render", *args])
    return code, "", ""


def test_over_the_budget_every_file_is_under_it_and_every_link_resolves(large: Path) -> None:
    assert _render(large)[0] == 0
    files = _markdown(large)

    assert len(files) > 10
    assert {
        name: len(text.encode()) for name, text in files.items() if len(text.encode()) > BUDGET
    } == {}
    for name, text in files.items():
        for link in LINK.findall(text):
            if link.startswith(("http", "#")):
                continue
            target = (large / name).parent / link
            assert target.resolve().is_relative_to(large.resolve()), (name, link)
            assert target.exists(), (name, link)
    readme = files["README.md"]
    index = LINK.findall(readme)
    assert index == ["lists/", "lists/mlsys-2016.md", "lists/osdi-2016.md"]
    assert "1,000 papers from 2 venues." in readme
    assert "<!-- paperbot:venues -->" not in readme


def test_over_the_budget_no_paper_is_lost_or_shown_twice(large: Path) -> None:
    assert _render(large)[0] == 0
    shown = "".join(_markdown(large).values())
    urls = re.findall(r"\[Paper\]\((https://[^)]+)\)", shown)
    written = [
        line.split("url: ")[1]
        for p in (large / "entries").glob("*/*.yaml")
        for line in p.read_text(encoding="utf-8").splitlines()
        if "/poster/" in line and "url: " in line
    ]

    assert sorted(urls) == sorted(written)
    assert len(written) == 1000


def test_every_split_page_keeps_a_valid_outline(large: Path) -> None:
    assert _render(large)[0] == 0
    for name, text in _markdown(large).items():
        levels = [h.level for h in headings(text)]
        assert levels[0] == 1, name
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), name
        if name != "README.md":
            assert text.startswith(GENERATED)


def test_render_check_covers_every_file_and_stale_pages(
    large: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _render(large)[0] == 0
    assert _render(large, "--check")[0] == 0

    page = large / "lists" / "osdi-2016.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    stale = large / "lists" / "osdi-2015.md"
    stale.write_text(GENERATED + "# OSDI 2015\n", encoding="utf-8")
    mine = large / "lists" / "notes.md"
    mine.write_text("# Notes a maintainer keeps here\n", encoding="utf-8")
    capsys.readouterr()

    assert _render(large, "--check")[0] == 1
    err = capsys.readouterr().err
    assert "lists/osdi-2016.md is stale" in err
    assert "lists/osdi-2015.md is no longer generated" in err
    assert "notes.md" not in err

    assert _render(large)[0] == 0
    assert not stale.exists() and mine.exists()
    assert _render(large, "--check")[0] == 0
    mine.unlink()


def test_under_a_larger_budget_the_pages_go_and_readme_is_the_list(
    tmp_path: Path, large: Path
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(large, root, ignore=shutil.ignore_patterns(".cache"))
    assert _render(root)[0] == 0
    assert (root / "lists").is_dir()
    config = (root / "paperbot.yaml").read_text(encoding="utf-8")
    (root / "paperbot.yaml").write_text(config.replace(f"budget: {BUDGET}", "budget: 512000"))

    assert _render(root)[0] == 0

    assert not (root / "lists").exists()
    readme = _readme(root)
    assert _titles(readme) == ["MLSys 2016", "OSDI 2016"]
    assert len(readme.encode()) <= 512_000


def test_a_lists_folder_that_is_a_link_is_not_written_through(
    tmp_path: Path, large: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, elsewhere = tmp_path / "copy", tmp_path / "elsewhere"
    shutil.copytree(large, root, ignore=shutil.ignore_patterns(".cache", "lists", "README.md"))
    elsewhere.mkdir()
    (root / "lists").symlink_to(elsewhere, target_is_directory=True)

    assert _render(root)[0] == 2
    assert "a symbolic link is in the way" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
    assert not (root / "README.md").exists()
