"""A corpus of hostile entry files: each is one clear diagnostic at its place, exit 1.

Anyone can open a pull request, so whatever a file holds, ``paperbot check`` answers
with diagnostics (file, line, column), never a traceback or a hang, and ``render``
writes nothing while there are errors. Each case is a file laid into the small
repository of ``conftest.py`` (one venue, ``demo-2025``, with a ``Compilers`` area).
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.files.input_guard import MAX_DEPTH, MAX_FILE_BYTES
from bot.files.loader import load_bytes, load_file
from bot.model.diagnostics import Diagnostic
from bot.model.entries import Paper

P = "entries/demo-2025/hostile.yaml"
CAT = "category: [Compilers]\n"
GOOD = "title: A Fine Paper\n" + CAT


@dataclass(frozen=True)
class Case:
    name: str
    content: str | bytes
    expected: list[tuple[str, int, int, str, str]]  # path, line, column, check, severity
    words: str = ""  # part of the first diagnostic's message
    path: str = P


def _bomb() -> str:
    # Nine levels of nine aliases: 9**9 strings if anything expanded it.
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    return "\n".join(lines) + "\n"


CASES = [
    # --- bytes and encoding ------------------------------------------------------------
    Case("not-utf8", b"title: caf\xe9 caches\n" + CAT.encode(), [(P, 1, 11, "yaml", "error")],
         "not valid UTF-8"),
    Case("utf16", GOOD.encode("utf-16"), [(P, 1, 1, "yaml", "error")], "not valid UTF-8"),
    Case("byte-order-mark", b"\xef\xbb\xbf" + GOOD.encode(), [(P, 1, 1, "yaml", "error")],
         "byte-order mark"),
    Case("nul-byte", b"title: A\x00B\n" + CAT.encode(), [(P, 1, 9, "yaml", "error")],
         "U+0000 (NUL)"),
    Case("escape-sequence", "title: A\x1b[31mB\n" + CAT, [(P, 1, 9, "yaml", "error")],
         "U+001B (ESC)"),
    Case("next-line-c1", "title: A\x85B\n" + CAT, [(P, 1, 9, "yaml", "error")], "U+0085"),
    # One line to git and the round trip, two keys to libyaml (issue 14, finding 6).
    Case("line-separator-before-a-key",
         "title: Harmless Paper\u2028title_url: https://evil.example/phish\n" + CAT,
         [(P, 1, 8, "yaml", "error")], "must be in quotes"),
    Case("paragraph-separator-before-a-key",
         "title: Harmless Paper\u2029title_url: https://evil.example/phish\n" + CAT,
         [(P, 1, 8, "yaml", "error")], "must be in quotes"),
    Case("tab", "title:\tA Fine Paper\n" + CAT, [(P, 1, 7, "yaml", "error")], "tab"),
    Case("crlf", GOOD.replace("\n", "\r\n"), [(P, 1, 20, "yaml", "error")],
         "carriage return (CR): save the file with LF line ends (paperbot fmt does) (and 1 more)"),
    Case("lone-cr", GOOD.replace("\n", "\r"), [(P, 1, 20, "yaml", "error")], "carriage return"),
    Case("right-to-left-override", "title: A\u202eB\n" + CAT, [(P, 1, 9, "yaml", "error")],
         "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    Case("right-to-left-override-escaped", 'title: "A\\u202eB"\n' + CAT,
         [(P, 1, 8, "schema", "error")], "bidirectional control U+202E"),
    Case("isolate-in-a-comment", "# \u2067hidden\u2069\n" + GOOD, [(P, 1, 3, "yaml", "error")],
         "U+2067"),
    Case("nul-escaped", 'title: "A\\0B"\n' + CAT, [(P, 1, 8, "schema", "error")],
         "control characters"),
    Case("lone-surrogate-escaped", 'title: "A\\ud800"\n' + CAT, [(P, 1, 8, "schema", "error")],
         "lone surrogate"),
    Case("control-character-in-a-note", GOOD + 'notes: ["beep\\a"]\n',
         [(P, 3, 9, "schema", "error")], "control characters"),
    # --- YAML that is not plain data ---------------------------------------------------
    Case("empty", b"", [(P, 1, 1, "schema", "error")], "the file is empty"),
    Case("top-level-list", "- title: A\n", [(P, 1, 1, "schema", "error")], "must be a mapping"),
    Case("top-level-scalar", "A Fine Paper\n", [(P, 1, 1, "schema", "error")],
         "must be a mapping"),
    Case("duplicate-key", GOOD + "title: Another\n", [(P, 3, 1, "yaml", "error")],
         "duplicate key 'title' (first defined on line 1)"),
    Case("python-tag", "title: !!python/object/apply:os.system [echo]\n" + CAT,
         [(P, 1, 8, "yaml", "error")], "YAML tags are not allowed"),
    Case("anchor-and-alias", "title: &t A\n" + CAT + "notes: [*t]\n",
         [(P, 1, 8, "yaml", "error")], "anchors and aliases"),
    Case("merge-key", GOOD + "<<: {position: 1}\n", [(P, 3, 1, "yaml", "error")], "merge keys"),
    Case("billion-laughs", _bomb(), [(P, 1, 4, "yaml", "error")], "anchors and aliases"),
    Case("deep-flow-nesting", GOOD + "notes: " + "[" * 5000 + "]" * 5000 + "\n",
         [(P, 3, 8 + MAX_DEPTH, "yaml", "error")], f"nested more than {MAX_DEPTH} levels"),
    Case("deep-block-nesting", GOOD + "notes:\n" + "- " * 3000 + "x\n",
         [(P, 4, 2 * MAX_DEPTH + 1, "yaml", "error")], "nested more than"),
    Case("deep-indentation", GOOD + "x:\n" + "".join(" " * i + "k:\n" for i in range(1, 200)),
         [(P, MAX_DEPTH + 3, MAX_DEPTH + 1, "yaml", "error")], "nested more than"),
    Case("list-as-a-key", GOOD + "? - a\n: b\n", [(P, 3, 3, "yaml", "error")],
         "keys must be text, not a list or mapping"),
    Case("two-documents", GOOD + "---\n" + GOOD, [(P, 3, 1, "yaml", "error")], "invalid YAML"),
    # --- values --------------------------------------------------------------------------
    Case("title-of-10000-characters", "title: " + "A" * 10_000 + "\n" + CAT,
         [(P, 1, 8, "schema", "error")], "'title' is 10000 characters long; at most 500"),
    Case("title-over-two-lines", 'title: "A\\nB"\n' + CAT, [(P, 1, 8, "schema", "error")],
         "single line"),
    Case("javascript-url", GOOD + "links:\n  - kind: Paper\n    url: javascript:alert(1)\n",
         [(P, 5, 10, "schema", "error")], "only http and https links"),
    Case("data-url", GOOD + "links:\n  - kind: Paper\n    url: data:text/html,x\n",
         [(P, 5, 10, "schema", "error")], "only http and https links"),
    # --- Markdown and HTML that would break the README or act in it ------------------------
    Case("script-in-title", "title: A <script>alert(1)</script>\n" + CAT,
         [(P, 1, 8, "markup", "error")], "raw HTML"),
    Case("img-in-affiliation", GOOD + "affiliations: ['<img src=x onerror=alert(1)>']\n",
         [(P, 3, 16, "markup", "error")], "raw HTML"),
    Case("heading-in-note", GOOD + "notes: ['# Not a heading']\n", [(P, 3, 9, "markup", "error")],
         "starts with '#'"),
    Case("javascript-link-in-note", GOOD + "notes: ['[x](javascript:alert(1))']\n",
         [(P, 3, 14, "markup", "error")], "javascript:"),
    Case("title-that-is-a-rule", "title: '**'\n" + CAT, [(P, 1, 8, "markup", "error")],
         "starts with '**'"),
    Case("unclosed-code-span", "title: A `B\n" + CAT, [(P, 1, 10, "markup", "error")],
         "unclosed code span"),
    Case("url-closing-its-link", GOOD + "links:\n  - kind: Paper\n    url: https://a.org/x)y\n",
         [(P, 5, 10, "markup", "error")], "')'"),
    # --- markup a pattern misses, found by parsing the bullet (issue 14, finding 5) --------
    Case("entity-scheme-url",
         GOOD + "links:\n  - kind: Paper\n    url: '&#106;avascript:alert(1)'\n",
         [(P, 5, 10, "schema", "error")], "javascript:"),
    Case("colon-entity-title-url", "title: A Fine Paper\ntitle_url: 'javascript&colon;alert(1)'\n"
         + CAT, [(P, 2, 12, "schema", "error")], "javascript:"),
    Case("escaped-colon-url", GOOD + "links:\n  - kind: Paper\n    url: 'javascript\\:alert(1)'\n",
         [(P, 5, 10, "schema", "error")], "javascript:"),
    Case("entity-scheme-in-note-link", GOOD + "notes: ['[x](&#106;avascript:alert(1))']\n",
         [(P, 3, 14, "markup", "error")], "javascript:"),
    Case("reference-definition-in-indented-note",
         GOOD + "notes: ['', '   [px]: https://evil.example/pixel.png', '![pixel][px]']\n",
         [(P, 3, 13, "markup", "error"), (P, 3, 56, "markup", "error")], "reference definition"),
    Case("footnote-in-indented-note", GOOD + "notes: ['', '   [^1]: https://evil.example']\n",
         [(P, 3, 13, "markup", "error")], "reference definition"),
    Case("heading-in-indented-note", GOOD + "notes: ['   # X']\n", [(P, 3, 9, "markup", "error")],
         "a heading"),
    Case("setext-heading-in-indented-note", GOOD + "notes: [Fast, '   ===']\n",
         [(P, 3, 15, "markup", "error")], "a heading"),
    Case("fence-in-indented-note", GOOD + "notes: ['   ```', x]\n",
         [(P, 3, 9, "markup", "error")], "a code block"),
    Case("table-in-indented-note", GOOD + "notes: ['a | b', '   --- | ---']\n",
         [(P, 3, 9, "markup", "error")], "a table"),
    Case("img-src-after-a-space", GOOD + "notes: ['see <img src=\" //evil.example/p.png\">']\n",
         [(P, 3, 9, "markup", "error")], "raw HTML"),
    Case("img-src-entity-slash", GOOD + "notes: ['see <img src=\"&#47;/evil.example/p.png\">']\n",
         [(P, 3, 9, "markup", "error")], "raw HTML"),
    Case("img-src-backslash", GOOD + "notes: ['see <img src=\"/\\evil.example/p.png\">']\n",
         [(P, 3, 9, "markup", "error")], "raw HTML"),
    # --- files ---------------------------------------------------------------------------
    Case("name-with-a-space", GOOD, [("entries/demo-2025/my paper.yaml", 1, 1, "files", "error")],
         "rename it to 'my-paper.yaml'", "entries/demo-2025/my paper.yaml"),
    Case("non-ascii-name", GOOD, [("entries/demo-2025/café.yaml", 1, 1, "files", "error")],
         "rename it to 'caf.yaml'", "entries/demo-2025/café.yaml"),
    Case("newline-in-name", GOOD, [("entries/demo-2025/a\nb.yaml", 1, 1, "files", "error")],
         "rename it to 'a-b.yaml'", "entries/demo-2025/a\nb.yaml"),
    Case("outside-any-venue", GOOD, [("entries/stray.yaml", 1, 1, "files", "error")],
         "belongs in a venue folder", "entries/stray.yaml"),
    Case("venue-without-venue-file", GOOD,
         [("entries/other-2025/venue.yaml", 1, 1, "files", "error")], "has no venue.yaml",
         "entries/other-2025/hostile.yaml"),
    # --- sizes a few bytes ask for (issue 14, finding 4) -----------------------------------
    Case("blank-lines-300-million", GOOD + "blank_before: 300000000\n",
         [(P, 3, 15, "schema", "error")], "less than or equal to 100"),
    Case("position-of-5000-digits", GOOD + "position: " + "9" * 5000 + "\n",
         [(P, 3, 11, "schema", "error")], "less than or equal to 1000000000"),
    Case("negative-position-of-5000-digits", GOOD + "position: -" + "9" * 5000 + "\n",
         [(P, 3, 11, "schema", "error")], "greater than or equal to 0"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_file_is_a_diagnostic_and_exit_1(
    case: Case, repo: Path, write: Any, run_cli: Any, tmp_path: Path
) -> None:
    write(repo, case.path, case.content)

    code, out, err = run_cli(repo, "check", "--format", "json")

    assert (code, err) == (1, "")
    found = json.loads(out)["diagnostics"]
    places = [(d["path"], d["line"], d["column"], d["check"], d["severity"]) for d in found]
    assert places == case.expected
    assert case.words in found[0]["message"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_render_writes_nothing_and_every_format_reports(
    case: Case, repo: Path, write: Any, run_cli: Any, tmp_path: Path
) -> None:
    write(repo, case.path, case.content)
    readme = tmp_path / "README.md"

    code, out, err = run_cli(repo, "render", "--output", str(readme))

    assert code == 1
    assert not readme.exists()
    assert "nothing written" in err
    for fmt in ("text", "github", "markdown"):
        code, out, err = run_cli(repo, "check", "--format", fmt)
        assert code == 1
        assert "Traceback" not in out + err


def _with_peak_memory(call: Callable[[], Any]) -> tuple[Any, int]:
    """What ``call`` returns, and the most memory Python allocated during it."""
    tracemalloc.start()
    try:
        return call(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(GOOD.encode())
        handle.truncate(50 * 1024 * 1024)  # a sparse file: 50 MB on paper
    diags: list[Diagnostic] = []
    located, peak = _with_peak_memory(lambda: load_file(path, P, Paper, diags))
    assert located is None
    assert [(d.line, d.column, d.check) for d in diags] == [(1, 1, "yaml")]
    assert "larger than 256 KiB" in diags[0].message
    assert peak < 4 * MAX_FILE_BYTES  # read up to the limit, not the 50 MB


def test_an_alias_bomb_is_refused_before_anything_expands() -> None:
    diags: list[Diagnostic] = []
    located, peak = _with_peak_memory(lambda: load_bytes(_bomb().encode(), P, Paper, diags))
    assert located is None
    assert [d.check for d in diags] == ["yaml"]
    assert peak < 16 * 1024 * 1024  # 9**9 strings would take gigabytes


def test_fmt_repairs_a_byte_order_mark_and_crlf_line_ends(
    repo: Path, write: Any, run_cli: Any
) -> None:
    path = write(repo, P, b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    assert run_cli(repo, "fmt")[0] == 0
    assert path.read_bytes() == (
        b"# yaml-language-server: $schema=../../schema/paper.schema.json\n" + GOOD.encode()
    )
    assert run_cli(repo, "check")[0] == 0


def test_zero_width_and_lookalike_titles_are_warnings_and_still_duplicates(
    repo: Path, write: Any, run_cli: Any
) -> None:
    # "A Tiny Compiler" is in the fixture; this one hides a zero-width space and a
    # Cyrillic o (U+043E) in it.
    write(repo, P, 'title: "A Tiny C\\u043empi\\u200bler"\n' + CAT)
    code, out, _ = run_cli(repo, "check", "--format", "json")
    found = json.loads(out)["diagnostics"]
    assert code == 1
    assert [(d["path"], d["check"], d["severity"]) for d in found] == [
        (P, "duplicates", "error"),
        (P, "markup", "warning"),
        (P, "markup", "warning"),
        ("entries/demo-2025/tiny-compiler.yaml", "duplicates", "error"),
    ]
