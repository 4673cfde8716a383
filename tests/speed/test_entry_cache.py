"""The entry cache and the fast path change how long a check takes, never what it says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.files.cache_folder import DEFAULT, locate
from bot.files.loader import load_corpus
from bot.model.entries import Paper, Venue
from bot.model.run_options import Options
from bot.pipeline import load, load_and_check
from bot.report import formats
from bot.speed import entry_cache, replay, sealed_file
from bot.speed.entry_cache import CACHE_FILE, EntryCache, construct

EXAMPLES = Path(__file__).parents[1] / "checks" / "examples"
CASES = sorted(p for p in EXAMPLES.glob("*/*/*") if p.is_dir())


def _repo(case: Path, root: Path) -> Path:
    shutil.copytree(EXAMPLES / "base", root)
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.txt"))
    return root


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    # Without the stored result, so every run loads the entries (through their cache).
    (root / DEFAULT / replay.CACHE_FILE).unlink(missing_ok=True)
    capsys.readouterr()
    main(["-C", str(root), "check", "--no-links", "--format", "json"])
    return capsys.readouterr().out


@pytest.mark.parametrize("case", CASES, ids=lambda p: "/".join(p.parts[-3:]))
def test_round_trip_fast_path_and_cache_report_alike(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(case, tmp_path / "repo")
    cold = _check(root, capsys)
    assert (root / DEFAULT / CACHE_FILE).is_file()
    warm = _check(root, capsys)  # every entry from the cache
    # The round trip only, no cache, no forked work: the plain source and runner.
    slow = formats.json_report(load_and_check(root, Options(), speed=False)[1])
    assert cold == slow
    assert warm == slow


def test_a_damaged_or_foreign_cache_is_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(EXAMPLES / "url" / "fail" / "arxiv-export-host", tmp_path / "r")
    expected = _check(root, capsys)
    cache = root / DEFAULT / CACHE_FILE
    good = cache.read_bytes()
    head, _, body = good.partition(b"\n")
    damaged = [
        b"{",
        b"[]\n{}",
        b"\0",
        good[: len(good) // 2],  # a truncated write
        head + b"\n" + body.replace(b'"title":"', b'"title":"X', 1),  # a changed byte
        head.replace(entry_cache.salt().encode(), b"0" * 40) + b"\n" + body,  # another paperbot
        json.dumps({"format": 1, "salt": entry_cache.salt()}).encode() + b"\n" + body,
    ]
    for content in damaged:
        cache.write_bytes(content)
        assert _check(root, capsys) == expected
        assert cache.read_bytes() == good  # replaced by a sound one


def test_a_cached_entry_is_the_model_validation_makes(tmp_path: Path) -> None:
    root = _repo(EXAMPLES / "base", tmp_path / "r")
    load(root)  # fills the cache
    fresh, _ = load_corpus(root)  # the plain source
    cached, _ = load(root)
    for a, b in zip(fresh.papers(), cached.papers(), strict=True):
        assert a.model == b.model
        assert a.model.model_fields_set == b.model.model_fields_set
        assert a.positions.values == b.positions.values  # found again on demand
        assert a.positions.keys == b.positions.keys
    for slug, data in fresh.venues.items():
        venue, again = data.venue, cached.venues[slug].venue
        assert venue is not None and again is not None
        assert venue.model == again.model


def test_a_partly_loaded_paper_is_replayed_as_loading_concluded(tmp_path: Path) -> None:
    """Its data without the refused values, the keys it lacks and its diagnostics."""
    root = _repo(EXAMPLES / "base", tmp_path / "r")
    (root / "entries" / "demo-2025" / "partial.yaml").write_text(
        "title: 42\ncategory: [Systems, Storage]\nlinks:\n  - kind: Paper\n"
        "    url: https://a.org/x y\n  - kind: Code\n    url: https://github.com/a/b\n",
        encoding="utf-8",
    )
    fresh, fresh_diags = load_corpus(root)
    load(root)  # fills the cache
    cached, cached_diags = load(root)
    assert cached_diags == fresh_diags and len(fresh_diags) == 2
    for a, b in zip(fresh.papers(), cached.papers(), strict=True):
        assert a.model == b.model
        assert a.model.model_fields_set == b.model.model_fields_set
        assert a.missing == b.missing
        assert a.positions.values == b.positions.values
    [partial] = [p for p in cached.papers() if p.path.endswith("partial.yaml")]
    assert partial.missing == {"title"}
    assert [link.kind for link in partial.model.links] == ["Code"]
    assert partial.positions.of_value(("links", 0, "url")) == (7, 10)


def test_construct_matches_validation_for_nested_models() -> None:
    venue = {
        "name": "V 2025",
        "acceptance": {"accepted": 1, "submitted": 2},
        "areas": [{"name": "A", "categories": [{"name": "B", "position": 3}]}],
        "glossary": {"LLM": "Large Language Model"},
    }
    validated = Venue.model_validate(venue)
    built = construct(Venue, venue)
    assert built == validated
    assert built.areas[0].categories[0].model_fields_set == {"name", "position"}
    paper = {"title": "T", "category": ["A"], "links": [{"kind": "Paper", "url": "https://x.org"}]}
    assert construct(Paper, paper) == Paper.model_validate(paper)


def test_a_change_of_code_or_versions_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(EXAMPLES / "base", tmp_path / "r")
    load(root)
    assert EntryCache.open(locate(root))._old
    monkeypatch.setattr(sealed_file, "_SALT", "another paperbot")
    assert not EntryCache.open(locate(root))._old


def test_a_change_to_any_module_changes_the_salt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cached answer depends on the models, the loader, the keys and the checks, not only
    # on bot/speed/ (the folder the salt once hashed alone, after sealed_file.py moved).
    assert (sealed_file.PACKAGE / "checks" / "paper_keys.py").is_file()
    copy = tmp_path / "bot"
    shutil.copytree(sealed_file.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(sealed_file, "PACKAGE", copy)
    monkeypatch.setattr(sealed_file, "_SALT", None)
    before = sealed_file.salt()
    keys = copy / "checks" / "paper_keys.py"
    keys.write_text(keys.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    monkeypatch.setattr(sealed_file, "_SALT", None)
    assert sealed_file.salt() != before
