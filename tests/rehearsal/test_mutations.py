"""The rehearsal catches broken glue: the same scenario, run on a copy of the
workflows with one step deleted, one id renamed, one artifact name changed or one
permission dropped, fails (scenario 1 for validate.yml and comment.yml, scenario 3
for regenerate.yml, scenario 5 for sweep.yml).

Each mutation is committed to the default branch first, so the pull request's merge
commit (which validate.yml runs from) and the default branch (which comment.yml runs
from) both carry it, as they would after a careless merge.
"""

from __future__ import annotations

import pytest
from expressions import Unsupported
from hosting import Platform, git
from test_merge_scenarios import PUBLISH_STEP, scenario_three
from test_new_pull_request_cache import TRUST, scenario_four_poisoned
from test_pull_request_scenarios import scenario_one
from test_sweep_scenario import scenario_five


def mutate(github: Platform, workflow: str, old: str, new: str) -> None:
    path = f".github/workflows/{workflow}"
    text = git(github.origin, "show", f"main:{path}") + "\n"
    assert text.count(old) == 1, f"the mutation no longer applies to {path}: {old!r}"
    github.commit_to_default(path, text.replace(old, new), f"break {workflow}")


UPLOAD_STEP = """      - name: Upload the report for the comment job
        if: always()
        uses: actions/upload-artifact@"""


def test_deleting_the_upload_step_fails_scenario_one(github: Platform, links: str) -> None:
    text = git(github.origin, "show", "main:.github/workflows/validate.yml") + "\n"
    start = text.index(UPLOAD_STEP)
    mutate(github, "validate.yml", text[start:], "")
    with pytest.raises(AssertionError, match="Upload the report"):
        scenario_one(github, links)
    # And downstream: no report crossed over, so the comment job stops and posts nothing.
    comment = github.runs[-1].jobs["comment"]
    assert comment.step("Stop when there is no report").outcome == "failure"
    assert github.fake.bot_comments(7) == []


def test_renaming_a_step_id_fails_scenario_one(github: Platform, links: str) -> None:
    # comment.yml reads steps.download.outcome; the renamed id is refused loudly (on
    # GitHub the expression would be null and the job would stop with a wrong reason).
    mutate(github, "comment.yml", "id: download", "id: fetch-report")
    with pytest.raises(Unsupported, match=r"steps\.download"):
        scenario_one(github, links)


def test_breaking_the_artifact_name_fails_scenario_one(github: Platform, links: str) -> None:
    mutate(github, "validate.yml", "name: paperbot-report", "name: paperbot-reports")
    with pytest.raises(AssertionError):
        scenario_one(github, links)
    comment = github.runs[-1].jobs["comment"]
    assert comment.step("Download the report of the validate run").outcome == "failure"
    assert comment.step("Stop when there is no report").outcome == "failure"
    assert any("No paperbot report" in a.properties.get("title", "") for a in comment.annotations)
    assert github.fake.bot_comments(7) == []


def test_breaking_the_report_pattern_fails_scenario_five(github: Platform, links: str) -> None:
    # The issue job downloads the shards' reports by pattern: a pattern that matches no
    # upload finds nothing (download-artifact does not fail on that), and the job stops
    # before it could close the issue on a sweep it never saw.
    mutate(github, "sweep.yml", "pattern: sweep-report-*", "pattern: sweep-reports-*")
    with pytest.raises(AssertionError):
        scenario_five(github, links)
    issue = github.runs[-1].jobs["issue"]
    assert issue.step("Download the shards' reports").outcome == "success"
    assert issue.step("Update the tracking issue").outcome == "failure"
    assert any(a.properties.get("title") == "Missing sweep reports" for a in issue.annotations)
    assert github.fake.issues == {}


DOWNLOAD_NAME = """          name: generated
          path: ${{ runner.temp }}/generated

      - name: Commit when changed"""


def test_renaming_the_artifact_in_one_job_fails_scenario_three(
    github: Platform, links: str
) -> None:
    # render uploads "generated"; publish now asks for "rendered", which no job uploaded.
    mutate(
        github, "regenerate.yml", DOWNLOAD_NAME, DOWNLOAD_NAME.replace("generated", "rendered", 1)
    )
    before = github.rev("refs/heads/main")
    with pytest.raises(AssertionError, match="publish"):
        scenario_three(github, links)
    publish = github.runs[-1].jobs["publish"]
    assert publish.step("Download the rendered files").outcome == "failure"
    assert publish.step(PUBLISH_STEP).outcome == "skipped"
    assert git(github.origin, "rev-list", "--first-parent", "--count", f"{before}..main") == "1"


def test_a_publish_job_without_write_permission_fails_scenario_three(
    github: Platform, links: str
) -> None:
    mutate(github, "regenerate.yml", "contents: write # push", "contents: read # push")
    # The refused pushes are tried again at once (publish-generated.sh's own knob).
    github.runner_extra_env["PUBLISH_BACKOFF"] = "0"
    with pytest.raises(AssertionError, match="publish"):
        scenario_three(github, links)
    publish = github.runs[-1].jobs["publish"]
    assert publish.step(PUBLISH_STEP).outcome == "failure"
    assert "denied to github-actions[bot]" in publish.step(PUBLISH_STEP).log
    assert {status for status, _ in github.git.refused} == {403}


def test_deleting_the_trust_cache_step_fails_scenario_four(github: Platform, links: str) -> None:
    # Without the step, the cache an earlier push of the pull request forged is the one
    # the check starts from.
    text = git(github.origin, "show", "main:.github/workflows/validate.yml") + "\n"
    start = text.index(f"      - name: {TRUST}")
    end = text.index("      - name: Check the changed entries")
    mutate(github, "validate.yml", text[start:end], "")
    with pytest.raises(AssertionError, match="the check started from the forged cache"):
        scenario_four_poisoned(github, links)
