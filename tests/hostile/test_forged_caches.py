"""A pull request that commits forged cache files cannot make paperbot vouch for its entry.

The attacker has paperbot's public code and nothing else: they work out the salt and the
unkeyed digest the caches were once sealed with (bot/speed/sealed_file.py before keys),
write a stored result saying "no problems" and a pull request cache holding a harmless
version of their entry, and commit them under .cache/paperbot/ with an entry whose links
are ``javascript:`` and ``data:`` URLs. paperbot then runs in a fresh clone, as a
workflow or a user of the action does.

The forgery is built here without paperbot's cache code (only its public pieces: the
salt, the entry key, the listing), so it stays the attack that worked before the fix.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import TESTS, git

from bot.checks.paper_keys import paper_keys
from bot.checks.registry import ONLINE
from bot.files.layout import discover
from bot.model.entries import Paper
from bot.model.places import CONFIG_FILE
from bot.speed import entry_cache, sealed_file

RunCli = Any
EVIL = "entries/demo-2025/evil.yaml"
EVIL_TEXT = """\
title: 'Harmless Serving Paper'
category: [Systems, Storage]
links:
  - kind: Paper
    url: "javascript:alert(document.domain)"
  - kind: Code
    url: "data:text/html,<script>alert(1)</script>"
notes:
  - "Try the [demo](javascript:alert(document.domain))"
"""
HARMLESS = {
    "title": "Harmless Serving Paper",
    "category": ["Systems", "Storage"],
    "links": [
        {"kind": "Paper", "url": "https://demo.example.org/2025/poster/9"},
        {"kind": "Code", "url": "https://github.com/example/harmless"},
    ],
    "notes": ["Try the [demo](https://demo.example.org/)"],
}


def _old_seal(path: Path, header: dict[str, Any], body: bytes) -> None:
    """A cache file as paperbot sealed it before keys: header, unkeyed digest, body."""
    digest = hashlib.blake2b(body, digest_size=20).hexdigest()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(json.dumps({**header, "digest": digest}).encode() + b"\n" + body)


def _clean_result_key(root: Path) -> str:
    """The stored result's key for `check`/`render` of this tree (bot/speed/replay.py's
    fingerprint, as anyone can work it out from the files)."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts, default=str).encode() + b"\n")

    add(sealed_file.salt(), None)
    files, diags = discover(root)
    add([(d.path, d.line, d.check, d.message) for d in diags])
    for entry in files:
        found = hashlib.blake2b(Path(entry.file).read_bytes(), digest_size=20).hexdigest()
        digest.update(f"{entry.rel}\0{entry.kind}\0{found}\n".encode())
    config = root / CONFIG_FILE
    add(CONFIG_FILE, hashlib.blake2b(config.read_bytes(), digest_size=20).hexdigest())
    return digest.hexdigest()


def _forge(root: Path) -> None:
    folder = root / ".cache" / "paperbot"
    salt = sealed_file.salt()
    # A stored offline result: "no problems" for exactly this tree.
    clean = {"not_run": sorted(ONLINE), "not_run_on": [], "diagnostics": [], "targets": {}}
    body = json.dumps({_clean_result_key(root): clean}, separators=(",", ":")).encode()
    _old_seal(folder / "results.json", {"cache": "results", "salt": salt}, body)
    # The pull request cache: the evil file's bytes stand for a harmless paper.
    harmless = Paper.model_validate(HARMLESS)
    record = {
        "data": harmless.model_dump(mode="json", exclude_unset=True),
        "keys": paper_keys(harmless).to_json(),
    }
    raw = (root / EVIL).read_bytes()
    records = {entry_cache.entry_key(raw, EVIL, Paper): record}
    header = {"cache": "entries", "format": entry_cache.FORMAT, "salt": salt}
    _old_seal(folder / "changed.marshal", header, marshal.dumps(records))


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A fresh clone of a pull request branch that adds the evil entry and the forgeries."""
    origin = tmp_path / "origin"
    shutil.copytree(TESTS / "checks" / "examples" / "base", origin)
    shutil.copyfile(TESTS.parent / CONFIG_FILE, origin / CONFIG_FILE)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "base")
    git(origin, "checkout", "-q", "-b", "pr")
    (origin / EVIL).write_text(EVIL_TEXT, encoding="utf-8")
    _forge(origin)
    git(origin, "add", "-A")
    git(origin, "add", "-f", ".cache/paperbot")  # past .gitignore, as an attacker would
    git(origin, "commit", "-q", "-m", "add a paper")
    checkout = tmp_path / "checkout"
    subprocess.run(
        ["git", "clone", "-q", "-b", "pr", str(origin), str(checkout)],
        check=True,
        capture_output=True,
    )
    assert (checkout / ".cache/paperbot/results.json").is_file()
    return checkout


def _evil_errors(out: str) -> list[int]:
    found = json.loads(out)["diagnostics"]
    return sorted({d["line"] for d in found if d["path"] == EVIL and d["severity"] == "error"})


@pytest.mark.parametrize("since", [[], ["--changed-since", "origin/main"]], ids=["all", "pr"])
def test_forged_caches_do_not_hide_a_javascript_url(
    clone: Path, run_cli: RunCli, since: list[str]
) -> None:
    code, out, _ = run_cli(clone, "check", "--no-links", "--format", "json", *since)
    assert code == 1
    assert _evil_errors(out) == [5, 7, 9]  # javascript: and data: URLs, the note's link
    committed = [
        d["path"] for d in json.loads(out)["diagnostics"] if d["path"].startswith(".cache/")
    ]
    assert ".cache/paperbot/results.json" in committed


def test_forged_caches_do_not_get_a_javascript_url_rendered(clone: Path, run_cli: RunCli) -> None:
    readme = clone / "README.md"
    code, _, err = run_cli(clone, "render", "--output", str(readme))
    assert not readme.exists(), readme.read_text(encoding="utf-8")  # before: the note's link
    assert code == 1
    assert "javascript:" in err  # told why nothing was written


def test_the_forged_files_stay_as_committed(clone: Path, run_cli: RunCli) -> None:
    """An untrusted cache folder is not written either: nothing to commit back by mistake."""
    before = {p.name: p.read_bytes() for p in (clone / ".cache/paperbot").iterdir()}
    run_cli(clone, "check", "--no-links", "--format", "json")
    after = {p.name: p.read_bytes() for p in (clone / ".cache/paperbot").iterdir()}
    assert after == before


def test_the_report_and_summary_of_a_forged_clone(
    clone: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    """The committed cache files (binary, unreadable as text) are reported like any file."""
    report, summary = tmp_path / "report.json", tmp_path / "summary.md"
    code, out, _ = run_cli(
        clone, "check", "--no-links", "--format", "github", "--report", str(report),
        "--summary", str(summary), "--changed-since", "origin/main",
    )  # fmt: skip
    assert code == 1
    assert "::error file=.cache/paperbot/changed.marshal,line=1" in out
    assert "javascript:" in summary.read_text(encoding="utf-8")
    found = json.loads(report.read_text(encoding="utf-8"))["diagnostics"]
    assert {d["path"] for d in found} >= {EVIL, ".cache/paperbot/changed.marshal"}
