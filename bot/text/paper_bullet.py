"""A paper's bullet as the README shows it: its own line and its child bullets.

Here, not in ``bot/pages``, because the markup check reads exactly these lines back
with a Markdown parser (``bot/text/markdown_structure.py``) to judge what a reader will see;
``bot/pages/venue_page.py`` places them on the page.
"""

from __future__ import annotations

from bot.model.entries import Paper

INDENT = "  "


def label(text: str) -> str:
    """Text inside ``[...]`` of a link: an odd run of backslashes at its end would
    escape the ``]`` and undo the link, so one more makes the last one literal. Pages
    never hold such a label (it shows as no link), so every page renders as before."""
    trailing = len(text) - len(text.rstrip("\\"))
    return text + "\\" if trailing % 2 else text


def paper_line(paper: Paper) -> str:
    """A paper's own bullet text (without the bullet)."""
    title = f"[{label(paper.title)}]({paper.title_url})" if paper.title_url else paper.title
    links = "".join(f" \\[[{label(link.kind)}]({link.url})]" for link in paper.links)
    return f"{title}{links}{paper.suffix or ''}"


def render_paper(paper: Paper, depth: int = 0, unit: str = INDENT) -> list[str]:
    """A paper's bullet and its child bullets (affiliations, awards, notes); ``unit`` is
    the page's indentation per level."""
    pad = unit * depth
    lines = [""] * paper.blank_before + [f"{pad}* {paper_line(paper)}"]
    lines += [f"{pad}{unit}* {child}" for child in children(paper)]
    lines += [note_line(note, pad + unit) for note in paper.notes]
    return lines


def children(paper: Paper) -> list[str]:
    """The child bullets' texts before the notes: the affiliations on one line, then
    each award in bold."""
    lines = [" & ".join(paper.affiliations)] if paper.affiliations else []
    return lines + [f"**{award}**" for award in paper.awards]


def note_line(note: str, pad: str) -> str:
    if not note:
        return ""  # a blank line the page shows between child bullets
    if note[:1] == " ":
        return f"{pad}{note}"  # a deeper line kept as written (its own marker)
    if note == "*":
        return f"{pad}*"  # an empty bullet
    return f"{pad}* {note}"
