"""Markdown in a paper's text that would break the README or make it do something.

Fields hold Markdown source as curators write it (``\\_``, ``**bold**``, links in
notes), and the README shows it as written: that is what lets a page round-trip
through import and render byte for byte. So nothing is escaped on the way out;
instead this check refuses what no curated page holds and what would change the
README's structure or behaviour:

- raw HTML (``<script>``, ``<img>``, ``<!--`` that hides the rest of the page),
- links and images whose target is not http(s) or a relative path (``javascript:``),
- a title, affiliation, award or note that starts a block (a heading ``#``, a quote,
  a list, a fence) inside its bullet,
- in the bullet's own line (title, link labels, suffix), an unclosed code span or
  bracket that swallows the links after it,
- a link URL that closes its ``(...)`` early.

Warnings: ``@name`` (a link to someone's profile, and a ping wherever the text is
quoted in an issue or comment), invisible characters, and words that mix Latin
letters with lookalikes from another script.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from bot.columns import Sources
from bot.context import Context
from bot.corpus import Located
from bot.diagnostics import Diagnostic, Severity
from bot.models import Paper
from bot.titles import lookalike_table
from bot.yamlio import Loc, flow_scalar

ID = "markup"
SCOPE: Final = "entry"
SUMMARY = "no raw HTML, unsafe links or Markdown that breaks the README"

_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}):[^\s<>]*>")
_INLINE_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Block syntax at the start of a bullet's text: a heading, a quote, a list marker, a
# fence, a thematic break (two '*' make one with the bullet's own), a link reference
# definition.
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|`{3,}|~{3,}|"
    r"(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$|(?:\*[ \t]*){2,}$|\[[^\]]+\]:)"
)
_MENTION = re.compile(r"(?<![\w.`/@-])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?![\w@-]|\.\w)")
_BACKTICKS = re.compile(r"`+")
_WORD = re.compile(r"\w+")
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u034f\u180e")
_SYMBOLS = frozenset("\u00b5\u03bc")  # micro, as in "μs": a unit, not a disguised 'u'


@dataclass(frozen=True)
class _Text:
    loc: Loc
    value: str
    what: str  # for messages: "the title", "note 2"
    inline: bool  # on the bullet's own line, before or among the links
    link_text: bool = False  # inside [...] of a Markdown link


@dataclass(frozen=True)
class _Problem:
    offset: int  # where in the value
    severity: Severity
    message: str
    fix: str | None = None


def check(paper: Located[Paper], ctx: Context) -> Iterator[Diagnostic]:
    sources = Sources(ctx.corpus.root)
    for text in _texts(paper.model):
        for problem in _problems(text):
            start = paper.positions.of_value(text.loc)
            message = f"{text.what}: {problem.message}"
            if problem.fix is None:
                line, column = sources.locate(paper.path, start, text.value, problem.offset)
                yield Diagnostic(paper.path, line, column, ID, problem.severity, message)
            else:
                # A fix replaces the whole value, so it is placed where the value starts.
                fix = flow_scalar(problem.fix)
                message += f" (at character {problem.offset + 1})"
                yield Diagnostic(paper.path, *start, ID, problem.severity, message, fix)
    for loc, url in _urls(paper.model):
        why = _url_problem(url)
        if why is not None:
            line, column = paper.positions.of_value(loc)
            yield Diagnostic(paper.path, line, column, ID, Severity.ERROR, why)


def _texts(paper: Paper) -> Iterator[_Text]:
    yield _Text(("title",), paper.title, "the title", True, paper.title_url is not None)
    for i, link in enumerate(paper.links):
        yield _Text(("links", i, "kind"), link.kind, f"link label {link.kind!r}", True, True)
    if paper.suffix is not None:
        yield _Text(("suffix",), paper.suffix, "the text after the links", True)
    for i, value in enumerate(paper.affiliations):
        yield _Text(("affiliations", i), value, f"affiliation {i + 1}", False)
    for i, value in enumerate(paper.awards):
        yield _Text(("awards", i), value, f"award {i + 1}", False)
    for i, value in enumerate(paper.notes):
        yield _Text(("notes", i), value, f"note {i + 1}", False)


def _urls(paper: Paper) -> Iterator[tuple[Loc, str]]:
    if paper.title_url is not None:
        yield ("title_url",), paper.title_url
    for i, link in enumerate(paper.links):
        yield ("links", i, "url"), link.url


def _problems(text: _Text) -> Iterator[_Problem]:
    value = text.value
    yield from _html(value)
    yield from _link_targets(value)
    # A note starting with spaces is a deeper line that carries its own marker.
    if not value.startswith(" ") and (block := _BLOCK_START.match(value)):
        yield _Problem(
            0,
            Severity.ERROR,
            f"it starts with {block.group(0).strip()!r}, which Markdown reads as the start "
            "of a heading, quote, list, code block or table inside the bullet; reword it "
            "or put a backslash before it",
            _escape_start(value),
        )
    if text.inline:
        yield from _unclosed(value, text.link_text)
    yield from _mentions(value)
    yield from _invisible(value)
    if text.loc == ("title",):
        yield from _mixed_scripts(value)


def _html(value: str) -> Iterator[_Problem]:
    autolinks = {m.start() for m in _AUTOLINK.finditer(value)}
    for match in _TAG.finditer(value):
        if match.start() in autolinks:
            continue  # <https://...>, judged as a link below
        shown = value[match.start() : match.start() + 12].split(">")[0]
        yield _Problem(
            match.start(),
            Severity.ERROR,
            f"raw HTML ({shown!r}...) is not allowed: GitHub would run it as markup; "
            "write &lt; for a literal '<'",
            value.replace("<", "&lt;"),
        )
        return  # one is enough: the fix covers every '<'


def _link_targets(value: str) -> Iterator[_Problem]:
    for match in _AUTOLINK.finditer(value):
        if match.group(1).lower() not in ("http", "https"):
            yield _Problem(
                match.start(), Severity.ERROR, f"a <{match.group(1)}:...> link is not allowed"
            )
    for match in _INLINE_LINK.finditer(value):
        image, target = match.group(1), match.group(2)
        scheme = _SCHEME.match(target)
        if image:
            message = "images are not shown in the list: link to the picture instead"
            yield _Problem(match.start(), Severity.ERROR, message)
        elif scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
            message = f"a link to {scheme.group(1)}: is not allowed, only http(s) links"
            yield _Problem(match.start(2), Severity.ERROR, message)


def _escape_start(value: str) -> str:
    # "1. x" is escaped after the number ("1\. x"); everything else before its first mark.
    number = re.match(r"\d+", value)
    return value[: number.end()] + "\\" + value[number.end() :] if number else "\\" + value


def _unclosed(value: str, link_text: bool) -> Iterator[_Problem]:
    runs = [m for m in _BACKTICKS.finditer(value) if not _escaped(value, m.start())]
    lengths = [len(m.group(0)) for m in runs]
    for run in runs:
        if lengths.count(len(run.group(0))) % 2:
            yield _Problem(
                run.start(),
                Severity.ERROR,
                "an unclosed code span (`) can swallow the links after it; close it "
                "or put a backslash before it",
            )
            break
    # In link text ([title](url), [kind](url)) any unbalanced bracket ends or opens the
    # link elsewhere; in plain text a stray ']' stays text, but an unclosed '[' can pair
    # with the brackets of the links after it.
    opened: list[int] = []
    for index, char in enumerate(value):
        if char not in "[]" or _escaped(value, index):
            continue
        if char == "[":
            opened.append(index)
        elif opened:
            opened.pop()
        elif link_text:
            yield _Problem(index, Severity.ERROR, _BRACKET.format("a ']' without its '['"))
            return
    if opened:
        severity = Severity.ERROR if link_text else Severity.WARNING
        yield _Problem(opened[0], severity, _BRACKET.format("an unclosed '['"))


_BRACKET = (
    "{} can pair with the brackets of the links around it; balance it or put a backslash before it"
)


def _escaped(value: str, index: int) -> bool:
    backslashes = len(value[:index]) - len(value[:index].rstrip("\\"))
    return backslashes % 2 == 1


def _mentions(value: str) -> Iterator[_Problem]:
    for match in _MENTION.finditer(value):
        if _inside_code(value, match.start()):
            continue
        yield _Problem(
            match.start(),
            Severity.WARNING,
            f"'@{match.group(1)}' links to a GitHub user and pings them wherever this text "
            "is quoted; put it in backticks or drop the '@'",
            value[: match.start()] + value[match.start() + 1 :],
        )


def _inside_code(value: str, index: int) -> bool:
    return value[:index].count("`") % 2 == 1


def _invisible(value: str) -> Iterator[_Problem]:
    for index, char in enumerate(value):
        if unicodedata.category(char) == "Cf" or char in _BLANKS:
            name = unicodedata.name(char, "unnamed")
            cleaned = "".join(
                c for c in value if unicodedata.category(c) != "Cf" and c not in _BLANKS
            )
            yield _Problem(
                index,
                Severity.WARNING,
                f"an invisible character U+{ord(char):04X} ({name}); remove it",
                cleaned,
            )
            return


def _mixed_scripts(value: str) -> Iterator[_Problem]:
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
        yield _Problem(
            mixed[0].start(),
            Severity.WARNING,
            f"{words} mix Latin letters with lookalikes from another script; "
            "the fix spells them in Latin letters",
            fixed,
        )


def _url_problem(url: str) -> str | None:
    """What in a URL would end its Markdown ``(...)`` early or open markup. Pages escape
    in URLs too ("otter\\_slides.pdf"): an escaped character is just that character."""
    bad = next((c for c in url if c in "<>`"), None)
    if bad is not None:
        return f"a URL with {bad!r} in it breaks the Markdown link; percent-encode it"
    if _escaped(url, len(url)):
        return "a URL ending in a backslash escapes the ')' that ends the Markdown link"
    depth = 0
    for index, char in enumerate(url):
        if char in "()" and not _escaped(url, index):
            depth += 1 if char == "(" else -1
            if depth < 0:
                return "a ')' without its '(' ends the Markdown link early; write %29"
    return None
