"""The code base holds itself to its own standards: ruff, ruff format, mypy strict, valid hooks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import run_tool, tool

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
