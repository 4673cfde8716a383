"""The duplicates check on corpora built in memory: selection, symmetry, scale."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import located, paper
from rapidfuzz import process

from bench.synthetic import synthetic_titles
from bot.checks import duplicates
from bot.checks.context import Context
from bot.model.config import Config
from bot.model.corpus import Corpus, Located, VenueData
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.entries import Paper, Venue
from bot.model.positions import Positions


def _corpus(*entries: tuple[str, Paper]) -> Corpus:
    """Papers at ``entries/<venue>/<name>.yaml``, given as ("venue/name", paper)."""
    corpus = Corpus(Path())
    for where, model in entries:
        venue, name = where.split("/")
        data = corpus.venues.setdefault(venue, VenueData(venue, None))
        data.papers.append(located(model, f"entries/{venue}/{name}.yaml"))
    return corpus


def _run(corpus: Corpus, *selected: str, score: float = 92.0) -> list[Diagnostic]:
    chosen = [p for p in corpus.papers() if not selected or p.path in selected]
    config = Config.model_validate({"duplicates": {"near_title_score": score}})
    return sorted(duplicates.check(Context(corpus, config, chosen)))


def _arxiv(url: str, kind: str = "arXiv") -> list[dict[str, str]]:
    return [{"kind": kind, "url": url}]


CORPUS = _corpus(
    (
        "demo/a",
        paper("Speculative Storage Writes", "S", links=_arxiv("https://arxiv.org/abs/2401.12345")),
    ),
    (
        "demo/b",
        paper("Writes That Speculate", "S", links=_arxiv("https://arxiv.org/pdf/2401.12345v2")),
    ),
    ("demo/c", paper("Speculative Storage Write", "S")),  # near-equal title to a
    ("demo/d", paper("Something Else Entirely", "S")),
    (
        "workshop/e",
        paper("Writes, Speculated", "S", links=_arxiv("http://arxiv.org/abs/2401.12345v1")),
    ),
)


def test_only_the_selected_paper_is_reported_but_against_every_paper() -> None:
    found = _run(CORPUS, "entries/demo/b.yaml")
    assert {d.path for d in found} == {"entries/demo/b.yaml"}
    assert [(d.severity, d.message.split(":")[0]) for d in found] == [
        (Severity.ERROR, "the same paper as entries/demo/a.yaml"),
        (Severity.WARNING, "also listed in workshop (entries/workshop/e.yaml"),
    ]


def test_each_pair_is_reported_on_both_files_when_both_are_selected() -> None:
    found = _run(CORPUS)
    pairs = {(d.path, re.findall(r"entries/\S+?\.yaml", d.message)[0]) for d in found}
    assert {(b, a) for a, b in pairs} == pairs  # symmetric
    assert len(found) == len(pairs)  # once per pair and file


def _pull_request(corpus: Corpus, changed: set[str], *selected: str) -> list[Diagnostic]:
    """What a pull request is told of the pairs among the ``selected`` papers."""
    chosen = [p for p in corpus.papers() if p.path in selected]
    ctx = Context(corpus, Config(), chosen, changed=frozenset(changed))
    found = duplicates.check(ctx)
    return sorted(d for d in found if any(f"{p}:" in d.message for p in selected if p != d.path))


def test_a_pull_request_is_told_of_a_pair_once_on_the_paper_it_changed() -> None:
    # b is new; a is selected too, because the pull request also changed the venue file.
    both = ("entries/demo/a.yaml", "entries/demo/b.yaml")
    found = _pull_request(CORPUS, {"entries/demo/b.yaml", "entries/demo/venue.yaml"}, *both)
    assert [(d.path, d.message.split(" (")[0]) for d in found] == [
        ("entries/demo/b.yaml", "the same paper as entries/demo/a.yaml:1")
    ]
    assert len(_run(CORPUS, *both)) == len(found) + 4  # a full check: on both, and a's others
    assert "('Speculative Storage Writes')" in found[0].message  # the other paper, named


def test_a_pair_both_changed_or_both_unchanged_is_told_once_on_the_later_path() -> None:
    both = ("entries/demo/a.yaml", "entries/demo/b.yaml")
    for changed in (set(both), {"entries/demo/venue.yaml"}):
        found = _pull_request(CORPUS, changed, *both)
        assert [d.path for d in found] == ["entries/demo/b.yaml"]


def test_a_selection_sees_exactly_what_a_full_run_reports_for_it() -> None:
    everything = _run(CORPUS)
    for entry in CORPUS.papers():
        alone = _run(CORPUS, entry.path)
        assert alone == [d for d in everything if d.path == entry.path]


def test_the_strongest_evidence_is_reported_once() -> None:
    # a and c share an arXiv id and nearly a title: one error, naming the link.
    corpus = _corpus(
        (
            "v/a",
            paper(
                "Speculative Storage Writes", "S", links=_arxiv("https://arxiv.org/abs/2401.12345")
            ),
        ),
        (
            "v/c",
            paper(
                "Speculative Storage Write", "S", links=_arxiv("https://arxiv.org/abs/2401.12345")
            ),
        ),
    )
    found = _run(corpus, "entries/v/a.yaml")
    assert [d.message for d in found] == [
        "the same paper as entries/v/c.yaml:1 ('Speculative Storage Write'): "
        "both link arXiv 2401.12345"
    ]


def test_the_near_title_threshold_comes_from_the_config() -> None:
    assert [d.severity for d in _run(CORPUS, "entries/demo/c.yaml")] == [Severity.WARNING]
    assert "% alike (from 92%)" in _run(CORPUS, "entries/demo/c.yaml")[0].message
    assert _run(CORPUS, "entries/demo/c.yaml", score=99.5) == []


@pytest.mark.parametrize("kind", ["Code", "Homepage", "Slides", "Video", "Poster", "Blog"])
def test_links_papers_share_are_no_identity(kind: str) -> None:
    shared = [{"kind": kind, "url": "https://github.com/mit-han-lab/omniserve"}]
    corpus = _corpus(
        ("v/qserve", paper("QServe: Quantized Serving", "S", links=shared)),
        ("v/lserve", paper("LServe: Sparse Long-Sequence Serving", "S", links=shared)),
    )
    assert _run(corpus) == []


@pytest.mark.parametrize(
    "kind", ["Paper", "arXiv", "ARXIV", "DOI", "PDF", "Preprint", "OpenReview", "Open Review"]
)
def test_links_that_name_the_paper_are_identity(kind: str) -> None:
    shared = [{"kind": kind, "url": "https://openreview.net/forum?id=abc"}]
    corpus = _corpus(
        ("v/one", paper("One Title", "S", links=shared)),
        ("v/two", paper("Another Title", "S", links=shared)),
    )
    assert [d.severity for d in _run(corpus)] == [Severity.ERROR, Severity.ERROR]


def test_a_doi_on_a_publisher_page_matches_the_resolver_url() -> None:
    corpus = _corpus(
        (
            "v/acm",
            paper("One Title", "S", links=_arxiv("https://dl.acm.org/doi/10.1145/ABC", "Paper")),
        ),
        ("v/doi", paper("Another Title", "S", links=_arxiv("https://doi.org/10.1145/abc", "DOI"))),
    )
    assert len(_run(corpus)) == 2


def test_arxivs_doi_matches_the_arxiv_url() -> None:
    corpus = _corpus(
        ("v/abs", paper("One Title", "S", links=_arxiv("https://arxiv.org/abs/2401.12345v3"))),
        (
            "v/doi",
            paper("Another", "S", links=_arxiv("https://doi.org/10.48550/arXiv.2401.12345", "DOI")),
        ),
    )
    # Two titles that share nothing: told as one identifier on two titles.
    assert [d.message.split(" is linked")[0] for d in _run(corpus)] == ["arXiv 2401.12345"] * 2


def test_twenty_thousand_papers_are_compared_far_below_all_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole check on 20,000 synthetic entries with empty positions, counting
    the comparisons rapidfuzz makes (never the time it takes)."""
    rng = random.Random(11)
    models = [paper(title, "S") for title in synthetic_titles(20_000, rng)]
    twin = models[123].model_copy(update={"title": models[123].title + "s"})
    corpus = Corpus(Path())
    corpus.venues["v"] = VenueData("v", None, [_at(m, i) for i, m in enumerate([*models, twin])])
    calls = _count(monkeypatch)
    found = list(duplicates.check(Context(corpus, selected=corpus.papers())))
    n = len(models) + 1
    assert 0 < calls["n"] < n * n // 100  # in practice about 0.3 % of all pairs
    twin_found = [d.message for d in found if d.path == "entries/v/p20000.yaml"]
    assert any("entries/v/p00123.yaml" in message for message in twin_found)


def _at(model: Paper, i: int) -> Located[Paper]:
    return located(model, f"entries/v/p{i:05d}.yaml")


def _count(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the choices handed to rapidfuzz: it scores each one once against the query."""
    calls = {"n": 0}
    real = process.extract

    def extract(query: str, choices: dict[int, str], **kwargs: Any) -> Any:
        calls["n"] += len(choices)
        return real(query, choices, **kwargs)

    # bot.text.titles imports rapidfuzz when it first compares titles: patch the module itself.
    monkeypatch.setattr(process, "extract", extract)
    return calls


def test_a_few_selected_papers_see_what_the_full_run_reports_for_them() -> None:
    """A synthetic corpus with planted near-duplicates and shared links: each paper
    alone (the pull-request path, no blocks) is told exactly what the full run says."""
    rng = random.Random(3)
    titles = synthetic_titles(3000, rng)
    models = [paper(t, "S", links=_arxiv(f"https://arxiv.org/abs/2401.{i:05d}"))
              for i, t in enumerate(titles)]  # fmt: skip
    planted = rng.sample(range(len(models)), 60)
    for k, i in enumerate(planted):
        title = models[i].title + ("s" if k % 2 else "")
        url = models[i].links[0].url if k % 3 == 0 else f"https://example.org/{k}"
        models.append(paper(title, "S", links=_arxiv(url)))
    corpus = Corpus(Path())
    corpus.venues["v"] = VenueData("v", None, [_at(m, i) for i, m in enumerate(models)])
    everything = _run(corpus)
    assert len({d.path for d in everything}) >= 100
    reported = sorted({d.path for d in everything})
    for path in reported[::3] + [p.path for p in corpus.papers()[:20]]:
        assert _run(corpus, path) == [d for d in everything if d.path == path]
    several = reported[:10]
    assert len(several) <= duplicates.FEW
    assert _run(corpus, *several) == [d for d in everything if d.path in several]


def _doi(doi: str = "10.1145/3620665.3640366") -> list[dict[str, str]]:
    return [{"kind": "DOI", "url": f"https://doi.org/{doi}"}]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Elastic Key-Value Stores", "Learned Compaction Schedules"),
        ("FlashX-2: Fast Attention on GPUs", "FlashX-3: Fast Attention on GPUs"),  # two systems
    ],
)
def test_one_identifier_on_two_different_titles_is_told_as_such(one: str, other: str) -> None:
    corpus = _corpus(
        ("v/one", paper(one, "S", links=_doi())), ("v/two", paper(other, "S", links=_doi()))
    )
    found = _run(corpus, "entries/v/one.yaml")
    assert [d.severity for d in found] == [Severity.ERROR]
    assert found[0].message == (
        f"DOI 10.1145/3620665.3640366 is linked by entries/v/two.yaml:1 ('{other}') too, under "
        "another title: if both are one paper keep one file, else correct the wrong link"
    )


@pytest.mark.parametrize(
    "other",
    [
        "Elastic Key-Value Stores",
        "Elastic Key-Value Stores on Disaggregated Memory",  # a subtitle added: one paper
        "Elastic Key Value Store",
    ],
)
def test_one_identifier_on_one_title_is_the_same_paper(other: str) -> None:
    corpus = _corpus(
        ("v/one", paper("Elastic Key-Value Stores", "S", links=_doi())),
        ("v/two", paper(other, "S", links=_doi())),
    )
    found = _run(corpus, "entries/v/one.yaml")
    assert [d.message.split(" (")[0] for d in found] == ["the same paper as entries/v/two.yaml:1"]


def _named(corpus: Corpus, **names: str) -> Corpus:
    """``corpus`` with a loaded venue file for each folder named (folder=name)."""
    for slug, name in names.items():
        venue = Venue.model_validate({"name": name})
        corpus.venues[slug].venue = Located(f"entries/{slug}/venue.yaml", venue, Positions())
    return corpus


def _twice(one: str, other: str) -> Corpus:
    same = paper("Speculative Storage Writes", "S", links=_doi())
    return _corpus((f"{one}/a", same), (f"{other}/a", same))


def test_the_same_paper_in_two_folders_of_one_venue_is_an_error() -> None:
    corpus = _named(
        _twice("mlsys-2025", "mlsys25"), **{"mlsys-2025": "MLSys 2025", "mlsys25": "MLSys 2025"}
    )
    found = _run(corpus)
    assert [d.severity for d in found] == [Severity.ERROR, Severity.ERROR]
    assert found[0].message.endswith(
        "both link DOI 10.1145/3620665.3640366, in another folder of the venue MLSys 2025: keep one"
    )


@pytest.mark.parametrize(
    "names",
    [
        {"a-2025": "MLSys 2025", "b-2025": "MLSys 2025 Workshop on Storage"},
        {"a-2024": "OSDI", "b-2025": "OSDI"},  # two editions: the folders give the years
        {"a-2025": "MLSys 2025"},  # b's venue file did not load: nothing says it is one venue
    ],
)
def test_the_same_paper_in_two_venues_is_a_warning(names: dict[str, str]) -> None:
    folders = sorted({*names, "b-2025"})
    corpus = _named(_twice(*folders), **names)
    assert [d.severity for d in _run(corpus)] == [Severity.WARNING, Severity.WARNING]
    assert _run(corpus)[0].message.startswith("also listed in ")


def test_one_system_name_is_one_paper_whatever_its_subtitle() -> None:
    corpus = _corpus(
        ("v/one", paper("XGrammar: an Earlier Version", "S", links=_doi())),
        (
            "v/two",
            paper("XGrammar: Flexible and Efficient Structured Generation", "S", links=_doi()),
        ),
    )
    found = _run(corpus, "entries/v/one.yaml")
    assert [d.message.split(" (")[0] for d in found] == ["the same paper as entries/v/two.yaml:1"]
