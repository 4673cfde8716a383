"""Link labels come from the list's vocabulary (``link_kinds`` in paperbot.yaml).

``code``, ``GitHub`` or ``arxiv`` render as written: a README whose links read [Code],
[code] and [GitHub] for the same thing. Another spelling of a known label, or a
synonym of one, is an error whose fix is the list's spelling; a label near none of
them is a warning (a maintainer may add it to the vocabulary).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from bot.checks.context import Context
from bot.files.yaml_roundtrip import flow_scalar
from bot.model.corpus import Located
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Paper
from bot.text.link_labels import meant

ID = "kind"
SCOPE: Final = "entry"
FILES: Final = frozenset({"paper"})
NEEDS: Final[frozenset[str]] = frozenset()
SUMMARY = "link labels are the list's own (Paper, arXiv, Code, ...)"

_LISTED = 6  # labels named in a message before "..."


def check(paper: Located[Paper], ctx: Context) -> Iterator[Diagnostic]:
    known = ctx.config.link_kinds
    for i, link in enumerate(paper.model.links):
        kind = link.kind
        if kind in known:
            continue
        line, col = paper.positions.of_value(("links", i, "kind"))
        found = meant(kind, known)
        if found is None:
            listed = ", ".join(known[:_LISTED]) + (", ..." if len(known) > _LISTED else "")
            message = (
                f"link label '{kind}' is not one this list uses ({listed}): use one of them, "
                "or a maintainer adds it to link_kinds in paperbot.yaml"
            )
            yield Diagnostic(paper.path, line, col, ID, Severity.WARNING, message)
            continue
        label = found.label
        if found.why == "spelling":
            message = f"link label '{kind}' is written '{label}' in this list"
        elif found.why == "alias":
            message = f"link label '{kind}': this list labels such links '{label}'"
        else:
            message = f"link label '{kind}' is not one this list uses; did you mean '{label}'?"
        yield Diagnostic(paper.path, line, col, ID, Severity.ERROR, message, flow_scalar(label))
