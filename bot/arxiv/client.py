"""A polite, synchronous client for arXiv's API.

Synchronous (urllib) on purpose: arXiv asks for one request every 3 seconds, so
there is no concurrency to win, and up to ``batch`` ids travel in one request.
A plain blocking loop keeps the pacing and the retries easy to read and to test,
and needs no event loop inside ``paperbot add``.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.request
import urllib.response
from collections.abc import Sequence
from typing import IO
from urllib.parse import urlencode, urlsplit

from bot.arxiv.feed import ArxivEntry, FeedError, parse_feed
from bot.links.addresses import ALLOW_PRIVATE_ENV, private_allowed
from bot.links.policy import backoff_delay, retry_after
from bot.model.config import ArxivConfig
from bot.text.identifiers import ArxivId

RETRIED = frozenset({429, 500, 502, 503, 504})
MAX_BODY = 20 * 1024 * 1024  # 100 entries are well under 1 MB; more is not arXiv talking

# The pace is kept per API host across every client of the process: two lookups in
# one run (add, then the checks) must not together ask faster than arXiv allows.
_pace_lock = threading.Lock()
_last_request: dict[str, float] = {}


class ArxivUnavailable(Exception):
    """arXiv could not be asked, or gave no usable answer (network, 5xx after retries)."""


class UnknownPaper(LookupError):
    """arXiv has no paper under this id (or not this version of it)."""


ARXIV_DOMAIN = "arxiv.org"  # the API and every host it may redirect to live under it
OFF_ARXIV = (
    f"arxiv.base_url in paperbot.yaml must be an https URL on {ARXIV_DOMAIN} "
    f"(a local or test server needs {ALLOW_PRIVATE_ENV}=1 where paperbot runs)"
)


class ArxivClient:
    """Asks arXiv's API. Only https on arxiv.org, redirects included, unless the runner
    allows private addresses: a pull request edits ``arxiv.base_url`` (paperbot.yaml)
    and must not point the runner at its loopback or intranet.
    """

    def __init__(self, config: ArxivConfig, allow_private: bool | None = None) -> None:
        self.config = config
        self.base = config.base_url.rstrip("/")
        self._anywhere = private_allowed() if allow_private is None else allow_private
        if not self._anywhere and not on_arxiv(self.base):
            raise ArxivUnavailable(OFF_ARXIV)
        self._opener = urllib.request.build_opener(_Redirects(self._anywhere))

    def lookup(self, paper: ArxivId) -> ArxivEntry:
        found = self.entries([paper]).get(paper.versioned)
        if found is None:
            raise UnknownPaper(f"arXiv has no paper {paper.versioned}")
        return found

    def entries(self, ids: Sequence[ArxivId]) -> dict[str, ArxivEntry]:
        """arXiv's entry for each id, keyed by the id as asked (``versioned``).

        Ids arXiv does not know are missing from the result. Raises ArxivUnavailable.
        """
        wanted = list(dict.fromkeys(ids))
        found: dict[str, ArxivEntry] = {}
        for start in range(0, len(wanted), self.config.batch):
            chunk = wanted[start : start + self.config.batch]
            try:
                served = parse_feed(self._get(chunk))
            except FeedError as exc:
                raise ArxivUnavailable(f"arXiv's answer could not be read: {exc}") from None
            for paper in chunk:
                match = next((e for e in served if _same(paper, e.id)), None)
                if match is not None:
                    found[paper.versioned] = match
        return found

    def _get(self, ids: list[ArxivId]) -> bytes:
        # max_results: the API answers 10 entries unless told otherwise.
        query = {"id_list": ",".join(p.versioned for p in ids), "max_results": str(len(ids))}
        url = f"{self.base}/api/query?{urlencode(query, safe=',/')}"
        request = urllib.request.Request(url, headers={"User-Agent": self.config.user_agent})
        retry = 0
        while True:
            self._wait_turn()
            wait: float | None = None
            try:
                return _bounded(self._opener, request, self.config.timeout)
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRIED:
                    raise ArxivUnavailable(f"arXiv answered {exc.code} {exc.reason}") from None
                why = f"{exc.code} {exc.reason}"
                wait = retry_after(exc.headers.get("Retry-After"))
            except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
                # HTTPException: a status line that is not HTTP, a body cut short.
                reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
                why = " ".join(str(reason).split())[:200] or type(reason).__name__
            if retry >= self.config.retries:
                raise ArxivUnavailable(
                    f"arXiv did not answer {self.base} ({why}, {retry} retries)"
                ) from None
            if wait is not None and wait > self.config.max_retry_after:
                raise ArxivUnavailable(f"arXiv asks to wait {wait:.0f} s ({why}); try later")
            time.sleep(wait if wait is not None else backoff_delay(retry, self.config.backoff))
            retry += 1

    def _wait_turn(self) -> None:
        with _pace_lock:
            last = _last_request.get(self.base)
            if last is not None:
                time.sleep(max(0.0, last + self.config.min_interval - time.monotonic()))
            _last_request[self.base] = time.monotonic()


def on_arxiv(url: str) -> bool:
    """Whether ``url`` is https on arxiv.org or a subdomain, on the default port."""
    try:
        parts = urlsplit(url)
        host, port = (parts.hostname or "").rstrip("."), parts.port
    except ValueError:
        return False
    return (
        parts.scheme.lower() == "https"
        and (host == ARXIV_DOMAIN or host.endswith("." + ARXIV_DOMAIN))
        and port in (None, 443)
        and parts.username is None
    )


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to where the base URL itself could point."""

    def __init__(self, anywhere: bool) -> None:
        self._anywhere = anywhere

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not self._anywhere and not on_arxiv(newurl):
            # Not named: where it points may be internal (the runner's own network).
            raise ArxivUnavailable(f"arXiv's API redirected off https://{ARXIV_DOMAIN}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _same(asked: ArxivId, served: ArxivId) -> bool:
    # Without a version arXiv serves the latest one; with one, exactly that one.
    return asked.id == served.id and asked.version in (None, served.version)


def _bounded(
    opener: urllib.request.OpenerDirector, request: urllib.request.Request, timeout: float
) -> bytes:
    """The body of one request that ends within ``timeout`` seconds in all.

    urllib's timeout bounds each socket operation, not the request: a server that
    sends a byte every few seconds would hold the caller for hours. So the request
    runs in a daemon thread, abandoned (it cannot hold the process) when time is up.
    """
    outcome: list[bytes | BaseException] = []

    def fetch() -> None:
        try:
            with opener.open(request, timeout=timeout) as response:
                outcome.append(_read(response))
        except urllib.error.HTTPError as exc:
            # 400 is a malformed id: the body is a feed with an Error entry.
            outcome.append(_read(exc) if exc.code == 400 else exc)
        except BaseException as exc:  # handed to the caller, who judges it
            outcome.append(exc)

    worker = threading.Thread(target=fetch, name="arxiv-request", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise TimeoutError(f"no complete answer within {timeout:g} s")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _read(response: urllib.response.addinfourl | urllib.error.HTTPError) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(65536):  # what has arrived, not a full 64 KiB
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY:
            raise ArxivUnavailable(f"arXiv's answer is larger than {MAX_BODY} bytes")
    missing = getattr(response, "length", None)  # what Content-Length promised and is still due
    if missing:
        raise http.client.IncompleteRead(b"".join(chunks), missing)
    return b"".join(chunks)
