"""Scenario 3 of issue 21: the pull request is merged, and regenerate.yml renders
README.md and schema/ with a read-only token, then pushes them with git over HTTP,
without force; two merges racing still leave one correct README on the tip."""

from __future__ import annotations

from hosting import Platform, git
from merges import Pending, merge
from runner import RunResult, describe
from test_pull_request_scenarios import paper

REGENERATED = "Regenerate README.md and schema/ from the entries"
ZETA = "Zeta: Fast Serving of Large Language Models"
ETA = "Eta: Batching Requests Across Large Language Models"
PUBLISH_STEP = "Commit when changed, push (again on a newer tip if needed)"


def open_pull_request(github: Platform, number: int, links: str, title: str) -> None:
    """A contributor's valid paper, pushed to pull request ``number`` (whose own check,
    scenario 1's business, is not run here)."""
    work = github.clone(f"fork-{number}")
    slug = title.split(":")[0].lower()
    text = paper(links, fixed=True).replace(ZETA, title).replace("/zeta", f"/{slug}")
    (work / f"entries/mlsys-2025/{slug}.yaml").write_text(text, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", f"Add {title}")
    assert github.workflows_for_pull_request(number, work) == ["validate"]
    github.fake.pulls[number]["title"] = f"Add {title.split(':')[0]}"


def regenerate(runs: dict[str, Pending]) -> Pending:
    assert set(runs) == {"regenerate"}, sorted(runs)  # a paper-only merge: not ci
    return runs["regenerate"]


def show(github: Platform, path: str, ref: str = "refs/heads/main") -> str:
    return git(github.origin, "show", f"{ref}:{path}")


def first_parents(github: Platform, since: str) -> list[str]:
    return git(github.origin, "log", "--first-parent", "--format=%s", f"{since}..main").split("\n")


def assert_no_force(github: Platform, old: str, *kept: str) -> None:
    for commit in (old, *kept):
        git(github.origin, "merge-base", "--is-ancestor", commit, "refs/heads/main")


def assert_published(run: RunResult) -> None:
    assert run.conclusion == "success", describe(run)
    assert "publish-generated: pushed" in run.jobs["publish"].step(PUBLISH_STEP).log, describe(run)


def scenario_three(github: Platform, links: str) -> None:
    """The merge, its regenerate run and a re-run (also run on broken copies of the
    workflows by test_mutations.py, where it must fail)."""
    old = github.rev("refs/heads/main")
    open_pull_request(github, 7, links, ZETA)
    run = regenerate(merge(github, 7))
    merged = github.rev("refs/heads/main")
    result = run.finish()
    assert_published(result)
    render = [t for t in github.git.granted if t.startswith("ghs_rehearsal_render_")]
    assert [github.git.granted[t] for t in render] == [False]  # read-only: it cannot push
    assert first_parents(github, old) == [
        REGENERATED,
        "Merge pull request #7 from contributor/paper-7",
    ]
    assert github.rev("refs/heads/main^1") == merged
    assert_no_force(github, old, merged)
    changed = git(github.origin, "diff", "--name-only", merged, "refs/heads/main").split()
    assert "README.md" in changed and all(
        f == "README.md" or f.startswith(("schema/", "exports/")) for f in changed
    ), changed
    assert ZETA in show(github, "README.md") and ZETA not in show(github, "README.md", merged)
    # The exports readers cite are published with it (docs/exports.md).
    assert "exports/papers.bib" in changed and ZETA in show(github, "exports/papers.json")
    assert not github.git.refused

    # Nothing new: a second run renders the same files and pushes nothing.
    tip = github.rev("refs/heads/main")
    again = run.rerun().finish()
    assert again.conclusion == "success", describe(again)
    assert "up to date" in again.jobs["publish"].step(PUBLISH_STEP).log
    assert github.rev("refs/heads/main") == tip


def test_a_merge_regenerates_the_readme_and_pushes_it_without_force(
    github: Platform, links: str
) -> None:
    scenario_three(github, links)


def test_two_runs_interleaved_job_by_job_publish_both_papers_once(
    github: Platform, links: str
) -> None:
    old = github.rev("refs/heads/main")
    open_pull_request(github, 7, links, ZETA)
    open_pull_request(github, 8, links, ETA)
    first = regenerate(merge(github, 7))
    first.run_job("render")  # renders Zeta only
    first.run_job("cache")  # the pull requests' caches: no part in the race
    second = regenerate(merge(github, 8, squash=True))
    second.run_job("render")  # renders Zeta and Eta
    second.run_job("cache")
    merges = github.rev("refs/heads/main")
    a = first.run_job("publish")
    b = second.run_job("publish")
    assert a.conclusion == "success", describe(a)
    # The first run's files predate Eta's merge: it leaves the push to the second run.
    assert "the regenerate run they started publishes" in a.jobs["publish"].step(PUBLISH_STEP).log
    assert_published(b)
    assert first_parents(github, old) == [
        REGENERATED,
        "Add Eta (#8)",
        "Merge pull request #7 from contributor/paper-7",
    ]
    assert_no_force(github, old, merges)
    readme = show(github, "README.md")
    assert ZETA in readme and ETA in readme


def test_a_merge_landing_between_fetch_and_push_is_not_overwritten(
    github: Platform, links: str
) -> None:
    old = github.rev("refs/heads/main")
    open_pull_request(github, 7, links, ZETA)
    open_pull_request(github, 8, links, ETA)
    first = regenerate(merge(github, 7))
    first.run_job("render")
    first.run_job("cache")
    landed: dict[str, Pending] = {}
    # Eta's merge lands after the publish job fetched main and before its push arrives.
    github.git.before_push.append(lambda: landed.update(merge(github, 8)))
    a = first.run_job("publish")
    assert a.conclusion == "success", describe(a)
    log = a.jobs["publish"].step(PUBLISH_STEP).log
    assert "trying again on its new tip" in log, describe(a)
    assert "the regenerate run they started publishes" in log, describe(a)
    merges = github.rev("refs/heads/main")
    assert first_parents(github, old) == [
        "Merge pull request #8 from contributor/paper-8",
        "Merge pull request #7 from contributor/paper-7",
    ]
    b = regenerate(landed).finish()
    assert_published(b)
    assert first_parents(github, old)[0] == REGENERATED
    assert_no_force(github, old, merges)
    readme = show(github, "README.md")
    assert ZETA in readme and ETA in readme
