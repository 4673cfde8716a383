"""BibTeX from hostile texts: whatever a title, an author or a URL holds, the file parses
back with bibtexparser and with pybtex into the same entries, and LaTeX reads the text
the entry holds (its specials escaped, its braces balanced)."""

from __future__ import annotations

import re
from typing import Any

import bibtexparser
import pybtex.database
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pylatexenc import latex2text

from bot.model.export_record import EXPORT_FORMAT, ExportedList, ExportedPaper, ExportedVenue
from bot.pages.export_bibtex import bibtex, latex

SETTINGS = settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
# What BibTeX and LaTeX read as structure, what Markdown and HTML do (the list's own
# hostile texts), and characters beyond ASCII.
HOSTILE = st.lists(
    st.sampled_from(
        [*"ab Z9 ", *"{}\\%&$#_^~@,=\"'()[]<>|*`", " and ", "And", "}{", "{{", "\\}", "\\{",
         "@inproceedings{x,", "title = {", "\\textbf{x}", "$x^2$", "%comment", "é", "ß", "—",
         "\u201cq\u201d", "\u0430", "\u200b", "中文", "\U0001f600", "<script>", "[x](y)"]
    ),
    min_size=1,
    max_size=12,
).map(lambda s: " ".join("".join(s).split()) or "x")  # fmt: skip
URLS = st.sampled_from(
    ["https://a.org/p", "https://a.org/p_(x)?q=1&r=2#f", "https://a.org/%7Bx%7D",
     "https://a.org/{x}", "https://a.org/a\\b", "https://a.org/100%25"]
)  # fmt: skip
VENUE = ExportedVenue(slug="demo-2025", name="Demo & Co 2025", year=2025)


def _paper(number: int, title: str, authors: list[str], url: str | None) -> ExportedPaper:
    return ExportedPaper(
        key=f"demo-2025:paper-{number}",
        path=f"entries/demo-2025/paper-{number}.yaml",
        venue=VENUE,
        title=title,
        category=["Systems"],
        authors=authors,
        affiliations=[],
        awards=[],
        notes=[],
        links=[],
        title_url=None,
        suffix=None,
        url=url,
        arxiv="2411.15100",
        doi="10.1145/3600006.3613165",
    )


@st.composite
def lists(draw: st.DrawFn) -> ExportedList:
    count = draw(st.integers(1, 4))
    papers = [
        _paper(n, draw(HOSTILE), draw(st.lists(HOSTILE, max_size=3)), draw(st.none() | URLS))
        for n in range(count)
    ]
    return ExportedList(format=EXPORT_FORMAT, papers=papers)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:  # BibTeX counts every brace, escaped or not
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _unescaped_specials(text: str) -> list[str]:
    # After removing each escaped special and every command, nothing special is left.
    rest = re.sub(r"\\(?:[%&$#_{}]|[A-Za-z]+|['\"^`~=.])", "", text)
    return [ch for ch in "%&$#_^~\\" if ch in rest]


@SETTINGS
@given(lists())
def test_hostile_texts_parse_back_with_both_libraries(records: ExportedList) -> None:
    text = bibtex(records)

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [p.key for p in records.papers]
    database = pybtex.database.parse_string(text, "bibtex")
    assert list(database.entries) == [p.key for p in records.papers]
    for paper, entry in zip(records.papers, library.entries, strict=True):
        title = entry["title"]
        assert title == "{" + latex(paper.title) + "}"
        assert _balanced(title) and not _unescaped_specials(title)
        fields = database.entries[paper.key].fields
        assert fields["title"] == title and fields["booktitle"] == entry["booktitle"]
        people = database.entries[paper.key].persons.get("author", [])
        assert len(people) == len(paper.authors)  # " and " inside a name splits nothing
        if paper.url is not None:
            assert entry["url"] == paper.url.replace("{", "%7B").replace("}", "%7D").replace(
                "\\", "%5C"
            )


@pytest.mark.parametrize(
    "title",
    [
        "Caf\u00e9 & Co: 100% of #1 for $5, a_b",
        "Stra\u00dfe \u2014 \u201cquoted\u201d ~ ^ tilde",
        "Braces {like} these } and {",
        "A back\\slash",
    ],
)
def test_latex_reads_back_the_title_as_written(title: str) -> None:
    text = bibtex(ExportedList(format=EXPORT_FORMAT, papers=[_paper(1, title, [], None)]))
    raw = bibtexparser.parse_string(text).entries[0]["title"]

    reader = latex2text.LatexNodes2Text(latex_context=_braces_and_carets(), math_mode="verbatim")
    decoded = reader.latex_to_text(raw)

    assert decoded == title


def _braces_and_carets() -> Any:
    # pylatexenc's reader prints \textbraceleft as nothing and \textasciicircum as a
    # modifier letter; LaTeX prints them as { and ^, which is what is compared.
    context = latex2text.get_default_latex_context_db()  # a new one on each call
    context.add_context_category(
        "export-test",
        prepend=True,
        macros=[
            latex2text.MacroTextSpec("textbraceleft", "{"),
            latex2text.MacroTextSpec("textbraceright", "}"),
            latex2text.MacroTextSpec("textasciicircum", "^"),
        ],
    )
    return context
