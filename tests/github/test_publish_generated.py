"""regenerate.yml's push (.github/scripts/publish-generated.sh) never loses a commit,
never pushes files rendered from stale data, and runs nothing but git.

Merges are simulated in git: a bare "origin", the publish job's clone, and a second
clone where other pull requests land. The render job's artifact is a folder the test
writes (README.md from the entries, schema/ listing them), as paperbot would.
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
GIT = shutil.which("git")

# Stands in for the network between the fetch and the push: before the first push it
# runs $RACE_HOOK once (another merge lands right then), then it is the real git.
RACING_GIT = """\
#!/usr/bin/env bash
if [ "$1" = push ] && [ -n "${{RACE_HOOK:-}}" ] && [ ! -e "$RACE_HOOK.done" ]; then
  touch "$RACE_HOOK.done"
  bash "$RACE_HOOK"
fi
exec {git} "$@"
"""

pytestmark = pytest.mark.skipif(GIT is None, reason="needs git")


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


def _land(clone: Path, path: str, text: str) -> str:
    """Another pull request lands on main: one new file, no README change."""
    _git(clone, "pull", "--quiet", "--rebase", "origin", "main")
    (clone / path).parent.mkdir(parents=True, exist_ok=True)
    (clone / path).write_text(text, encoding="utf-8")
    _git(clone, "add", path)
    _git(clone, "commit", "--quiet", "-m", f"Add {path}")
    _git(clone, "push", "--quiet", "origin", "HEAD:main")
    return _git(clone, "rev-parse", "HEAD")


def _render(tree: Path, into: Path) -> Path:
    """The render job's artifact for the entries of ``tree``."""
    entries = sorted((tree / "entries").iterdir())
    (into / "schema").mkdir(parents=True)
    (into / "README.md").write_text("".join(p.read_text() for p in entries), encoding="utf-8")
    listing = "".join(f"{p.name}\n" for p in entries)
    (into / "schema" / "entries.json").write_text(listing, encoding="utf-8")
    return into


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
    (seed / "schema" / "entries.json").write_text("a.txt\n", encoding="utf-8")
    _git(seed, "add", ".")
    _git(seed, "commit", "--quiet", "-m", "Seed")
    _git(seed, "push", "--quiet", "origin", "HEAD:main")
    runner = tmp_path / "runner"
    _git(tmp_path, "clone", "--quiet", str(origin), str(runner))
    return origin, seed, runner


def _checkout_rendered(runner: Path, commit: str, artifact: Path) -> Path:
    """The publish job's checkout of the pushed commit, and the render job's artifact."""
    _git(runner, "fetch", "--quiet")
    _git(runner, "checkout", "--quiet", commit)
    return _render(runner, artifact)


def _publish(
    runner: Path, rendered: str, generated: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    tools = runner.parent / "racing-git"
    tools.mkdir(exist_ok=True)
    (tools / "git").write_text(RACING_GIT.format(git=shlex.quote(str(GIT))), encoding="utf-8")
    (tools / "git").chmod(0o755)
    path = f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        ["bash", str(SCRIPT), "main", rendered, str(generated)],
        cwd=runner,
        capture_output=True,
        text=True,
        check=False,
        env=_env(PATH=path, **env),
    )


def _log(origin: Path) -> list[str]:
    return _git(origin, "log", "--format=%s", "main").splitlines()


def test_nothing_changed_means_no_commit(repos: tuple[Path, Path, Path], tmp_path: Path) -> None:
    origin, _, runner = repos
    before = _git(origin, "rev-parse", "main")
    generated = _checkout_rendered(runner, before, tmp_path / "artifact")

    done = _publish(runner, before, generated)

    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout
    assert _git(origin, "rev-parse", "main") == before


def test_a_merge_is_regenerated_and_pushed(repos: tuple[Path, Path, Path], tmp_path: Path) -> None:
    origin, seed, runner = repos
    merged = _land(seed, "entries/b.txt", "paper B\n")
    generated = _checkout_rendered(runner, merged, tmp_path / "artifact")

    done = _publish(runner, merged, generated)

    assert done.returncode == 0, done.stderr
    assert _git(origin, "show", "main:README.md") == "paper A\npaper B"
    assert _git(origin, "show", "main:schema/entries.json") == "a.txt\nb.txt"
    assert _git(origin, "rev-parse", "main~1") == merged


def test_a_commit_of_no_source_landing_meanwhile_is_kept(
    repos: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    origin, seed, runner = repos
    merged = _land(seed, "entries/b.txt", "paper B\n")
    generated = _checkout_rendered(runner, merged, tmp_path / "artifact")
    # Between the render and the push, a change to the tests lands: the files still hold.
    _land(seed, "tests/test_x.py", "")

    done = _publish(runner, merged, generated)

    assert done.returncode == 0, done.stderr
    assert _log(origin) == [
        "Regenerate README.md and schema/ from the entries",
        "Add tests/test_x.py",
        "Add entries/b.txt",
        "Seed",
    ]
    assert _git(origin, "show", "main:README.md") == "paper A\npaper B"


def test_a_lost_push_race_is_tried_again_on_the_new_tip(
    repos: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    origin, seed, runner = repos
    merged = _land(seed, "entries/b.txt", "paper B\n")
    generated = _checkout_rendered(runner, merged, tmp_path / "artifact")
    hook = tmp_path / "race.sh"
    hook.write_text(
        f"cd {shlex.quote(str(seed))} && mkdir -p tests && : > tests/test_y.py && "
        "git add tests && git commit --quiet -m 'Add tests/test_y.py' && "
        "git push --quiet origin HEAD:main\n",
        encoding="utf-8",
    )

    done = _publish(runner, merged, generated, RACE_HOOK=str(hook))

    assert done.returncode == 0, done.stderr
    assert "trying again on its new tip" in done.stderr
    assert _log(origin) == [
        "Regenerate README.md and schema/ from the entries",
        "Add tests/test_y.py",
        "Add entries/b.txt",
        "Seed",
    ]


def test_files_from_older_data_are_never_pushed(
    repos: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    origin, seed, runner = repos
    merged = _land(seed, "entries/b.txt", "paper B\n")
    generated = _checkout_rendered(runner, merged, tmp_path / "artifact")
    # Paper C is merged before this run pushes: its own run renders A, B and C.
    newer = _land(seed, "entries/c.txt", "paper C\n")

    done = _publish(runner, merged, generated)

    assert done.returncode == 0, done.stderr
    assert "the regenerate run they started publishes" in done.stdout
    assert _git(origin, "rev-parse", "main") == newer


def test_only_the_readme_and_the_schema_files_are_taken_from_the_artifact(
    repos: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    origin, seed, runner = repos
    merged = _land(seed, "entries/b.txt", "paper B\n")
    generated = _checkout_rendered(runner, merged, tmp_path / "artifact")
    (generated / ".github" / "workflows").mkdir(parents=True)
    (generated / ".github" / "workflows" / "x.yml").write_text("on: push\n", encoding="utf-8")
    (generated / "schema" / "run.sh").write_text("echo\n", encoding="utf-8")

    done = _publish(runner, merged, generated)

    assert done.returncode == 0, done.stderr
    changed = _git(origin, "show", "--name-only", "--format=", "main").splitlines()
    assert sorted(changed) == ["README.md", "schema/entries.json"]


def test_the_pages_under_lists_are_published_and_old_ones_removed(
    repos: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A list over the README's budget: README.md is an index, each venue a page under
    lists/ (paperbot render); the next render's lists/ replaces the old one whole."""
    origin, seed, runner = repos
    merged = _land(seed, "entries/b.txt", "paper B\n")
    generated = _checkout_rendered(runner, merged, tmp_path / "artifact")
    (generated / "lists" / "b-2025").mkdir(parents=True)
    (generated / "lists" / "a-2025.md").write_text("# A 2025\n", encoding="utf-8")
    (generated / "lists" / "b-2025" / "systems.md").write_text("# B: Systems\n")
    # Nothing but Markdown pages, and no link, is taken from lists/.
    (generated / "lists" / "run.sh").write_text("echo\n", encoding="utf-8")
    (generated / "lists" / "link.md").symlink_to(generated / "README.md")

    done = _publish(runner, merged, generated)

    assert done.returncode == 0, done.stderr
    changed = _git(origin, "show", "--name-only", "--format=", "main").splitlines()
    assert sorted(changed) == [
        "README.md", "lists/a-2025.md", "lists/b-2025/systems.md", "schema/entries.json",
    ]  # fmt: skip

    # The next merge renders the list on one page again: lists/ goes.
    newer = _land(seed, "entries/c.txt", "paper C\n")
    again = _checkout_rendered(runner, newer, tmp_path / "again")

    done = _publish(runner, newer, again)

    assert done.returncode == 0, done.stderr
    assert _git(origin, "ls-tree", "-r", "--name-only", "main", "lists") == ""
    assert _git(origin, "show", "main:README.md") == "paper A\npaper B\npaper C"


def test_gives_up_after_the_attempts_without_forcing(
    repos: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    origin, seed, runner = repos
    merged = _land(seed, "entries/b.txt", "paper B\n")
    generated = _checkout_rendered(runner, merged, tmp_path / "artifact")
    # A remote that rejects every push (as a branch protection rule would).
    hook = Path(origin) / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'protected branch' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = _git(origin, "rev-parse", "main")

    done = _publish(runner, merged, generated, PUBLISH_ATTEMPTS="2")

    assert done.returncode == 1
    assert "gave up after 2 attempts" in done.stderr
    assert _git(origin, "rev-parse", "main") == before


def test_the_exports_are_published_beside_the_readme_and_replaced_whole(
    repos: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    origin, seed, runner = repos
    merged = _land(seed, "entries/b.txt", "paper B\n")
    generated = _checkout_rendered(runner, merged, tmp_path / "artifact")
    (generated / "exports").mkdir()
    for name in ("papers.json", "papers.csv", "papers.bib"):
        (generated / "exports" / name).write_text(f"{name} of A and B\n", encoding="utf-8")
    (generated / "exports" / "extra.sh").write_text("not an export\n", encoding="utf-8")

    done = _publish(runner, merged, generated)

    assert done.returncode == 0, done.stderr
    listed = _git(origin, "ls-tree", "--name-only", "main", "exports/").splitlines()
    assert listed == ["exports/papers.bib", "exports/papers.csv", "exports/papers.json"]
    assert _git(origin, "show", "main:exports/papers.bib") == "papers.bib of A and B"

    # The next render makes no CSV, and its BibTeX is a link to a file outside: both go.
    later = _land(seed, "entries/c.txt", "paper C\n")
    generated = _checkout_rendered(runner, later, tmp_path / "artifact-2")
    (generated / "exports").mkdir()
    (generated / "exports" / "papers.json").write_text("A, B and C\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the artifact\n", encoding="utf-8")
    (generated / "exports" / "papers.bib").symlink_to(secret)

    done = _publish(runner, later, generated)

    assert done.returncode == 0, done.stderr
    assert _git(origin, "ls-tree", "--name-only", "main", "exports/") == "exports/papers.json"
    assert _git(origin, "show", "main:exports/papers.json") == "A, B and C"
