"""Whether a link target is safe, judged the way a browser will read it.

One judgement for every place a target reaches the README: the ``url`` and
``title_url`` fields (``bot/model/entries.py``), links and ``<img src>`` inside
Markdown text (``bot/text/markdown_rules.py``, ``bot/text/markdown_structure.py``).
It lives in the model because the model imports nothing else of paperbot and the
field validators need it; the text layer imports it from here.

A target written into Markdown is decoded twice before it is followed: the Markdown
parser resolves backslash escapes and entities (``&#106;avascript:``, ``javascript&colon;``),
then the browser strips leading C0 controls and spaces, drops tabs and newlines, reads
``\\`` as ``/`` and the scheme in any case (WHATWG URL). Judging the text as written
misses all of that, so the target is decoded and normalised first.
"""

from __future__ import annotations

import html
import re

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# CommonMark: a backslash before ASCII punctuation is an escape.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
# Anything that decoding or normalising can change: without it the target is as written.
_MAY_CHANGE = re.compile(r"[&\\\x00-\x20]")
WEB = frozenset({"http", "https"})


def as_followed(target: str, *, markdown: bool = True) -> str:
    """``target`` as a browser follows it: Markdown's escapes and entities resolved (an
    HTML attribute has entities only: ``markdown=False``), then normalised."""
    if not _MAY_CHANGE.search(target):
        return target  # the common case: nothing to decode
    if markdown:
        target = _ESCAPE.sub(r"\1", target)
    decoded = html.unescape(target)
    return decoded.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE).replace("\\", "/")


def href_problem(
    target: str, *, markdown: bool = True, schemes: frozenset[str] = WEB, local: bool = False
) -> str | None:
    """Why ``target`` is not a safe link, or None. Safe: a scheme from ``schemes``, or a
    relative path (a file of the repository, a ``#fragment``); with ``local`` only a
    relative path (an image shown inline must not load anything from elsewhere)."""
    followed = as_followed(target, markdown=markdown)
    shown = "" if followed == target else " (spelled with entities, escapes or spaces)"
    scheme = _SCHEME.match(followed)
    if scheme is not None:
        name = scheme.group(1).lower()
        if local:
            return f"{target[:60]!r}{shown} loads from elsewhere, not a file of the repository"
        if name not in schemes:
            allowed = ", ".join(sorted(schemes))
            return f"a link to {name}:{shown} is not allowed, only {allowed} links"
        return None
    if followed.startswith("//"):  # scheme-relative: another host
        if local:
            return f"{target[:60]!r}{shown} loads from another host, not a file of the repository"
        return f"{target[:60]!r}{shown} leads to another host: write https:// before the host"
    return None
