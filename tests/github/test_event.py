"""The event file GitHub writes: only the fields paperbot reads, validated and size-limited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import FatalError
from bot.github.event import MAX_EVENT_BYTES, read_event

SHA = "a" * 40


def _write(tmp_path: Path, payload: object) -> Path:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload))
    return path


def test_the_fields_paperbot_uses_are_read_and_the_rest_ignored(tmp_path: Path) -> None:
    payload = {
        "action": "completed",
        "workflow_run": {
            "head_sha": SHA,
            "head_repository": {"full_name": "fork/papers", "private": False},
            "pull_requests": [{"number": 5}],
        },
        "repository": {"full_name": "octo/papers"},
    }
    event = read_event(_write(tmp_path, payload))

    assert event.workflow_run is not None
    assert (event.workflow_run.head_sha, event.workflow_run.head_repository.full_name) == (
        SHA,
        "fork/papers",
    )
    assert event.pull_request is None
    assert not hasattr(event.workflow_run, "pull_requests")


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        (
            {"workflow_run": {"head_sha": "HEAD~1", "head_repository": {"full_name": "a/b"}}},
            "workflow_run.head_sha",
        ),
        ({"workflow_run": {"head_sha": SHA}}, "workflow_run.head_repository"),
        (
            {"workflow_run": {"head_sha": SHA, "head_repository": {"full_name": "a/b/../c"}}},
            "workflow_run.head_repository.full_name",
        ),
        ({"pull_request": {"number": "7", "head": {"sha": SHA}}}, "pull_request.number"),
        ({"pull_request": {"number": 0, "head": {"sha": SHA}}}, "pull_request.number"),
        ([], "the file"),
    ],
)
def test_a_malformed_event_is_refused(tmp_path: Path, payload: object, where: str) -> None:
    with pytest.raises(FatalError, match=f"not a usable GitHub event \\({where}:"):
        read_event(_write(tmp_path, payload))


def test_an_oversized_or_missing_event_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(b" " * (MAX_EVENT_BYTES + 1))
    with pytest.raises(FatalError, match="larger than"):
        read_event(path)
    with pytest.raises(FatalError, match="cannot read the event file"):
        read_event(tmp_path / "missing.json")


def test_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_text("{not json")
    with pytest.raises(FatalError, match="not a usable GitHub event"):
        read_event(path)
