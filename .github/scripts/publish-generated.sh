#!/usr/bin/env bash
# Regenerate README.md and schema/ on the newest tip of BRANCH and push them when they
# changed, without ever losing a commit.
#
#   publish-generated.sh BRANCH
#
# Run from the repository root, with an `origin` remote that accepts pushes. Each
# attempt fetches BRANCH, moves to its tip, regenerates and commits only when
# something changed, and pushes without force. When another commit lands first, the
# push is rejected and the next attempt rebases the regeneration onto the new tip by
# recomputing it there: the generated files are a pure function of the data, so
# recomputing is the conflict-free way to rebase them, and the other commit is kept.
#
# Environment: PAPERBOT (the command, split on spaces; default `paperbot`), PUBLISH_ATTEMPTS (default 5),
# PUBLISH_BACKOFF (seconds, multiplied by the attempt number; default 3).
set -euo pipefail

main() {
    local branch="${1:?usage: publish-generated.sh BRANCH}"
    local attempts="${PUBLISH_ATTEMPTS:-5}"
    local backoff="${PUBLISH_BACKOFF:-3}"
    local attempt paperbot
    read -r -a paperbot <<<"${PAPERBOT:-paperbot}"

    for ((attempt = 1; attempt <= attempts; attempt++)); do
        git fetch --quiet origin "refs/heads/${branch}:refs/remotes/origin/${branch}"
        # Generated files only ever come from the data at the tip: nothing local to keep.
        git reset --quiet --hard "origin/${branch}"

        "${paperbot[@]}" render
        "${paperbot[@]}" schema
        git add -- README.md schema
        if git diff --cached --quiet; then
            echo "publish-generated: README.md and schema/ are up to date"
            return 0
        fi
        git commit --quiet -m "Regenerate README.md and schema/ from the entries"
        if git push --quiet origin "HEAD:refs/heads/${branch}"; then
            echo "publish-generated: pushed $(git rev-parse --short HEAD) to ${branch}"
            return 0
        fi
        echo "publish-generated: attempt ${attempt}/${attempts}: ${branch} moved; rebuilding on its new tip" >&2
        sleep $((attempt * backoff))
    done
    echo "publish-generated: gave up after ${attempts} attempts" >&2
    return 1
}

# The whole script is read before it runs: `git reset` may rewrite this very file.
main "$@"
