"""``paperbot check --links`` on a repository whose papers point at loopback servers.

The URLs are literal 127.0.0.1 addresses, so the production resolver is used and
never asked anything; the one host name is skipped by policy, never resolved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .servers import Reply, Site

RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]

CONFIG = """\
links:
  timeout: 2
  retries: 0
  hosts:
    blocked.invalid:
      skip: true
"""


@pytest.fixture
def server() -> Iterator[Site]:
    s = Site()
    s.routes["/ok"] = Reply(200)
    s.routes["/moved"] = Reply(301, {"Location": "/new"})
    s.routes["/new"] = Reply(200)
    s.routes["/wall"] = Reply(403)
    s.routes["/fine"] = Reply(200)
    yield s
    s.close()


def _paper(title: str, category: str, *links: tuple[str, str]) -> str:
    lines = [f"title: {title}", f"category: [{category}]", "links:"]
    for kind, url in links:
        lines += [f"  - kind: {kind}", f"    url: {url}"]
    return "\n".join(lines) + "\n"


def _write_papers(repo: Path, write: Write, s: Site, storage_first: str) -> None:
    venue = "entries/demo-2025"
    write(repo, "paperbot.yaml", CONFIG)
    write(
        repo,
        f"{venue}/fast-storage.yaml",
        _paper(
            "A Fast Store",
            "Systems (SYS), Storage",
            ("Paper", s.url(storage_first)),  # line 5, the url value at column 10
            ("Slides", s.url("/moved")),  # line 7
        ),
    )
    write(
        repo,
        f"{venue}/net-stack.yaml",
        _paper(
            "A Network Stack",
            "Systems (SYS), Networking",
            ("Homepage", s.url("/wall")),  # line 5
            ("Video", "https://blocked.invalid/talk"),  # skipped: no diagnostic
            ("Paper", s.url("/fine")),  # ok: no diagnostic
        ),
    )


def _links_findings(out: str) -> list[dict[str, Any]]:
    return [d for d in json.loads(out)["diagnostics"] if d["check"] == "links"]


def test_a_broken_link_fails_with_its_place_and_a_move_offers_the_fix(
    repo: Path, write: Write, run_cli: RunCli, server: Site
) -> None:
    _write_papers(repo, write, server, "/gone")
    code, out, err = run_cli(repo, "check", "--links", "--format", "json")
    storage, stack = "entries/demo-2025/fast-storage.yaml", "entries/demo-2025/net-stack.yaml"
    found = sorted(_links_findings(out), key=lambda d: (d["path"], d["line"]))
    assert [(d["path"], d["line"], d["column"], d["severity"], d["fix"]) for d in found] == [
        (storage, 5, 10, "error", None),
        (storage, 7, 10, "warning", server.url("/new")),
        (stack, 5, 10, "warning", None),
    ]
    assert found[0]["message"] == "broken link: 404 Not Found"
    assert found[1]["message"].startswith(f"permanent redirect to {server.url('/new')}")
    assert found[2]["message"].startswith("could not verify link: 403 Forbidden")
    assert code == 1
    assert "links: checked 4, cached 0, ok 2, broken 1, unverifiable 1, skipped 1 in " in err
    assert (repo / ".cache/paperbot/links.json").is_file()


def test_warnings_alone_do_not_fail_and_the_cache_serves_the_rerun(
    repo: Path, write: Write, run_cli: RunCli, server: Site
) -> None:
    _write_papers(repo, write, server, "/ok")
    code, out, _ = run_cli(repo, "check", "--links", "--format", "json")
    assert {d["severity"] for d in _links_findings(out)} == {"warning"}
    hits = len(server.hits)
    code_again, out_again, err = run_cli(repo, "check", "--links", "--format", "json")
    assert (code_again, out_again) == (code, out)
    assert len(server.hits) == hits
    assert "links: checked 0, cached 4, ok 3, broken 0, unverifiable 1, skipped 1 in " in err
    assert not [d for d in json.loads(out)["diagnostics"] if d["severity"] == "error"]
    assert code == 0


def test_without_links_the_check_says_nothing(
    repo: Path, write: Write, run_cli: RunCli, server: Site
) -> None:
    _write_papers(repo, write, server, "/gone")
    _, out, err = run_cli(repo, "check", "--no-links", "--format", "json")
    assert _links_findings(out) == []
    assert server.hits == []
    assert "links:" not in err
