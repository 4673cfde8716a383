"""``check --links --shard I/N``: every host in exactly one shard, the shards together
find what one run finds, and a bad I/N is a usage error."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import locate_all, paper

from bot import pipeline
from bot.arxiv.title_lookup import TitleLookup
from bot.checks.context import Context
from bot.files.cache_folder import locate
from bot.links.shard import Shard, parse_shard, politeness_key, shard_of
from bot.model.config import HostPolicy, LinkConfig
from bot.model.corpus import Corpus

from .servers import Reply, Site

RunCli = Callable[..., tuple[int, str, str]]
Write = Callable[[Path, str, str], Path]
HOSTS = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"]


@pytest.mark.parametrize("text", ["1/1", "1/4", "4/4", "07/10"])
def test_a_shard_is_i_of_n(text: str) -> None:
    index, count = (int(part) for part in text.split("/"))
    assert parse_shard(text) == Shard(index, count)


@pytest.mark.parametrize("text", ["", "1", "0/4", "5/4", "1/0", "-1/4", "a/b", "1/4/2", " 1/4"])
def test_a_bad_shard_is_a_usage_error(
    text: str, repo: Path, run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        run_cli(repo, "check", "--links", "--shard", text)
    assert stop.value.code == 2
    assert "argument --shard" in capsys.readouterr().err


def test_a_shard_without_links_is_a_usage_error(repo: Path, run_cli: RunCli) -> None:
    code, _, err = run_cli(repo, "check", "--no-links", "--shard", "1/2")
    assert code == 2
    assert "--shard splits the online link check" in err


def test_each_host_goes_to_exactly_one_shard_and_keeps_its_subdomains() -> None:
    config = LinkConfig(hosts={"arxiv.org": HostPolicy(delay=3.0)})
    urls = [f"https://site{i}.example.org/p/{j}" for i in range(200) for j in range(3)]
    urls += ["https://arxiv.org/abs/1", "https://export.arxiv.org/api", "https://ARXIV.org./x"]
    for count in (1, 2, 3, 7):
        for url in urls:
            owners = [i for i in range(1, count + 1) if Shard(i, count).holds(url, config)]
            assert owners == [shard_of(url, count, config)]
    by_host: dict[str, set[int]] = {}
    for url in urls:
        by_host.setdefault(politeness_key(url, config), set()).add(shard_of(url, 7, config))
    assert all(len(shards) == 1 for shards in by_host.values())
    assert politeness_key("https://export.arxiv.org/api", config) == "arxiv.org"
    sizes = [sum(shard_of(u, 4, config) == i for u in urls[:600]) for i in range(1, 5)]
    assert min(sizes) > 60  # 200 hosts spread over 4 shards, none left empty


@pytest.fixture
def sites() -> Iterator[list[Site]]:
    made = []
    for host in HOSTS:
        site = Site(host)
        site.routes["/ok"] = Reply(200)
        site.routes["/gone"] = Reply(404)
        made.append(site)
    yield made
    for site in made:
        site.close()


def _write_papers(repo: Path, write: Write, sites: list[Site]) -> None:
    # Only loopback links: the repository has no other paper.
    write(repo, "paperbot.yaml", "links:\n  timeout: 2\n  retries: 0\n")
    venue = "name: Demo 2025\nareas:\n  - name: Systems\n    categories:\n      - name: Storage\n"
    write(repo, "entries/demo-2025/venue.yaml", venue)
    for i, site in enumerate(sites):
        lines = [f"title: Paper {i}", "category: [Systems, Storage]", "links:"]
        for kind, path in (("Paper", "/ok"), ("Slides", "/gone")):
            lines += [f"  - kind: {kind}", f"    url: {site.url(path)}"]
        write(repo, f"entries/demo-2025/paper-{i}.yaml", "\n".join(lines) + "\n")


def _links(out: str) -> list[dict[str, Any]]:
    return [d for d in json.loads(out)["diagnostics"] if d["check"] == "links"]


def test_the_shards_together_find_what_one_run_finds(
    write: Write, run_cli: RunCli, sites: list[Site], tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    _write_papers(repo, write, sites)
    code, out, _ = run_cli(repo, "check", "--links", "--format", "json")
    whole = _links(out)
    assert code == 1
    assert len(whole) == len(HOSTS)  # one broken link a host
    requests = sum(len(site.hits) for site in sites)
    found: list[dict[str, Any]] = []
    reports = []
    for i in (1, 2, 3):
        (repo / ".cache" / "paperbot" / "links.json").unlink(missing_ok=True)
        report = tmp_path / f"shard-{i}.json"
        args = ["check", "--links", "--shard", f"{i}/3", "--format", "json"]
        run_cli(repo, *args, "--output", str(report))
        reports.append(report)
        found += _links(report.read_text(encoding="utf-8"))
    key = lambda d: (d["path"], d["line"])  # noqa: E731
    assert sorted(found, key=key) == sorted(whole, key=key)
    assert sum(len(site.hits) for site in sites) == 2 * requests  # each URL asked once more
    # The sweep's last job lists the broken links of every shard's report.
    code, out, _ = run_cli(
        repo, "sweep-issue", "--dry-run", *(a for r in reports for a in ("--report", str(r)))
    )
    assert code == 0
    assert out.startswith(f"Broken links: {len(HOSTS)} found by the link sweep")


def test_only_the_shard_holding_arxiv_asks_arxiv_for_titles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The identity check's titles come from arXiv's API: one shard asks, not every one."""
    arxiv = {"kind": "arXiv", "url": "https://arxiv.org/abs/2401.00001"}
    other = {"kind": "Code", "url": "https://github.com/a/b"}
    papers = locate_all([paper("A", "X", links=[arxiv]), paper("B", "X", links=[other])])
    ctx = Context(Corpus(tmp_path), selected=papers)
    asked: list[list[str]] = []

    def fake_titles(ids: Any, config: Any, root: Path, **named: Any) -> TitleLookup:
        asked.append([found.id for found in ids])
        return TitleLookup({}, None)

    monkeypatch.setattr("bot.arxiv.title_lookup.arxiv_titles", fake_titles)
    owner = shard_of(arxiv["url"], 3, ctx.config.links)
    for i in (1, 2, 3):
        pipeline._fetch_titles(ctx, tmp_path, Shard(i, 3), locate(tmp_path))
    pipeline._fetch_titles(ctx, tmp_path, None, locate(tmp_path))
    assert asked == [["2401.00001"] if i == owner else [] for i in (1, 2, 3)] + [["2401.00001"]]
