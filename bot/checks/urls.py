"""Each link's form, offline: known identifiers written canonically, the label matching the URL.

The model already refuses what is not an http(s) URL or a relative link; this
check looks at forms the schema cannot judge: arXiv and DOI links in their canonical
form, what a URL picked up on the way (tracking and session parameters, a redirect,
sentence punctuation, http:// for an https host, a clone URL: ``bot.text.url_habits``),
a relative link to a file the repository does not have, and the same URL twice. Where
a Code link may point is a curated list of its own (``bot.text.code_hosts``).
Markup around a URL is the markup check's. Whether a link answers is the online link
checker's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from bot.checks.context import Context
from bot.files.repo_paths import link_target, target
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Link, Paper
from bot.text.code_hosts import SHOWN, is_code_host
from bot.text.identifiers import (
    MalformedIdentifier,
    arxiv_from_doi,
    arxiv_from_url,
    doi_from_url,
    doi_url,
    embedded_doi,
    is_arxiv_url,
)
from bot.text.link_labels import role
from bot.text.url_habits import (
    bare_identifier,
    clone_url,
    https_only,
    mangled_scheme,
    pasted,
    tracking_removed,
    trailing_punctuation,
    unwrapped,
)

ID = "url"
SCOPE: Final = "entry"
SUMMARY = "links are well formed, canonical, and match their label"
FILES: Final = frozenset({"paper"})
NEEDS: Final[frozenset[str]] = frozenset()

# A URL whose host urlsplit would find as it is written (lower case, no user, port,
# space or escape): most links, read without urlsplit (tests/checks/test_urls.py).
_PLAIN_HOST = re.compile(r"https?://([a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)(?=[/?#]|\Z)")


def check(paper: Located[Paper], ctx: Context) -> Iterator[Diagnostic]:
    known, root = ctx.config.link_kinds, ctx.corpus.root
    first: dict[str, int] = {}  # URL -> the number of the link that has it first
    for i, link in enumerate(paper.model.links):
        found = list(_problems(link, role(link.kind, known), root))
        if first.setdefault(link.url, i) != i:
            seen = first[link.url]
            label = paper.model.links[seen].kind
            message = f"the same URL as link {seen + 1} ('{label}'): one of the two is a copy"
            found.append((Severity.WARNING, message, None))
        for severity, message, fix in found:
            # Asked only when reporting: a cached entry finds its positions on demand.
            line, col = paper.positions.of_value(("links", i, "url"))
            yield Diagnostic(paper.path, line, col, ID, severity, message, fix)
    title_url = paper.model.title_url
    if title_url is not None and (rel := link_target(title_url)) is not None:
        for severity, message, fix in _relative(title_url, rel, root):
            line, col = paper.positions.of_value(("title_url",))
            yield Diagnostic(paper.path, line, col, ID, severity, message, fix)


Problem = tuple[Severity, str, str | None]


def _problems(link: Link, kind: str, root: Path) -> Iterator[Problem]:
    url = link.url
    if pasted(url) is not None:
        return  # markup around the URL: the markup check gives the bare URL
    plain = _PLAIN_HOST.match(url)
    host = (plain[1] if plain else urlsplit(url).hostname or "").rstrip(".")
    if host and "." not in host and ":" not in host:
        yield Severity.ERROR, f"the host name '{host}' has no domain (such as .org)", None
        return
    rel = link_target(url)
    if rel is not None:
        # "10.1145/...", "https//x.org": no relative link was meant.
        meant = bare_identifier(url) or mangled_scheme(url)
        if meant is not None:
            yield Severity.ERROR, meant.what, meant.url
            return
        yield from _relative(url, rel, root)
    try:
        arxiv = arxiv_from_url(url)
        doi = doi_from_url(url)
    except MalformedIdentifier as exc:
        yield Severity.ERROR, f"malformed identifier: {exc}", None
        return
    if kind == "arxiv" and doi is not None and (named := arxiv_from_doi(doi)):
        # arXiv's own DOI names the preprint: the right paper, written the long way round.
        arxiv, doi = named, None
    canonical = False
    if arxiv is not None:
        # A link labelled PDF is meant to open the PDF; every other label gets the abstract page.
        want = arxiv.pdf_url if kind == "pdf" else arxiv.abs_url
        if url != want:
            canonical = True
            yield Severity.WARNING, f"not the canonical arXiv URL; write {want}", want
    if doi is not None and url != doi_url(doi):
        canonical = True
        yield Severity.WARNING, f"not the canonical DOI URL; write {doi_url(doi)}", doi_url(doi)
    if not canonical and rel is None:
        yield from _habits(url)
    yield from _kind_mismatch(kind, link, host, arxiv is not None, doi)


def _habits(url: str) -> Iterator[Problem]:
    """What the URL picked up on its way here; one finding, whose fix cleans all of it."""
    clean, found = url, []
    for habit in (unwrapped, tracking_removed, https_only, trailing_punctuation, clone_url):
        got = habit(clean)
        if got is not None:
            found.append(got.what)
            clean = got.url
    if found:
        yield Severity.WARNING, "; ".join(found), clean


def _relative(url: str, rel: str, root: Path) -> Iterator[Problem]:
    where = target(root, rel)
    if where.state == "present":
        return
    if where.state == "outside":
        yield (
            Severity.ERROR,
            f"'{url}' points outside the repository: a relative link names a file in it, "
            "read from its root (or write the full https:// URL)",
            None,
        )
        return
    if where.nearest is not None:
        rest = url[len(url.split("#", 1)[0].split("?", 1)[0]) :]  # the ?query and #fragment
        fix = where.nearest + rest
        message = f"no file '{rel}' in the repository; did you mean '{where.nearest}'?"
        yield Severity.ERROR, message, fix
        return
    yield (
        Severity.ERROR,
        f"no file '{rel}' in the repository: a relative link names a file in it, read from "
        "its root (or write the full https:// URL)",
        None,
    )


def _kind_mismatch(
    kind: str, link: Link, host: str, arxiv: bool, doi: str | None
) -> Iterator[Problem]:
    label, shown = link.kind, host or "a relative link"
    if kind == "arxiv" and not arxiv:
        what = "an arXiv page that shows no paper" if is_arxiv_url(link.url) else shown
        yield (
            Severity.ERROR,
            f"a link labelled '{label}' must point to an arXiv paper "
            f"(https://arxiv.org/abs/<id>), not {what}",
            None,
        )
    elif kind == "doi" and doi is None:
        # A publisher page that names its DOI can be replaced by the resolver URL.
        found = embedded_doi(link.url)
        fix = doi_url(found) if found else None
        yield (
            Severity.ERROR,
            f"a link labelled '{label}' must be a DOI URL (https://doi.org/10.…), not {shown}",
            fix,
        )
    elif kind == "code" and not is_code_host(host, doi):
        hosts = ", ".join(SHOWN)
        yield (
            Severity.ERROR,
            f"a link labelled '{label}' must point to a code repository ({hosts}, ...), "
            f"not {shown}",
            None,
        )
