#!/usr/bin/env bash
# Commit README.md, lists/ and schema/ as regenerate.yml's render job made them, and push them to
# BRANCH when they change it, without ever losing a commit or forcing.
#
#   publish-generated.sh BRANCH RENDERED GENERATED
#
# RENDERED is the commit the files were rendered from, GENERATED the folder holding
# README.md, schema/*.json and, for a list over the README's budget, lists/**/*.md. Run from the repository root, with an `origin` remote
# that accepts pushes. This runs in the only step that holds a write token, so it runs
# no paperbot and no code from the data: it copies files, and git commits them.
#
# Each attempt fetches BRANCH. When no source of the generated files (SOURCES) changed
# between RENDERED and the tip, the files are valid on the tip: they are committed on it
# (when they change anything) and pushed. When the push loses a race (another commit
# landed first), the next attempt starts again from the new tip. When a source did
# change, that push to BRANCH started a regenerate run of its own (SOURCES are the
# workflow's trigger paths), which publishes files rendered from it: this run pushes
# nothing stale and stops, successfully.
#
# Environment: PUBLISH_ATTEMPTS (default 5), PUBLISH_BACKOFF (seconds, multiplied by the
# attempt number; default 3).
set -euo pipefail

# The same list as regenerate.yml's `on.push.paths` (tests/test_workflows.py checks).
SOURCES=(entries paperbot.yaml README.template.md docs bot pyproject.toml requirements)

# The exports readers cite (`paperbot export`, docs/exports.md) as regular files under
# exports/, staged here. The folder is replaced whole: an export the render job no
# longer makes goes; a symbolic link in the artifact is never followed.
EXPORTS=(papers.json papers.csv papers.bib)
copy_exports() {
    local from="$1" name
    git rm --quiet -r --ignore-unmatch -- exports
    rm -rf -- exports
    if [ ! -d "${from}/exports" ] || [ -L "${from}/exports" ]; then
        return 0
    fi
    mkdir -p exports
    for name in "${EXPORTS[@]}"; do
        if [ -f "${from}/exports/${name}" ] && [ ! -L "${from}/exports/${name}" ]; then
            cp -- "${from}/exports/${name}" "exports/${name}"
        fi
    done
    git add -- exports
}

main() {
    local branch="${1:?usage: publish-generated.sh BRANCH RENDERED GENERATED}"
    local rendered="${2:?usage: publish-generated.sh BRANCH RENDERED GENERATED}"
    local generated="${3:?usage: publish-generated.sh BRANCH RENDERED GENERATED}"
    local attempts="${PUBLISH_ATTEMPTS:-5}"
    local backoff="${PUBLISH_BACKOFF:-3}"
    local attempt

    for ((attempt = 1; attempt <= attempts; attempt++)); do
        git fetch --quiet origin "refs/heads/${branch}:refs/remotes/origin/${branch}"
        if ! git diff --quiet "${rendered}" "origin/${branch}" -- "${SOURCES[@]}"; then
            echo "publish-generated: ${branch} has sources newer than ${rendered}; the regenerate run they started publishes"
            return 0
        fi
        # Generated files only ever come from the data at the tip: nothing local to keep.
        git reset --quiet --hard "origin/${branch}"
        copy_exports "${generated}"
        copy_generated "${generated}"
        git add -- README.md schema
        # copy_generated staged the removal of the old lists/; the new one, if any, here.
        if [ -d lists ]; then git add -- lists; fi
        if git diff --cached --quiet; then
            echo "publish-generated: README.md, lists/ and schema/ are up to date"
            return 0
        fi
        git commit --quiet -m "Regenerate README.md and schema/ from the entries"
        if git push --quiet origin "HEAD:refs/heads/${branch}"; then
            echo "publish-generated: pushed $(git rev-parse --short HEAD) to ${branch}"
            return 0
        fi
        echo "publish-generated: attempt ${attempt}/${attempts}: ${branch} moved; trying again on its new tip" >&2
        sleep $((attempt * backoff))
    done
    echo "publish-generated: gave up after ${attempts} attempts" >&2
    return 1
}

# README.md, the pages under lists/ and the schema files, as regular files: what
# `paperbot render` and `paperbot schema` write, and nothing else the artifact might hold.
# lists/ is replaced whole: a page the new render no longer writes goes.
copy_generated() {
    local from="$1" file
    [ -f "${from}/README.md" ] || { echo "publish-generated: ${from}/README.md is missing" >&2; return 1; }
    cp -- "${from}/README.md" README.md
    git rm --quiet -r --ignore-unmatch -- schema
    mkdir -p schema
    for file in "${from}"/schema/*.json; do
        [ -f "${file}" ] && cp -- "${file}" schema/
    done
    git rm --quiet -r --ignore-unmatch -- lists
    rm -rf -- lists
    [ -d "${from}/lists" ] && [ ! -L "${from}/lists" ] || return 0
    # Regular .md files only (find -type f does not follow or take symbolic links).
    while IFS= read -r -d '' file; do
        mkdir -p -- "$(dirname -- "${file#"${from}"/}")"
        cp -- "${file}" "${file#"${from}"/}"
    done < <(find "${from}/lists" -type f -name '*.md' -print0)
}

# The whole script is read before it runs: `git reset` may rewrite this very file.
main "$@"
