"""The code base holds itself to its own standards: ruff, ruff format, mypy strict, valid hooks."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import run_tool, tool
from identify.identify import tags_from_filename
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_ruff_finds_nothing() -> None:
    done = run_tool(ROOT, tool("ruff"), "check", "bot", "tests", "dev.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_ruff_formatted() -> None:
    done = run_tool(ROOT, tool("ruff"), "format", "--check", "bot", "tests", "dev.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_passes_on_bot() -> None:
    done = run_tool(ROOT, tool("mypy"))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("command", "path"),
    [
        ("validate-config", ".pre-commit-config.yaml"),
        ("validate-manifest", ".pre-commit-hooks.yaml"),
    ],
)
def test_pre_commit_files_are_valid(command: str, path: str) -> None:
    done = run_tool(ROOT, tool("pre-commit"), command, path)
    assert done.returncode == 0, done.stdout + done.stderr


# --- the README contract in the hooks -----------------------------------------------------
#
# A contributor's commit that adds a paper runs the entry hooks on that file, and never a
# hook that checks or writes README.md or schema/ (they follow the data after the merge,
# docs/generated-files.md), nor the tool's tests.

PAPER = "entries/mlsys-2025/new-paper.yaml"
NOT_ON_PAPERS = re.compile(r"\bpaperbot\b.*\b(?:render|schema)\b|\bpytest\b|\bdev\.py\s+test\b")


def _hooks(path: str) -> list[dict[str, Any]]:
    data = YAML(typ="safe", pure=True).load((ROOT / path).read_text(encoding="utf-8"))
    if isinstance(data, list):  # the published manifest
        return data
    return [hook for repo in data["repos"] for hook in repo["hooks"]]


def runs_on(hook: dict[str, Any], path: str) -> bool:
    """Whether pre-commit runs ``hook`` for a commit that changes ``path`` alone."""
    known = {"id", "name", "description", "entry", "language", "args", "pass_filenames"}
    filters = {"files", "exclude", "types", "types_or", "exclude_types", "always_run"}
    if set(hook) - known - filters:
        raise ValueError(f"hook {hook['id']}: keys this test does not read: {set(hook) - known}")
    if hook.get("always_run"):
        return True
    tags = tags_from_filename(path) | {"file"}
    return (
        re.search(hook.get("files", ""), path) is not None
        and re.search(hook.get("exclude", "^$"), path) is None
        and set(hook.get("types", ["file"])) <= tags
        and (not hook.get("types_or") or bool(set(hook["types_or"]) & tags))
        and not set(hook.get("exclude_types", [])) & tags
    )


def paper_hook_offences(hooks: list[dict[str, Any]]) -> list[str]:
    found = []
    for hook in hooks:
        command = " ".join([hook["entry"], *hook.get("args", [])])
        if runs_on(hook, PAPER) and NOT_ON_PAPERS.search(command):
            found.append(f"{hook['id']}: {command}")
    return found


@pytest.mark.parametrize("path", [".pre-commit-config.yaml", ".pre-commit-hooks.yaml"])
def test_a_paper_commit_runs_no_readme_schema_or_test_hook(path: str) -> None:
    assert paper_hook_offences(_hooks(path)) == []


@pytest.mark.parametrize("path", [".pre-commit-config.yaml", ".pre-commit-hooks.yaml"])
def test_a_paper_commit_checks_and_fixes_just_the_changed_files(path: str) -> None:
    ran = {hook["id"]: hook for hook in _hooks(path) if runs_on(hook, PAPER)}

    assert {"paperbot-check", "paperbot-fmt"} <= set(ran)
    assert ran["paperbot-fmt"]["entry"].endswith("paperbot fmt --fix")
    for hook in ran.values():
        assert hook.get("pass_filenames", True), hook["id"]


@pytest.mark.parametrize(
    "hook",
    [
        # The render hook this repository had: it held every paper commit to README.md.
        {"id": "r", "entry": "paperbot render --check", "files": "^(entries/|bot/|README)"},
        {"id": "s", "entry": "paperbot", "args": ["-C", ".", "schema"], "files": "^entries/"},
        {"id": "t", "entry": "python3 dev.py test", "always_run": True},
        {"id": "y", "entry": ".venv/bin/pytest", "types": ["yaml"]},
    ],
    ids=["render", "schema-in-args", "tests-always", "tests-on-yaml"],
)
def test_the_hook_contract_test_catches_a_bad_hook(hook: dict[str, Any]) -> None:
    assert paper_hook_offences([hook]) != []


def test_the_hook_contract_test_passes_a_hook_that_skips_entries() -> None:
    hooks = [{"id": "r", "entry": "paperbot render --check", "files": "^README", "types": ["text"]}]

    assert paper_hook_offences(hooks) == []
