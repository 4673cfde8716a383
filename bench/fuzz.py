"""Fuzz the loader, the importer, the renderer and the comment builder for a bounded time.

    .venv/bin/python bench/fuzz.py [--seconds 300] [--only TARGET,...]

(targets: loader, importer, render, comment, sealed, addresses, readers, sizes, markup)

Not part of the test suite: it runs the properties of tests/hostile/test_properties.py
(and one for the importer, below) with fresh random seeds, in rounds of a few hundred
examples, until the time is spent, and prints how many inputs each target ran and any
falsifying example (hypothesis shrinks it first). Exit 1 when something was found.

The properties need structured inputs (pages, papers, reports), which hypothesis
strategies make; bench/fuzz_atheris.py adds coverage-guided fuzzing of the loader's
bytes with atheris.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "hostile")]

import test_properties as props  # noqa: E402  (the tests' strategies and properties)

from bot.files.canonical import model_text  # noqa: E402
from bot.files.loader import load_bytes  # noqa: E402
from bot.model.diagnostics import Diagnostic  # noqa: E402
from bot.model.entries import Paper, Venue  # noqa: E402
from bot.pages.page_reader import import_page  # noqa: E402

ROUND = 300  # examples per round: each round draws a fresh seed

PAGE_LINES = [
    "# Demo 2025", "## Meta Info", "Homepage: <https://a.org>", "Paper list: <https://a.org/l>",
    "### Acceptance Rate", "25.0% (= 1 / 4)", "## Papers", "### Systems (SYS)", "### Compilers",
    "* Storage", "  * Caches", "* Fast: A Title \\[[Paper](https://a.org/1)]",
    "* [Titled](https://a.org/t) \\[[Code](https://github.com/a/b)] (Oral)",
    "  * Example University & Lab", "  * **Best Paper**", "  * a note with `code`",
    "    * a deeper note", "  1. numbered", "## Acronyms", "* SYS: Systems", "", "", "",
    "text between", "<b>html</b>", "* \\# not a heading", "\t* tabbed", "* a\u202eb", "* \x00",
    "* [x](javascript:y)", "* <https://a.org>", "  * @octocat", "* |a|b|", "---", "> quote",
]  # fmt: skip
PAGES = st.lists(st.sampled_from(PAGE_LINES) | props.HOSTILE, max_size=25).map("\n".join)


def _reloads(model: Paper | Venue, depth: int) -> None:
    """What ``paperbot import`` would write must load back as the same model."""
    text = model_text(model, depth)
    diags: list[Diagnostic] = []
    located = load_bytes(text.encode(), "entries/demo/p.yaml", type(model), diags)
    assert diags == [], (text, diags)
    assert located is not None and located.model == model, text


def importer(page: str) -> None:
    imported = import_page(page, "page.md")
    if any(d.severity.value == "error" for d in imported.diagnostics):
        return
    _reloads(imported.venue, 2)
    for paper in imported.papers.values():
        _reloads(paper, 2)


_SEALED = Path(tempfile.mkdtemp(prefix="paperbot-fuzz-sealed-"))
atexit.register(shutil.rmtree, _SEALED, ignore_errors=True)


def sealed(body: bytes, mac: str | None, old_digest: bool, binary: bool) -> None:
    """A cache file not sealed under its folder's key is never decoded, whatever its
    header claims: no MAC, any MAC, the old unkeyed digest anyone can compute."""
    from bot.speed import sealed_file

    header = {"cache": "fuzz", "format": 1}
    sealed_file.write(_SEALED / "mine.bin", header, {"k": 1}, binary)  # the folder's key
    head: dict[str, Any] = dict(header)
    if mac is not None:
        head["mac"] = mac
    if old_digest:
        head["digest"] = hashlib.blake2b(body, digest_size=20).hexdigest()
    path = _SEALED / "forged.bin"
    path.write_bytes(json.dumps(head).encode() + b"\n" + body)
    assert sealed_file.read(path, header, binary) is None


TARGETS: dict[str, tuple[Callable[..., None], dict[str, Any]]] = {
    "loader": (
        props.test_the_loader_never_raises_and_places_every_diagnostic.hypothesis.inner_test,
        {"raw": st.binary(max_size=600) | props.YAMLISH.map(str.encode), "model": props.MODELS},
    ),
    "loader-text": (
        props.test_the_loader_takes_any_text.hypothesis.inner_test,
        {"text": st.text(max_size=600), "model": props.MODELS},
    ),
    "importer": (importer, {"page": PAGES}),
    "render": (
        props.test_a_paper_that_passes_the_checks_is_one_bullet_and_changes_nothing_else.hypothesis.inner_test,
        {"paper": props.papers()},
    ),
    "comment": (
        props.test_the_comment_stays_inert_whatever_the_report_holds.hypothesis.inner_test,
        {"report": props.reports()},
    ),
    # The markup check's verdict against markdown-it's reading of the rendered page:
    # entity-spelled schemes, remote image sources, block syntax in indented notes.
    "markup": (
        props.test_papers_the_markup_check_passes_render_as_one_safe_bullet_each.hypothesis.inner_test,
        {"first": props.marked_papers(), "second": props.marked_papers()},
    ),
    "sealed": (
        sealed,
        {"body": st.binary(max_size=400), "mac": st.none() | st.text(max_size=70),
         "old_digest": st.booleans(), "binary": st.booleans()},
    ),
    "sizes": (
        props.test_the_comment_fits_githubs_limit_whatever_the_reports_sizes.hypothesis.inner_test,
        {"report": props.large_reports()},
    ),
}  # fmt: skip

# The address filter against SSRF (bot/links/addresses.py): any host string, and every
# private and public address in every notation, against the system's own readings.
sys.path.append(str(ROOT / "tests" / "links"))
import test_addresses as address_props  # noqa: E402

TARGETS["addresses"] = (
    address_props.test_the_filter_refuses_whatever_the_system_reads_as_private.hypothesis.inner_test,
    {"host": address_props.HOSTS},
)


def _readers_target() -> tuple[Callable[..., None], dict[str, Any]]:
    """The fast YAML readers against the round trip, with every line-break-like and format
    character placed anywhere in realistic entries (tests/speed/test_readers_agree.py)."""
    sys.path.insert(0, str(ROOT / "tests" / "speed"))
    import test_readers_agree as agree

    def body(text: str) -> None:
        agree.test_the_c_parser_declines_or_agrees.hypothesis.inner_test(text=text)
        agree.test_the_line_reader_declines_or_agrees.hypothesis.inner_test(text=text)
        agree.test_the_fast_loader_says_what_the_plain_loader_says.hypothesis.inner_test(text=text)

    return body, {"text": agree.entries_with_odd_characters()}


TARGETS["readers"] = _readers_target()


def run(name: str, seconds: float) -> tuple[int, list[str]]:
    body, strategies = TARGETS[name]
    count = 0
    found: list[str] = []

    def counted(**kwargs: Any) -> None:
        nonlocal count
        count += 1
        body(**kwargs)

    end = time.monotonic() + seconds
    while time.monotonic() < end and len(found) < 3:
        test = settings(
            max_examples=ROUND,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(seed(random.getrandbits(64))(given(**strategies)(counted)))
        try:
            test()
        except Exception as exc:  # a falsifying example: keep it and go on
            found.append(_describe(exc))
    return count, found


def _describe(exc: BaseException) -> str:
    """The error and hypothesis's notes (the failing example), for each distinct failure."""
    failures = exc.exceptions if isinstance(exc, BaseExceptionGroup) else (exc,)
    parts = []
    for one in failures:
        frames = traceback.extract_tb(one.__traceback__)
        where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        notes = [
            n for n in getattr(one, "__notes__", []) if not n.startswith(("Explanation", "    "))
        ]
        last = traceback.format_exception_only(one)[-1].strip()
        parts.append(f"{last}{where}\n" + "\n".join(notes))
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="total time budget")
    parser.add_argument("--only", default=",".join(TARGETS), help="comma-separated targets")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n]
    started = time.monotonic()
    failed = False
    for name in names:
        count, found = run(name, args.seconds / len(names))
        print(f"{name:12} {count:8d} inputs  {len(found)} found", flush=True)
        for item in found:
            failed = True
            print("  " + item.replace("\n", "\n  "), flush=True)
    print(f"total {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
