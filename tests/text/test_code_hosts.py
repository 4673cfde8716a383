"""The curated list of code hosts: each explained, matched with its subdomains only."""

from __future__ import annotations

import pytest

from bot.text.code_hosts import CODE_DOI_PREFIXES, CODE_HOSTS, SHOWN, is_code_host


def test_every_host_says_why_it_is_listed() -> None:
    assert all(why.strip() for why in CODE_HOSTS.values())
    assert all(host == host.lower() and "/" not in host for host in CODE_HOSTS)
    assert set(SHOWN) <= set(CODE_HOSTS)  # the message names listed hosts only


@pytest.mark.parametrize(
    "host",
    [
        "anonymous.4open.science",
        "github.com",
        "gist.github.com",
        "GitHub.com",
        "github.com.",
        "git.sr.ht",
        "gitlab.inria.fr",  # a self-hosted forge, by its first label
        "archive.softwareheritage.org",
    ],
)
def test_code_hosts(host: str) -> None:
    assert is_code_host(host)


@pytest.mark.parametrize(
    "host",
    ["4open.science", "notgithub.com", "github.com.example.org", "pypi.org", "git.example", ""],
)
def test_other_hosts(host: str) -> None:
    assert not is_code_host(host)


@pytest.mark.parametrize("prefix", sorted(CODE_DOI_PREFIXES))
def test_a_doi_of_an_archive_of_code(prefix: str) -> None:
    assert is_code_host("doi.org", prefix + "x.1")
    assert not is_code_host("doi.org", "10.1145/3620665.3640366")
