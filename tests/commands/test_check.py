"""``paperbot check`` options: --changed-since, --output, --format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import git

from bot.cli import main


@pytest.fixture
def git_repo(repo: Path) -> Path:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo


def _paths(out: str) -> list[str]:
    return [d["path"] for d in json.loads(out)["diagnostics"]]


BAD = "title: Broken\ncategory: [Nowhere]\n"


def test_changed_since_reports_only_changed_entries(
    git_repo: Path, write: Any, run_cli: Any
) -> None:
    write(git_repo, "entries/demo-2025/old-bad.yaml", BAD)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "a bad entry already on main")
    # Untracked, as in a PR checkout; another title, so it is not also a duplicate.
    write(git_repo, "entries/demo-2025/new-bad.yaml", BAD.replace("Broken", "Also Broken"))

    code, out, _ = run_cli(
        git_repo, "check", "--no-links", "--format", "json", "--changed-since", "HEAD"
    )

    assert code == 1
    assert _paths(out) == ["entries/demo-2025/new-bad.yaml"]


def test_changed_since_with_nothing_changed_is_clean(
    git_repo: Path, write: Any, run_cli: Any
) -> None:
    write(git_repo, "entries/demo-2025/old-bad.yaml", BAD)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "a bad entry already on main")
    code, out, _ = run_cli(
        git_repo, "check", "--no-links", "--format", "json", "--changed-since", "HEAD"
    )
    assert (code, _paths(out)) == (0, [])


def test_a_changed_venue_file_rechecks_its_papers(git_repo: Path, run_cli: Any) -> None:
    venue = git_repo / "entries/demo-2025/venue.yaml"
    venue.write_text(venue.read_text().replace("      - name: Networking\n", ""))
    code, out, _ = run_cli(
        git_repo, "check", "--no-links", "--format", "json", "--changed-since", "HEAD"
    )
    assert code == 1
    assert _paths(out) == ["entries/demo-2025/net-stack.yaml"]


def test_changed_since_an_unknown_ref_is_a_usage_error(git_repo: Path, run_cli: Any) -> None:
    code, _, err = run_cli(git_repo, "check", "--no-links", "--changed-since", "no-such-ref")
    assert code == 2
    assert err.startswith("paperbot: error: git merge-base:")


def test_output_writes_the_report_to_a_file(repo: Path, run_cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    code, out, _ = run_cli(
        repo, "check", "--no-links", "--format", "markdown", "--output", str(target)
    )
    assert (code, out) == (0, "")
    assert target.read_text().startswith("### paperbot: no problems found\n")


# --- check FILE… (what pre-commit passes) ---------------------------------------------------

NEW = "entries/demo-2025/new-bad.yaml"


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    capsys.readouterr()
    code = main(["check", "--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, (_paths(out) if out else []), err


def test_check_files_reports_only_on_the_named_files(
    repo: Path, write: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "entries/demo-2025/old-bad.yaml", BAD)
    write(repo, NEW, BAD.replace("Broken", "Also Broken"))

    code, paths, _ = _check(capsys, "-C", str(repo), NEW)

    assert (code, paths) == (1, [NEW])


def test_check_files_is_clean_when_the_named_file_is(
    repo: Path, write: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "entries/demo-2025/old-bad.yaml", BAD)

    assert _check(capsys, "-C", str(repo), "entries/demo-2025/net-stack.yaml")[:2] == (0, [])


def test_check_files_still_compares_with_every_entry(
    repo: Path, write: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same title as net-stack.yaml, which is not named: still a duplicate.
    text = "title: A Network Stack for Everyone\ncategory: [Compilers]\n"
    write(repo, "entries/demo-2025/again.yaml", text)
    capsys.readouterr()

    code = main(["-C", str(repo), "check", "--format", "text", "entries/demo-2025/again.yaml"])
    out = capsys.readouterr().out

    assert code == 1
    assert "entries/demo-2025/again.yaml:1:8: error [duplicates]" in out
    assert "net-stack.yaml" in out


def test_a_named_venue_file_covers_its_papers(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    venue = repo / "entries/demo-2025/venue.yaml"
    venue.write_text(venue.read_text().replace("      - name: Networking\n", ""))

    code, paths, _ = _check(capsys, "-C", str(repo), "entries/demo-2025/venue.yaml")

    assert (code, paths) == (1, ["entries/demo-2025/net-stack.yaml"])


def test_a_named_file_the_files_check_refuses_is_reported(
    repo: Path, write: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "entries/demo-2025/paper.yml", "title: A Paper\ncategory: [Compilers]\n")

    code, paths, _ = _check(capsys, "-C", str(repo), "entries/demo-2025/paper.yml")

    assert (code, paths) == (1, ["entries/demo-2025/paper.yml"])


@pytest.mark.parametrize(
    ("cwd", "name"),
    [
        pytest.param(".", NEW, id="from-the-root"),
        pytest.param("entries/demo-2025", "new-bad.yaml", id="from-the-venue-folder"),
        pytest.param("..", NEW, id="relative-to-the-root-given-by-C"),
        pytest.param("..", "ABSOLUTE", id="absolute"),
    ],
)
def test_a_path_is_taken_from_the_current_folder_or_the_root(
    repo: Path,
    write: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cwd: str,
    name: str,
) -> None:
    write(repo, NEW, BAD)
    monkeypatch.chdir(repo / cwd)
    name = str(repo / NEW) if name == "ABSOLUTE" else name

    code, paths, _ = _check(capsys, "-C", str(repo), name)

    assert (code, paths) == (1, [NEW])


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("entries/demo-2025/missing.yaml", "no such file"),
        ("paperbot.yaml", "not an entry file"),
        ("entries/demo-2025", "a folder; name its files"),
        ("entries/demo-2025/notes.txt", "not an entry file"),
        ("entries/demo-2025/sub/deep.yaml", "not an entry file"),
        ("entries/demo-2025/.hidden.yaml", "not an entry file"),
        ("../outside.yaml", "not in the repository"),
    ],
)
def test_a_name_that_is_not_an_entry_file_is_a_usage_error(
    repo: Path, write: Any, capsys: pytest.CaptureFixture[str], name: str, says: str
) -> None:
    for path in ("paperbot.yaml", "entries/demo-2025/notes.txt", "entries/demo-2025/sub/deep.yaml"):
        write(repo, path, "x: 1\n")
    write(repo, "entries/demo-2025/.hidden.yaml", "x: 1\n")
    write(repo.parent, "outside.yaml", "x: 1\n")

    code, paths, err = _check(capsys, "-C", str(repo), name)

    assert (code, paths) == (2, [])
    assert err.startswith(f"paperbot: error: {name}: {says}")
    assert err.count("\n") == 1 and len(err) < 260
