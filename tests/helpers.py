"""Builders shared by the render, importer and CLI tests (plain functions, no fixtures).

Imported as ``helpers``: pytest puts ``tests/`` on ``sys.path`` because
``tests/`` has no ``__init__.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.model.corpus import Located
from bot.model.entries import Category, Link, Paper, Venue
from bot.model.positions import Positions
from bot.pages.page_reader import import_page
from bot.pages.venue_page import render_venue

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
PAGE_NAME = "mlsys-2025.md"


def mlsys_page_path() -> Path:
    """The reference page: ``../shared/data`` beside the repository, else the copy in tests/data."""
    shared = REPO.parent / "shared" / "data" / PAGE_NAME
    return shared if shared.is_file() else TESTS / "data" / PAGE_NAME


def mlsys_page() -> str:
    return mlsys_page_path().read_text(encoding="utf-8")


def link(kind: str = "Paper", url: str = "https://example.org/1") -> Link:
    return Link(kind=kind, url=url)


def paper(title: str, *category: str, **fields: object) -> Paper:
    return Paper.model_validate({"title": title, "category": list(category), **fields})


def area(name: str, *children: Category | str) -> Category:
    """A tree node; a plain string child is a leaf category."""
    kids = [Category(name=c) if isinstance(c, str) else c for c in children]
    return Category(name=name, categories=kids)


def located(model: Paper, path: str = "entries/demo/paper.yaml") -> Located[Paper]:
    return Located(path, model, Positions())


def locate_all(papers: Iterable[Paper], venue: str = "demo") -> list[Located[Paper]]:
    """Each paper at its own file name (``p00.yaml``, ``p01.yaml``, ...) in input order."""
    return [located(p, f"entries/{venue}/p{i:02d}.yaml") for i, p in enumerate(papers)]


def render(venue: Venue, papers: Sequence[Paper], shared: Mapping[str, str] | None = None) -> str:
    return render_venue(venue, locate_all(papers), shared or {})


def reimport(text: str) -> str:
    """Import a page and render what came out (the round trip the importer promises)."""
    imported = import_page(text, "page.md")
    assert imported.diagnostics == []
    papers = [located(p, f"entries/x/{slug}.yaml") for slug, p in imported.papers.items()]
    return render_venue(imported.venue, papers, {})


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    """``paperbot -C root ARGS`` through ``bot.cli.main``: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main(["-C", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


VENUE_SLUG = "mlsys-2025"
MARKER = "<!-- paperbot:venues -->"
TEMPLATE = f"# A list of papers\n\n{MARKER}\n\nMaintained by the curators.\n"


def import_mlsys(root: Path) -> Path:
    """A repository at ``root`` built the way a maintainer would: ``paperbot import`` the page."""
    (root / "entries").mkdir(parents=True, exist_ok=True)
    assert main(["-C", str(root), "import", str(mlsys_page_path())]) == 0
    # The repository's settings come with it: its acronym allow-list makes the page clean.
    shutil.copyfile(Path(__file__).resolve().parents[1] / "paperbot.yaml", root / "paperbot.yaml")
    return root / "entries" / VENUE_SLUG


def with_template(root: Path) -> Path:
    """Add a README template holding the all-venues marker; return its path."""
    path = root / "README.template.md"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def readme_for(page: str) -> str:
    """What README.md must be for ``TEMPLATE`` and one venue page."""
    return TEMPLATE.replace(MARKER + "\n", page)


BAD = "entries/demo-2025/bad.yaml"


def place(diag: Mapping[str, Any]) -> tuple[str, int, int, str, str]:
    """A JSON diagnostic's place and kind, for exact comparisons."""
    return diag["path"], diag["line"], diag["column"], diag["check"], diag["severity"]


def tool(name: str) -> str:
    """A dev tool next to this interpreter (or on PATH); a clear failure when missing."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the dev extra (python3 dev.py test does)")
    return found


def run_tool(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)


def git(root: Path, *args: str) -> None:
    """git with a throwaway identity, for tests that build a repository. A repository it
    makes ignores .cache/, as every paperbot repository does (its .gitignore): a cache
    committed by ``add -A`` is an error (bot/files/cache_folder.py), tested on purpose."""
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )
    if args[:1] == ("init",):
        exclude = root / ".git" / "info" / "exclude"
        exclude.parent.mkdir(parents=True, exist_ok=True)
        with exclude.open("a", encoding="utf-8") as out:
            out.write(".cache/\n")


def synthetic_repo(root: Path, papers: int, seed: int) -> Path:
    """A synthetic repository (bench/synthetic.py) under ``root``; its first venue folder."""
    from bench.synthetic import generate

    generate(root, papers, seed)
    return sorted(p for p in (root / "entries").iterdir() if p.is_dir())[0]


def example_pull_request(root: Path) -> Path:
    """The example pull request (docs/example-comment.md's five mistakes): the check
    examples' base repository committed as the base, and the paper added on top."""
    repo_root = TESTS.parent
    shutil.copytree(TESTS / "checks" / "examples" / "base", root)
    shutil.copyfile(repo_root / "paperbot.yaml", root / "paperbot.yaml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    paper = TESTS / "data" / "example-pr" / "fastserve.yaml"
    shutil.copyfile(paper, root / "entries" / "demo-2025" / paper.name)
    return root
