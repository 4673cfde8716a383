"""How often the acronym and duplicates checks are right on real-like pages (issue 20).

``tests/data/precision/`` holds paper-list pages written to look like real ones (invented
titles and affiliations, the seed's format), and next to each page a ``.labels`` file
with a hand-written verdict on every acronym and duplicates diagnostic its papers get.
The pages are imported with ``paperbot import`` into one repository with no
paperbot.yaml, as a new list would be, and checked. A diagnostic no label names fails the
test (label it: docs/precision.md); so does a label no diagnostic matches (it is stale).

A label is keyed by the entry file, the line, and what is reported there (the acronym as
written at the diagnostic's column, or the other file of a duplicate pair), never by the
message's words, so messages can be reworded without relabelling.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main

PAGES = Path(__file__).resolve().parents[1] / "data" / "precision"
CHECKS = ("acronyms", "duplicates")
MIN_PRECISION = 0.95
# right|wrong, the entry file and line, what is reported there, and why.
LABEL = re.compile(r"(right|wrong) (entries/\S+\.yaml):(\d+) (\S+): (\S.*)")
OTHER_ENTRY = re.compile(r"entries/[\w.-]+/[\w.-]+\.yaml")


@dataclass(frozen=True)
class Label:
    right: bool
    reason: str
    where: str  # the labels file and line, for messages


Key = tuple[str, str, int, str]  # check, entry file, line, what is reported


def _labels() -> dict[Key, Label]:
    labels: dict[Key, Label] = {}
    for path in sorted(PAGES.glob("*.labels")):
        check = ""  # the [section] the labels below belong to
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            where = f"{path.name}:{number}"
            if line.startswith("[") and line.endswith("]"):
                check = line[1:-1]
                continue
            match = LABEL.fullmatch(line)
            assert check in CHECKS, f"{where}: a label before an [acronyms] or [duplicates] line"
            assert match, f"{where}: not 'right|wrong entries/FILE.yaml:LINE WHAT: reason'"
            verdict, file, row, what, reason = match.groups()
            key = (check, file, int(row), what)
            assert key not in labels, f"{where}: labelled twice"
            labels[key] = Label(verdict == "right", reason, where)
    return labels


def _what(root: Path, found: dict[str, Any]) -> str:
    """What a diagnostic reports, independent of its wording."""
    if found["check"] == "duplicates":
        others = [p for p in OTHER_ENTRY.findall(found["message"]) if p != found["path"]]
        return others[0] if others else "-"
    line = (root / found["path"]).read_text(encoding="utf-8").splitlines()[found["line"] - 1]
    word = re.match(r"\w+", line[found["column"] - 1 :])
    return word.group() if word else "-"


@pytest.fixture(scope="module")
def diagnostics(tmp_path_factory: pytest.TempPathFactory) -> list[Key]:
    # Module-scoped: the pages are imported and checked once for all the tests here.
    root = tmp_path_factory.mktemp("precision")
    (root / "entries").mkdir()
    for page in sorted(PAGES.glob("*.md")):
        assert main(["-C", str(root), "import", str(page)]) == 0, page.name
    output = root / "report.json"
    main(["-C", str(root), "check", "--no-links", "--format", "json", "--output", str(output)])
    report = json.loads(output.read_text(encoding="utf-8"))
    return [
        (d["check"], d["path"], d["line"], _what(root, d))
        for d in report["diagnostics"]
        if d["check"] in CHECKS
    ]


def test_every_diagnostic_is_labelled_and_every_label_is_current(diagnostics: list[Key]) -> None:
    labels = _labels()
    unlabelled = [k for k in diagnostics if k not in labels]
    stale = [label.where for key, label in labels.items() if key not in set(diagnostics)]

    assert unlabelled == [], "label these in the page's .labels file (docs/precision.md):\n" + (
        "\n".join(f"[{c}] ?? {p}:{n} {w}: <why>" for c, p, n, w in unlabelled)
    )
    assert stale == [], "these labels match no diagnostic any more: remove them"
    assert all(label.reason.strip() for label in labels.values())


@pytest.mark.parametrize("check", CHECKS)
def test_precision(diagnostics: list[Key], check: str) -> None:
    labels = _labels()
    verdicts = Counter(labels[k].right for k in diagnostics if k[0] == check and k in labels)
    right, wrong = verdicts[True], verdicts[False]

    # Recall is not zero: the pages hold real undefined acronyms and real duplicates.
    assert right >= 5
    precision = right / (right + wrong)
    assert precision >= MIN_PRECISION, f"{check}: {right} right, {wrong} wrong ({precision:.1%})"
