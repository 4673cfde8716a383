"""The acronym check on pages as curators write them (issue 20): a definition anywhere in
the paper's own text counts for the whole paper, singular and plural are one term, a
heading's definition covers its section, a glossary kept verbatim still defines its
terms, system names are names, and well-known terms need no paperbot.yaml.

Each page is imported with ``paperbot import`` into a repository of its own, and checked
as a pull request would be: these tests see what a maintainer would see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run

HEAD = "# Demo 2025\n\n## Meta Info\n\nHomepage: <https://demo.example.org/2025>\n\n## Papers\n\n"


def _paper(title: str, n: int, *lines: str, indent: str = "") -> str:
    out = f"{indent}* {title} \\[[Paper](https://demo.example.org/2025/p{n})]\n"
    return out + "".join(f"{indent}  * {line}\n" for line in lines)


def _acronyms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], page: str, config: str | None = None
) -> list[str]:
    """The acronyms the check reports for ``page``, as written ('GPUs')."""
    root = tmp_path / "repo"
    (root / "entries").mkdir(parents=True)
    if config is not None:
        (root / "paperbot.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    code, _, err = run(capsys, root, "import", str(tmp_path / "page.md"))
    assert code == 0, err
    code, out, _ = run(capsys, root, "check", "--no-links", "--format", "json")
    assert code in (0, 1)
    found = json.loads(out)["diagnostics"]
    return [d["message"].split("'")[1] for d in found if d["check"] == "acronyms"]


def test_a_definition_in_one_note_covers_the_next_note_and_the_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        HEAD
        + "### Training\n\n"
        + _paper(
            "Tide: Elastic Scheduling of DLT Jobs",
            1,
            "Foo University",
            "Schedules deep learning training (DLT) jobs across clusters",
            "DLT jobs keep their progress when preempted",
            "Predicts the iteration time of DLTs",
        )
    )

    assert _acronyms(tmp_path, capsys, page) == []


def test_a_definition_in_the_title_covers_the_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        HEAD
        + "### Memory\n\n"
        + _paper(
            "Sieve: Placing In-Memory Indexes (IMIs) on Tiered Memory",
            1,
            "Bar Institute",
            "Each IMI is split into hot and cold parts",
        )
    )

    assert _acronyms(tmp_path, capsys, page) == []


def test_a_plural_use_of_a_singular_definition_and_the_other_way_round(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        HEAD
        + "### Memory\n\n"
        + _paper(
            "Sieve: Tiered Memory for Indexes",
            1,
            "Bar Institute",
            "Builds an in-memory index (IMI) per tenant",
            "IMIs share one memory pool",
        )
        + _paper(
            "Weave: Fast Joins",
            2,
            "Baz Lab",
            "Uses remote procedure calls (RPCs)",
            "One RPC per batch",
        )
    )

    assert _acronyms(tmp_path, capsys, page) == []


def test_a_glossary_term_written_in_the_plural_defines_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        HEAD
        + "### Memory\n\n"
        + _paper("Sieve: Tiered Memory for Indexes", 1, "Bar Institute", "One IMI per tenant")
        + "\n## Acronyms\n\n* IMIs: In-Memory Indexes\n"
    )

    assert _acronyms(tmp_path, capsys, page) == []


def test_a_heading_definition_covers_its_whole_section_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        HEAD
        + "### Large Language Models (LLMs)\n\n* LLM Training\n"
        + _paper(
            "Lumen: Modeling LLM Training Time",
            1,
            "Qux University",
            "Predicts LLM step time",
            indent="  ",
        )
        + "* Serving\n"
        + _paper(
            "Orbit: Serving an LLM on Phones",
            2,
            "Qux University",
            "LLM decoding with a small KV cache",
            indent="  ",
        )
    )

    # KV is undefined: the heading's definition covers LLM, nothing else.
    assert _acronyms(tmp_path, capsys, page) == ["KV"]


@pytest.mark.parametrize(
    "glossary",
    [
        "RLHF: Reinforcement Learning from Human Feedback\nMoE: Mixture-of-Experts\n",
        "- RLHF: Reinforcement Learning from Human Feedback\n- MoE: Mixture-of-Experts\n",
        "1. **RLHF** - Reinforcement Learning from Human Feedback\n"
        "2. **MoE** - Mixture-of-Experts\n",
        "| Acronym | Meaning |\n| --- | --- |\n"
        "| RLHF | Reinforcement Learning from Human Feedback |\n| MoE | Mixture-of-Experts |\n",
        "* Reinforcement Learning from Human Feedback (RLHF)\n* Mixture-of-Experts (MoE)\n",
    ],
    ids=["plain-lines", "dash-bullets", "numbered-bold", "table", "expansion-first"],
)
def test_an_acronyms_section_kept_verbatim_still_defines_its_terms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], glossary: str
) -> None:
    page = (
        HEAD
        + "### Alignment\n\n"
        + _paper(
            "Tutor: Faster RLHF for MoE Models", 1, "Qux University", "RLHF with sparse MoE layers"
        )
        + "\n## Acronyms\n\n"
        + glossary
    )

    assert _acronyms(tmp_path, capsys, page) == []


def test_an_acronym_the_verbatim_glossary_does_not_list_is_still_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        HEAD
        + "### Alignment\n\n"
        + _paper("Tutor: Faster RLHF", 1, "Qux University", "Cuts the TTFT of RLHF rollouts")
        + "\n## Acronyms\n\nRLHF: Reinforcement Learning from Human Feedback\n"
    )

    assert _acronyms(tmp_path, capsys, page) == ["TTFT"]


def test_bold_system_names_are_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = (
        HEAD
        + "### Serving\n\n"
        + _paper(
            "Relay: Disaggregated Serving at Scale",
            1,
            "Qux University",
            "Built on **vLLM** and **veRL**",
            "Beats vLLM by 2x",
        )
    )

    assert _acronyms(tmp_path, capsys, page) == []


def test_a_name_before_a_colon_in_a_note_is_a_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        HEAD
        + "### Serving\n\n"
        + _paper(
            "Relay: Disaggregated Serving at Scale",
            1,
            "Qux University",
            "Follow-up: SGLang: a structured generation language",
            "Compared with SGLang",
        )
    )

    assert _acronyms(tmp_path, capsys, page) == []


def test_well_known_terms_need_no_paperbot_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        HEAD
        + "### Hardware\n\n"
        + _paper(
            "Pack: Sharing GPUs Between Jobs",
            1,
            "Qux University",
            "GPUs idle half the time",
            "Moves work between CPU and GPU",
            "An AI cluster's PDF of load",
        )
    )

    assert _acronyms(tmp_path, capsys, page) == []


PAGE_WITH_TERMS = (
    HEAD
    + "### Hardware\n\n"
    + _paper(
        "Pack: Sharing GPUs Between Jobs", 1, "Qux University", "Uses the NCCL library", "GPUs idle"
    )
)


def test_a_list_adds_to_the_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _acronyms(tmp_path, capsys, PAGE_WITH_TERMS, "acronyms:\n  allow: [NCCL]\n") == []


def test_a_list_removes_a_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = "acronyms:\n  allow: [NCCL]\n  deny: [GPU]\n"

    # In the title and in the note.
    assert _acronyms(tmp_path, capsys, PAGE_WITH_TERMS, config) == ["GPUs", "GPUs"]


def test_a_list_can_do_without_the_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "acronyms:\n  exclude_defaults: true\n"

    assert _acronyms(tmp_path, capsys, PAGE_WITH_TERMS, config) == ["GPUs", "NCCL", "GPUs"]


def test_product_names_and_versioned_names_are_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = HEAD + "### Storage\n\n" + _paper(
        "Ledger: Fast Key-Value Stores", 1, "Qux University",
        "Integrated into RocksDB and PostgreSQL", "Extends ZeRO-3 and TensorRT-LLM",
        "Beats cuBLAS; runs CUDA kernels", "Scales FaaS workers",
    )  # fmt: skip

    # FaaS is initials (Function-as-a-Service): still an acronym to define.
    assert _acronyms(tmp_path, capsys, page) == ["FaaS"]
