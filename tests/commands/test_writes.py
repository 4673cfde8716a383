"""What a rewrite leaves behind when the disk is full, the run is killed, another run
rewrites at the same time, an entry is read-only or a folder is a link (issue 14,
finding 3). Each case happens for real, in a paperbot process of its own:

- a full disk is ``RLIMIT_FSIZE``: a write past the limit fails with EFBIG, as one past
  the free space fails with ENOSPC (a small tmpfs needs root to mount; neither errno
  is special-cased differently below);
- a kill at the first write is the same limit with SIGXFSZ's default action: the
  kernel ends the process inside that ``write`` (Python ignores SIGXFSZ at startup; the
  child's harness gives it back its default, before paperbot is imported);
- another run is a second ``paperbot fmt``, the first kept inside its run by an entry
  that is a fifo (it reads it until the test writes to it).
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import with_template

ROOT = Path(__file__).resolve().parents[2]
VENUE = "entries/demo-2025"

# The child: limits set by the harness, then paperbot's own command line, untouched.
CHILD = """
import resource, signal, sys
limit, action = int(sys.argv[1]), sys.argv[2]
if action == "die":
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # the kernel ends the process in write()
if limit:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from bot.cli import main
sys.exit(main(sys.argv[3:]))
"""

# Keys out of canonical order: fmt rewrites the file. Notes make it larger than LIMIT.
BIG = "category: [Compilers]\ntitle: A Big Paper\nnotes:\n" + "".join(
    f"  - note number {n} about the paper, long enough to matter\n" for n in range(60)
)
SMALL = "category: [Compilers]\ntitle: A Small Paper\n"
LIMIT = 1024  # bytes a process may write to one file


def paperbot(
    root: Path, *args: str, limit: int = 0, action: str = "fail", **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(limit), action, "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env},
        cwd=root,
    )


def start(root: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, "0", "fail", "-C", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env},
        cwd=root,
    )


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / VENUE).iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def two_entries(repo: Path, write: Any) -> tuple[Path, Path]:
    """A large and a small entry, both to be rewritten; the large one is written first."""
    big = write(repo, f"{VENUE}/a-big.yaml", BIG)
    small = write(repo, f"{VENUE}/b-small.yaml", SMALL)
    assert big.stat().st_size > LIMIT > small.stat().st_size + 100
    return big, small


def test_a_full_disk_leaves_the_entry_whole_and_says_so(
    repo: Path, two_entries: tuple[Path, Path]
) -> None:
    big, small = two_entries

    done = paperbot(repo, "fmt", limit=LIMIT)

    assert done.returncode == 1, done.stderr
    assert big.read_text() == BIG  # not cut at the limit
    assert f"{VENUE}/a-big.yaml:1:1: error [files] not written, left as it was: " in done.stderr
    assert "disk is full" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert small.read_text().startswith("# yaml-language-server")  # the other file is written
    assert leftovers(repo) == []
    assert paperbot(repo, "fmt", "--check", str(small)).returncode == 0


def test_a_run_killed_at_its_first_write_leaves_the_entry_as_it_was(
    repo: Path, two_entries: tuple[Path, Path]
) -> None:
    big, small = two_entries

    done = paperbot(repo, "fmt", limit=LIMIT, action="die")

    assert done.returncode == -signal.SIGXFSZ  # killed by the kernel, mid-write
    assert big.read_text() == BIG
    assert small.read_text() == SMALL  # never reached
    # The temporary file may stay behind; it is hidden, and the listing skips it.
    checked = paperbot(repo, "check", "--format", "json")
    assert checked.returncode == 0, checked.stdout
    assert json.loads(checked.stdout)["diagnostics"] == []


def test_render_on_a_full_disk_keeps_the_readme(repo: Path) -> None:
    readme = repo / "README.md"
    readme.write_text("the README as it was\n")

    done = paperbot(repo, "render", "--output", str(readme), limit=64)

    assert done.returncode == 2
    assert readme.read_text() == "the README as it was\n"
    assert "README.md: not written, left as it was: the disk is full" in done.stderr


def test_a_report_on_a_full_disk_is_not_half_written(repo: Path) -> None:
    report = repo / "report.json"
    report.write_text("{}\n")

    done = paperbot(repo, "check", "--report", str(report), limit=256)

    assert done.returncode == 2
    assert report.read_text() == "{}\n"
    assert "report.json: not written" in done.stderr


def test_a_read_only_entry_is_a_diagnostic_and_the_others_are_written(
    repo: Path, two_entries: tuple[Path, Path]
) -> None:
    big, small = two_entries
    big.chmod(0o444)  # honoured even as root, where the permission itself does not bite

    done = paperbot(repo, "fmt")

    assert done.returncode == 1
    assert big.read_text() == BIG
    assert stat.S_IMODE(big.stat().st_mode) == 0o444
    assert f"{VENUE}/a-big.yaml:1:1: error [files] not written, left as it was: " in done.stderr
    assert "read-only" in done.stderr and "make it writable" in done.stderr
    assert "internal error" not in done.stderr
    assert small.read_text().startswith("# yaml-language-server")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_read_only_venue_folder_is_a_diagnostic(
    repo: Path, two_entries: tuple[Path, Path]
) -> None:
    big, _ = two_entries
    big.parent.chmod(0o555)
    try:
        done = paperbot(repo, "fmt")
    finally:
        big.parent.chmod(0o755)
    assert done.returncode == 1
    assert big.read_text() == BIG
    assert "Permission denied" in done.stderr and "internal error" not in done.stderr


def test_the_permission_bits_of_a_rewritten_entry_are_kept(
    repo: Path, two_entries: tuple[Path, Path]
) -> None:
    _, small = two_entries
    small.chmod(0o640)

    assert paperbot(repo, "fmt").returncode == 0
    assert stat.S_IMODE(small.stat().st_mode) == 0o640


def test_an_entries_folder_that_is_a_link_is_refused(tmp_path: Path, repo: Path) -> None:
    outside = tmp_path / "outside"
    (repo / "entries").rename(outside)
    (outside / "demo-2025" / "z.yaml").write_text(SMALL)
    victim = tmp_path / "checkout"
    victim.mkdir()
    (victim / "entries").symlink_to(outside)

    done = paperbot(victim, "fmt")

    assert done.returncode == 2
    assert "the entries folder is a symbolic link" in done.stderr
    assert (outside / "demo-2025" / "z.yaml").read_text() == SMALL  # not rewritten
    assert paperbot(victim, "check").returncode == 2


def test_a_venue_folder_or_entry_that_is_a_link_is_not_rewritten(
    tmp_path: Path, repo: Path, write: Any
) -> None:
    outside = tmp_path / "outside"
    write(outside, "other-2025/venue.yaml", (repo / VENUE / "venue.yaml").read_text())
    target = write(outside, "other-2025/paper.yaml", SMALL)
    (repo / "entries" / "other-2025").symlink_to(outside / "other-2025")
    (repo / VENUE / "linked.yaml").symlink_to(target)

    done = paperbot(repo, "fmt")

    assert done.returncode == 1
    assert target.read_text() == SMALL
    assert "symbolic links are not allowed in entries/" in done.stderr


def test_a_second_fmt_waits_for_the_first_and_then_refuses(repo: Path, two_entries: Any) -> None:
    """The first run holds the repository while it reads an entry that is a fifo: the
    second, asked to format another file, must not write meanwhile."""
    big, small = two_entries
    fifo = repo / VENUE / "0-slow.yaml"  # read first, before the others
    os.mkfifo(fifo)
    first = start(repo, "fmt")
    try:
        # Opening the fifo for writing returns once the first run opened it to read:
        # it is inside its run now, past taking the lock.
        with fifo.open("w") as feed:
            second = paperbot(repo, "fmt", str(small), PAPERBOT_LOCK_WAIT="0.5")
            assert second.returncode == 2
            assert "another paperbot run is rewriting files here" in second.stderr
            assert small.read_text() == SMALL  # the second run wrote nothing
            feed.write("# yaml-language-server: $schema=../../schema/paper.schema.json\n")
            feed.write("title: A Slow Paper\ncategory: [Compilers]\n")
        _, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, err
    assert big.read_text().startswith("# yaml-language-server")
    fifo.unlink()
    again = paperbot(repo, "fmt", str(small))  # the lock went with the first run
    assert again.returncode == 0, again.stderr


def test_concurrent_fmt_runs_never_see_an_empty_or_cut_entry(repo: Path, write: Any) -> None:
    names = [f"{VENUE}/p{n:02}.yaml" for n in range(30)]
    for n, name in enumerate(names):
        write(repo, name, f"category: [Compilers]\ntitle: Paper Number {n}\n")

    runs = [start(repo, "fmt") for _ in range(3)]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]

    for code, _, err in results:
        assert code == 0, err
    for n, name in enumerate(names):
        text = (repo / name).read_text()
        assert f"title: Paper Number {n}\n" in text and text.startswith("# yaml-language")
    assert leftovers(repo) == []


def test_fmt_fix_with_a_read_only_entry_writes_the_others(
    repo: Path, two_entries: tuple[Path, Path]
) -> None:
    big, small = two_entries
    big.chmod(0o444)

    done = paperbot(repo, "fmt", "--fix")

    assert done.returncode == 1
    assert big.read_text() == BIG
    assert f"{VENUE}/a-big.yaml:1:1: error [files] not written, left as it was: " in done.stderr
    assert "reformatted entries/demo-2025/b-small.yaml" in done.stdout
    assert small.read_text().startswith("# yaml-language-server")


def test_render_does_not_write_through_a_readme_that_is_a_link(tmp_path: Path, repo: Path) -> None:
    """A pull request may commit README.md as a link (to a workflow, a hook, a dotfile):
    the regenerate job's render must not write through it."""
    with_template(repo)
    victim = tmp_path / "victim.sh"
    victim.write_text("echo kept\n")
    (repo / "README.md").symlink_to(victim)

    done = paperbot(repo, "render")

    assert done.returncode == 2
    assert "README.md: not written, left as it was: a symbolic link is in the way" in done.stderr
    assert victim.read_text() == "echo kept\n"
