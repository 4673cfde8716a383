"""Link labels, the word readers see before a link (``[Code]``, ``[arXiv]``), and what
contributors write instead: another case (``code``, ``ARXIV``), a site's name
(``GitHub``), a synonym (``repo``, ``website``), a plural or a typo.

The labels a list uses are its own (``link_kinds`` in paperbot.yaml); this module only
knows which of them a written label most likely means.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

# Squeezed (see ``squeeze``) -> the squeezed label it stands for. Only labels the list
# uses are suggested: "talk" means Talk where the list has Talk, else it is unknown.
_ALIASES = {
    **dict.fromkeys(
        [
            *("github", "gitlab", "bitbucket", "repo", "repos", "repository", "source"),
            *("sourcecode", "src", "git", "codes", "implementation", "coderepository"),
        ],
        "code",
    ),
    **dict.fromkeys(["arxivpreprint", "arxivpaper", "arxivorg", "arxivlink"], "arxiv"),
    **dict.fromkeys(
        [
            *("website", "web", "site", "webpage", "home", "project", "projectpage"),
            *("projectsite", "projectwebsite", "projecthomepage", "homepages"),
        ],
        "homepage",
    ),
    **dict.fromkeys(["slide", "ppt", "pptx", "deck", "slidedeck", "presentation"], "slides"),
    **dict.fromkeys(["videos", "youtube", "recording", "talkvideo"], "video"),
    **dict.fromkeys(["papers", "proceedings", "publication", "paperlink"], "paper"),
    **dict.fromkeys(["pdfs", "fulltext", "paperpdf"], "pdf"),
    **dict.fromkeys(["blogpost", "post"], "blog"),
    **dict.fromkeys(["datasets", "data"], "dataset"),
    "posters": "poster",
    "talks": "talk",
    "demos": "demo",
    **dict.fromkeys(["artifacts", "artefact", "artefacts"], "artifact"),
    "dois": "doi",
}
_TYPO_SCORE = 80  # edit similarity (0-100) above which a label is taken for a typo

Why = Literal["spelling", "alias", "typo"]


class Meant(NamedTuple):
    label: str  # as the list writes it
    why: Why


def squeeze(label: str) -> str:
    """The letters and digits of a label, case folded: ``[Source Code]`` -> ``sourcecode``."""
    return "".join(ch for ch in label.casefold() if ch.isalnum())


def meant(label: str, known: Sequence[str]) -> Meant | None:
    """The label of ``known`` that ``label`` most likely means; None when it is one of
    them as written, or near none of them."""
    if label in known:
        return None
    by_squeeze = {squeeze(k): k for k in reversed(known)}  # the first listed wins
    written = squeeze(label)
    if written in by_squeeze:
        return Meant(by_squeeze[written], "spelling")
    alias = _ALIASES.get(written)
    if alias is not None and alias in by_squeeze:
        return Meant(by_squeeze[alias], "alias")
    if not written:
        return None
    from rapidfuzz import fuzz, process  # loaded for a suggestion, not for --help

    best = process.extractOne(written, list(by_squeeze), scorer=fuzz.ratio)
    if best is not None and best[1] >= _TYPO_SCORE:
        return Meant(by_squeeze[best[0]], "typo")
    return None


def role(label: str, known: Sequence[str]) -> str:
    """What a label says the link is, squeezed (``arxiv``, ``code``, ``pdf``...): the
    label it is taken for when it is another spelling of one, else its own letters."""
    return _role(label, tuple(known))


@lru_cache(maxsize=1024)  # a list has a handful of labels, asked for on every link
def _role(label: str, known: tuple[str, ...]) -> str:
    found = meant(label, known)
    return squeeze(found.label if found is not None else label)
