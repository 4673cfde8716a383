"""The SSRF attacks of issue 14 (finding 2), each as a pull request or its paperbot.yaml
would make them, through the APIs and commands that existed before the fix (so each of
these fails on a paperbot without it): the server that must not be asked records every
request, and nothing internal may come back in what the run says.

Every server is on loopback; the runner's switch (PAPERBOT_ALLOW_PRIVATE_ADDRESSES) is
off, as on any runner that did not set it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.links.cache import LinkCache
from bot.links.run import check_urls
from bot.links.verdicts import LinkRun, Verdict

from .conftest import NOW, config
from .servers import FakeResolver, Reply, Site, closed_port

RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]
NOT_PUBLIC = "not a public internet address"


@pytest.fixture(autouse=True)
def _switch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERBOT_ALLOW_PRIVATE_ADDRESSES", raising=False)


@pytest.fixture
def internal() -> Iterator[Site]:
    """The server an attacker wants to reach: an admin page on the runner's loopback."""
    s = Site()
    s.routes["/admin"] = Reply(200)
    yield s
    s.close()


def _run(urls: list[str], tmp_path: Path, names: dict[str, str] | None = None) -> LinkRun:
    """One run; with ``names``, a resolver that knows only those, else the system's own
    (getaddrinfo reads numeric hosts itself and asks no DNS server)."""
    cache = LinkCache(tmp_path / "links.json")
    resolver = FakeResolver(names) if names is not None else None
    return asyncio.run(check_urls(urls, config(), cache, resolver=resolver, now=NOW))


@pytest.mark.parametrize("host", ["127.0.0.1", "0x7f.1", "2130706433", "0177.0.0.1", "127.1"])
def test_a_loopback_url_is_not_fetched(host: str, internal: Site, tmp_path: Path) -> None:
    url = f"http://{host}:{internal.port}/admin"
    result = _run([url], tmp_path).results[url]
    assert internal.hits == []
    assert (result.verdict, result.status) == (Verdict.BROKEN, None)
    assert NOT_PUBLIC in result.reason


@pytest.mark.parametrize("host", ["localhost", "papers.test"])
def test_a_name_resolving_to_loopback_is_not_fetched(
    host: str, internal: Site, tmp_path: Path
) -> None:
    url = internal.url("/admin", host)
    result = _run([url], tmp_path, {host: "127.0.0.1"}).results[url]
    assert internal.hits == []
    assert NOT_PUBLIC in result.reason and "127.0.0.1" not in result.reason


def test_a_closed_port_and_an_open_port_give_one_answer(internal: Site, tmp_path: Path) -> None:
    """ "cannot connect to 127.0.0.1:1" against "200 OK" told a port scanner which is open."""
    urls = [internal.url("/admin"), f"http://127.0.0.1:{closed_port()}/admin"]
    run = _run(urls, tmp_path)
    assert len({(r.verdict, r.reason, r.status) for r in run.results.values()}) == 1
    assert internal.hits == []


def _only_paper(repo: Path, write: Write, url: str) -> None:
    """The repository's papers with links replaced by one linking ``url`` (line 5, col 10):
    nothing in the run may reach for a real host name."""
    for name in ("fast-storage.yaml", "net-stack.yaml"):
        (repo / "entries/demo-2025" / name).unlink()
    paper = f"title: Loopback\ncategory: [Compilers]\nlinks:\n  - kind: Paper\n    url: {url}\n"
    write(repo, "entries/demo-2025/loopback.yaml", paper)


def test_check_links_follows_no_redirect_between_loopback_ports_nor_offers_it_as_a_fix(
    repo: Path, write: Write, run_cli: RunCli, internal: Site
) -> None:
    front = Site()
    try:
        front.routes["/old"] = Reply(301, {"Location": internal.url("/admin")})
        write(repo, "paperbot.yaml", "links:\n  timeout: 2\n  retries: 0\n")
        _only_paper(repo, write, front.url("/old"))
        code, out, err = run_cli(repo, "check", "--links", "--format", "json")
    finally:
        front.close()
    found = [d for d in json.loads(out)["diagnostics"] if d["check"] == "links"]
    assert code == 1
    assert [(d["path"], d["line"], d["column"], d["severity"], d["fix"]) for d in found] == [
        ("entries/demo-2025/loopback.yaml", 5, 10, "error", None)
    ]
    assert NOT_PUBLIC in found[0]["message"]
    assert "/admin" not in out + err
    assert front.hits == [] and internal.hits == []


def test_a_pull_request_cannot_turn_private_addresses_on_in_paperbot_yaml(
    repo: Path, write: Write, run_cli: RunCli, internal: Site
) -> None:
    write(repo, "paperbot.yaml", "links:\n  allow_private: true\n  timeout: 2\n")
    _only_paper(repo, write, internal.url("/admin"))
    code, out, _ = run_cli(repo, "check", "--links", "--format", "json")
    refused = [d for d in json.loads(out)["diagnostics"] if d["path"] == "paperbot.yaml"]
    assert code == 1 and "allow_private" in refused[0]["message"]
    assert internal.hits == []
