"""The git server the rehearsal's jobs push to refuses what GitHub refuses: a push
without a token or with a read-only one, a dead token, and a force push or deletion of
the protected default branch."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from git_http import GitServer
from hosting import GIT_ENV, git


@pytest.fixture
def server(tmp_path: Path) -> Iterator[GitServer]:
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    (seed / "a.txt").write_text("a\n", encoding="utf-8")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "a")
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(tmp_path / "origin.git"))
    served = GitServer(tmp_path / "origin.git", "octo/papers", "main")
    yield served
    served.close()


def _git(cwd: Path, *args: str, token: str | None = None, url: str = "") -> tuple[int, str]:
    env = {**GIT_ENV, "GIT_TERMINAL_PROMPT": "0"}
    if token is not None:
        header = base64.b64encode(f"x-access-token:{token}".encode()).decode()
        env |= {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"http.{url}/.extraheader",
            "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {header}",
        }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    return done.returncode, done.stderr


def _clone_and_commit(server: GitServer, tmp_path: Path) -> Path:
    work = tmp_path / "work"
    status, err = _git(tmp_path, "clone", "-q", f"{server.url}/octo/papers", str(work))
    assert status == 0, err  # a public repository: anyone reads
    (work / "b.txt").write_text("b\n", encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "b")
    return work


def _tip(server: GitServer) -> str:
    return git(server.bare, "rev-parse", "main")


def test_a_push_needs_a_live_token_with_write(server: GitServer, tmp_path: Path) -> None:
    work = _clone_and_commit(server, tmp_path)
    before = _tip(server)
    server.grant("read", write=False)
    server.grant("write", write=True)
    assert _git(work, "push", "-q", "origin", "HEAD:main")[0] != 0
    status, err = _git(work, "push", "-q", "origin", "HEAD:main", token="read", url=server.url)
    assert status != 0 and "denied to github-actions[bot]" in err
    assert _git(work, "push", "-q", "origin", "HEAD:main", token="forged", url=server.url)[0]
    assert [s for s, _ in server.refused] == [401, 403, 401]
    assert _tip(server) == before
    server.revoke("write")  # the job ended
    assert _git(work, "push", "-q", "origin", "HEAD:main", token="write", url=server.url)[0]
    server.grant("write", write=True)
    assert _git(work, "push", "-q", "origin", "HEAD:main", token="write", url=server.url)[0] == 0
    assert _tip(server) == git(work, "rev-parse", "HEAD")


def test_the_default_branch_refuses_force_and_deletion(server: GitServer, tmp_path: Path) -> None:
    work = _clone_and_commit(server, tmp_path)
    server.grant("write", write=True)
    before = _tip(server)
    push = ("push", "-q", "--force", "origin")
    status, err = _git(work, *push, "HEAD:refs/heads/main", token="write", url=server.url)
    assert status == 0, err  # a fast-forward
    git(work, "commit", "-q", "--amend", "-m", "b, rewritten")
    status, err = _git(work, *push, "HEAD:refs/heads/main", token="write", url=server.url)
    assert status != 0 and "GH006" in err and "Cannot force-push" in err
    status, err = _git(work, *push, ":refs/heads/main", token="write", url=server.url)
    assert status != 0 and "GH006" in err
    git(server.bare, "merge-base", "--is-ancestor", before, "main")
    # Other branches are not protected.
    assert _git(work, *push, "HEAD:refs/heads/topic", token="write", url=server.url)[0] == 0
    assert _git(work, *push, "HEAD~1:refs/heads/topic", token="write", url=server.url)[0] == 0


def test_before_push_runs_once_when_a_push_arrives(server: GitServer, tmp_path: Path) -> None:
    work = _clone_and_commit(server, tmp_path)
    server.grant("write", write=True)
    calls: list[str] = []
    server.before_push.append(lambda: calls.append(_tip(server)))
    before = _tip(server)
    assert _git(work, "fetch", "-q", "origin", token="write", url=server.url)[0] == 0
    assert calls == []
    assert _git(work, "push", "-q", "origin", "HEAD:main", token="write", url=server.url)[0] == 0
    assert calls == [before]
    assert not server.before_push
