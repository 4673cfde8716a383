"""Which of the list's link labels a written label means."""

from __future__ import annotations

import pytest

from bot.model.config import LINK_KINDS
from bot.text.link_labels import Meant, meant, role

KNOWN = list(LINK_KINDS)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Code", None),
        ("code", Meant("Code", "spelling")),
        ("ARXIV", Meant("arXiv", "spelling")),
        ("[Paper]", Meant("Paper", "spelling")),
        ("Github", Meant("Code", "alias")),
        ("Source code", Meant("Code", "alias")),
        ("arXiv preprint", Meant("arXiv", "alias")),
        ("website", Meant("Homepage", "alias")),
        ("Slide", Meant("Slides", "alias")),
        ("YouTube", Meant("Video", "alias")),
        ("Papr", Meant("Paper", "typo")),
        ("Vidoe", Meant("Video", "typo")),
        ("Benchmark Suite", None),
        ("Code (coming...)", None),
        ("Trace", None),
        ("...", None),
    ],
)
def test_what_a_label_means(label: str, expected: Meant | None) -> None:
    assert meant(label, KNOWN) == expected


def test_an_alias_means_a_label_only_if_the_list_has_it() -> None:
    assert meant("talk", ["Paper", "Video"]) is None
    assert meant("talk", ["Paper", "Talk"]) == Meant("Talk", "spelling")
    assert meant("code", ["Paper", "code"]) is None


def test_the_role_is_the_label_meant() -> None:
    assert [role(k, KNOWN) for k in ("GitHub", "arxiv", "pdf", "Personal Notes")] == [
        "code",
        "arxiv",
        "pdf",
        "personalnotes",
    ]
