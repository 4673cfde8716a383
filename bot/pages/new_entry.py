"""What ``paperbot add`` decides from its arguments and the data, without the network."""

from __future__ import annotations

from bot.checks.category import nearest
from bot.model.entries import Venue
from bot.model.venue_tree import Path, walk
from bot.text.identifiers import (
    ARXIV_HOSTS,
    ArxivId,
    MalformedIdentifier,
    arxiv_from_url,
    parse_arxiv_id,
)

# "arxiv.org/abs/...", pasted without its scheme: any of arXiv's own hosts.
_BARE_HOSTS = tuple(f"{host}/" for host in sorted(ARXIV_HOSTS))


class CategoryNotFound(LookupError):
    """The category given is not in the venue's tree (the message suggests one)."""


def parse_paper_id(text: str) -> ArxivId:
    """An arXiv id in any form people paste: ``2401.12345v2``, ``arXiv:2401.12345``,
    ``https://arxiv.org/pdf/2401.12345v2.pdf``, ``arxiv.org/abs/...``.

    Raises MalformedIdentifier.
    """
    text = text.strip()
    if "://" not in text and text.lower().startswith(_BARE_HOSTS):
        text = "https://" + text
    if "://" not in text:
        return parse_arxiv_id(text)
    found = arxiv_from_url(text)
    if found is None:
        raise MalformedIdentifier(f"'{text}' is not a link to a paper on arXiv")
    return found


def resolve_category(wanted: str, venue: Venue, venue_slug: str) -> Path:
    """The tree path meant by ``"Area/Category"``: the exact path first, else a name
    that ends exactly one path ("Storage" for "Systems/Storage").

    Names may hold a slash themselves ("Storage & I/O"), so paths are compared as
    text split on every slash, never by splitting only what was given.
    """
    nodes = dict(walk(venue.areas))
    known = list(nodes)
    parts = _split(wanted)
    leaf = " ".join(wanted.split())
    by_leaf = [path for path in known if path[-1] == leaf]
    exact = [path for path in known if _split("/".join(path)) == parts]
    found = exact[0] if exact else by_leaf[0] if len(by_leaf) == 1 else None
    if found is not None:
        node = nodes[found]
        if node.categories and not node.own_papers:
            options = ", ".join(f"'{'/'.join((*found, c.name))}'" for c in node.categories[:4])
            raise CategoryNotFound(
                f"'{'/'.join(found)}' has categories: give the one this paper belongs to "
                f"({options}{', ...' if len(node.categories) > 4 else ''})"
            )
        return found
    message = f"category '{wanted}' is not in the tree of {venue_slug}"
    if len(by_leaf) > 1:
        options = ", ".join(f"'{'/'.join(path)}'" for path in by_leaf)
        raise CategoryNotFound(f"{message}: '{leaf}' is in several places; give one of {options}")
    suggestion = nearest(tuple(parts) or (wanted,), known)
    if suggestion is not None:
        message += f"; did you mean '{'/'.join(suggestion)}'?"
    elif known:
        message += "; it has: " + ", ".join(f"'{'/'.join(path)}'" for path in known)
    raise CategoryNotFound(message + " (or add the category to the venue file first)")


def _split(text: str) -> list[str]:
    return [" ".join(part.split()) for part in text.split("/") if part.strip()]


def still_to_fill(venue: Venue) -> list[str]:
    """What arXiv cannot tell and the contributor should add by hand."""
    page = venue.paper_list or venue.homepage
    where = f" (see {page})" if page else ""
    return [
        "affiliations: the authors' institutions (arXiv does not list them)",
        f"links: the paper's page at {venue.name}{where}; code, slides or video if public",
        "awards: a best paper (or other) award, if it won one",
        "notes: anything readers should know, if any",
    ]
