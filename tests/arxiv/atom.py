"""A local stand-in for arXiv's API: real HTTP on 127.0.0.1, answers in arXiv's Atom format.

The XML follows the feeds the API manual documents (feed, opensearch counts, entry
with id, updated, published, title wrapped over lines, summary, authors,
arxiv:comment, links, categories); an id that exists in no version gives an
empty feed, a malformed one an ``Error`` entry, as arXiv does.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from bot.text.identifiers import MalformedIdentifier, parse_arxiv_id

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list={ids}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list={ids}&amp;start=0</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2026-11-28T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{n}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{n}</opensearch:itemsPerPage>
"""

ENTRY = """  <entry>
    <id>http://arxiv.org/abs/{id}</id>
    <updated>2024-02-01T18:00:00Z</updated>
    <published>{published}T18:59:59Z</published>
    <title>{title}</title>
    <summary>  {summary}
</summary>
{authors}{comment}    <link href="http://arxiv.org/abs/{id}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{id}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.DC" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.DC" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""

ERROR = """  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_{id}</id>
    <title>Error</title>
    <summary>incorrect id format for {id}</summary>
    <updated>2026-11-28T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_{id}" rel="alternate"
      type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
"""


@dataclass(frozen=True)
class Version:
    title: str
    summary: str = "We present a system that does things faster than before."
    comment: str | None = "12 pages, 8 figures"
    published: str = "2024-01-22"
    authors: tuple[str, ...] = ("Ada Lovelace", "Charles Babbage")
    doi: str | None = None  # arxiv:doi, given with arxiv:journal_ref


def entry(paper_id: str, version: Version) -> str:
    comment = ""
    if version.comment is not None:
        ns = 'xmlns:arxiv="http://arxiv.org/schemas/atom"'
        comment = f"    <arxiv:comment {ns}>{escape(version.comment)}</arxiv:comment>\n"
    if version.doi is not None:
        ns = 'xmlns:arxiv="http://arxiv.org/schemas/atom"'
        comment += f"    <arxiv:journal_ref {ns}>Proc. of Somewhere 2024</arxiv:journal_ref>\n"
        comment += f"    <arxiv:doi {ns}>{escape(version.doi)}</arxiv:doi>\n"
    # As arXiv writes them: one author element each, the name on its own line.
    authors = "".join(
        f"    <author>\n      <name>{escape(name)}</name>\n    </author>\n"
        for name in version.authors
    )
    # arXiv wraps long titles over lines, indented: the client must collapse them.
    words = escape(version.title).split(" ")
    title = " ".join(words[:4]) + ("\n  " + " ".join(words[4:]) if len(words) > 4 else "")
    return ENTRY.format(
        id=paper_id,
        published=version.published,
        title=title,
        summary=escape(version.summary),
        comment=comment,
        authors=authors,
    )


def feed(ids: str, entries: list[str]) -> bytes:
    return (HEAD.format(ids=escape(ids), n=len(entries)) + "".join(entries) + "</feed>\n").encode()


@dataclass(frozen=True)
class Hit:
    path: str
    ids: list[str]
    at: float  # time.monotonic() when the request arrived
    user_agent: str


@dataclass
class ArxivServer:
    """``papers``: id -> its versions (v1 first). ``failures``: statuses answered first."""

    papers: dict[str, list[Version]] = field(default_factory=dict)
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.arxiv = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        poll = {"poll_interval": 0.02}
        threading.Thread(target=self._server.serve_forever, kwargs=poll, daemon=True).start()

    def answer(self, ids: list[str]) -> bytes:
        found = []
        for asked in ids:
            try:
                parsed = parse_arxiv_id(asked)
            except MalformedIdentifier:
                found.append(ERROR.format(id=escape(asked)))
                continue
            base, version = parsed.id, parsed.version
            versions = self.papers.get(base)
            if versions and (version is None or version <= len(versions)):
                number = version or len(versions)
                found.append(entry(f"{base}v{number}", versions[number - 1]))
        return feed(",".join(ids), found)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    arxiv: ArxivServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        arxiv = self.server.arxiv
        parts = urlsplit(self.path)
        ids = [i for i in parse_qs(parts.query).get("id_list", [""])[0].split(",") if i]
        with arxiv.lock:
            arxiv.hits.append(Hit(parts.path, ids, time.monotonic(), self.headers["User-Agent"]))
            failure = arxiv.failures.pop(0) if arxiv.failures else None
        if failure is not None:
            status, headers = failure
            body = b"Service Unavailable"
        elif parts.path != "/api/query":
            status, headers, body = 404, {}, b"not found"
        else:
            status, headers, body = 200, {"Content-Type": "application/atom+xml"}, b""
            body = arxiv.answer(ids)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean
