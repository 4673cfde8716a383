"""What a command imports: `--help` and a replayed check start without the heavy
libraries (pydantic, the YAML parser, the HTTP stack, GitHub's client)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("pydantic", "ruamel", "aiohttp", "github", "rapidfuzz")

_PROBE = """
import json, sys
from bot.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # argparse's --help
    code = exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(HEAVY)))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _imports(*argv: str, cwd: Path | None = None) -> list[str]:
    """The heavy libraries a paperbot process imported to run ``argv``."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.replace("HEAVY", repr(json.dumps(HEAVY))), *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    found: list[str] = json.loads(done.stderr.strip().splitlines()[-1])["heavy"]
    return found


def test_help_imports_no_heavy_library() -> None:
    assert _imports("--help") == []
    assert _imports("check", "--help") == []


def test_a_replayed_check_imports_no_heavy_library(repo: Path) -> None:
    check = ("-C", str(repo), "check", "--no-links", "--format", "json")
    assert "pydantic" in _imports(*check)  # the first run checks
    assert _imports(*check) == []  # the second replays its result


def test_an_offline_check_does_not_load_the_http_stack(repo: Path) -> None:
    (repo / "entries" / "demo-2025" / "x.yaml").write_text("title: X\n", encoding="utf-8")
    found = _imports("-C", str(repo), "check", "--no-links", "--format", "json")
    assert "aiohttp" not in found
    assert "github" not in found
