"""The list as BibTeX: one ``@inproceedings`` per paper, written by bibtexparser.

Texts go through pylatexenc's LaTeX encoder: every character BibTeX or LaTeX treat
specially (``& % $ # _ ~ ^ \\``, accents) becomes its command, each command in braces,
so a title never breaks the file nor changes what the reader's LaTeX prints. Braces
in a text become ``{\\textbraceleft}``/``{\\textbraceright}``: BibTeX counts ``\\{`` as an
opening brace too, so a title with one brace would swallow the rest of the file.
"""

from __future__ import annotations

import re
from functools import cache

from bibtexparser import model
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.middlewares.parsestack import default_unparse_stack
from bibtexparser.writer import BibtexFormat
from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from bot.model.export_record import ExportedList, ExportedPaper

# A name BibTeX would cut in two (" and " separates authors) is kept whole in braces.
_SPLITS_NAMES = re.compile(r"\band\b", re.IGNORECASE)
# Characters a URL never holds raw (RFC 3986) but that BibTeX reads as structure.
_URL_ESCAPES = {ord("{"): "%7B", ord("}"): "%7D", ord("\\"): "%5C"}


@cache
def _encoder() -> UnicodeToLatexEncoder:
    braces = {ord("{"): r"{\textbraceleft}", ord("}"): r"{\textbraceright}"}
    return UnicodeToLatexEncoder(
        conversion_rules=[UnicodeToLatexConversionRule(RULE_DICT, braces), "defaults"],
        replacement_latex_protection="braces-all",
        # A character LaTeX has no command for (CJK, emoji) stays as UTF-8, which
        # biber and LaTeX with inputenc read; it is never dropped.
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )


def latex(text: str) -> str:
    return str(_encoder().unicode_to_latex(text))


def bibtex(records: ExportedList) -> str:
    library = Library()
    for paper in records.papers:
        library.add(model.Entry("inproceedings", paper.key, _fields(paper)))
    form = BibtexFormat()  # type: ignore[no-untyped-call]
    form.indent = "  "
    form.block_separator = "\n"
    # In place: the library is thrown away after, so copying every entry first (the
    # default, which bibtexparser warns about on large libraries) would buy nothing.
    stack = default_unparse_stack(allow_inplace_modification=True)
    text = write_string(library, unparse_stack=stack, bibtex_format=form)
    return text.strip("\n") + "\n" if records.papers else ""


def _fields(paper: ExportedPaper) -> list[model.Field]:
    # The writer encloses each value in braces. The title's own braces keep its case as
    # written: styles lower-case titles, and a systems list is full of names (XGrammar,
    # vLLM) that must stay as they are.
    fields = [
        ("title", "{" + latex(paper.title) + "}"),
        ("author", " and ".join(map(_name, paper.authors)) or None),
        ("booktitle", latex(paper.venue.name)),
        ("year", None if paper.venue.year is None else str(paper.venue.year)),
        ("url", None if paper.url is None else paper.url.translate(_URL_ESCAPES)),
        ("doi", None if paper.doi is None else paper.doi.translate(_URL_ESCAPES)),
        ("eprint", paper.arxiv),
        ("archivePrefix", None if paper.arxiv is None else "arXiv"),
    ]
    return [model.Field(key, value) for key, value in fields if value is not None]


def _name(author: str) -> str:
    text = latex(author)
    return f"{{{text}}}" if _SPLITS_NAMES.search(author) or "," in author else text
