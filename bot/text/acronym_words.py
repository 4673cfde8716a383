"""Acronyms in text: where glossary terms are used (the renderer and the acronym check),
and which words look like acronyms that need a definition (the acronym check)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One regex finding any of ``terms`` as a whole word, plural (LLMs) or hyphenated (LUT-based).

    Longer terms are tried first so that "LLMs" is not read as "LLM" + "s" when
    both are defined.
    """
    ordered = sorted(set(terms), key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(re.escape(term) for term in ordered)
    return re.compile(rf"(?<![\w])({alternatives})(?:s|es)?(?![\w])")


def first_uses(texts: Iterable[str], terms: Iterable[str]) -> list[str]:
    """The terms that occur in ``texts``, in order of first occurrence."""
    pattern = term_pattern(terms)
    if pattern is None:
        return []
    seen: dict[str, None] = {}
    for text in texts:
        for match in pattern.finditer(text):
            seen.setdefault(match.group(1), None)
    return list(seen)


# --- finding acronym-like tokens in the curators' words ------------------------------------

# Words made of letters only; digits or underscores make a token a notation such as
# W4A8KV4, FP16, A100, 3D or a code identifier, which a glossary cannot usefully define
# (and which term_pattern would not count as a use of a shorter term anyway).
_WORD = re.compile(r"\w+")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
# Markdown code spans and link targets are not prose; blanked so offsets stay valid.
_NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|https?://\S+")
# A parenthesised acronym after its expansion: "Large Language Models (LLMs)".
_INLINE = re.compile(r"\(\s*(\w+)\s*\)")
# English words people put in capitals for emphasis ("does NOT scale"): shouting, not
# acronyms. Only plain English words belong here; terms belong in acronyms.allow.
SHOUTED = frozenset({
    "ALL", "ALWAYS", "AND", "ANY", "ARE", "BEST", "BUT", "CAN", "DO", "DOES", "DON", "FIRST",
    "FOR", "FREE", "FROM", "HOW", "IF", "IMPORTANT", "IN", "IS", "MORE", "MOST", "MUST",
    "NEVER", "NEW", "NO", "NOT", "NOTE", "NOW", "OF", "ON", "ONLY", "OR", "SO", "THE", "THIS",
    "TO", "TODO", "VERY", "WARNING", "WHY", "WITH", "WITHOUT", "YES",
})  # fmt: skip


@dataclass(frozen=True)
class Token:
    """An acronym-like word at ``start`` in a text; ``term`` is what a definition names."""

    text: str  # as written: "LLMs"
    term: str  # singular: "LLM"
    start: int


# Names built the way products are named, not initials: a capitalised word of four
# letters or more before the capitals (RocksDB, PostgreSQL, TensorRT, OpenAI, SmartNIC),
# or two lower-case letters or more before them (cuBLAS, cuDNN, oneDNN). Initials give
# at most one lower-case letter there: MoE, LoRA, FaaS, vCPU, eBPF stay acronyms.
_NAME_SHAPED = re.compile(r"[A-Z][a-z]{3,}[A-Z]|[a-z]{2,}[A-Z]")


def is_acronym(word: str) -> bool:
    """Several capitals (GPU), or mixed case where some capital does not start a
    lower-case run (MoE, LoRA, vCPU, AIOps). CamelCase names (PyTorch, DiffServe, and
    RocksDB or cuBLAS: _NAME_SHAPED), single capitals (A, I), Roman numerals (II, IV)
    and shouted words (NOT) are not."""
    if not word.isalpha() or sum(ch.isupper() for ch in word) < 2:
        return False
    if _ROMAN.fullmatch(word) or word in SHOUTED or _NAME_SHAPED.match(word):
        return False
    following = [*word[1:], ""]
    return any(ch.isupper() and not nxt.islower() for ch, nxt in zip(word, following, strict=True))


def singular(word: str) -> str:
    """LLMs -> LLM, LoRAs -> LoRA (a plural ending after a final capital); else the word."""
    for ending in ("s", "es"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and stem[-1:].isupper() and is_acronym(stem):
            return stem
    return word


# Every token has two capitals in one word (is_acronym; singular() asks it of the stem).
_TWO_CAPITALS = re.compile(r"[A-Z]\w*[A-Z]")


def find_acronyms(text: str, start: int = 0) -> list[Token]:
    """The acronym-like tokens of ``text[start:]`` (code spans and URLs are skipped)."""
    if not text.isascii():
        return _find_acronyms(text, start)
    # In ASCII, str.isupper() is [A-Z] and str.islower() is [a-z]: regexes in C stand
    # for the loops over characters below (tests/text/test_acronym_words.py holds them equal).
    if not _TWO_CAPITALS.search(text, start):
        return []  # most texts: no word could be one
    prose = _NOT_PROSE.sub(_blank, text) if _MAYBE_NOT_PROSE.search(text) else text
    if not _LOWER.search(prose) and len(_WORD.findall(prose)) >= 3:
        return []
    found = []
    # The words with two capitals, whole (the slice makes a word cut by ``start`` begin
    # there, as _WORD.finditer(prose, start) does).
    for match in _CAPITALS_WORD.finditer(prose[start:] if start else prose):
        word = match.group()
        if is_acronym(word) or singular(word) != word:
            found.append(Token(word, singular(word), match.start() + start))
    return found


_CAPITALS_WORD = re.compile(r"(?<!\w)(?=\w*[A-Z]\w*[A-Z])\w+")
_MAYBE_NOT_PROSE = re.compile(r"`|\]\(|<|://")  # one of these in each _NOT_PROSE match
_LOWER = re.compile(r"[a-z]")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _find_acronyms(text: str, start: int) -> list[Token]:
    """find_acronyms for any text: the reference its ASCII path must agree with."""
    prose = _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)
    # A text without a single lower-case letter is shouted as a whole ("DO NOT MERGE").
    if not any(ch.islower() for ch in prose) and len(_WORD.findall(prose)) >= 3:
        return []
    found = []
    for match in _WORD.finditer(prose, start):
        word = match.group()
        if is_acronym(word) or singular(word) != word:
            found.append(Token(word, singular(word), match.start()))
    return found


def inline_definitions(text: str) -> set[str]:
    """Acronyms a text spells out itself, as "(LLMs)" after the words: both forms."""
    defined: set[str] = set()
    if "(" not in text:
        return defined  # most texts, without a regex scan
    for match in _INLINE.finditer(text):
        word = match.group(1)
        if is_acronym(word) or singular(word) != word:
            defined |= {word, singular(word)}
    return defined


def system_name(title: str) -> str:
    """The part of a title before the first colon (the authors' system), or ""."""
    colon = title.find(":")
    return title[:colon].strip() if colon >= 0 else ""


def after_system_name(title: str) -> int:
    """Where a title's checked words begin: after the first colon (the part before it
    names the authors' system), or at the start when there is none."""
    colon = title.find(":")
    return colon + 1 if colon >= 0 else 0


class SystemNames:
    """Papers' system names (the part of a title before the colon). A note or heading may
    mention one ("unlike NEO"): an acronym-like word inside it is a name, not a term."""

    def __init__(self, titles: Iterable[str]) -> None:
        # Indexed by the acronyms they contain, so a text is compared only with the few
        # names that could cover one of its tokens, however many papers there are.
        self._by_term: dict[str, set[str]] = {}
        self.add((title, [token.term for token in find_acronyms(system_name(title))])
                 for title in titles)  # fmt: skip

    def add(self, found: Iterable[tuple[str, Iterable[str]]]) -> None:
        """(title, the acronym terms of its system name), as bot/checks/paper_keys.py keeps them."""
        for title, terms in found:
            for term in terms:
                self._by_term.setdefault(term, set()).add(system_name(title))

    def covers(self, text: str, token: Token) -> bool:
        """Whether ``token`` of ``text`` lies inside a mention of a system name."""
        for name in self._by_term.get(token.term, ()):
            pattern = term_pattern([name])  # compiled when needed: few tokens get here
            if pattern and any(m.start() <= token.start < m.end() for m in pattern.finditer(text)):
                return True
        return False


# --- names and definitions a paper's own text makes ------------------------------------

# Bold is how curators mark a system's name in a note ("built on **vLLM**"); awards are
# bold too, but they are not checked.
_BOLD = re.compile(r"\*\*([^*]+)\*\*|__([^_]+)__")
# A word directly before ": " names something, as a title's system name does
# ("SGLang: a structured generation language" in a note, "Foo: Bar: ..." in a title);
# so does one with a version (ZeRO-3, GPT-4, LLaMA-2), and the rest of a hyphenated name
# that starts with a name (TensorRT-LLM).
_NAMED = re.compile(
    r"(\w[\w.-]*):\s|(?<![\w-])([A-Za-z]+)-\d|(?<![\w-])(?:[A-Z][a-z]{3,}[A-Z]|[a-z]{2,}[A-Z])\w*-(\w+)"
)


def names_in(text: str) -> set[str]:
    """Acronym-like words ``text`` uses as names: in bold, or directly before ': '."""
    if "*" not in text and "_" not in text and ":" not in text and "-" not in text:
        return set()
    spans = [m.group(1) or m.group(2) for m in _BOLD.finditer(text)]
    spans += [m.group(1) or m.group(2) or m.group(3) for m in _NAMED.finditer(text)]
    return {token.text for span in spans for token in find_acronyms(span)}


def with_singulars(terms: Iterable[str]) -> frozenset[str]:
    """``terms`` and the singular of each: a glossary's "IMIs" defines IMI too."""
    return frozenset(terms) | {singular(term) for term in terms}


# --- a glossary kept as written (an Acronyms section import could not read as data) ------

_GLOSSARY_HEADING = re.compile(r"(#{1,6})\s+(?:acronyms|abbreviations|glossary)\b", re.IGNORECASE)
_HEADING = re.compile(r"(#{1,6})\s")
_LIST_MARKER = re.compile(r"\s*(?:[*+-]|\d+[.)])\s+")
# "TERM: text", "TERM - text", "TERM = text" (or an en or em dash), with the term maybe
# in bold or code; and a table row "| TERM | text |".
_TERM_FIRST = re.compile(r"[*_`]*([\w][\w-]*)[*_`]*\s*(?::|=|-|\u2013|\u2014)\s*\S")
_TABLE_ROW = re.compile(r"\|\s*[*_`]*([\w][\w-]*)[*_`]*\s*\|\s*\S")


def verbatim_glossary(lines: Iterable[str]) -> set[str]:
    """The terms an Acronyms (Abbreviations, Glossary) section kept as written defines, in
    any list form a page uses: bullets of any kind or none, a table, or the expansion
    first ("Reinforcement Learning from Human Feedback (RLHF)")."""
    defined: set[str] = set()
    level = 0  # inside a glossary section when > 0: its heading's level
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            glossary = _GLOSSARY_HEADING.match(line)
            if glossary:
                level = len(glossary.group(1))
            elif len(heading.group(1)) <= level:
                level = 0
            continue
        if not level:
            continue
        marker = _LIST_MARKER.match(line)
        item = line[marker.end() :] if marker else line.strip()
        match = _TERM_FIRST.match(item) or _TABLE_ROW.match(item)
        if match and (is_acronym(match.group(1)) or singular(match.group(1)) != match.group(1)):
            defined |= {match.group(1), singular(match.group(1))}
        defined |= inline_definitions(item)
    return defined
