"""bot.text.slugs: file names derived from titles."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.slugs import paper_slug, slugify, unique

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("MLSys 2025", "mlsys-2025"),
        ("  Hello,  World!  ", "hello-world"),
        ("Über Café", "uber-cafe"),
        ("数据", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("XGrammar: Flexible and Efficient Structured Generation Engine", "xgrammar"),
        ("HyC-LoRA: Memory Efficient LoRA Fine-tuning", "hyc-lora"),
        ("AI Metropolis: Scaling Large Language Model-based Simulation", "ai-metropolis"),
        (
            "Training Ultra Long Context Language Model with Fully Pipelined Transformer",
            "training-ultra-long-context-language-model",
        ),
        (
            "Self-Data Distillation for Recovering Quality in Pruned Large Language Models",
            "self-data-distillation-recovering-quality-pruned",
        ),
        ("The Art of the Deal", "art-deal"),
        ("A", "paper"),
        ("数据: 中文", "paper"),
    ],
)
def test_paper_slug(title: str, slug: str) -> None:
    assert paper_slug(title) == slug


def test_a_long_head_before_the_colon_is_not_a_system_name() -> None:
    title = "Scaling Deep Learning Training Across Many Many Clusters: A Study"

    assert paper_slug(title) == "scaling-deep-learning-training-across-many"


@given(st.text(max_size=80))
def test_every_paper_slug_is_a_valid_file_stem(title: str) -> None:
    assert SLUG.match(paper_slug(title))


def test_unique_appends_the_first_free_number() -> None:
    assert unique("x", []) == "x"
    assert unique("x", ["x"]) == "x-2"
    assert unique("x", {"x": 1, "x-2": 2}) == "x-3"
