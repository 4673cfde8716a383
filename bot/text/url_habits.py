"""What a URL picks up on its way from a browser, a page or a chat into a ``url:`` value,
and the URL it should be.

Each function looks at one habit and returns the clean URL (with what it found), or
None: Markdown or angle brackets around it, quotes, tracking and session parameters,
a redirect through a search engine or a mail filter, punctuation of the sentence it
was copied from, ``http://`` for a host that serves only https, a clone URL for a
repository page.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

# [label](url), optionally inside the README's own \[...] or [...] (a copied link).
_MARKDOWN_LINK = re.compile(r"\\?\[?\[[^\]]*\]\((\S+?)\)\]?")
_WRAPPERS = {"<": ">", '"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "(": ")"}
_WRAPPED = {"<": "angle brackets", "(": "parentheses"}  # anything else: quotes
# Where one could begin: most URLs have none of these and are passed over at once.
_MAYBE_PASTED = re.compile(r"[\[\]<>\"'\u201c\u201d\u2018\u2019()]")


class Cleaned(NamedTuple):
    what: str  # what is wrong and what to do, for a message
    url: str  # the URL as it should be


def pasted(url: str) -> Cleaned | None:
    """A URL written with the markup around it: ``[Paper](https://...)``, ``<https://...>``,
    quotes, parentheses, or a ``)`` left over from the sentence it came from."""
    if not _MAYBE_PASTED.search(url):
        return None
    link = _MARKDOWN_LINK.fullmatch(url)
    if link is not None:
        return Cleaned("a Markdown link pasted as the URL: write the bare URL", link[1].strip("<>"))
    closer = _WRAPPERS.get(url[0])
    if closer is not None and url.endswith(closer) and len(url) > 2:
        inner = url[1:-1].strip()
        if _looks_absolute(inner):
            what = _WRAPPED.get(url[0], "quotes")
            return Cleaned(f"{what} around the URL: write the bare URL", inner)
    if url.endswith(")") and "(" not in url and _looks_absolute(url):
        what = "a ')' without its '(' ends the URL (from the text around it?): leave it out"
        return Cleaned(what, url.rstrip(")"))
    return None


def _looks_absolute(text: str) -> bool:
    return text.lower().startswith(("http://", "https://")) and " " not in text


# Parameters that say where a click came from: the page is the same without them.
_TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid"}
    | {"igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok"}
    | {"vero_id", "oly_enc_id", "oly_anon_id", "rb_clickid", "s_cid", "wt_mc", "ref_src"}
    | {"ref_url", "spm", "scm", "trk", "trkcampaign", "si", "feature", "share_id"}
)
_TRACKING_PREFIXES = ("utm_", "pk_", "hsa_", "__hs")
# A session of the one who copied the link: it has expired by the time anyone clicks.
_SESSION_NAMES = frozenset({"jsessionid", "phpsessid", "sessionid", "session_id"})
# Parameters that mean something only on these hosts (YouTube's "si" and "feature" are
# share tracking; elsewhere "si" or "feature" may select the page).
_HOST_ONLY = {
    "si": ("youtube.com", "youtu.be"),
    "feature": ("youtube.com", "youtu.be"),
    "usp": ("drive.google.com", "docs.google.com"),  # ?usp=sharing
    "s": ("x.com", "twitter.com"),
    "t": ("x.com", "twitter.com"),
}
_SESSION_PATH = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)


def tracking_removed(url: str) -> Cleaned | None:
    """The URL without tracking and session parameters."""
    if "?" not in url and ";" not in url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = _SESSION_PATH.sub("", parts.path)
    kept, dropped = [], []
    for pair in parts.query.split("&") if parts.query else []:
        name = unquote(pair.split("=", 1)[0]).lower()
        if _noise(name, host):
            dropped.append(name)
        else:
            kept.append(pair)
    if path != parts.path:
        dropped.insert(0, "jsessionid")
    if not dropped:
        return None
    clean = urlunsplit((parts.scheme, parts.netloc, path, "&".join(kept), parts.fragment))
    names = ", ".join(dict.fromkeys(dropped))
    if all(name in _SESSION_NAMES for name in dropped):
        what = f"a session id ({names}) that has expired for anyone else: leave it out"
    else:
        what = f"tracking parameters ({names}): the page is the same without them"
    return Cleaned(what, clean)


def _noise(name: str, host: str) -> bool:
    if name.startswith(_TRACKING_PREFIXES):
        return True
    hosts = _HOST_ONLY.get(name)
    if hosts is not None:
        return any(host == h or host.endswith("." + h) for h in hosts)
    return name in _TRACKING_NAMES or name in _SESSION_NAMES


# Pages that only send the reader on: (host, path) -> the parameter holding the target.
_REDIRECTS = {
    ("google.com", "/url"): ("q", "url"),
    ("scholar.google.com", "/scholar_url"): ("url",),
    ("l.facebook.com", "/l.php"): ("u",),
    ("lm.facebook.com", "/l.php"): ("u",),
    ("linkedin.com", "/redir/redirect"): ("url",),
    ("out.reddit.com", "/"): ("url",),
    ("duckduckgo.com", "/l/"): ("uddg",),
    ("slack-redir.net", "/link"): ("url",),
}
_SAFELINKS = ".safelinks.protection.outlook.com"


def unwrapped(url: str) -> Cleaned | None:
    """The page a redirect URL (a search result, a mail filter's safe link) leads to."""
    if "=http" not in url.replace("%3A", ":").replace("%3a", ":"):
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    names: tuple[str, ...] | None = ("url",) if host.endswith(_SAFELINKS) else None
    if names is None:
        host_key = re.sub(r"^google\.[a-z.]+$", "google.com", host)
        host_key = re.sub(r"^scholar\.google\.[a-z.]+$", "scholar.google.com", host_key)
        names = _REDIRECTS.get((host_key, parts.path or "/"))
    if names is None:
        return None
    query = dict(parse_qsl(parts.query))
    target = next((query[n] for n in names if _looks_absolute(query.get(n, ""))), None)
    if target is None:
        return None
    return Cleaned(f"a redirect through {parts.hostname}: link the page it leads to", target)


# Sentence punctuation after a URL copied from running text.
_TRAILING = ".,;:!\u201d\u2019\"'>"


def trailing_punctuation(url: str) -> Cleaned | None:
    end = url.rstrip(_TRAILING)
    if end == url or not _looks_absolute(end):
        return None
    what = f"'{url[len(end) :]}' at the end is punctuation from the text the URL was copied from"
    return Cleaned(what, end)


# Hosts that serve only https: an http:// link to them is a redirect at best.
HTTPS_HOSTS = frozenset(
    {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co"}
    | {"openreview.net", "youtube.com", "youtu.be", "dl.acm.org", "ieeexplore.ieee.org"}
    | {"aclanthology.org", "proceedings.neurips.cc", "papers.nips.cc", "usenix.org"}
    | {"openaccess.thecvf.com", "proceedings.mlr.press", "zenodo.org", "drive.google.com"}
    | {"docs.google.com", "mlsys.org", "proceedings.mlsys.org", "vimeo.com", "x.com"}
    | {"twitter.com", "medium.com", "semanticscholar.org", "link.springer.com"}
)


def https_only(url: str) -> Cleaned | None:
    if not url.startswith("http://"):
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if host not in HTTPS_HOSTS:
        return None
    return Cleaned(f"{host} is served over https: write https://", "https://" + url[7:])


# A repository's clone URL: its page is the same without ".git".
_CLONE = re.compile(r"(https://(?:github\.com|gitlab\.com|codeberg\.org)/[^/?#]+/[^/?#]+?)\.git/?")


def clone_url(url: str) -> Cleaned | None:
    found = _CLONE.fullmatch(url)
    if found is None:
        return None
    return Cleaned("a clone URL: the repository's page is the same without .git", found[1])


# "https//x.org", "https:/x.org", "http:x.org": the scheme's "://" mistyped.
_MANGLED = re.compile(r"(https?)(?::/?(?!/)|//|:/{3,}|/(?!/))([^/\s][^\s]*)", re.IGNORECASE)


def mangled_scheme(url: str) -> Cleaned | None:
    found = _MANGLED.fullmatch(url)
    if found is None or "." not in found[2].split("/", 1)[0]:
        return None
    fixed = f"{found[1].lower()}://{found[2]}"
    return Cleaned(f"the URL's '://' is mistyped: write {found[1].lower()}://", fixed)


_BARE_DOI = re.compile(r"(?:doi:\s*)?(10\.\d{4,9}/\S+)", re.IGNORECASE)
_BARE_ARXIV = re.compile(r"(?:arxiv:\s*)?(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)


def bare_identifier(url: str) -> Cleaned | None:
    """A DOI or an arXiv id where a URL goes (``10.1145/...``, ``arXiv:2401.12345``)."""
    doi = _BARE_DOI.fullmatch(url)
    if doi is not None:
        return Cleaned("a DOI, not a URL: write its resolver URL", f"https://doi.org/{doi[1]}")
    arxiv = _BARE_ARXIV.fullmatch(url)
    if arxiv is not None:
        return Cleaned(
            "an arXiv id, not a URL: write its page", f"https://arxiv.org/abs/{arxiv[1]}"
        )
    return None


def cleaned(url: str) -> str | None:
    """The URL with every habit above undone, or None when it has none: what the url
    check's fixes write, so ``fmt --fix`` can tell a fix that only cleans a URL."""
    meant = bare_identifier(url) or mangled_scheme(url)
    clean = meant.url if meant is not None else url
    for habit in (unwrapped, tracking_removed, https_only, trailing_punctuation, clone_url):
        got = habit(clean)
        if got is not None:
            clean = got.url
    return None if clean == url else clean
