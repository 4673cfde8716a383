"""The cache stand-in scopes entries as GitHub does (groundwork for scenario 4): a pull
request restores its own caches first, then its base branch's, and never a cache
another pull request saved."""

from __future__ import annotations

from hosting import Platform
from runner import RunResult, describe

PROBE = """
name: probe
on: [push, pull_request]
permissions: {}
jobs:
  probe:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/cache@55cc8345863c7cc4c66a329aec7e433d2d1c52a9 # v6.1.0
        id: cache
        with:
          path: ${{ runner.temp }}/store
          key: probe-${{ github.run_id }}
          restore-keys: probe-
      - env:
          WHO: ${{ github.ref }}
        run: |
          mkdir -p "$RUNNER_TEMP/store"
          who="$(cat "$RUNNER_TEMP/store/who" 2>/dev/null || echo nothing)"
          echo "restored: $who" >> "$GITHUB_STEP_SUMMARY"
          echo "$WHO" > "$RUNNER_TEMP/store/who"
"""


def probe(github: Platform, ref: str, base_ref: str = "") -> str:
    run: RunResult = github._run(
        "probe",
        PROBE,
        event_name="pull_request" if base_ref else "push",
        payload={},
        sha=github.rev("refs/heads/main"),
        ref=ref,
        base_ref=base_ref,
        head_ref="",
    )
    assert run.conclusion == "success", describe(run)
    return run.jobs["probe"].summary.strip()


def test_a_pull_request_restores_its_own_then_its_base_never_another_pull_request(
    github: Platform,
) -> None:
    assert probe(github, "refs/heads/main") == "restored: nothing"
    assert probe(github, "refs/pull/1/merge", "main") == "restored: refs/heads/main"
    # Pull request 1 saved a cache in its own scope; pull request 2 must not see it.
    assert probe(github, "refs/pull/2/merge", "main") == "restored: refs/heads/main"
    assert probe(github, "refs/pull/1/merge", "main") == "restored: refs/pull/1/merge"
    saved = [(scope, key) for scope, key, _ in github.caches]
    assert [s for s, _ in saved] == [
        "refs/heads/main",
        "refs/pull/1/merge",
        "refs/pull/2/merge",
        "refs/pull/1/merge",
    ]
