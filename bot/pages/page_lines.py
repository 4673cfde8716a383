"""Reading a page as lines: what is taken out before parsing, heading levels, and the
blank lines around blocks. Kept apart from ``importer`` so each rule is small and
testable on its own."""

from __future__ import annotations

from bot.model.diagnostics import Diagnostic, Severity

CHECK = "import"


def plain_text(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """The page with what no field keeps taken out, each removal reported: a byte-order
    mark, CRLF line ends, spaces at the end of lines (a markdown line break)."""
    found: list[Diagnostic] = []

    def removed(line: int, message: str) -> None:
        found.append(Diagnostic(path, line, 1, CHECK, Severity.WARNING, message))

    if text.startswith("\ufeff"):
        text = text[1:]
        removed(1, "the byte-order mark is not kept")
    if "\r\n" in text:
        line = text.count("\n", 0, text.index("\r\n")) + 1
        text = text.replace("\r\n", "\n")
        removed(line, "CRLF line ends are written as LF")
    lines = text.split("\n")
    spaced = [n for n, line in enumerate(lines) if line != line.rstrip()]
    if spaced:
        lines = [line.rstrip() for line in lines]
        removed(spaced[0] + 1, f"spaces at the end of {len(spaced)} line(s) are not kept")
    return "\n".join(lines), found


def outside_bullets(line: str) -> bool:
    """A line that ends a bullet list: text at the left margin that is no bullet."""
    return bool(line.strip()) and not line.startswith((" ", "* "))


def heading_level(line: str) -> int:
    """A heading's level ('### x' is 3), 0 for any other line."""
    hashes = len(line) - len(line.lstrip("#"))
    return hashes if 0 < hashes <= 6 and line[hashes : hashes + 1] == " " else 0


def content_end(lines: list[str], start: int, end: int) -> int:
    """``end`` moved back over the blank lines that close ``lines[start:end]``."""
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def without_trailing_empty(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and lines[end - 1] == "":
        end -= 1
    return lines[:end]


def find(lines: list[str], heading: str, start: int) -> int | None:
    return next((n for n in range(start, len(lines)) if lines[n] == heading), None)
