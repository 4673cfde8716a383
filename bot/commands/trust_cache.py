"""``paperbot trust-cache``: keep a cache restored into a pull request's job only when no
run of that pull request could have saved it.

The default branch's regenerate workflow checks the whole list after each merge and
saves its cache folder for pull requests. A pull request's job restores it with
``actions/cache``, which looks in the pull request's own cache scope first, and only
then in its base branch's. The base branch's caches were saved by runs of its own
workflows, on code the maintainers merged. The pull request's scope was written, if at
all, by an earlier run of the pull request, whose workflow files the pull request may
have changed: anything could be there, key and all, and a later push with a clean diff
would be checked against it. Pull requests never save such a cache legitimately, so
one saved in that scope under the prefix is reason enough to throw the restored folder
away, whichever scope it came from.

Asked after the restore, the answer cannot be outrun: a cache is never overwritten
under its key, and a pull request's token cannot delete one. When GitHub cannot be
asked, the folder is thrown away too. Either way the check then runs without a cache:
slower, never wrong.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from bot.errors import FatalError
from bot.files.cache_folder import ENV, folder_path
from bot.github import actions_env
from bot.report.formats import command_data


def add_parser(sub: Any, name: str, summary: str) -> None:
    parser = sub.add_parser(
        name,
        help=summary,
        description=f"Asks GitHub which Actions caches runs on REF saved under PREFIX; if "
        f"there is one, or GitHub cannot say, removes the cache folder (${ENV} or "
        ".cache/paperbot) so the next paperbot command starts without a cache. Run it "
        "right after restoring the default branch's cache in a pull request's job.",
    )
    parser.add_argument("--prefix", required=True, help="the cache key prefix the job restores")
    parser.add_argument(
        "--ref",
        help="the ref whose own caches are not trusted (default: $GITHUB_REF; in a "
        "pull request's job refs/pull/N/merge)",
    )
    parser.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")


def run(args: argparse.Namespace) -> int:
    folder = folder_path(args.root)
    ref = args.ref or os.environ.get("GITHUB_REF", "")
    if not ref.startswith("refs/"):
        raise FatalError("no ref: give --ref refs/pull/N/merge or set GITHUB_REF")
    if not args.prefix.strip():
        raise FatalError("--prefix must not be empty: it would match every cache")
    _refuse_folder(folder, args.root)
    if not folder.exists() and not folder.is_symlink():
        print("paperbot: no cache was restored; nothing to check", file=sys.stderr)
        return 0
    try:
        repo = actions_env.connect(actions_env.repo_name(args.repo))
        saved = repo.saved_caches(ref, args.prefix)
    except FatalError as exc:
        _forget(folder, f"GitHub could not say which caches {ref} saved ({exc})")
        return 0
    if saved:
        _forget(
            folder,
            f"a run of {ref} itself saved the cache {saved[0]!r}: the restored cache "
            "may be that one, and only the base branch's are trusted",
        )
        return 0
    print(f"paperbot: no run of {ref} saved a cache under {args.prefix!r}: kept", file=sys.stderr)
    return 0


def _refuse_folder(folder: Path, root: Path) -> None:
    # The folder is removed below: never one that holds the checkout, or a root.
    resolved = folder.resolve()
    if resolved == Path(resolved.anchor) or root.resolve().is_relative_to(resolved):
        raise FatalError(f"{ENV} names {folder}, which holds the repository: not a cache folder")


def _forget(folder: Path, why: str) -> None:
    if folder.is_symlink() or not folder.is_dir():
        folder.unlink(missing_ok=True)
    else:
        shutil.rmtree(folder)
    message = f"the restored cache was removed, and the check runs without one: {why}"
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # An annotation, so that the slower run explains itself on the checks page.
        print(f"::warning title=paperbot cache::{command_data(message)}")
    print(f"paperbot: {message}", file=sys.stderr)
