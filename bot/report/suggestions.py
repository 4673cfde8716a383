"""Turn a fix (the replacement for one YAML value) into the whole new source line."""

from __future__ import annotations

from bot.text.yaml_scalars import quoted_end


def suggestion_for(line: str | None, column: int, fix: str | None) -> str | None:
    """``line`` with the value starting at ``column`` (1-based) replaced by ``fix``.

    Only single-line values are handled: a plain scalar (to a comment or the end of
    the line), a quoted scalar, or a flow list. Anything else gets no suggestion,
    and the fix is still shown as text.
    """
    if line is None or fix is None or "\n" in fix or not 0 < column <= len(line) + 1:
        return None
    start = column - 1
    end = _value_end(line, start)
    if end is None:
        return None
    return line[:start] + fix + line[end:]


def _value_end(line: str, start: int) -> int | None:
    rest = line[start:]
    if not rest:
        return None
    opener = rest[0]
    if opener in "'\"":
        return quoted_end(line, start, opener)
    if opener in "[{":
        return _flow_end(line, start)
    comment = line.find(" #", start)
    end = comment if comment != -1 else len(line)
    while end > start and line[end - 1] == " ":
        end -= 1
    return end


def _flow_end(line: str, start: int) -> int | None:
    depth, quote = 0, ""
    for index in range(start, len(line)):
        char = line[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
    return None
