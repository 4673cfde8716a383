"""The url check's verdicts and the exact fixes it offers (the examples pin positions)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import located, paper
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.checks import urls
from bot.checks.context import Context
from bot.model.corpus import Corpus
from bot.model.diagnostics import Severity

# A repository root for relative links: it holds notes/paper.md and notes/preprint.md.
ROOT = Path(__file__).parent / "url_files"


def _verdicts(kind: str, url: str) -> list[tuple[Severity, str | None]]:
    entry = located(paper("A Paper", "Systems", links=[{"kind": kind, "url": url}]))
    return [(d.severity, d.fix) for d in urls.check(entry, Context(Corpus(ROOT), selected=[]))]


W, E = Severity.WARNING, Severity.ERROR


@pytest.mark.parametrize(
    ("kind", "url", "expected"),
    [
        (
            "arXiv",
            "http://arxiv.org/pdf/2401.12345v2.pdf",
            [(W, "https://arxiv.org/abs/2401.12345v2")],
        ),
        ("arXiv", "https://arxiv.org/pdf/2401.12345", [(W, "https://arxiv.org/abs/2401.12345")]),
        (
            "arXiv",
            "https://export.arxiv.org/abs/2401.12345",
            [(W, "https://arxiv.org/abs/2401.12345")],
        ),
        (
            "arXiv",
            "https://www.arxiv.org/abs/2401.12345",
            [(W, "https://arxiv.org/abs/2401.12345")],
        ),
        ("arXiv", "https://arxiv.org/abs/2401.12345/", [(W, "https://arxiv.org/abs/2401.12345")]),
        (
            "arXiv",
            "https://arxiv.org/abs/2401.12345?context=cs",
            [(W, "https://arxiv.org/abs/2401.12345")],
        ),
        (
            "arXiv",
            "https://arxiv.org/html/2401.12345v1",
            [(W, "https://arxiv.org/abs/2401.12345v1")],
        ),
        ("Paper", "https://arxiv.org/format/cs/0112017", [(W, "https://arxiv.org/abs/cs/0112017")]),
        (
            "arXiv",
            "https://arxiv.org/abs/math.GT/0309136",
            [(W, "https://arxiv.org/abs/math/0309136")],
        ),
        # A PDF label keeps the PDF, in arXiv's own form.
        (
            "PDF",
            "https://arxiv.org/pdf/2401.12345v2.pdf",
            [(W, "https://arxiv.org/pdf/2401.12345v2")],
        ),
        ("PDF", "https://arxiv.org/pdf/2401.12345v2", []),
        (
            "DOI",
            "http://dx.doi.org/10.1145/3620665.3640366",
            [(W, "https://doi.org/10.1145/3620665.3640366")],
        ),
        ("DOI", "https://doi.org/10.1145/ABC", []),  # case is the author's
        ("Paper", "https://www.doi.org/10.1145/abc", [(W, "https://doi.org/10.1145/abc")]),
        # A DOI label on a publisher page that names the DOI: the resolver URL is the fix.
        (
            "DOI",
            "https://dl.acm.org/doi/10.1145/3620665.3640366",
            [(E, "https://doi.org/10.1145/3620665.3640366")],
        ),
        ("DOI", "https://example.org/paper", [(E, None)]),
        # arXiv's own DOI under an arXiv label: the abstract page is the fix.
        (
            "arXiv",
            "https://doi.org/10.48550/arXiv.2401.12345",
            [(W, "https://arxiv.org/abs/2401.12345")],
        ),
        ("arXiv", "https://arxiv.org/abs/2401.123", [(E, None)]),
        ("Paper", "https://arxiv.org/abs/2413.12345", [(E, None)]),  # malformed whatever the label
        ("arXiv", "https://openreview.net/forum?id=x", [(E, None)]),
        ("arXiv", "notes/preprint.md", [(E, None)]),
        # browse.arxiv.org (the new abstract page's beta) is arXiv: the canonical fix, not
        # an error without one; every host of arXiv's and every view gets the same fix.
        (
            "arXiv",
            "https://browse.arxiv.org/abs/2401.12345",
            [(W, "https://arxiv.org/abs/2401.12345")],
        ),
        (
            "arXiv",
            "http://browse.arxiv.org/pdf/2401.12345v2.pdf",
            [(W, "https://arxiv.org/abs/2401.12345v2")],
        ),
        (
            "Paper",
            "https://browse.arxiv.org/abs/2401.12345",
            [(W, "https://arxiv.org/abs/2401.12345")],
        ),
        (
            "PDF",
            "https://browse.arxiv.org/pdf/2401.12345",
            [(W, "https://arxiv.org/pdf/2401.12345")],
        ),
        ("Code", "https://example.org/code.zip", [(E, None)]),
        ("Code", "https://pypi.org/project/tool/", [(E, None)]),  # a package, not its source
        ("Code", "https://doi.org/10.1145/3620665.3640366", [(E, None)]),  # a paper's DOI
        ("Code", "https://4open.science/r/tool-1A2B", [(E, None)]),  # only the anonymiser's host
        ("Code", "https://mit-han-lab.github.io/omniserve", [(E, None)]),  # a page, not a forge
        ("DOI", "https://doi.org/10.1/x", [(E, None)]),
        ("Paper", "https://intranet/paper.pdf", [(E, None)]),
    ],
)
def test_problems_and_fixes(
    kind: str, url: str, expected: list[tuple[Severity, str | None]]
) -> None:
    assert _verdicts(kind, url) == expected


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("arXiv", "https://arxiv.org/abs/2401.12345"),
        ("arxiv", "https://arxiv.org/abs/2401.12345v3"),
        ("ARXIV", "https://arxiv.org/abs/hep-th/9901001"),
        ("Paper", "https://arxiv.org/abs/2401.12345"),
        ("Paper", "https://mlsys.org/virtual/2025/poster/3229"),
        ("Paper", "notes/paper.md"),
        ("Homepage", "https://arxiv.org/a/someone_1"),  # an arXiv page that is no paper
        ("Code", "https://github.com/mit-han-lab/omniserve"),
        ("Code", "https://gist.github.com/someone/abc"),
        ("Code", "https://gitlab.com/group/project"),
        ("Code", "https://gitlab.inria.fr/team/tool"),
        ("Code", "https://git.kernel.org/pub/scm/linux"),
        ("Code", "https://bitbucket.org/team/tool"),
        ("Code", "https://codeberg.org/team/tool"),
        ("Code", "https://huggingface.co/org/model"),
        ("Code", "https://sourceforge.net/projects/tool"),
        ("Code", "https://doi.org/10.5281/zenodo.1234567"),  # an archived artifact
        ("code", "https://zenodo.org/records/1234567"),
        # Anonymised for double-blind review: accepted papers' lists copy these links.
        ("Code", "https://anonymous.4open.science/r/tool-1A2B"),
        ("Code", "https://anonymous.4open.science/r/tool-1A2B/README.md"),
        ("Code", "https://figshare.com/articles/software/tool/1234567"),
        ("Code", "https://doi.org/10.6084/m9.figshare.1234567"),  # figshare's DOI
        ("Code", "https://archive.softwareheritage.org/browse/origin/?origin_url=x"),
        ("Code", "https://launchpad.net/tool"),
        ("Code", "https://git.sr.ht/~someone/tool"),
        ("Code", "https://gitee.com/someone/tool"),
        ("DOI", "https://doi.org/10.1145/3620665.3640366"),
        ("DOI", "https://doi.org/10.48550/arXiv.2401.12345"),
        ("Slides", "https://mlsys.org/media/mlsys-2025/Slides/3229.pdf"),
        ("Paper", "http://127.0.0.1:8000/paper"),
    ],
)
def test_canonical_and_matching_links_pass(kind: str, url: str) -> None:
    assert _verdicts(kind, url) == []


_PIECES = [
    "https://", "http://", "HTTPS://", "example.org", "Example.org", "www.", "a-b", ".", "..",
    ":8080", "user@", "/", "?", "#", "x", "\t", "\n", " ", "[", "]", "%41", "\u00e9",
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join))
def test_the_plain_host_is_the_host_urlsplit_finds(url: str) -> None:
    plain = urls._PLAIN_HOST.match(url)
    if plain is not None:
        assert plain[1] == urlsplit(url).hostname
