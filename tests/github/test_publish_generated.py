"""regenerate.yml's push (.github/scripts/publish-generated.sh) never loses a commit.

Two merges at once are simulated in git: a bare "origin", the runner's clone, and a
second clone that lands a merge between the runner's regeneration and its push. A
stand-in for paperbot makes README.md from the entries, so only git is under test.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".github" / "scripts" / "publish-generated.sh"

# Writes README.md and schema/ from entries/ like `paperbot render` / `paperbot schema`.
# Before its first render it runs $RACE_HOOK once: another merge lands right then.
FAKE_PAPERBOT = """\
#!/usr/bin/env bash
set -euo pipefail
case "$1" in
  render)
    if [ -n "${RACE_HOOK:-}" ] && [ ! -e "$RACE_HOOK.done" ]; then
      touch "$RACE_HOOK.done"
      bash "$RACE_HOOK"
    fi
    cat entries/*.txt > README.md ;;
  schema)
    mkdir -p schema
    ls entries > schema/entries.txt ;;
esac
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=_env()
    )
    return done.stdout.strip()


def _env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "PUBLISH_BACKOFF": "0",
        **extra,
    }


def _merge(clone: Path, name: str, text: str) -> str:
    """A contributor's pull request lands: one new entry, no README change."""
    _git(clone, "pull", "--quiet", "--rebase", "origin", "main")
    (clone / "entries" / name).write_text(text, encoding="utf-8")
    _git(clone, "add", "entries")
    _git(clone, "commit", "--quiet", "-m", f"Add {name}")
    _git(clone, "push", "--quiet", "origin", "HEAD:main")
    return _git(clone, "rev-parse", "HEAD")


@pytest.fixture
def repos(tmp_path: Path) -> tuple[Path, Path, Path]:
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    seed = tmp_path / "seed"
    _git(tmp_path, "clone", "--quiet", str(origin), str(seed))
    (seed / "entries").mkdir()
    (seed / "entries" / "a.txt").write_text("paper A\n", encoding="utf-8")
    (seed / "README.md").write_text("paper A\n", encoding="utf-8")
    (seed / "schema").mkdir()
    (seed / "schema" / "entries.txt").write_text("a.txt\n", encoding="utf-8")
    _git(seed, "add", ".")
    _git(seed, "commit", "--quiet", "-m", "Seed")
    _git(seed, "push", "--quiet", "origin", "HEAD:main")
    runner = tmp_path / "runner"
    _git(tmp_path, "clone", "--quiet", str(origin), str(runner))
    fake = tmp_path / "fake-paperbot"
    fake.write_text(FAKE_PAPERBOT, encoding="utf-8")
    fake.chmod(0o755)
    return origin, seed, runner


def _publish(runner: Path, **env: str) -> subprocess.CompletedProcess[str]:
    paperbot = runner.parent / "fake-paperbot"
    return subprocess.run(
        ["bash", str(SCRIPT), "main"],
        cwd=runner,
        capture_output=True,
        text=True,
        check=False,
        env=_env(PAPERBOT=str(paperbot), **env),
    )


def test_nothing_changed_means_no_commit(repos: tuple[Path, Path, Path]) -> None:
    origin, _, runner = repos
    before = _git(origin, "rev-parse", "main")

    done = _publish(runner)

    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout
    assert _git(origin, "rev-parse", "main") == before


def test_a_merge_is_regenerated_and_pushed(repos: tuple[Path, Path, Path]) -> None:
    origin, seed, runner = repos
    merged = _merge(seed, "b.txt", "paper B\n")
    _git(runner, "fetch", "--quiet")
    _git(runner, "checkout", "--quiet", merged)  # the commit the push event names

    done = _publish(runner)

    assert done.returncode == 0, done.stderr
    assert _git(origin, "show", "main:README.md") == "paper A\npaper B"
    assert _git(origin, "rev-parse", "main~1") == merged


def test_a_merge_landing_during_the_run_is_kept(
    repos: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    origin, seed, runner = repos
    first = _merge(seed, "b.txt", "paper B\n")
    _git(runner, "fetch", "--quiet")
    _git(runner, "checkout", "--quiet", first)
    # While the runner regenerates for B, C is merged: the runner's first push loses.
    hook = tmp_path / "race.sh"
    hook.write_text(
        f"cd {shlex.quote(str(seed))} && printf 'paper C\\n' > entries/c.txt && git add entries "
        "&& git commit --quiet -m 'Add c.txt' && git push --quiet origin HEAD:main\n",
        encoding="utf-8",
    )

    done = _publish(runner, RACE_HOOK=str(hook))

    assert done.returncode == 0, done.stderr
    assert "rebuilding on its new tip" in done.stderr
    log = _git(origin, "log", "--format=%s", "main").splitlines()
    assert log == [
        "Regenerate README.md and schema/ from the entries",
        "Add c.txt",
        "Add b.txt",
        "Seed",
    ]
    assert _git(origin, "show", "main:README.md") == "paper A\npaper B\npaper C"
    assert _git(origin, "show", "main:schema/entries.txt") == "a.txt\nb.txt\nc.txt"


def test_gives_up_after_the_attempts_without_forcing(repos: tuple[Path, Path, Path]) -> None:
    origin, seed, runner = repos
    _merge(seed, "b.txt", "paper B\n")
    # A remote that rejects every push (as a branch protection rule would).
    hook = Path(origin) / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'protected branch' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = _git(origin, "rev-parse", "main")

    done = _publish(runner, PUBLISH_ATTEMPTS="2")

    assert done.returncode == 1
    assert "gave up after 2 attempts" in done.stderr
    assert _git(origin, "rev-parse", "main") == before
