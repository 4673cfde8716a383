"""bot.acronyms: which glossary terms a text uses."""

from __future__ import annotations

import pytest

from bot.acronyms import first_uses, term_pattern


def test_no_terms_no_pattern() -> None:
    assert term_pattern([]) is None
    assert first_uses(["LLM"], []) == []


@pytest.mark.parametrize(
    "text",
    ["LLM", "an LLM here", "LLMs", "(LLMs)", "LLM-based", "LLM.", "LLM: x", "many LLMes"],
)
def test_whole_words_plurals_and_hyphenated_forms_are_uses(text: str) -> None:
    assert first_uses([text], ["LLM"]) == ["LLM"]


@pytest.mark.parametrize("text", ["VoLUT", "LUTs2", "xLUT", "LUT_table", "lut", "LUTS", ""])
def test_a_term_inside_a_longer_word_or_in_another_case_is_not_a_use(text: str) -> None:
    assert first_uses([text], ["LUT"]) == []


def test_terms_are_listed_in_order_of_first_use_across_texts() -> None:
    texts = ["MoE and LoRA", "RLHF", "LoRA again, then LUT-based"]

    assert first_uses(texts, ["LUT", "RLHF", "LoRA", "MoE", "GPU"]) == [
        "MoE", "LoRA", "RLHF", "LUT",
    ]  # fmt: skip


def test_longer_term_wins_over_its_prefix() -> None:
    assert first_uses(["LLMs"], ["LLM", "LLMs"]) == ["LLMs"]
    assert first_uses(["LLM-based"], ["LLM", "LLMs"]) == ["LLM"]


def test_terms_with_regex_characters_are_matched_literally() -> None:
    assert first_uses(["C++ compilers"], ["C++"]) == ["C++"]
    assert first_uses(["CXX"], ["C.X"]) == []
