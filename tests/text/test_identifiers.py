"""arXiv ids, DOIs and page URLs in the many forms contributors paste them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import identifiers
from bot.text.identifiers import (
    ArxivId,
    MalformedIdentifier,
    arxiv_from_doi,
    arxiv_from_url,
    doi_from_url,
    doi_key,
    doi_url,
    embedded_doi,
    is_arxiv_url,
    page_key,
    parse_arxiv_id,
    parse_doi,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2401.12345", ArxivId("2401.12345")),
        ("2401.12345v2", ArxivId("2401.12345", 2)),
        ("2401.12345v12", ArxivId("2401.12345", 12)),
        ("arXiv:2401.12345", ArxivId("2401.12345")),
        ("ARXIV:2401.12345v1", ArxivId("2401.12345", 1)),
        ("  2401.12345 ", ArxivId("2401.12345")),
        ("0704.0001", ArxivId("0704.0001")),  # the first new-style id
        ("1412.7878", ArxivId("1412.7878")),  # four digits until 2014
        ("1501.00001", ArxivId("1501.00001")),  # five digits since 2015
        ("cs/0112017", ArxivId("cs/0112017")),
        ("cs/0112017v1", ArxivId("cs/0112017", 1)),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("math.GT/0309136", ArxivId("math/0309136")),  # the subject class is not identity
        ("math.CA/0611800v2", ArxivId("math/0611800", 2)),
        ("cond-mat.stat-mech/0501001", ArxivId("cond-mat/0501001")),
        ("arXiv:math/0703999", ArxivId("math/0703999")),  # the last old-style month
    ],
)
def test_arxiv_ids_in_every_written_form(text: str, expected: ArxivId) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2401.123",  # too short
        "2401.1234",  # four digits after 2014
        "1412.12345",  # five digits before 2015
        "2413.12345",  # month 13
        "2400.12345",  # month 0
        "0701.0001",  # before the new scheme began (April 2007)
        "2401.00000",  # numbers start at 1
        "2401.12345v0",  # versions start at 1
        "2401.12345v",
        "foo/0101001",  # not an archive
        "cs/011201",  # six digits
        "cs/0713001",  # old scheme, month 13
        "cs/0801001",  # old scheme after it ended
        "hep-th/9012001",  # before arXiv began (August 1991)
        "",
        "arXiv:",
    ],
)
def test_malformed_arxiv_ids_are_refused(text: str) -> None:
    with pytest.raises(MalformedIdentifier):
        parse_arxiv_id(text)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/2401.12345", ArxivId("2401.12345")),
        ("http://arxiv.org/abs/2401.12345", ArxivId("2401.12345")),
        ("https://www.arxiv.org/abs/2401.12345v3", ArxivId("2401.12345", 3)),
        ("https://export.arxiv.org/abs/2401.12345", ArxivId("2401.12345")),
        ("https://ARXIV.org/abs/2401.12345", ArxivId("2401.12345")),
        ("https://arxiv.org/pdf/2401.12345", ArxivId("2401.12345")),
        ("http://arxiv.org/pdf/2401.12345v2.pdf", ArxivId("2401.12345", 2)),
        ("https://arxiv.org/pdf/cs/0112017v1.pdf", ArxivId("cs/0112017", 1)),
        ("https://arxiv.org/html/2401.12345v1", ArxivId("2401.12345", 1)),
        ("https://arxiv.org/html/2401.12345v1/", ArxivId("2401.12345", 1)),
        ("https://arxiv.org/html/2401.12345v1#S3", ArxivId("2401.12345", 1)),
        ("https://arxiv.org/format/2401.12345", ArxivId("2401.12345")),
        ("https://arxiv.org/abs/2401.12345?context=cs.LG", ArxivId("2401.12345")),
        ("https://arxiv.org/abs/math.GT/0309136", ArxivId("math/0309136")),
        ("https://arxiv.org/list/cs.LG/recent", None),  # an arXiv page, but no paper
        ("https://arxiv.org/", None),
        ("https://example.org/abs/2401.12345", None),  # not arXiv at all
        ("https://arxiv.org.example.com/abs/2401.12345", None),
        ("notes/paper.md", None),  # a relative link
    ],
)
def test_arxiv_urls(url: str, expected: ArxivId | None) -> None:
    assert arxiv_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2401.123",
        "https://arxiv.org/pdf/2413.12345.pdf",
        "https://arxiv.org/abs/x",
    ],
)
def test_a_paper_view_with_a_bad_id_is_malformed(url: str) -> None:
    assert is_arxiv_url(url)
    with pytest.raises(MalformedIdentifier):
        arxiv_from_url(url)


def test_canonical_arxiv_urls_keep_an_explicit_version() -> None:
    # Pinning a version is the curator's choice; identity (the id) ignores it.
    assert ArxivId("2401.12345", 2).abs_url == "https://arxiv.org/abs/2401.12345v2"
    assert ArxivId("2401.12345").abs_url == "https://arxiv.org/abs/2401.12345"
    assert ArxivId("cs/0112017", 1).pdf_url == "https://arxiv.org/pdf/cs/0112017v1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1145/3620665.3640366", "10.1145/3620665.3640366"),
        ("doi:10.1145/3620665.3640366", "10.1145/3620665.3640366"),
        ("DOI: 10.1145/3620665.3640366", "10.1145/3620665.3640366"),
        ("https://doi.org/10.1145/3620665.3640366", "10.1145/3620665.3640366"),
        ("http://dx.doi.org/10.1145/3620665.3640366", "10.1145/3620665.3640366"),
        ("https://www.doi.org/10.1145/ABC.def", "10.1145/ABC.def"),
        ("https://doi.org/10.1000/a%2Fb", "10.1000/a/b"),  # percent-encoded
        ("https://doi.org/10.1000.10/123", "10.1000.10/123"),  # a registrant subdivision
        (
            "https://doi.org/10.1002/(SICI)1097-4636(199706)35:4%3C457::AID-JBM6%3E3.0.CO;2-E",
            "10.1002/(SICI)1097-4636(199706)35:4<457::AID-JBM6>3.0.CO;2-E",
        ),
    ],
)
def test_dois_in_every_written_form(text: str, expected: str) -> None:
    assert parse_doi(text) == expected


@pytest.mark.parametrize(
    "text", ["10.12/abc", "10.1145/", "11.1145/abc", "doi:", "https://example.org/10.1145/x"]
)
def test_malformed_dois_are_refused(text: str) -> None:
    with pytest.raises(MalformedIdentifier):
        parse_doi(text)


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("10.48550/arXiv.2401.12345", ArxivId("2401.12345")),
        ("10.48550/ARXIV.2401.12345", ArxivId("2401.12345")),
        ("10.48550/arXiv.hep-th/9901001", ArxivId("hep-th/9901001")),
        ("10.48550/arXiv.2401.123", None),
        ("10.1145/3620665.3640366", None),
    ],
)
def test_arxiv_dois_name_the_preprint(doi: str, expected: ArxivId | None) -> None:
    assert arxiv_from_doi(doi) == expected


def test_dois_compare_without_case() -> None:
    assert doi_key("10.1145/ABC.def") == doi_key("10.1145/abc.DEF")


@pytest.mark.parametrize(
    "doi",
    ["10.1145/3620665.3640366", "10.1002/(SICI)1097-4636(199706)35:4<457::AID-JBM6>3.0.CO;2-E"],
)
def test_the_canonical_doi_url_reads_back(doi: str) -> None:
    assert doi_url(doi).startswith("https://doi.org/10.")
    assert doi_from_url(doi_url(doi)) == doi


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://doi.org/10.1145/3620665.3640366", "10.1145/3620665.3640366"),
        ("https://doi.org/", None),  # the resolver's home page
        ("https://www.doi.org/the-identifier/resources/handbook", None),
        ("https://dl.acm.org/doi/10.1145/3620665.3640366", None),  # a publisher page
    ],
)
def test_doi_resolver_urls(url: str, expected: str | None) -> None:
    assert doi_from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://dl.acm.org/doi/10.1145/3620665.3640366", "10.1145/3620665.3640366"),
        ("https://dl.acm.org/doi/pdf/10.1145/3620665.3640366", "10.1145/3620665.3640366"),
        ("https://dl.acm.org/doi/abs/10.1145/3620665.3640366/", "10.1145/3620665.3640366"),
        (
            "https://link.springer.com/chapter/10.1007/978-3-030-58452-8_1",
            "10.1007/978-3-030-58452-8_1",
        ),
        ("https://onlinelibrary.wiley.com/doi/full/10.1002/cpe.1234", "10.1002/cpe.1234"),
        ("https://dl.acm.org/doi/proceedings/10.1145/3620665", None),  # a whole volume
        ("https://example.org/papers/10.1145", None),
    ],
)
def test_dois_named_by_publisher_pages(url: str, expected: str | None) -> None:
    assert embedded_doi(url) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://example.org/p/1", "https://example.org/p/1"),  # scheme
        ("https://EXAMPLE.org/p/1", "https://example.org/p/1"),  # host case
        ("https://www.example.org/p/1", "https://example.org/p/1"),
        ("https://example.org:443/p/1", "https://example.org/p/1"),  # default ports
        ("http://example.org:80/p/1", "https://example.org/p/1"),
        ("https://example.org/p/1/", "https://example.org/p/1"),  # trailing slash
        ("https://example.org/", "https://example.org"),
        ("https://example.org/p/1#results", "https://example.org/p/1"),  # fragment
        ("https://example.org/p/1?utm_source=x&utm_medium=y", "https://example.org/p/1"),
        ("https://example.org/p/1?fbclid=abc", "https://example.org/p/1"),
        ("https://example.org/p/1?gclid=abc&ref=home", "https://example.org/p/1"),
        ("https://example.org/p?b=2&a=1", "https://example.org/p?a=1&b=2"),  # sorted query
        ("https://example.org/p?id=1&utm_campaign=z", "https://example.org/p?id=1"),
        ("https://example.org/a%2fb", "https://example.org/a%2Fb"),  # escape case
        ("https://example.org./p", "https://example.org/p"),  # the root label's dot
    ],
)
def test_page_urls_that_show_the_same_page(a: str, b: str) -> None:
    assert page_key(a) == page_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.org/p/1", "https://example.org/p/2"),
        ("https://example.org/P/1", "https://example.org/p/1"),  # paths are case-sensitive
        ("https://openreview.net/forum?id=aaa", "https://openreview.net/forum?id=bbb"),
        ("https://example.org:8080/p", "https://example.org/p"),  # a real port
        ("https://sub.example.org/p", "https://example.org/p"),
        # Hash-routed sites: the fragment is the page.
        ("https://example.org/#/paper/3", "https://example.org/#/paper/4"),
        ("https://example.org/#!/paper/3", "https://example.org/#!/paper/4"),
    ],
)
def test_page_urls_that_show_different_pages(a: str, b: str) -> None:
    assert page_key(a) != page_key(b)


# --- the fast paths agree with the general ones ----------------------------------------------

_URL_PIECES = [
    "https://", "http://", "HTTPS://", "arxiv.org", "www.arxiv.org", "export.arxiv.org",
    "doi.org", "dx.doi.org", "www.", "example.org", "Example.ORG", ".", ":8080", ":443",
    "user@", "/", "//", "abs", "pdf", "html", "list", "/abs/", "/pdf/", "2401.12345",
    "1504.00924", "v2", "v", "0703.1234", "cs/0112017", ".pdf", "10.", "10.1145/", "10.48550/",
    "arXiv.2401.12345", "3600006.3613165", "doi/", "article/", "%2F", "%2f", "%7e", "?",
    "#", "#/", "#!", "=", "&", "utm_source=x", "ref=y", "id=3", "a", "Z", "-", "_", "~", " ",
    "\t", "\\", "(", ")", "\u00e9", "\u0430",
]  # fmt: skip
_urls = st.lists(st.sampled_from(_URL_PIECES), max_size=12).map("".join) | st.text(max_size=40)


def _outcome(function: Any, url: str) -> object:
    try:
        return function(url)
    except (MalformedIdentifier, ValueError) as exc:
        return type(exc), str(exc)


@settings(max_examples=3000, deadline=None)
@given(_urls)
def test_fast_paths_agree_with_the_general_ones(url: str) -> None:
    assert _outcome(page_key, url) == _outcome(identifiers._page_key, url)
    assert _outcome(arxiv_from_url, url) == _outcome(identifiers._arxiv_from_url, url)
    assert _outcome(doi_from_url, url) == _outcome(identifiers._doi_from_url, url)


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2401.12345",
        "https://arxiv.org/pdf/2401.12345v2",
        "http://export.arxiv.org/abs/9999.99999",
        "https://www.arxiv.org/html/1504.00924",
        "https://doi.org/10.1145/3600006.3613165",
        "https://dx.doi.org/10.48550/arXiv.2401.12345",
        "https://doi.org/10.",
        "https://github.com/msr-fiddle/repo-771",
        "https://www.project-771.example.org./",
        "https://example.org/a/b/",
    ],
)
def test_fast_paths_on_the_common_forms(url: str) -> None:
    """The forms the fast paths take (the property test above may draw few of them)."""
    assert (
        identifiers._PLAIN_ARXIV.fullmatch(url)
        or identifiers._PLAIN_DOI.fullmatch(url)
        or (identifiers._PLAIN_URL.fullmatch(url))
    )
    assert _outcome(page_key, url) == _outcome(identifiers._page_key, url)
    assert _outcome(arxiv_from_url, url) == _outcome(identifiers._arxiv_from_url, url)
    assert _outcome(doi_from_url, url) == _outcome(identifiers._doi_from_url, url)
