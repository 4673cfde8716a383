"""What every check is given: the corpus, the repository's config, what to look at."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.checks.key_table import KeyTable
from bot.model.config import Config
from bot.model.corpus import Corpus, Located
from bot.model.entries import Paper

if TYPE_CHECKING:
    from bot.links.verdicts import LinkRun


@dataclass
class Context:
    corpus: Corpus
    config: Config = field(default_factory=Config)
    # The papers to report on: every paper, or those changed since a git ref.
    # Corpus-wide checks still compare them with every paper in the corpus.
    selected: list[Located[Paper]] = field(default_factory=list)
    # The files a pull request changed (--changed-since); None when every file is checked.
    changed: frozenset[str] | None = None
    # Every paper of the corpus, as corpus-wide checks compare them (see ``table``).
    keys: KeyTable | None = None
    # Online verdicts, present only when links were checked (--links).
    links: LinkRun | None = None
    # arXiv id (without version) -> arXiv's title, present only when fetched (--links).
    arxiv_titles: Mapping[str, str] | None = None
    arxiv_error: str | None = None  # why the titles could not be fetched, if so

    @property
    def table(self) -> KeyTable:
        """``keys``; when not given, worked out from the loaded papers and any selected
        paper the corpus does not hold (``paperbot add``'s), on first use."""
        if self.keys is None:
            papers = self.corpus.papers()
            known = {p.path for p in papers}
            self.keys = KeyTable.of(papers + [p for p in self.selected if p.path not in known])
        return self.keys
