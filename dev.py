#!/usr/bin/env python3
"""The two quick-start commands, on a fresh machine with nothing but Python 3.11+.

    python3 dev.py run     check the entries, then regenerate README.md
    python3 dev.py test    the whole test suite (extra arguments go to pytest)

Both create ``.venv`` on first use and reinstall only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".paperbot-installed"
PYTEST_NO_TESTS = 5


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_environment()
    if command == "run":
        return _run(["paperbot", "check", *rest]) or _run(["paperbot", "render"])
    return run_tests(rest)


def ensure_environment() -> None:
    """A virtual environment with paperbot and its dev tools, installed once per pyproject."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    print("installing paperbot and its development tools", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def run_tests(args: list[str]) -> int:
    code = _run(["python", "-m", "pytest", *args])
    if code == PYTEST_NO_TESTS:
        # "No tests collected" means the suite is broken, not that all is well.
        print("dev.py: pytest collected no tests", file=sys.stderr)
        return 1
    return code


def _run(command: list[str]) -> int:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    executable = str(BIN / command[0])
    return subprocess.run([executable, *command[1:]], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
