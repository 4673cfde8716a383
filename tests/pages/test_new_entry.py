"""What ``paperbot add`` decides about a category, and that it agrees with ``check``."""

from __future__ import annotations

import pytest

from bot.checks.category import nearest
from bot.model.entries import Venue
from bot.model.venue_tree import paths
from bot.pages.new_entry import CategoryNotFound, resolve_category

VENUE = Venue.model_validate(
    {
        "name": "Demo 2025",
        "areas": [
            {
                "name": "Large Language Models (LLMs)",
                "categories": [
                    {"name": "LLM Training"},
                    {"name": "LLM Inference"},
                    {"name": "MoE Inference"},
                ],
            },
            {"name": "Systems", "categories": [{"name": "Storage"}]},
            {"name": "Compilers"},
        ],
    }
)


@pytest.mark.parametrize(
    ("given", "full", "meant"),
    [
        ("LLM Inferense", ("Large Language Models (LLMs)", "LLM Inferense"), "LLM Inference"),
        ("llm training", ("Large Language Models (LLMs)", "llm training"), "LLM Training"),
        ("Storag", ("Systems", "Storag"), "Storage"),
        ("Compiler", ("Compiler",), "Compilers"),
    ],
)
def test_add_and_check_suggest_the_same_category(
    given: str, full: tuple[str, ...], meant: str
) -> None:
    with pytest.raises(CategoryNotFound) as raised:
        resolve_category(given, VENUE, "demo-2025")
    by_check = nearest(full, paths(VENUE))
    assert by_check is not None and by_check[-1] == meant
    assert f"did you mean '{'/'.join(by_check)}'?" in str(raised.value)


def test_an_area_with_categories_is_not_a_place_for_a_paper() -> None:
    with pytest.raises(CategoryNotFound, match=r"'Systems' has categories.*'Systems/Storage'"):
        resolve_category("Systems", VENUE, "demo-2025")
    assert resolve_category("Compilers", VENUE, "demo-2025") == ("Compilers",)
    assert resolve_category("LLM Inference", VENUE, "demo-2025")[-1] == "LLM Inference"
