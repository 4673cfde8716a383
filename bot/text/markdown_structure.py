"""A paper's bullet read back as Markdown: exactly the structure a paper may have.

Patterns on one value (``bot/text/markdown_rules.py``) guess what a parser will do; a
reader's page is what the parser does with the lines ``bot/text/paper_bullet.py`` writes,
so the lines are parsed, as GitHub would as far as markdown-it can: CommonMark with
GFM tables and strikethrough, raw HTML on. (GitHub's bare-URL autolinks only ever make
http(s) and mailto links, and its footnotes ``[^1]: ...`` parse here as the reference
definitions they start with; both are judged no less strictly for it.)

A paper is one bullet holding one paragraph, and its child bullets (affiliations, awards,
notes, and deeper lines under a note) each hold one paragraph or nothing. Every link
goes to http(s), mailto or a relative path after the browser's decoding
(``bot/model/hrefs.py``); no images but ``<img>`` of a repository file; only the inline
HTML ``markdown_rules.inert_html`` allows; no headings, quotes, code blocks, rules,
tables, HTML blocks or link reference definitions (which hide their line and make
``[text][label]`` and ``![image][label]`` work anywhere on the page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.tree import SyntaxTreeNode

from bot.model.hrefs import WEB, href_problem
from bot.text.markdown_rules import inert_html

_BLOCKS = {
    "heading": "a heading",
    "blockquote": "a quote",
    "fence": "a code block",
    "code_block": "a code block (four spaces or more start one)",
    "hr": "a horizontal rule",
    "html_block": "an HTML block",
    "table": "a table",
    "paragraph": "a second paragraph",
    "bullet_list": "a list",
    "ordered_list": "a numbered list",
    "list_item": "a second bullet",
}
_LISTS = ("bullet_list", "ordered_list")
_TAGS = re.compile(r"<[^<>]*>?")  # an unclosed one is not inert either
_LINK_SCHEMES = WEB | {"mailto"}
_FIX = "reword it, or put a backslash before the mark"


class _Reader(MarkdownIt):
    """Every destination is kept as the parser decoded it, for ``href_problem`` to judge:
    markdown-it's own filter would drop a ``javascript:`` link from the tokens, and the
    tokens are what is judged. (The camelCase names are markdown-it's.)"""

    def validateLink(self, url: str) -> bool:
        return True

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link


@lru_cache(maxsize=1)
def reader() -> MarkdownIt:
    """One parser for the process: building one costs more than reading a paper."""
    return _Reader("commonmark", {"html": True}).enable(["table", "strikethrough"])


@dataclass(frozen=True)
class Finding:
    line: int  # 0-based, into the lines judged
    message: str


def findings(lines: Sequence[str], links: Sequence[str] = ()) -> list[Finding]:
    """What in a paper's rendered bullet (``paper_bullet.render_paper`` at depth 0) is more
    or less than a paper; empty when the bullet is exactly a paper. ``links``: the URLs
    its own line must link to, in order (the title's, then each link's)."""
    env: dict[str, Any] = {}
    tokens = reader().parse("\n".join(lines), env)
    found = list(_references(env))
    root = SyntaxTreeNode(tokens)
    blocks = root.children
    if not blocks or blocks[0].type != "bullet_list":
        found += [_block(node) for node in blocks]
        return found
    found += [_block(node) for node in blocks[1:]]
    items = blocks[0].children
    found += [_block(node) for node in items[1:]]
    found += _item(items[0], top=True)
    found += _missing(items[0], links)
    return found


def _missing(item: SyntaxTreeNode, links: Sequence[str]) -> Iterator[Finding]:
    """A URL of the data that the page does not show as a link: brackets or parentheses
    around it paired up otherwise, and the reader sees Markdown source, not the link."""
    first = item.children[0] if item.children else None
    if not links or first is None or first.type != "paragraph":
        return
    shown = iter([str(node.attrs.get("href", "")) for node in _walk(first) if node.type == "link"])
    for url in links:
        if unescapeAll(url) not in shown:  # in order: 'in' consumes the iterator up to it
            yield Finding(
                _line(first),
                f"the link to {url[:60]!r} does not render as a link: brackets or parentheses "
                "in the text or the URL pair up otherwise; balance them, or percent-encode "
                "them in the URL (%5B %5D %28 %29)",
            )
            return


def _references(env: dict[str, Any]) -> Iterator[Finding]:
    for ref in env.get("references", {}).values():
        yield Finding(
            (ref.get("map") or [0])[0],
            "this is a link reference definition ('[label]: url'): Markdown hides the line "
            "and lets [text][label] or ![image][label] anywhere on the page use it; write "
            "the link inline, [text](https://...), or put a backslash before '['",
        )


def _item(item: SyntaxTreeNode, top: bool = False) -> list[Finding]:
    parts = item.children
    if not parts:
        return [] if not top else [Finding(_line(item), "the paper's bullet is empty")]
    found: list[Finding] = []
    if parts[0].type != "paragraph":
        return [_block(node) for node in parts]
    found += _inline(parts[0])
    rest = [node for node in parts[1:] if not _inert_block(node)]
    if rest and rest[0].type in (("bullet_list",) if top else _LISTS):
        for child in rest[0].children:
            found += _item(child)
        rest = rest[1:]
    return found + [_block(node) for node in rest]


def _inert_block(node: SyntaxTreeNode) -> bool:
    """A deeper line of HTML under a bullet, every tag of it one inline HTML may hold:
    pages show a repository figure so (``<figure><img src="..."></figure>``)."""
    if node.type != "html_block":
        return False
    return all(inert_html(tag) for tag in _TAGS.findall(node.content))


def _inline(paragraph: SyntaxTreeNode) -> list[Finding]:
    line = _line(paragraph)
    found = []
    for node in _walk(paragraph):
        why = _inline_problem(node)
        if why is not None:
            found.append(Finding(line, why))
    return found


def _walk(node: SyntaxTreeNode) -> Iterator[SyntaxTreeNode]:
    for child in node.children:
        yield child
        yield from _walk(child)


def _inline_problem(node: SyntaxTreeNode) -> str | None:
    kind = node.type
    if kind == "link":
        return href_problem(str(node.attrs.get("href", "")), schemes=_LINK_SCHEMES)
    if kind == "image":
        return "images are not shown in the list: link to the picture instead"
    if kind == "html_inline" and not inert_html(node.content):
        shown = node.content[:20]
        return (
            f"raw HTML ({shown!r}) is not allowed: only closed comments and simple tags "
            "(<a id>, <sub>, <b>, an <img> of a repository file) are; write &lt; for a literal '<'"
        )
    if kind in ("softbreak", "hardbreak"):
        return (
            "a line here continues the text above it instead of starting a bullet: "
            "start the line with '* ' after its spaces"
        )
    return None


def _block(node: SyntaxTreeNode) -> Finding:
    what = _BLOCKS.get(node.type, f"a {node.type.replace('_', ' ')}")
    line = _line(node)
    if node.type == "heading" and node.markup in ("=", "-"):
        line = (node.map or (line, line + 1))[1] - 1  # a setext heading: its underline
    return Finding(
        line,
        f"Markdown reads this as {what} inside the paper's bullet, where a paper is one "
        f"line of text; {_FIX}",
    )


def _line(node: SyntaxTreeNode) -> int:
    return node.map[0] if node.map else 0
