"""The fixes ``paperbot fmt --fix`` applies without asking anyone.

A check may offer a fix with a diagnostic: the exact replacement text for the value at the
diagnostic's line and column. Many fixes are suggestions a person must confirm (the
category nearest to a typo may not be the one meant). A fix is applied mechanically only
when its check is registered here, with a rule that looks at the value the file holds and
the value the fix would write, and says whether the two mean the same thing.

The rule sees values, never messages, so it holds however the check words its findings,
and a diagnostic needs no extra field: every report format stays as it is. A new check
with fixes that are always mechanical (a tracking parameter dropped from a URL, a label
spelled as the vocabulary spells it) registers ``always``, or a rule of its own; a check
absent from this dict only ever suggests.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.checks import category, kinds, markup, texts, urls
from bot.checks.category import joined
from bot.text.identifiers import (
    MalformedIdentifier,
    arxiv_from_doi,
    arxiv_from_url,
    doi_from_url,
    doi_key,
)
from bot.text.link_labels import meant
from bot.text.url_habits import cleaned, pasted

# (the value the file holds, the value the fix writes) -> whether writing it is safe.
SafeWhen = Callable[[object, object], bool]


def always(old: object, new: object) -> bool:
    """For a check whose every fix only rewrites a value into its one canonical spelling."""
    return True


def same_paper(old: object, new: object) -> bool:
    """Both URLs name the same arXiv paper (the same version, or none) or the same DOI:
    the fix only writes the link canonically (https, abs/ or pdf/, doi.org)."""
    if not isinstance(old, str) or not isinstance(new, str):
        return False
    try:
        old_arxiv, new_arxiv = arxiv_from_url(old), arxiv_from_url(new)
        old_doi, new_doi = doi_from_url(old), doi_from_url(new)
    except MalformedIdentifier:
        return False
    if old_arxiv is None and old_doi is not None:
        old_arxiv = arxiv_from_doi(old_doi)  # arXiv's own DOI names its preprint
    if new_arxiv is not None:
        return old_arxiv == new_arxiv
    return new_doi is not None and old_doi is not None and doi_key(old_doi) == doi_key(new_doi)


def same_page(old: object, new: object) -> bool:
    """The same paper written canonically, or the same page without what copying added
    (tracking and session parameters, a redirect, sentence punctuation, http:// for an
    https host, .git) or with the scheme it lacked."""
    return same_paper(old, new) or (isinstance(old, str) and cleaned(old) == new)


def same_label(old: object, new: object) -> bool:
    """The list's spelling of the label written (another case, brackets, a synonym); a
    label taken for a typo of another is only suggested."""
    if not isinstance(old, str) or not isinstance(new, str):
        return False
    found = meant(old, [new])
    return found is not None and found.why in ("spelling", "alias")


def bare_url(old: object, new: object) -> bool:
    """A URL out of the Markdown (a link, angle brackets, quotes) pasted around it, or a
    note without the bullet marker typed before it."""
    if not isinstance(old, str) or not isinstance(new, str):
        return False
    wrapped = pasted(old)
    if wrapped is not None:
        return wrapped.url == new
    marker = re.match(r"[-+*•]\s+", old)
    return marker is not None and old[marker.end() :].strip() == new


def same_levels(old: object, new: object) -> bool:
    """``[Systems / Storage]`` written as the list of its levels."""
    if not isinstance(old, list) or not isinstance(new, list):
        return False
    return all(isinstance(part, str) for part in old + new) and joined(old) == joined(new)


def plain_award(old: object, new: object) -> bool:
    """An award without the ** around it (the README makes awards bold)."""
    return isinstance(old, str) and old in (f"**{new}**", f"__{new}__")


# Check id -> when its fix is safe to apply. Registered by hand, as the checks are.
SAFE_FIXES: dict[str, SafeWhen] = {
    urls.ID: same_page,
    kinds.ID: same_label,
    markup.ID: bare_url,
    category.ID: same_levels,
    texts.ID: plain_award,
}


def is_safe(check: str, old: object, new: object) -> bool:
    """Whether ``fmt --fix`` may replace ``old`` by ``new`` for a diagnostic of ``check``."""
    rule = SAFE_FIXES.get(check)
    return rule is not None and old != new and rule(old, new)
