"""Scenarios 1 and 2 of issue 21: a fork's pull request with three mistakes, then its
fix, through validate.yml and comment.yml as GitHub would run them."""

from __future__ import annotations

from pathlib import Path

from hosting import Platform, git
from runner import RunResult, describe

PAPER = "entries/mlsys-2025/zeta.yaml"


def paper(links: str, *, fixed: bool) -> str:
    category = "[Large Language Models (LLMs), LLM Inference]" if fixed else "[LLM Inferense]"
    lines = [
        "title: 'Zeta: Fast Serving of Large Language Models'",
        f"category: {category}",
        "links:",
        "  - kind: Paper",
        f"    url: {links}/ok/zeta" if fixed else f"    url: {links}/gone/zeta",
        "  - kind: Slides",
        f"    url: {links}/ok/zeta-slides" if fixed else f"    url: {links}/gone/zeta",
    ]
    return "\n".join(lines) + "\n"


def contribute(github: Platform, text: str, work: Path | None = None) -> Path:
    work = work or github.clone("fork")
    (work / PAPER).write_text(text, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Add Zeta")
    return work


def by_name(runs: list[RunResult]) -> dict[str, RunResult]:
    assert len({r.workflow for r in runs}) == len(runs), [r.workflow for r in runs]
    return {r.workflow: r for r in runs}


def first_pull_request(github: Platform, links: str) -> tuple[Path, dict[str, RunResult]]:
    work = contribute(github, paper(links, fixed=False))
    return work, by_name(github.pull_request(7, work, action="opened"))


def test_three_mistakes_fail_validate_and_post_one_comment(github: Platform, links: str) -> None:
    scenario_one(github, links)


def scenario_one(github: Platform, links: str) -> None:
    """What GitHub shows after the first push (also run on broken copies of the
    workflows by test_mutations.py, where it must fail)."""
    _, runs = first_pull_request(github, links)
    assert set(runs) == {"validate", "comment"}
    validate = runs["validate"].jobs["validate"]
    assert validate.result == "failure", describe(runs["validate"])
    assert validate.step("Check the changed entries").outcome == "failure", describe(
        runs["validate"]
    )
    # if: always(): the report crosses to the comment job even though the check failed.
    assert validate.step("Upload the report for the comment job").outcome == "success"
    places = {
        (a.level, a.properties.get("file"), a.properties.get("line")) for a in validate.annotations
    }
    assert ("error", PAPER, "2") in places  # the misspelt category
    assert any(level == "error" and line in ("5", "7") for level, _, line in places)  # dead link
    assert any(
        level == "warning" and line == "7" for level, _, line in places
    )  # the same URL twice
    assert "LLM Inference" in validate.summary

    comment = runs["comment"].jobs["comment"]
    assert comment.result == "failure", describe(runs["comment"])
    assert comment.step("Download the report of the validate run").outcome == "success"
    assert comment.step("Stop when there is no report").outcome == "skipped"
    # paperbot comment exits 1 on a report with errors: the comment run shows the verdict.
    assert comment.step("Post or update the comment").outcome == "failure"
    posted = github.fake.bot_comments(7)
    assert len(posted) == 1
    assert "LLM Inferense" in posted[0]["body"]
    suggestions = [c["body"] for c in github.fake.review_comments.get(7, [])]
    assert any("```suggestion" in s and "LLM Inference" in s for s in suggestions), suggestions


def test_the_fix_edits_the_same_comment_to_all_clear(github: Platform, links: str) -> None:
    work, _ = first_pull_request(github, links)
    # The fake edits comments in place: keep what the first comment said.
    before = [(c["id"], c["body"]) for c in github.fake.bot_comments(7)]
    assert len(before) == 1 and "LLM Inferense" in before[0][1]
    contribute(github, paper(links, fixed=True), work)
    runs = by_name(github.pull_request(7, work))
    assert runs["validate"].conclusion == "success", describe(runs["validate"])
    assert not [a for a in runs["validate"].annotations if a.level == "error"]
    assert runs["comment"].conclusion == "success", describe(runs["comment"])
    after = github.fake.bot_comments(7)
    assert [c["id"] for c in after] == [before[0][0]]  # the same comment, edited
    assert "every check passed" in after[0]["body"]
    assert "LLM Inferense" not in after[0]["body"]
