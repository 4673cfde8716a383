"""Reading ``paperbot.yaml``: the repository's settings, with the defaults when absent."""

from __future__ import annotations

from pathlib import Path

from bot.files.loader import load_file
from bot.model.config import Config
from bot.model.diagnostics import Diagnostic
from bot.model.places import CONFIG_FILE


def load_config(root: Path, diags: list[Diagnostic]) -> Config:
    """The repository's config; the defaults when there is none (problems become diagnostics)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config()
    loaded = load_file(path, CONFIG_FILE, Config, diags)
    return loaded.model if loaded is not None else Config()
