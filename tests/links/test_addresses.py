"""The address filter: every private address is refused in every notation a resolver or
a browser accepts, and public ones are allowed (properties over all of them)."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.links.addresses import PUBLIC, NotAnAddress, host_address, is_public

PRIVATE_V4 = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
]
PRIVATE_V6 = ["::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8"]
PRIVATE_V6 += ["2001:db8::/32", "2001::/32", "64:ff9b:1::/48", "100::/64", "::/96"]
# First octets whose every address is public (no special-purpose block inside them).
PUBLIC_V4_FIRST = [*range(1, 10), *range(11, 100), *range(101, 127), *range(128, 169)]
PUBLIC_V4_FIRST += [170, 171, *range(173, 192), *range(193, 198), *range(199, 203)]
PUBLIC_V4_FIRST += list(range(204, 224))


def _in(network: str) -> st.SearchStrategy[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    net = ipaddress.ip_network(network)
    first, kind = int(net.network_address), type(net.network_address)
    return st.integers(first, first + net.num_addresses - 1).map(kind)


private_v4 = st.sampled_from(PRIVATE_V4).flatmap(_in)
private_v6 = st.sampled_from(PRIVATE_V6).flatmap(_in)
public_v4 = st.builds(
    lambda first, rest: ipaddress.IPv4Address((first << 24) | rest),
    st.sampled_from(PUBLIC_V4_FIRST),
    st.integers(0, 2**24 - 1),
)
public_v6 = _in("2400::/6")  # allocated to the regional registries, all global unicast


def _part(value: int, style: str) -> str:
    return {"dec": str(value), "hex": hex(value), "HEX": f"0X{value:X}", "oct": f"0{value:o}"}[
        style
    ]


@st.composite
def v4_notations(draw: st.DrawFn, address: ipaddress.IPv4Address) -> str:
    """``address`` as inet_aton and WHATWG URLs read it: 1 to 4 parts, each part decimal,
    hex or octal, the last part filling the remaining bytes, maybe a trailing dot; or
    IPv6 that carries it (mapped, NAT64)."""
    value = int(address)
    form = draw(st.sampled_from(["parts", "mapped", "mapped-hex", "nat64"]))
    if form == "mapped":
        return f"[::ffff:{address}]"
    if form == "mapped-hex":
        return f"[::ffff:{value >> 16:x}:{value & 0xFFFF:x}]"
    if form == "nat64":
        return f"[64:ff9b::{address}]"
    count = draw(st.integers(1, 4))
    leading = [(value >> (8 * (3 - i))) & 0xFF for i in range(count - 1)]
    final = value & ((1 << (8 * (5 - count))) - 1) if count > 1 else value
    styles = st.sampled_from(["dec", "hex", "HEX", "oct"])
    text = ".".join(_part(part, draw(styles)) for part in [*leading, final])
    return text + draw(st.sampled_from(["", "."]))


@st.composite
def v6_notations(draw: st.DrawFn, address: ipaddress.IPv6Address) -> str:
    text = draw(st.sampled_from([address.compressed, address.exploded, address.exploded.upper()]))
    return f"[{text}]"


@given(private_v4.flatmap(v4_notations))
def test_every_private_ipv4_is_refused_in_every_notation(host: str) -> None:
    assert PUBLIC.refuses_host(host)


@given(private_v6.flatmap(v6_notations))
def test_every_private_ipv6_is_refused_in_every_notation(host: str) -> None:
    assert PUBLIC.refuses_host(host)


@given(private_v4)
def test_ipv6_carrying_a_private_ipv4_is_refused(address: ipaddress.IPv4Address) -> None:
    value = int(address)
    for carrier in (f"2002:{value >> 16:x}:{value & 0xFFFF:x}::1", f"::{address}"):
        assert PUBLIC.refuses_host(f"[{carrier}]"), carrier


@given(public_v4.flatmap(v4_notations))
def test_public_ipv4_is_allowed_in_every_notation(host: str) -> None:
    assert not PUBLIC.refuses_host(host)


@given(public_v4)
def test_the_notations_all_name_the_same_address(address: ipaddress.IPv4Address) -> None:
    value = int(address)
    for text in (str(value), hex(value), f"0{value:o}", f"{value >> 24}.{value & 0xFFFFFF}"):
        assert host_address(text) == address


@given(public_v6.flatmap(v6_notations))
def test_public_ipv6_is_allowed(host: str) -> None:
    assert not PUBLIC.refuses_host(host)


@given(st.one_of(private_v4, private_v6))
def test_is_public_refuses_every_private_address(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("host", ["example.org", "arxiv.org", "1.2.3.4.example", "0x7f.example"])
def test_a_name_is_left_to_the_resolver(host: str) -> None:
    assert host_address(host) is None
    assert not PUBLIC.refuses_host(host)


@pytest.mark.parametrize("host", ["1.2.3.4.5", "256.1.1.1", "1.2.3.08", "0x1.0xfffffff", "1..2"])
def test_a_numeric_host_that_is_no_address_is_refused(host: str) -> None:
    with pytest.raises(NotAnAddress):
        host_address(host)
    assert PUBLIC.refuses_host(host)


def _inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """The system's own reading of a numeric host (what getaddrinfo does before DNS)."""
    if any(c.isspace() for c in host):  # a URL's host never holds whitespace (yarl refuses it)
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.removeprefix("[").removesuffix("]"))
    except ValueError:
        return None


HOSTS = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789abcdefxX.:[]%", max_size=40),
    private_v4.flatmap(v4_notations),
    public_v4.flatmap(v4_notations),
    private_v6.flatmap(v6_notations),
    public_v6.flatmap(v6_notations),
)


@given(HOSTS)
def test_the_filter_refuses_whatever_the_system_reads_as_private(host: str) -> None:
    """Differential, and bench/fuzz.py's ``addresses`` target: any host, never an
    exception; a host inet_aton or ipaddress reads as a private address is refused, one
    ipaddress reads as a public address is allowed."""
    refused = PUBLIC.refuses_host(host)
    assert isinstance(refused, bool)
    for seen in (_inet_aton(host), _literal(host)):
        if seen is not None and not is_public(seen):
            assert refused, (host, seen)
    seen = _literal(host)
    if seen is not None and is_public(seen) and "%" not in host:
        assert not refused, (host, seen)
