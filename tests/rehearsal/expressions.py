"""``${{ }}`` expressions: the subset the workflows use, evaluated as GitHub does.

Anything outside the subset (an unknown function, context or operator) raises
``Unsupported``: a workflow that starts using it needs this module taught first, so a
rehearsal never passes on an expression it only half understood.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||<=|>=|[!<>()\[\],.])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*))"
)
EMBEDDED = re.compile(r"\$\{\{(.*?)\}\}", re.S)
CONTEXTS = {"github", "env", "runner", "steps", "needs", "matrix", "inputs", "job", "secrets"}


class Unsupported(Exception):
    """An expression the rehearsal does not know how to evaluate."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out, at = [], 0
    text = text.strip()
    while at < len(text):
        m = TOKEN.match(text, at)
        if not m or m.end() == at:
            raise Unsupported(f"cannot read expression {text!r} at {text[at:]!r}")
        kind = m.lastgroup
        assert kind is not None
        out.append((kind, m.group(kind)))
        at = m.end()
    return out


def _loose_eq(a: Any, b: Any) -> bool:
    # GitHub compares strings case-insensitively and coerces mixed types to numbers.
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    if type(a) is not type(b) and {type(a), type(b)} <= {int, float, str, bool, type(None)}:
        return _number(a) == _number(b)
    return bool(a == b)


def _number(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Evaluator:
    """Evaluates against ``contexts`` (name -> mapping) and status ``functions``."""

    def __init__(
        self, contexts: Mapping[str, Any], functions: Mapping[str, Callable[..., Any]]
    ) -> None:
        self.contexts, self.functions = contexts, dict(functions)
        self.functions.setdefault("format", self._format)
        self.functions.setdefault("contains", self._contains)
        self.functions.setdefault(
            "startsWith", lambda a, b: _text(a).lower().startswith(_text(b).lower())
        )

    @staticmethod
    def _format(template: str, *args: Any) -> str:
        return re.sub(r"\{(\d+)\}", lambda m: _text(args[int(m.group(1))]), template)

    @staticmethod
    def _contains(haystack: Any, needle: Any) -> bool:
        if isinstance(haystack, list):
            return any(_loose_eq(item, needle) for item in haystack)
        return _text(needle).lower() in _text(haystack).lower()

    def evaluate(self, text: str) -> Any:
        self.toks, self.at = _tokens(text), 0
        value = self._or()
        if self.at != len(self.toks):
            raise Unsupported(f"unexpected {self.toks[self.at][1]!r} in {text!r}")
        return value

    def substitute(self, text: str) -> str:
        """A string with each embedded ``${{ }}`` replaced by its value's text."""
        return EMBEDDED.sub(lambda m: _text(self.evaluate(m.group(1))), text)

    # -- the grammar: or > and > comparison > unary > primary ----------------------------

    def _peek(self) -> str | None:
        return self.toks[self.at][1] if self.at < len(self.toks) else None

    def _take(self, wanted: str | None = None) -> tuple[str, str]:
        if self.at >= len(self.toks):
            raise Unsupported("expression ends too early")
        tok = self.toks[self.at]
        if wanted is not None and tok[1] != wanted:
            raise Unsupported(f"expected {wanted!r}, found {tok[1]!r}")
        self.at += 1
        return tok

    def _or(self) -> Any:
        value = self._and()
        while self._peek() == "||":
            self._take()
            right = self._and()
            value = value if value else right
        return value

    def _and(self) -> Any:
        value = self._cmp()
        while self._peek() == "&&":
            self._take()
            right = self._cmp()
            value = right if value else value
        return value

    def _cmp(self) -> Any:
        value = self._unary()
        while self._peek() in ("==", "!=", "<", ">", "<=", ">="):
            op = self._take()[1]
            right = self._unary()
            if op == "==":
                value = _loose_eq(value, right)
            elif op == "!=":
                value = not _loose_eq(value, right)
            else:
                a, b = _number(value), _number(right)
                value = {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        return value

    def _unary(self) -> Any:
        if self._peek() == "!":
            self._take()
            return not self._unary()
        return self._primary()

    def _primary(self) -> Any:
        kind, tok = self._take()
        if tok == "(":
            value = self._or()
            self._take(")")
            return value
        if kind == "num":
            return float(tok) if "." in tok else int(tok)
        if kind == "str":
            return tok[1:-1].replace("''", "'")
        if kind != "name":
            raise Unsupported(f"unexpected {tok!r}")
        if tok in ("true", "false"):
            return tok == "true"
        if tok == "null":
            return None
        if self._peek() == "(":
            if tok not in self.functions:
                raise Unsupported(f"function {tok}() is not rehearsed")
            self._take("(")
            args: list[Any] = []
            while self._peek() != ")":
                args.append(self._or())
                if self._peek() == ",":
                    self._take(",")
            self._take(")")
            return self.functions[tok](*args)
        if tok not in CONTEXTS or tok not in self.contexts:
            raise Unsupported(f"context {tok!r} is not available here")
        value = self.contexts[tok]
        path = [tok]
        while self._peek() in (".", "["):
            if self._take()[1] == ".":
                name = self._take()[1]
            else:
                name = _text(self._or())
                self._take("]")
            path.append(name)
            value = self._member(value, name, path)
        return value

    @staticmethod
    def _member(value: Any, name: str, path: list[str]) -> Any:
        if isinstance(value, StrictMap):
            return value.get_strict(name, ".".join(path))
        if isinstance(value, Mapping):
            return value.get(name)
        return None  # GitHub: a property of null (or of a string) is null


class StrictMap(dict[str, Any]):
    """A context whose keys are known in full (``steps``, ``needs``): a missing key is a
    mistake in the workflow (a renamed step id), not a null."""

    def get_strict(self, name: str, where: str) -> Any:
        if name not in self:
            raise Unsupported(f"{where}: no such id here (known: {sorted(self)})")
        return self[name]
