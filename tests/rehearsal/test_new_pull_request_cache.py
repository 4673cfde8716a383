"""Scenario 4 of issue 21: after a merge, regenerate.yml's `cache` job saves the whole
list's caches on the default branch; a new pull request's validate job restores them
and keeps them. A cache a pull request's own earlier run saved (with a changed
validate.yml) is restored by GitHub first, and thrown away by `paperbot trust-cache`;
another pull request's cache is never restored at all.

How fast the restored check is, is bench/README.md's row "new PR on GitHub": the
rehearsal shows that the cache arrives and is used, the benchmark what it saves."""

from __future__ import annotations

from pathlib import Path

from hosting import Platform, git
from merges import merge
from runner import RunResult, describe
from test_merge_scenarios import ZETA, open_pull_request, regenerate
from test_pull_request_scenarios import PAPER, by_name, paper

RESTORE = "Restore the caches the default branch saved after its last merge"
TRUST = "Keep them only if this pull request's runs saved no such cache"
CHECK = "Check the changed entries"
ETA = "Eta: Batching Requests Across Large Language Models"
FORGED_KEY = b"forged by an earlier push".ljust(32, b".")

# An earlier push of pull request 9 adds these steps before the check: they save a
# forged cache folder under the very key the clean validate.yml restores.
FORGE = """
      - name: Forge a cache
        env:
          FORGED: ${{ runner.temp }}/paperbot-cache
        run: |
          mkdir -p "$FORGED"
          printf '%s' 'forged by an earlier push.......' > "$FORGED/seal.key"
          chmod 600 "$FORGED/seal.key"

      - name: Save it where the next push looks first
        uses: actions/cache/save@55cc8345863c7cc4c66a329aec7e433d2d1c52a9 # v6.1.0
        with:
          path: ${{ runner.temp }}/paperbot-cache
          key: paperbot-checked-${{ github.event.pull_request.base.sha }}
"""


def job_cache(github: Platform, run: RunResult, job: str) -> Path:
    """The cache folder the job left on its runner (under its RUNNER_TEMP)."""
    (folder,) = (github.root / f"run-{run.run_id}-{run.workflow}").glob(f"{job}-*/temp")
    return folder / "paperbot-cache"


def seed_default_cache(github: Platform, links: str) -> tuple[str, bytes]:
    """Pull request 7 merged; regenerate's `cache` job saves the default branch's caches.
    Returns the key and the seal key of the saved folder."""
    open_pull_request(github, 7, links, ZETA)
    runs = merge(github, 7)
    merged = github.rev("refs/heads/main")
    result = regenerate(runs).finish()
    assert result.conclusion == "success", describe(result)
    cache = result.jobs["cache"]
    for step in ("Check the whole list", "Index the papers for pull requests"):
        assert cache.step(step).outcome == "success", describe(result)
    key = f"paperbot-checked-{merged}"
    saved = [(scope, k) for scope, k, _ in github.caches]
    assert saved == [("refs/heads/main", key)], saved
    folder = github.caches[0][2]
    assert (folder / "papers.marshal").is_file()  # the index a pull request reads
    return key, (folder / "seal.key").read_bytes()


def poisoned_pull_request(github: Platform, links: str) -> RunResult:
    """Pull request 9's first push changes validate.yml to save a forged cache in the
    pull request's own scope; its second push is clean. Returns the second validate run."""
    work = github.clone("fork-9")
    (work / PAPER).write_text(paper(links, fixed=False), encoding="utf-8")
    workflow = work / ".github/workflows/validate.yml"
    clean = workflow.read_text(encoding="utf-8")
    at = clean.index(f"      - name: {CHECK}")
    workflow.write_text(clean[:at] + FORGE.lstrip("\n") + "\n" + clean[at:], encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Add Zeta")
    first = by_name(github.pull_request(9, work, action="opened", only={"validate"}))
    forged = [(scope, key) for scope, key, _ in github.caches if scope == "refs/pull/9/merge"]
    assert len(forged) == 1, describe(first["validate"])

    workflow.write_text(clean, encoding="utf-8")
    git(work, "commit", "-q", "-am", "Undo the workflow change")
    second = by_name(github.pull_request(9, work, only={"validate"}))["validate"]
    validate = second.jobs["validate"]
    # GitHub looked in the pull request's own scope first: the forged folder came back.
    assert validate.step(RESTORE).outputs["cache-matched-key"] == forged[0][1], describe(second)
    assert validate.step(RESTORE).outputs["cache-hit"] == "true"
    return second


def test_a_new_pull_request_restores_and_keeps_the_default_branch_cache(
    github: Platform, links: str
) -> None:
    key, seal = seed_default_cache(github, links)
    # Another pull request's cache (pull request 9's forged one) must never reach 8.
    poisoned_pull_request(github, links)

    work = github.clone("fork-8")
    slug = ETA.split(":")[0].lower()
    text = paper(links, fixed=True).replace(ZETA, ETA).replace("/zeta", f"/{slug}")
    (work / f"entries/mlsys-2025/{slug}.yaml").write_text(text, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "Add Eta")
    run = by_name(github.pull_request(8, work, action="opened"))["validate"]
    validate = run.jobs["validate"]

    assert validate.result == "success", describe(run)
    # Its base is the publish job's commit on top of the merge: the newest cache of the
    # default branch is found by the restore-keys prefix.
    assert validate.step(RESTORE).outputs["cache-matched-key"] == key, describe(run)
    restored = [e for e in github.cache_log if e[0] == "refs/pull/8/merge" and e[1] == "restore"]
    assert restored == [("refs/pull/8/merge", "restore", key, "refs/heads/main")]
    assert "saved a cache under 'paperbot-checked-': kept" in validate.step(TRUST).log
    # The check ran on that very folder: a cold run would have made a key of its own.
    assert (job_cache(github, run, "validate") / "seal.key").read_bytes() == seal


def test_a_cache_the_pull_request_saved_itself_is_thrown_away(github: Platform, links: str) -> None:
    scenario_four_poisoned(github, links)


def scenario_four_poisoned(github: Platform, links: str) -> None:
    """Also run on broken copies of validate.yml by test_mutations.py, where it must fail."""
    run = poisoned_pull_request(github, links)
    validate = run.jobs["validate"]
    used = (job_cache(github, run, "validate") / "seal.key").read_bytes()
    assert used != FORGED_KEY, "the check started from the forged cache\n" + describe(run)
    assert "the restored cache was removed" in validate.step(TRUST).log, describe(run)
    assert any(a.properties.get("title") == "paperbot cache" for a in validate.annotations)
    # Checked without it, as a plain run: the three mistakes are all reported.
    assert validate.step(CHECK).outcome == "failure", describe(run)
    assert len([a for a in validate.annotations if a.level == "error"]) >= 3, describe(run)
