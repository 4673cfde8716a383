"""bot.text.acronym_words: which glossary terms a text uses, and which words look like acronyms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.acronym_words import (
    SystemNames,
    _find_acronyms,
    after_system_name,
    find_acronyms,
    first_uses,
    inline_definitions,
    is_acronym,
    names_in,
    singular,
    system_name,
    term_pattern,
    verbatim_glossary,
    with_singulars,
)


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


# --- acronym-like tokens ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GPU", [("GPU", "GPU")]),
        ("RLHF Training", [("RLHF", "RLHF")]),
        ("MoE and LoRA", [("MoE", "MoE"), ("LoRA", "LoRA")]),
        ("Adaptive vCPU use", [("vCPU", "vCPU")]),
        ("AIOps", [("AIOps", "AIOps")]),
        ("AdamW-level", []),  # a name (the optimizer): a word, then a capital
        ("IoT", [("IoT", "IoT")]),
        ("many LLMs", [("LLMs", "LLM")]),
        ("GPUs and MoEs and LoRAs", [("GPUs", "GPU"), ("MoEs", "MoE"), ("LoRAs", "LoRA")]),
        ("LLMes", [("LLMes", "LLM")]),
        ("LUT-based, SGD-like", [("LUT", "LUT"), ("SGD", "SGD")]),
        ("the GPU's memory", [("GPU", "GPU")]),
        ("**RDMA**", [("RDMA", "RDMA")]),
        ("AI, not A", [("AI", "AI")]),
    ],
)
def test_acronym_like_tokens_and_what_a_definition_must_name(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t.text, t.term) for t in find_acronyms(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "A", "I think", "A I",  # single capitals
        "Part II", "III", "IV", "XIV",  # Roman numerals
        "does NOT scale", "ONLY here", "NOTE: later",  # shouted English words
        "DO NOT MERGE THIS",  # a shouted sentence
        "PyTorch", "DiffServe", "GitHub", "McDonald", "RocksDB", "cuDNN",  # CamelCase names
        "W4A8KV4", "FP16", "A100", "3D", "GPT4o",  # notations with digits
        "KV_CACHE", "`GPU` in code", "https://example.org/GPU", "[x](https://e.org/ABC)",
        "iPhone", "lowercase only", "",
    ],
)  # fmt: skip
def test_words_that_are_not_acronyms(text: str) -> None:
    assert find_acronyms(text) == []


def test_offsets_are_in_the_original_text_and_start_skips_a_prefix() -> None:
    text = "See `code` then https://x.org/A then GPU and TPU"

    assert [(t.text, t.start) for t in find_acronyms(text)] == [("GPU", 37), ("TPU", 45)]
    assert [t.text for t in find_acronyms(text, 40)] == ["TPU"]


def test_camel_case_is_not_an_acronym_nor_a_capital_run_after_a_word() -> None:
    assert not is_acronym("FlashInfer")
    # Names built from a word and capitals, not initials (measured: tests/data/precision).
    assert not is_acronym("OpenAI")
    assert not is_acronym("TensorRT")
    assert not is_acronym("RocksDB")
    assert not is_acronym("cuBLAS")
    # Initials with one lower-case letter among them stay acronyms.
    assert is_acronym("FaaS")
    assert is_acronym("MoE")
    assert is_acronym("vCPU")
    assert is_acronym("eBPF")


@pytest.mark.parametrize(
    ("word", "stem"),
    [("LLMs", "LLM"), ("vCPUs", "vCPU"), ("IDs", "ID"), ("AIOps", "AIOps"), ("GPU", "GPU")],
)
def test_singular(word: str, stem: str) -> None:
    assert singular(word) == stem


@pytest.mark.parametrize(
    ("text", "defined"),
    [
        ("Large Language Models (LLMs)", {"LLM", "LLMs"}),
        ("Long Words (LW)", {"LW"}),
        ("Key-Value ( KV ) caches", {"KV"}),
        ("Mixture-of-Experts (MoE) and (GPU)", {"MoE", "GPU"}),
        ("Systems (2025)", set()),
        ("Storage (fast)", set()),
        ("Large Language Models (the LLMs)", set()),
    ],
)
def test_inline_definitions(text: str, defined: set[str]) -> None:
    assert inline_definitions(text) == defined


@pytest.mark.parametrize(
    ("title", "name", "start"),
    [
        ("QServe: W4A8KV4 Quantization", "QServe", 7),
        ("AI Metropolis: Scaling", "AI Metropolis", 14),
        ("Scaling with MPMD Pipelines", "", 0),
        ("A: B: C", "A", 2),
    ],
)
def test_the_system_name_is_the_part_before_the_first_colon(
    title: str, name: str, start: int
) -> None:
    assert system_name(title) == name
    assert after_system_name(title) == start


def test_a_system_name_mentioned_in_a_text_covers_its_acronyms() -> None:
    names = SystemNames(["NEO: Offloading", "HyC-LoRA: Compression", "Plain Title", "LServe: x"])
    text = "Unlike NEO's offloading and NEOX, with HyC-LoRA; NEOs; LServe-style; LoRA alone"

    covered = [t.text for t in find_acronyms(text) if names.covers(text, t)]

    assert covered == ["NEO", "HyC", "LoRA", "NEOs", "LServe"]


_TEXT_PIECES = [
    "LLM", "LLMs", "LoRA", "MoE", "vCPU", "GPU", "II", "NOT", "Ab", "aB", "PyTorch", "x", " ",
    "-", "(", ")", "`", "https://X.org/AB", "](http://Y.Z)", "<a:B>", "_", "7", "\u00c9T",
    "\u00e9", "\u0394\u03a3", "DO", "Es", "s", "es",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.sampled_from(_TEXT_PIECES), max_size=12).map("".join) | st.text(max_size=30),
    st.integers(0, 20),
)
def test_the_fast_path_finds_what_the_general_one_finds(text: str, start: int) -> None:
    assert find_acronyms(text, start) == _find_acronyms(text, start)


def test_names_are_bold_words_words_before_a_colon_and_versioned_words() -> None:
    assert names_in("Built on **vLLM** and __eBPF__") == {"vLLM", "eBPF"}
    assert names_in("Follow-up: SGLang: a language") == {"SGLang"}
    assert names_in("Extends ZeRO-3 and TensorRT-LLM") == {"ZeRO", "LLM"}
    # A plain mention, or a term before a hyphen and a word, is no name.
    assert names_in("Cuts TTFT; LUT-based; uses vLLM") == set()


def test_a_verbatim_glossary_ends_at_the_next_heading_of_its_level() -> None:
    lines = [
        "## Acronyms", "", "RLHF: Reinforcement Learning from Human Feedback",
        "### More", "- `MoE` = Mixture-of-Experts",
        "## References", "KV: not a glossary here", "* Time To First Token (TTFT)",
    ]  # fmt: skip

    assert verbatim_glossary(lines) == {"RLHF", "MoE"}


def test_a_plural_glossary_term_defines_its_singular() -> None:
    assert with_singulars(["IMIs", "GPU"]) == {"IMIs", "IMI", "GPU"}
