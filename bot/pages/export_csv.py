"""The list as CSV: one row per paper, the JSON export's fields flattened (stdlib csv).

A list becomes one cell with an item per line: every item is one line (the entry
models refuse line breaks), so splitting the cell at its line breaks gives the list
back. A link is ``<kind> <url>``: a URL holds no space, so the last space splits it.
Values are written as the entries hold them; a spreadsheet that runs a cell starting
with ``=`` as a formula is told so in docs/exports.md.
"""

from __future__ import annotations

import csv
import io

from bot.model.export_record import ExportedList, ExportedPaper

COLUMNS = (
    "key", "venue", "venue_name", "year", "title", "category", "authors", "affiliations",
    "awards", "notes", "links", "title_url", "suffix", "url", "arxiv", "doi", "path",
)  # fmt: skip


def csv_text(records: ExportedList) -> str:
    out = io.StringIO()
    # "\n" rows, as the cells' own line breaks: a committed file that git diffs line by line.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(paper) for paper in records.papers)
    return out.getvalue()


def _row(paper: ExportedPaper) -> list[str]:
    values = {
        "key": paper.key,
        "venue": paper.venue.slug,
        "venue_name": paper.venue.name,
        "year": "" if paper.venue.year is None else str(paper.venue.year),
        "title": paper.title,
        "category": "\n".join(paper.category),
        "authors": "\n".join(paper.authors),
        "affiliations": "\n".join(paper.affiliations),
        "awards": "\n".join(paper.awards),
        "notes": "\n".join(paper.notes),
        "links": "\n".join(f"{link.kind} {link.url}" for link in paper.links),
        "title_url": paper.title_url or "",
        "suffix": paper.suffix or "",
        "url": paper.url or "",
        "arxiv": paper.arxiv or "",
        "doi": paper.doi or "",
        "path": paper.path,
    }
    return [values[column] for column in COLUMNS]
