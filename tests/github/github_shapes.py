"""GitHub's own example objects, from the OpenAPI description in ``@octokit/openapi``.

The fake answers with these, changing only the fields it keeps state in, so what
PyGithub parses there has the shape GitHub sends.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
SPEC = NODE_MODULES / "@octokit" / "openapi" / "generated" / "api.github.com.json"
WEBHOOKS = NODE_MODULES / "@octokit" / "webhooks-examples" / "api.github.com" / "index.json"
MISSING = (
    "{path} is missing: run 'python3 dev.py test' (it runs 'npm ci'), or 'npm ci' once, "
    "to install the npm packages the GitHub tests use"
)


def _load(path: Path) -> Any:
    if not path.is_file():
        raise FileNotFoundError(MISSING.format(path=path.relative_to(REPO)))
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def _examples() -> dict[str, Any]:
    examples: dict[str, Any] = _load(SPEC)["components"]["examples"]
    return examples


def example(name: str, base: str) -> dict[str, Any]:
    """A fresh copy of the named example, its API links pointing at ``base``."""
    value = _examples()[name]["value"]
    if isinstance(value, list):
        value = value[0]
    copied: dict[str, Any] = json.loads(json.dumps(value).replace("https://api.github.com", base))
    return copied


def user(base: str, login: str, kind: str = "User") -> dict[str, Any]:
    shaped = example("simple-user", base)
    shaped.update(login=login, type=kind, id=abs(hash(login)) % 10**8, url=f"{base}/users/{login}")
    return shaped


@functools.cache
def _webhooks() -> dict[str, list[dict[str, Any]]]:
    return {event["name"]: event["examples"] for event in _load(WEBHOOKS)}


def webhook(
    name: str, action: str | None, where: Callable[[dict[str, Any]], bool] = lambda _: True
) -> dict[str, Any]:
    """A copy of a real payload GitHub sent for event ``name``: the first with ``action``
    (None for an event without actions, such as workflow_dispatch) and for which
    ``where`` holds."""
    for payload in _webhooks()[name]:
        if payload.get("action") == action and where(payload):
            copied: dict[str, Any] = json.loads(json.dumps(payload))
            return copied
    raise LookupError(f"no {name} example with action {action}")
