#!/usr/bin/env python3
"""The two quick-start commands, on a fresh machine with nothing but Python 3.11+.

    python3 dev.py run     check the entries, then regenerate README.md
    python3 dev.py test    the whole test suite (extra arguments go to pytest)

Both create ``.venv`` on first use and reinstall only when pyproject.toml changes.
The tests also need Node.js and npm: ``test`` installs the npm packages of
package.json (a mock of GitHub's API, webhook examples) with ``npm ci`` when
node_modules is missing or older than package-lock.json.
"""

from __future__ import annotations

import hashlib
import os
import shutil
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
    # The lock counts too: the workflow rehearsal (tests/rehearsal) installs offline
    # against exactly these wheels, as the hash-locked workflow jobs do on GitHub.
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / "requirements" / "bot.txt").read_bytes()
    ).hexdigest()
    if STAMP.is_file() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    print("installing paperbot and its development tools", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    lock = ROOT / "requirements" / "bot.txt"
    subprocess.run(
        [*pip, "install", "--require-hashes", "--only-binary", ":all:", "-r", str(lock)], check=True
    )
    subprocess.run([*pip, "install", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def run_tests(args: list[str]) -> int:
    code = ensure_node_tools()
    if code:
        return code
    code = _run(["python", "-m", "pytest", *args])
    if code == PYTEST_NO_TESTS:
        # "No tests collected" means the suite is broken, not that all is well.
        print("dev.py: pytest collected no tests", file=sys.stderr)
        return 1
    return code


def ensure_node_tools() -> int:
    """The npm packages the GitHub tests use, installed exactly as package-lock.json says."""
    lock = ROOT / "package-lock.json"
    if not (ROOT / "package.json").is_file():
        return 0
    # npm writes this file last, so it is missing after an interrupted install.
    installed = ROOT / "node_modules" / ".package-lock.json"
    if installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return 0
    npm = shutil.which("npm")
    if npm is None:
        print(
            "dev.py: the tests need Node.js and npm (for a mock of GitHub's API);"
            " install them (for example 'apt-get install nodejs npm') and run this again",
            file=sys.stderr,
        )
        return 2
    print("installing the npm packages the tests use (npm ci)", flush=True)
    # No install scripts: none of these packages needs one, and one of them only reports usage.
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    return subprocess.run(command, cwd=ROOT).returncode


def _run(command: list[str]) -> int:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    executable = str(BIN / command[0])
    return subprocess.run([executable, *command[1:]], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
