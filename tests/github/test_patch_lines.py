"""Added lines of a pull request file, from GitHub's unified-diff ``patch``."""

from __future__ import annotations

from bot.github.patch_lines import added_lines


def test_a_new_file_adds_every_line() -> None:
    assert added_lines("@@ -0,0 +1,3 @@\n+title: A\n+category: [B]\n+position: 1") == {1, 2, 3}


def test_context_and_removed_lines_are_not_added() -> None:
    patch = (
        "@@ -3,5 +3,5 @@ links:\n"
        " title: kept\n"  # 3
        "-category: [Old]\n"
        "+category: [New]\n"  # 4
        " position: 2\n"  # 5
        "@@ -40,2 +40,3 @@\n"
        " notes:\n"  # 40
        "+  - one more\n"  # 41
        "\\ No newline at end of file"
    )
    assert added_lines(patch) == {4, 41}


def test_no_patch_or_bare_hunk_headers_add_nothing() -> None:
    assert added_lines(None) == frozenset()
    assert added_lines("") == frozenset()
    # GitHub's own example patch: two hunk headers on one line, no lines.
    assert added_lines("@@ -132,7 +132,7 @@ module Test @@ -1000,7 +1000,7 @@ module Test") == set()


def test_a_hunk_of_one_line_has_no_count() -> None:
    assert added_lines("@@ -1 +1 @@\n-a\n+b") == {1}
