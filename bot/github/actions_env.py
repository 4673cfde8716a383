"""Where paperbot runs on GitHub: repository, server and API from the Actions environment.

GitHub Actions sets GITHUB_REPOSITORY, GITHUB_SERVER_URL, GITHUB_API_URL (both point
at the Enterprise server there) and, when the workflow passes it, GITHUB_TOKEN.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from bot.errors import FatalError
from bot.github.event import REPO_PATTERN, Event

if TYPE_CHECKING:
    from bot.github.api import Repo

_URL = re.compile(r"^https?://[^\s/?#]+(?:/[^\s?#]*)?$")


def repo_name(given: str | None, event: Event | None = None, required: bool = True) -> str:
    """OWNER/NAME from --repo, else GITHUB_REPOSITORY, else the event's repository."""
    name = given or os.environ.get("GITHUB_REPOSITORY")
    if not name and event is not None and event.repository is not None:
        name = event.repository.full_name
    if not name:
        if required:
            raise FatalError("no repository: give --repo OWNER/NAME or set GITHUB_REPOSITORY")
        return "OWNER/REPO"
    if not re.match(REPO_PATTERN, name):
        raise FatalError(f"not a repository name (OWNER/NAME): {name!r}")
    return name


def server_url() -> str:
    """The web address of the GitHub server, for links in comments."""
    return _url("GITHUB_SERVER_URL", "https://github.com")


def connect(name: str) -> Repo:
    token = os.environ.get("GITHUB_TOKEN", "").strip()
    if not token:
        raise FatalError("GITHUB_TOKEN is not set (or use --dry-run to print instead of posting)")
    # Imported here: PyGithub takes a third of a second to import, and only the
    # commands that talk to GitHub should pay for it.
    from bot.github.api import Repo

    return Repo(name, _url("GITHUB_API_URL", "https://api.github.com"), token)


def _url(variable: str, default: str) -> str:
    value = os.environ.get(variable) or default
    if not _URL.match(value):
        raise FatalError(f"{variable} is not an http(s) URL: {value!r}")
    return value.rstrip("/")
