"""GitHub's heading anchors, as a table of contents must write them."""

from __future__ import annotations

import pytest

from bot.text.heading_anchors import Slugger, github_slug, headings


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("MLSys 2025", "mlsys-2025"),
        ("Large Language Models (LLMs)", "large-language-models-llms"),
        ("Training & Fine-tuning", "training--fine-tuning"),
        ("Super-Resolution", "super-resolution"),
        ("What's new: v2.0!", "whats-new-v20"),
        ("snake_case stays", "snake_case-stays"),
        ("Système d'exploitation", "système-dexploitation"),
        ("大模型 推理", "大模型-推理"),
        ("Emoji 🚀 here", "emoji--here"),
    ],
)
def test_a_heading_text_becomes_githubs_anchor(text: str, anchor: str) -> None:
    assert github_slug(text) == anchor


def test_a_repeated_heading_is_numbered_from_one() -> None:
    slugger = Slugger()

    assert [slugger.anchor(t) for t in ["Papers", "Papers", "Papers-1", "Papers"]] == [
        "papers",
        "papers-1",
        "papers-1-1",
        "papers-2",
    ]


def test_headings_read_the_text_a_reader_sees() -> None:
    page = (
        "# `render` and **bold** [linked](https://example.org) &amp; more\n\n"
        "```\n# not one\n```\n\nSetext\n---\n"
    )

    found = headings(page)

    assert [(h.line, h.level, h.text, h.anchor) for h in found] == [
        (0, 1, "render and bold linked & more", "render-and-bold-linked--more"),
        (6, 2, "Setext", "setext"),
    ]
