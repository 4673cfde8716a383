"""``paperbot import`` under a second folder for a venue the repository holds: refused,
since the duplicates check calls the same paper in two folders of one venue an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import import_mlsys, mlsys_page, mlsys_page_path, run


def test_a_second_folder_for_one_venue_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_mlsys(tmp_path)

    code, out, err = run(capsys, tmp_path, "import", "--venue", "mlsys25", str(mlsys_page_path()))

    assert (code, out) == (1, "")
    assert f"{mlsys_page_path()}:1:1: error [import] entries/mlsys-2025 holds this venue " in err
    assert "import with --venue mlsys-2025 to merge the page into it; nothing was written" in err
    assert not (tmp_path / "entries" / "mlsys25").exists()
    assert run(capsys, tmp_path, "check", "--no-links")[0] == 0


def test_another_venue_with_the_same_papers_is_still_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "MLSys 2025 Workshop on Systems" is another venue: its papers are written, each with
    # the cross-venue warning (a workshop and a conference version may both belong).
    import_mlsys(tmp_path)
    page = tmp_path / "workshop.md"
    page.write_text(mlsys_page().replace("# MLSys 2025", "# MLSys 2025 Workshop on Systems", 1))

    code, out, _ = run(capsys, tmp_path, "import", "--venue", "mlsys-2025-ws", str(page))

    assert code == 0
    assert "written, also listed in another venue: " in out
    assert (tmp_path / "entries" / "mlsys-2025-ws" / "venue.yaml").is_file()
    checked = run(capsys, tmp_path, "check", "--no-links")
    assert checked[0] == 0 and "error [duplicates]" not in checked[1]
