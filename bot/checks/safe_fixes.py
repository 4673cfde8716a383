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

from collections.abc import Callable

from bot.checks import urls
from bot.text.identifiers import (
    MalformedIdentifier,
    arxiv_from_doi,
    arxiv_from_url,
    doi_from_url,
    doi_key,
)

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


# Check id -> when its fix is safe to apply. Registered by hand, as the checks are.
SAFE_FIXES: dict[str, SafeWhen] = {
    urls.ID: same_paper,
}


def is_safe(check: str, old: object, new: object) -> bool:
    """Whether ``fmt --fix`` may replace ``old`` by ``new`` for a diagnostic of ``check``."""
    rule = SAFE_FIXES.get(check)
    return rule is not None and old != new and rule(old, new)
