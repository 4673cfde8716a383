"""Paper identifiers in URLs: arXiv ids, DOIs, and page URLs normalised for identity.

Pure functions, no network. Canonical arXiv URLs keep an explicit version when one
was written (``/abs/2401.12345v2``): pinning a version is the curator's choice, and
a fix must not change which document a link opens. Identity ignores the version, so
v1 and v2 of one preprint are the same paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

# arXiv's own host names: each serves the same papers at the same paths (browse.arxiv.org
# was the beta of the new abstract page, export.arxiv.org the mirror for programs,
# lanl.arxiv.org the old one); a link through any of them is written for arxiv.org.
ARXIV_HOSTS = frozenset(
    {"arxiv.org", "www.arxiv.org", "export.arxiv.org", "browse.arxiv.org", "lanl.arxiv.org"}
)
DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
# Archives of the pre-2007 scheme (closed list: no archive was added after it ended).
_OLD_ARCHIVES = (
    "acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|"
    "comp-gas|cond-mat|cs|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math|math-ph|"
    "mtrl-th|nlin|nucl-ex|nucl-th|patt-sol|physics|plasm-ph|q-alg|q-bio|quant-ph|solv-int|"
    "supr-con"
)
_NEW_ID = re.compile(r"(?P<yy>\d\d)(?P<mm>\d\d)\.(?P<num>\d{4,5})(?:v(?P<v>[1-9]\d*))?")
_OLD_ID = re.compile(
    rf"(?P<arch>{_OLD_ARCHIVES})(?:\.[A-Za-z-]+)?/"
    r"(?P<yy>\d\d)(?P<mm>\d\d)(?P<num>\d{3})(?:v(?P<v>[1-9]\d*))?"
)
_ARXIV_PATH = re.compile(r"/(?P<view>abs|pdf|html|format|ps)/(?P<id>.+?)(?:\.pdf)?/?")
_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
# Publisher pages that carry the DOI in their path (ACM, Wiley, SAGE, T&F, Science, Springer).
_EMBEDDED_DOI = re.compile(
    r"/(?:doi/(?:abs/|full/|pdf/|epdf/|fullHtml/)?|(?:article|chapter)/)(10\.\d{4,9}/.+)"
)
# Query parameters that say who sent the reader, never which page (with every utm_*).
# Kept short: dropping a parameter that does select the page would merge two papers.
_TRACKING = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl"}
    | {"ref", "ref_src", "ref_url"}
)
_DEFAULT_PORTS = (80, 443)  # identity ignores the scheme, so either default port goes


class MalformedIdentifier(ValueError):
    """A URL that points at an arXiv paper or a DOI whose identifier has a wrong form."""


@dataclass(frozen=True)
class ArxivId:
    id: str  # without version; old-style ids without subject class ("math/0309136")
    version: int | None = None

    @property
    def versioned(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.versioned}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.versioned}"


def parse_arxiv_id(text: str) -> ArxivId:
    """An id as written (``2401.12345v2``, ``arXiv:cs/0112017``, ``math.GT/0309136``)."""
    text = text.strip()
    if text[:6].lower() == "arxiv:":
        text = text[6:]
    if found := _NEW_ID.fullmatch(text):
        # Four-digit numbers from April 2007 to 2014, five digits since 2015.
        digits = 4 if found["yy"] < "15" else 5
        if (
            "01" <= found["mm"] <= "12"
            and found["yy"] + found["mm"] >= "0704"
            and len(found["num"]) == digits
            and int(found["num"]) > 0
        ):
            return ArxivId(text.split("v")[0], _version(found["v"]))
    elif (found := _OLD_ID.fullmatch(text)) and "01" <= found["mm"] <= "12":
        # The old scheme ran from August 1991 to March 2007.
        yymm = found["yy"] + found["mm"]
        if (yymm >= "9108" or yymm <= "0703") and int(found["num"]):
            # The subject class is not part of the identity: math.GT/0309136 is math/0309136.
            return ArxivId(f"{found['arch']}/{yymm}{found['num']}", _version(found["v"]))
    raise MalformedIdentifier(
        f"'{text}' is not an arXiv id: expected YYMM.NNNNN (since 2015), "
        "YYMM.NNNN (2007-2014) or archive/YYMMNNN (before 2007), optionally with vN"
    )


def _version(text: str | None) -> int | None:
    return int(text) if text else None


def is_arxiv_url(url: str) -> bool:
    # Every arXiv host name has "arxiv" in it: most URLs are ruled out without parsing.
    return "arxiv" in url.lower() and _host(url) in ARXIV_HOSTS


# The forms nearly every arXiv and DOI link has, recognised without urlsplit (the general
# paths below agree: tests/text/test_identifiers.py); nothing urlsplit would cut off or decode.
_PLAIN_ARXIV = re.compile(
    r"https?://(?:www\.|export\.|browse\.|lanl\.)?arxiv\.org/(?:abs|pdf|html|format|ps)/([0-9.v]+)"
)
_PLAIN_DOI = re.compile(r"https?://(?:dx\.|www\.)?doi\.org/(10\.(?:(?![%?#])[!-~])*)")


def arxiv_from_url(url: str) -> ArxivId | None:
    """The paper an arXiv URL shows; None for other URLs and arXiv pages that are no paper.

    Raises MalformedIdentifier for a paper view (abs, pdf, ...) with a bad id.
    """
    plain = _PLAIN_ARXIV.fullmatch(url)
    return parse_arxiv_id(plain[1]) if plain is not None else _arxiv_from_url(url)


def _arxiv_from_url(url: str) -> ArxivId | None:
    if not is_arxiv_url(url):
        return None
    found = _ARXIV_PATH.fullmatch(unquote(urlsplit(url).path))
    return parse_arxiv_id(found["id"]) if found else None


def arxiv_from_doi(doi: str) -> ArxivId | None:
    """The preprint behind one of the DOIs arXiv registers (``10.48550/arXiv.2401.12345``)."""
    prefix = "10.48550/arxiv."
    if doi[: len(prefix)].lower() != prefix:
        return None
    try:
        return parse_arxiv_id(doi[len(prefix) :])
    except MalformedIdentifier:
        return None


def parse_doi(text: str) -> str:
    """A DOI as written after ``doi:`` or a resolver (``https://doi.org/``), percent-decoded."""
    text = text.strip()
    if text[:4].lower() == "doi:":
        text = text[4:].strip()
    elif "://" in text:
        parts = urlsplit(text)
        if (parts.hostname or "") not in DOI_HOSTS:
            raise MalformedIdentifier(f"'{text}' is not a DOI resolver URL")
        text = parts.path.lstrip("/")
    return _checked_doi(unquote(text))


def _checked_doi(doi: str) -> str:
    if not _DOI.fullmatch(doi):
        raise MalformedIdentifier(f"'{doi}' is not a DOI: expected 10.NNNN/suffix")
    return doi


def doi_key(doi: str) -> str:
    """DOIs compare case-insensitively (the DOI handbook folds ASCII letters to upper case)."""
    return doi.upper()


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi, safe="/:;()[]-._~!$&'*+,=@")


def doi_from_url(url: str) -> str | None:
    """The DOI of a resolver URL whose path starts ``/10.``; None for any other URL."""
    plain = _PLAIN_DOI.fullmatch(url)
    return _checked_doi(plain[1]) if plain is not None else _doi_from_url(url)


def _doi_from_url(url: str) -> str | None:
    if "doi.org" not in url.lower():  # in every resolver's name: a check without parsing
        return None
    if _host(url) not in DOI_HOSTS or not urlsplit(url).path.startswith("/10."):
        return None
    return parse_doi(url)


def embedded_doi(url: str) -> str | None:
    """A DOI in a publisher's page URL (``dl.acm.org/doi/10.1145/...``), or None."""
    if "10." not in url and "%" not in url:
        return None  # no "10." in the path, even percent-decoded: no DOI
    found = _EMBEDDED_DOI.search(unquote(urlsplit(url).path))
    return found[1].rstrip("/") if found and _DOI.fullmatch(found[1].rstrip("/")) else None


# A URL urlsplit would take apart into a lower-case host and a path alone: no user,
# port, query, fragment, percent escape, space or character beyond ASCII. page_key's
# fast path (tests/text/test_identifiers.py holds it equal to the general one).
_PLAIN_URL = re.compile(r"https?://([a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)((?:/[!-~]*)?)")
_NOT_PLAIN = re.compile(r"[%?#]")


def page_key(url: str) -> str:
    """A URL reduced to what decides which page it shows (for identity, not for display)."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None and not _NOT_PLAIN.search(url):
        return plain[1].rstrip(".").removeprefix("www.") + plain[2].rstrip("/")
    return _page_key(url)


def _page_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".")
    host = host.removeprefix("www.")
    port = parts.port
    if port is not None and port not in _DEFAULT_PORTS:
        host = f"{host}:{port}"
    path = re.sub(r"%[0-9a-fA-F]{2}", lambda m: m[0].upper(), parts.path).rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING
    ]
    key = host + path + ("?" + urlencode(sorted(query)) if query else "")
    # A fragment is a place on a page, except in hash-routed sites ("#/paper/12",
    # "#!/..."), where it is the page: dropping it there would merge distinct papers.
    if parts.fragment.startswith(("/", "!")):
        key += "#" + parts.fragment
    return key


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""
