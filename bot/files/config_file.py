"""Reading ``paperbot.yaml``: the repository's settings, with the defaults when absent."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

from bot.files.cache_folder import DEFAULT, ENV, folder_path, name_in_folder, outside
from bot.files.loader import load_file
from bot.model.config import Config
from bot.model.diagnostics import Diagnostic, Severity
from bot.model.places import CONFIG_FILE, ENTRIES
from bot.model.positions import Positions


def load_config(root: Path, diags: list[Diagnostic]) -> Config:
    """The repository's config; the defaults when there is none (problems become diagnostics)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config()
    loaded = load_file(path, CONFIG_FILE, Config, diags)
    if loaded is None:
        return Config()
    config = loaded.model
    # A cache is written where this says: never outside the cache folder (a pull request
    # can edit this file). The caches do not use a path refused here (CacheFolder.file).
    folder = folder_path(root)
    for section, value in (("links", config.links.cache), ("arxiv", config.arxiv.cache)):
        why = outside(folder, name_in_folder(value))
        if why is not None:
            line, column = loaded.positions.of_value((section, "cache"))
            message = (
                f"{section}.cache {why}: name a file in it, such as {section}.json "
                f"(the folder is {DEFAULT}, or ${ENV})"
            )
            diags.append(Diagnostic(CONFIG_FILE, line, column, "schema", Severity.ERROR, message))
    diags.extend(_unknown_venues(root, config, loaded.positions))
    return config


def _unknown_venues(root: Path, config: Config, positions: Positions) -> Iterator[Diagnostic]:
    """readme.venues names venue folders: one that is not there is a typo, or a venue gone."""
    folders = (
        {p.name for p in (root / ENTRIES).iterdir() if p.is_dir()}
        if (root / ENTRIES).is_dir()
        else set()
    )
    for at, slug in enumerate(config.readme.venues):
        if slug in folders:
            continue
        close = difflib.get_close_matches(slug, sorted(folders), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        line, column = positions.of_value(("readme", "venues", at))
        message = f"readme.venues: no venue folder entries/{slug}/{hint}"
        yield Diagnostic(CONFIG_FILE, line, column, "schema", Severity.ERROR, message)
