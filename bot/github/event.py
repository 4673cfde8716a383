"""The few fields ``paperbot comment`` reads from a GitHub Actions event file.

GitHub writes the file, but its values (branch names, titles) come from whoever
opened the pull request, so it is read like any other input: size-limited, and
only the fields used here are validated; the rest of the payload is ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.files.untrusted_json import read_json

# GitHub caps webhook payloads at 25 MB; a real event file is a few kilobytes.
MAX_EVENT_BYTES = 25 * 1024 * 1024
Sha = Annotated[str, Field(pattern=r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")]
REPO_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$"  # owner/name
FullName = Annotated[str, Field(pattern=REPO_PATTERN)]


class _Fields(BaseModel):
    # Extra keys are GitHub's business, not ours: ignored, never passed on.
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


class Repo(_Fields):
    full_name: FullName


class Head(_Fields):
    sha: Sha
    repo: Repo | None = None  # null when the fork was deleted


class PullRequest(_Fields):
    number: int = Field(ge=1, le=2**31)
    head: Head


class WorkflowRun(_Fields):
    head_sha: Sha
    head_repository: Repo  # whose commit it is: checked against the pull request found


class Event(_Fields):
    pull_request: PullRequest | None = None
    workflow_run: WorkflowRun | None = None
    repository: Repo | None = None


def read_event(path: Path) -> Event:
    return read_json(path, Event, MAX_EVENT_BYTES, "the event file", "a usable GitHub event")
