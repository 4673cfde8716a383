"""Which addresses paperbot may fetch from: public unicast ones only, unless whoever runs
paperbot allows private ones.

A pull request chooses the URLs the link checker fetches (and, through ``paperbot.yaml``,
arXiv's base URL). Without this filter a PR could make a runner, a maintainer's laptop
or a self-hosted machine fetch its own loopback, intranet or cloud-metadata addresses
and read the answers back from the verdicts (SSRF). The rules are tables, not Python's
``is_global`` alone: its answers differ between 3.11 patch releases (6to4, NAT64,
site-local), and this filter must not.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Set by whoever runs paperbot (the test suite, an intranet's workflow), never by
# paperbot.yaml: a pull request edits that file, and must not be able to flip this.
ALLOW_PRIVATE_ENV = "PAPERBOT_ALLOW_PRIVATE_ADDRESSES"

# The one verdict for every refusal. It names no address, host or port: what a private
# host answered, or that it answered at all, is exactly what must not come back.
NOT_PUBLIC = (
    "not a public internet address, so paperbot does not fetch it: link to a public page "
    "(a runner may allow private ones: PAPERBOT_ALLOW_PRIVATE_ADDRESSES=1)"
)


def refusal(redirected: bool) -> str:
    """The reason given for a refused URL: its own host, or a redirect's (never named)."""
    return ("redirects to a host that is " if redirected else "the host is ") + NOT_PUBLIC


_V4_NOT_PUBLIC = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",  # "this network", and 0.0.0.0 reaches the local host
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT: a provider's private space
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, home of cloud metadata services
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relays (deprecated)
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and the broadcast address
    )
)

# Only global unicast (2000::/3) is handed out to public hosts; inside it, these are not.
_V6_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
_V6_NOT_PUBLIC = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        "2001::/23",  # IETF protocol assignments, Teredo (2001::/32) among them
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4: an IPv4 address (any, private too) wrapped in IPv6
        "3fff::/20",  # documentation
    )
)
_V6_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")  # ::ffff:a.b.c.d is a.b.c.d
_V6_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # DNS64 answers public IPv4 sites so

_DECIMAL = re.compile(r"[0-9]+", re.ASCII)
_OCTAL = re.compile(r"0[0-7]*", re.ASCII)
_HEX = re.compile(r"0[xX][0-9a-fA-F]*", re.ASCII)


def private_allowed(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the runner allowed private addresses (``PAPERBOT_ALLOW_PRIVATE_ADDRESSES=1``)."""
    value = (os.environ if environ is None else environ).get(ALLOW_PRIVATE_ENV, "")
    return value.strip().lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class Reach:
    """Which addresses a run may fetch from: public ones, and ``also`` these networks."""

    also: tuple[Network, ...] = ()

    def allows(self, address: Address) -> bool:
        return is_public(address) or any(address in network for network in self.also)

    def allows_text(self, text: str) -> bool:
        """``allows`` for an address as a resolver or a socket writes it (IPv6 zones too)."""
        try:
            return self.allows(ipaddress.ip_address(text))
        except ValueError:
            return False

    def refuses_host(self, host: str) -> bool:
        """True for a URL's host that is an address (in any notation) not allowed, and
        for ``localhost`` (RFC 6761: the local host, whatever a resolver says). A name is
        judged by what it resolves to."""
        if self == ANYWHERE:
            return False
        name = host.lower().rstrip(".")
        if name == "localhost" or name.endswith(".localhost"):
            return True
        try:
            address = host_address(host)
        except NotAnAddress:
            return True
        return address is not None and not self.allows(address)


PUBLIC = Reach()
ANYWHERE = Reach((ipaddress.IPv4Network("0.0.0.0/0"), ipaddress.IPv6Network("::/0")))


def reach_from_environment(environ: Mapping[str, str] | None = None) -> Reach:
    """ANYWHERE when the runner allowed private addresses, else PUBLIC."""
    return ANYWHERE if private_allowed(environ) else PUBLIC


def is_public(address: Address) -> bool:
    """Whether ``address`` is a public unicast address of the internet."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in _V6_MAPPED or address in _V6_NAT64:
            return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        return (
            address in _V6_GLOBAL_UNICAST
            and not any(address in net for net in _V6_NOT_PUBLIC)
            and address.is_global
        )
    return not any(address in net for net in _V4_NOT_PUBLIC) and address.is_global


class NotAnAddress(ValueError):
    """A host written as a number that is no address (``1.2.3.4.5``, ``0x``, ``999``…)."""


def host_address(host: str) -> Address | None:
    """The address a URL's host names literally, in any notation a resolver accepts.

    ``127.1``, ``0x7f.1``, ``0177.0.0.1`` and ``2130706433`` all mean 127.0.0.1 to
    ``inet_aton`` and to browsers (WHATWG URL's IPv4 parser, followed here). None for a
    host name, which only resolving can judge. Raises NotAnAddress for a host that is
    numeric in form but no address: refuse it, as a browser would.
    """
    host = host.strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise NotAnAddress(host) from None
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # one trailing dot is the root: "127.0.0.1." is 127.0.0.1
    last = parts[-1]
    if not (_DECIMAL.fullmatch(last) or _HEX.fullmatch(last)):
        return None  # does not end in a number: a name
    numbers = [_number(part) for part in parts]
    if len(numbers) > 4 or any(n is None for n in numbers):
        raise NotAnAddress(host)
    *leading, final = [n for n in numbers if n is not None]
    if any(n > 255 for n in leading) or final >= 256 ** (5 - len(numbers)):
        raise NotAnAddress(host)
    value = final
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _number(part: str) -> int | None:
    if _HEX.fullmatch(part):
        return int(part[2:] or "0", 16)
    if part.startswith("0"):  # octal, as inet_aton reads it; "08" is no number at all
        return int(part, 8) if _OCTAL.fullmatch(part) else None
    return int(part) if _DECIMAL.fullmatch(part) else None
