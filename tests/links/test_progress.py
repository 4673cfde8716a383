"""The progress bar: drawn on stderr when asked, and rich not even loaded otherwise."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.links.run import check_links
from bot.links.verdicts import Verdict

from .conftest import config
from .servers import Reply, Site, closed_port


def test_a_run_with_the_progress_bar_gives_the_same_verdicts(
    site: Callable[..., Site], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s = site()
    s.routes["/ok"] = Reply(200)
    run = check_links([s.url("/ok"), s.url("/gone")], config(), tmp_path, False, progress=True)
    assert [r.verdict for r in run.results.values()] == [Verdict.OK, Verdict.BROKEN]
    assert capsys.readouterr().out == ""  # the bar never mixes into the report on stdout


def test_rich_is_loaded_only_for_the_progress_bar(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from bot.model.config import LinkConfig\n"
        "from bot.links.run import check_links\n"
        f"check_links(['http://127.0.0.1:{closed_port()}/'], LinkConfig(), Path(sys.argv[1]),"
        " False, False)\n"
        "print('rich' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert done.stdout == "False\n"
