"""Markdown that would break the README or make it do something, as rules on one text.

The README shows fields as curators wrote them (that is how pages round-trip through
import and render byte for byte), so nothing is escaped on the way out; these rules
find what no curated page holds (``bot/checks/markup.py`` says where to look):

- raw HTML (``<script>``, a remote ``<img>``, ``<!--`` that hides the rest of the page),
- links and images whose target is not http(s) or a relative path (``javascript:``),
- text that starts a block (a heading ``#``, a quote, a list, a fence, a rule) where
  it begins a bullet or heading,
- on a paper's own line (title, link labels, suffix), an unclosed code span or
  bracket that swallows the links after it,
- a URL that closes its ``(...)`` early;

and, as warnings, ``@name`` (a link to someone's profile, and a ping wherever the
text is quoted in an issue or comment), invisible characters, and words that mix
Latin letters with lookalikes from another script.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from bot.model.diagnostics import Severity
from bot.model.hrefs import WEB, as_followed, href_problem
from bot.text.titles import lookalike_table

_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s[^<>]*)?)>")
_HTML_ATTRIBUTE = re.compile(r"""\s*([A-Za-z-]+)\s*=\s*(?:"([^"<>]*)"|([^\s"'<>=`]+))""")
_INERT_TAGS = frozenset(
    {"a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "s", "small"}
    | {"span", "strong", "sub", "sup", "u", "p", "figure", "figcaption", "img"}
)
# A figure from the repository's own assets, as notes pages show them.
_IMAGE_ATTRIBUTES = frozenset({"src", "alt", "width", "height"})
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}):[^\s<>]*>")
_INLINE_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Block syntax at the start of a bullet's text: a heading, a quote, a list marker, a
# fence, a thematic break (two '*' make one with the bullet's own), a link reference
# definition, an HTML block (it runs on over the child bullets).
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|`{3,}|~{3,}|"
    r"(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$|(?:\*[ \t]*){2,}$|\[[^\]]+\]:|<[A-Za-z/!?])"
)
_BULLET = re.compile(r"[-+*•]\s+")  # a list marker, not "1." (a number may be the text's)
_MENTION = re.compile(r"(?<![\w.`/@-])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?![\w@-]|\.\w)")
# Every rule needs one of these (or a character beyond ASCII) to find anything, and so
# does the parse of a bullet (bot/text/markdown_structure.py): an entity, an escape, a
# table cell, a note's leading spaces. At the start: '*' and '_' only as a marker or a
# rule ('**Oral**' is emphasis, and common), a number only before '.' or ')'.
_INSIDE = r"[<\[\]`@\\|]|&(?:#|[A-Za-z][A-Za-z0-9]*;)"
_START = r"(?:[ #>+=~-]|\*+(?:\s|$)|_+(?:\s|$)|\d+[.)])"
_MAYBE = re.compile(rf"{_INSIDE}|^{_START}")
_URL_BREAKERS = re.compile(r"[<>`]")
_BACKTICKS = re.compile(r"`+")
_BRACKETS = re.compile(r"[\[\]]")
_WORD = re.compile(r"\w+")
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u034f\u180e")
_SYMBOLS = frozenset("\u00b5\u03bc")  # micro, as in "μs": a unit, not a disguised 'u'


@dataclass(frozen=True)
class Text:
    """One field's value and how the README shows it."""

    value: str
    inline: bool = False  # on a paper's own line, before or among its links
    link_text: bool = False  # inside [...] of a Markdown link
    verbatim: bool = False  # a whole line of the page as written (header, intro)
    starts_line: bool = True  # begins a bullet or heading, where block syntax would fire
    lookalikes: bool = False  # a title: look for words disguised with other scripts


@dataclass(frozen=True)
class Problem:
    offset: int  # where in the value
    severity: Severity
    message: str
    fix: str | None = None  # the whole value, corrected


# _MAYBE over values joined after newlines, as two scans (one alternation is slower than
# both): a character any rule looks for, or one that starts a value.
_MAYBE_INSIDE = re.compile(_INSIDE)
_MAYBE_START = re.compile(rf"\n{_START}", re.MULTILINE)
# Everything url_problem looks for, any backslash (it looks for a final one), and an
# entity the Markdown link decodes.
_URL_MAYBE = re.compile(r"[<>`()\\\[\]\"'\u201c\u201d\u2018\u2019]|&(?:#|[A-Za-z][A-Za-z0-9]*;)")


def all_plain(values: list[str], urls: list[str]) -> bool:
    """Whether ``plain`` holds for every value and ``url_problem`` finds nothing in any
    URL, in a few scans in C: a paper whose fields are all plain words (most) is passed
    over at once. A newline inside a value can only make the answer False (then each
    value is looked at on its own)."""
    text = "\n" + "\n".join(values)
    return (
        text.isascii()
        and not _MAYBE_INSIDE.search(text)
        and not _MAYBE_START.search(text)
        and not _URL_MAYBE.search("\n".join(urls))
    )


def plain(value: str) -> bool:
    """Whether no rule of ``problems`` can find anything in ``value``, whatever its Text
    says: most values are plain words (bot/checks/markup.py asks before building a Text)."""
    return value.isascii() and not _MAYBE.search(value)


def problems(text: Text) -> Iterator[Problem]:
    value = text.value
    if plain(value):
        return  # most values: plain words, nothing any rule below looks for
    html = list(_html(value))
    yield from html
    yield from _link_targets(value)
    if text.verbatim:
        return  # a page's own lines (header, intro): they start lines on purpose
    block = _BLOCK_START.match(value) if text.starts_line else None
    # A note starting with spaces is a deeper line that carries its own marker; HTML
    # refused above needs no second word.
    if block and not value.startswith(" ") and not (html and value.startswith("<")):
        bullet = _BULLET.match(value)
        if bullet is not None and value[bullet.end() :].strip():
            # A bullet typed out of habit: each value is a bullet of the README already.
            yield Problem(
                0,
                Severity.ERROR,
                f"it starts with {bullet.group(0).strip()!r}, a bullet inside the bullet: "
                "the README makes it a bullet already, leave the marker out",
                value[bullet.end() :].strip(),
            )
        else:
            yield Problem(
                0,
                Severity.ERROR,
                f"it starts with {block.group(0).strip()!r}, which Markdown reads as the start "
                "of a heading, quote, list, code or HTML block inside the bullet; reword it "
                "or put a backslash before it",
                _escape_start(value),
            )
    if text.inline:
        yield from _unclosed(value, text.link_text)
    yield from _mentions(value)
    yield from _invisible(value)
    if text.lookalikes:
        yield from _mixed_scripts(value)


def _html(value: str) -> Iterator[Problem]:
    autolinks = {m.start() for m in _AUTOLINK.finditer(value)}
    for match in _TAG.finditer(value):
        if match.start() in autolinks or _inert_html(value, match.start()):
            continue  # <https://...> is judged as a link below; inert HTML stays
        shown = value[match.start() : match.start() + 12].split(">")[0]
        yield Problem(
            match.start(),
            Severity.ERROR,
            f"raw HTML ({shown!r}...) is not allowed: only closed comments and simple "
            'tags (<a id>, <a href="#...">, <sub>, <b>, ...) are; write &lt; for a '
            "literal '<'",
            value.replace("<", "&lt;"),
        )
        return  # one is enough: the fix covers every '<'


def inert_html(tag: str) -> bool:
    """Whether one tag or comment, as markdown-it reads it, is HTML pages may hold."""
    return _inert_html(tag, 0)


def _inert_html(value: str, start: int) -> bool:
    """A complete comment, or a tag from the short list pages use (an anchor to jump
    to, emphasis, sub- and superscripts, a figure of a repository image) with harmless
    attributes only."""
    if value.startswith("<!--", start):
        return value.find("-->", start + 4) != -1  # an unclosed one hides the page's rest
    tag = _HTML_TAG.match(value, start)
    if tag is None or tag.group(2).lower() not in _INERT_TAGS:
        return False
    image = tag.group(2).lower() == "img"
    for name, quoted, plain in _HTML_ATTRIBUTE.findall(tag.group(3)):
        target = quoted or plain
        allowed = _IMAGE_ATTRIBUTES if image else {"id", "name", "href", "title"}
        if name.lower() not in allowed:
            return False  # on*=, style=: behaviour
        # Judged as the browser reads the attribute: entities decoded, spaces stripped,
        # '\\' as '/' (" //host", "&#47;/host" and "/\\host" all load from elsewhere).
        followed = as_followed(target, markdown=False)
        if name.lower() == "href" and not re.match(r"#|https?://", followed, re.IGNORECASE):
            return False
        if name.lower() == "src" and href_problem(target, markdown=False, local=True):
            return False  # remote content; a file of the repository is fine
    return not _HTML_ATTRIBUTE.sub("", tag.group(3)).strip(" /")  # nothing else in the tag


def _link_targets(value: str) -> Iterator[Problem]:
    for match in _AUTOLINK.finditer(value):
        if match.group(1).lower() not in ("http", "https"):
            yield Problem(
                match.start(), Severity.ERROR, f"a <{match.group(1)}:...> link is not allowed"
            )
    for match in _INLINE_LINK.finditer(value):
        image, target = match.group(1), match.group(2)
        scheme = _SCHEME.match(target)
        if image:
            message = "images are not shown in the list: link to the picture instead"
            yield Problem(match.start(), Severity.ERROR, message)
        elif scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
            message = f"a link to {scheme.group(1)}: is not allowed, only http(s) links"
            yield Problem(match.start(2), Severity.ERROR, message)
        elif as_followed(target) != target:
            # Escapes and entities ("&#106;avascript:"): judged as the browser reads them.
            why = href_problem(target, schemes=WEB | {"mailto"})
            if why is not None:
                yield Problem(match.start(2), Severity.ERROR, why)


def _escape_start(value: str) -> str:
    # "1. x" is escaped after the number ("1\. x"); everything else before its first mark.
    number = re.match(r"\d+", value)
    return value[: number.end()] + "\\" + value[number.end() :] if number else "\\" + value


def _unclosed(value: str, link_text: bool) -> Iterator[Problem]:
    runs = [m for m in _BACKTICKS.finditer(value) if not _escaped(value, m.start())]
    lengths = [len(m.group(0)) for m in runs]
    for run in runs:
        if lengths.count(len(run.group(0))) % 2:
            yield Problem(
                run.start(),
                Severity.ERROR,
                "an unclosed code span (`) can swallow the links after it; close it "
                "or put a backslash before it",
            )
            break
    # In link text ([title](url), [kind](url)) any unbalanced bracket ends or opens the
    # link elsewhere; in plain text a stray ']' stays text, but an unclosed '[' pairs
    # with the brackets of the links after it.
    opened: list[int] = []
    for match in _BRACKETS.finditer(value):
        index, char = match.start(), match.group(0)
        if _escaped(value, index):
            continue
        if char == "[":
            opened.append(index)
        elif opened:
            opened.pop()
        elif link_text:
            yield Problem(index, Severity.ERROR, _BRACKET.format("a ']' without its '['"))
            return
    if opened:
        # Even in plain text: "![" in a title and "(url)" after the links make an image.
        yield Problem(opened[0], Severity.ERROR, _BRACKET.format("an unclosed '['"))


_BRACKET = (
    "{} can pair with the brackets of the links around it; balance it or put a backslash before it"
)


def _escaped(value: str, index: int) -> bool:
    backslashes = len(value[:index]) - len(value[:index].rstrip("\\"))
    return backslashes % 2 == 1


def _mentions(value: str) -> Iterator[Problem]:
    for match in _MENTION.finditer(value):
        if _inside_code(value, match.start()):
            continue
        yield Problem(
            match.start(),
            Severity.WARNING,
            f"'@{match.group(1)}' links to a GitHub user and pings them wherever this text "
            "is quoted; put it in backticks or drop the '@'",
            value[: match.start()] + value[match.start() + 1 :],
        )


def _inside_code(value: str, index: int) -> bool:
    return value[:index].count("`") % 2 == 1


def _invisible(value: str) -> Iterator[Problem]:
    if value.isascii():
        return  # the common case, at C speed: ASCII has no invisible characters
    for index, char in enumerate(value):
        if unicodedata.category(char) == "Cf" or char in _BLANKS:
            name = unicodedata.name(char, "unnamed")
            cleaned = "".join(
                c for c in value if unicodedata.category(c) != "Cf" and c not in _BLANKS
            )
            yield Problem(
                index,
                Severity.WARNING,
                f"an invisible character U+{ord(char):04X} ({name}); remove it",
                cleaned,
            )
            return


def _mixed_scripts(value: str) -> Iterator[Problem]:
    if value.isascii():
        return
    table = lookalike_table()
    mixed = []
    for word in _WORD.finditer(value):
        text = word.group(0)
        if text.isascii() or not any(c.isascii() and c.isalpha() for c in text):
            continue  # an ASCII word, or a word of another script altogether
        if any(c not in _SYMBOLS and (table.get(ord(c)) or "").isalnum() for c in text):
            mixed.append(word)
    if mixed:
        fixed = value
        for word in reversed(mixed):
            fixed = fixed[: word.start()] + word.group(0).translate(table) + fixed[word.end() :]
        words = ", ".join(repr(w.group(0)) for w in mixed[:3])
        yield Problem(
            mixed[0].start(),
            Severity.WARNING,
            f"{words} mix Latin letters with lookalikes from another script; "
            "the fix spells them in Latin letters",
            fixed,
        )


def url_problem(url: str) -> str | None:
    """What in a URL would end its Markdown ``(...)`` early or open markup. Pages escape
    in URLs too ("otter\\_slides.pdf"): an escaped character is just that character."""
    bad = _URL_BREAKERS.search(url)
    if bad is not None:
        return f"a URL with {bad.group()!r} in it breaks the Markdown link; percent-encode it"
    if url.endswith("\\") and _escaped(url, len(url)):
        return "a URL ending in a backslash escapes the ')' that ends the Markdown link"
    if "(" not in url and ")" not in url:
        return None  # most URLs: no parenthesis to count
    depth = 0
    for index, char in enumerate(url):
        if char in "()" and not _escaped(url, index):
            depth += 1 if char == "(" else -1
            if depth < 0:
                return "a ')' without its '(' ends the Markdown link early; write %29"
    return None
