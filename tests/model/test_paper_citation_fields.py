"""The optional ``doi:`` and ``authors:`` of a paper: what they accept and what they say."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.model.entries import Paper

BASE = {"title": "Tessel: Tiling Tensors", "category": ["Compilers"]}


def test_both_are_optional_and_default_to_nothing() -> None:
    paper = Paper.model_validate(BASE)
    assert (paper.doi, paper.authors) == (None, [])


def test_a_doi_and_authors_are_kept_as_written() -> None:
    paper = Paper.model_validate(
        {**BASE, "doi": "10.1145/3600006.3613165", "authors": ["Grace Hopper", "Barbara Liskov"]}
    )
    assert paper.doi == "10.1145/3600006.3613165"
    assert paper.authors == ["Grace Hopper", "Barbara Liskov"]


@pytest.mark.parametrize(
    ("doi", "message"),
    [
        ("https://doi.org/10.1145/3600006.3613165", "not a link or 'doi:'"),
        ("doi:10.1145/3600006.3613165", "not a link or 'doi:'"),
        ("10.1145/3600006 3613165", "the form 10.NNNN/suffix, without spaces"),
        ("3600006.3613165", "the form 10.NNNN/suffix"),
    ],
)
def test_a_doi_that_is_a_link_or_malformed_says_what_to_write(doi: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Paper.model_validate({**BASE, "doi": doi})


@pytest.mark.parametrize("name", ["", " Grace Hopper", "Grace\nHopper", "G" * 501])
def test_an_author_is_one_line_of_text(name: str) -> None:
    with pytest.raises(ValidationError):
        Paper.model_validate({**BASE, "authors": [name]})
