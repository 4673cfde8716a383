"""Scenario 6 of issue 21: which workflows a pull request starts, from the files it
changes and the ``on:`` filters of the workflow files in its merge commit."""

from __future__ import annotations

from hosting import Platform, git, glob_regex


def pull_request_changing(github: Platform, path: str, text: str) -> list[str]:
    work = github.clone(f"fork-{path.replace('/', '-')}")
    target = work / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", f"change {path}")
    return github.workflows_for_pull_request(8, work)


def test_a_paper_only_pull_request_runs_validate_and_not_ci(github: Platform) -> None:
    paper = "title: 'Zeta'\ncategory: [PDF Parsing]\n"
    assert pull_request_changing(github, "entries/mlsys-2025/zeta.yaml", paper) == ["validate"]


def test_a_tool_only_pull_request_runs_ci_and_not_validate(github: Platform) -> None:
    assert pull_request_changing(github, "tests/test_new.py", "def test(): pass\n") == ["ci"]


def test_a_change_to_paperbot_itself_runs_both(github: Platform) -> None:
    # validate.yml lists bot/**: a pull request's check runs the pull request's paperbot.
    assert pull_request_changing(github, "bot/new_module.py", "\n") == ["ci", "validate"]


def test_path_globs_follow_github() -> None:
    assert glob_regex("entries/**").fullmatch("entries/mlsys-2025/a.yaml")
    assert not glob_regex("entries/*").fullmatch("entries/mlsys-2025/a.yaml")
    assert glob_regex("**/package-lock.json").fullmatch("package-lock.json")
    assert not glob_regex("paperbot.yaml").fullmatch("entries/paperbot.yaml")
