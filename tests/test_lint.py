"""The code base holds itself to its own standards: ruff, ruff format, mypy strict, valid hooks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the dev extra (python3 dev.py test does)")
    return found


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    done = _run(_tool("ruff"), "check", "bot", "tests", "dev.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_ruff_formatted() -> None:
    done = _run(_tool("ruff"), "format", "--check", "bot", "tests", "dev.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_passes_on_bot() -> None:
    done = _run(_tool("mypy"))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("command", "path"),
    [
        ("validate-config", ".pre-commit-config.yaml"),
        ("validate-manifest", ".pre-commit-hooks.yaml"),
    ],
)
def test_pre_commit_files_are_valid(command: str, path: str) -> None:
    done = _run(_tool("pre-commit"), command, path)
    assert done.returncode == 0, done.stdout + done.stderr
