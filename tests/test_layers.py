"""The folder tree tells the data flow, and the imports keep to it (docs/architecture.md).

Every import of every module under bot/ is read from its source (those inside
functions too), so a shortcut across layers fails here, not in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"

# Layer -> the layers of bot/ it must never import. Speed-ups stay behind their seams:
# what the data is, how it is checked, shown and reported never depends on a cache.
FORBIDDEN = {
    "model": {"files", "checks", "text", "pages", "report", "github", "links", "arxiv", "speed"},
    "text": {"files", "checks", "pages", "report", "github", "links", "arxiv", "speed"},
    "files": {"checks", "pages", "report", "github", "links", "arxiv", "speed"},
    "checks": {"pages", "report", "github", "speed"},
    "pages": {"report", "github", "links", "arxiv", "speed"},
    "report": {"github", "links", "arxiv", "speed"},
    "github": {"checks", "pages", "links", "arxiv", "speed"},
    "links": {"checks", "pages", "report", "github", "arxiv"},
    "arxiv": {"checks", "pages", "report", "github"},  # its client keeps the links' policy
    "speed": {"pages", "report", "github", "links", "arxiv"},
}
# Only the CLI dispatches to commands; only commands (and the CLI) wire the pipeline.
TOP = {"commands": {"cli"}, "pipeline": {"cli", "commands"}}
# Third-party libraries that belong to one layer: the network and GitHub stay at the edges.
OWNERS = {"github": {"github"}, "aiohttp": {"links", "arxiv"}}


def _modules() -> list[Path]:
    return sorted(BOT.rglob("*.py"))


def _layer(path: Path) -> str:
    parts = path.relative_to(BOT).with_suffix("").parts
    return parts[0]


def _imports(source: str, package: str) -> list[str]:
    """Every module ``source`` imports (``package``: its own, for relative imports), but
    for imports under ``if TYPE_CHECKING:``: a type named in an annotation only."""
    found = []
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            # "from bot import pipeline" imports bot.pipeline.
            found += [f"{base}.{alias.name}" for alias in node.names] if base == "bot" else [base]
    return found


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    nodes = []
    pending = [tree]
    while pending:
        node = pending.pop()
        nodes.append(node)
        for child in ast.iter_child_nodes(node):
            typing_only = (
                isinstance(child, ast.If)
                and isinstance(child.test, ast.Name)
                and child.test.id == "TYPE_CHECKING"
            )
            if not typing_only:
                pending.append(child)
    return nodes


def _crossings(layer: str, imports: list[str]) -> list[str]:
    wrong = []
    for name in imports:
        parts = name.split(".")
        if parts[0] == "bot" and len(parts) > 1:
            target = parts[1]
            if target in FORBIDDEN.get(layer, set()):
                wrong.append(name)
            if target in TOP and layer not in TOP[target]:
                wrong.append(name)
        elif parts[0] in OWNERS and layer not in OWNERS[parts[0]]:
            wrong.append(name)
    return wrong


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(BOT).as_posix())
def test_each_module_imports_only_what_its_layer_may(path: Path) -> None:
    package = ".".join(("bot", *path.relative_to(BOT).parent.parts))
    imports = _imports(path.read_text(encoding="utf-8"), package)
    wrong = _crossings(_layer(path), imports)
    assert wrong == [], f"bot/{path.relative_to(BOT)} imports {wrong}"


def test_every_module_is_in_a_layer_the_rules_know() -> None:
    known = set(FORBIDDEN) | set(TOP) | {"cli", "errors", "__init__", "__main__"}
    assert {_layer(path) for path in _modules()} <= known


def test_the_rules_catch_a_crossing() -> None:
    # The test must be able to fail: a check that asks a cache, or talks to GitHub.
    source = (
        "from bot.speed.entry_cache import EntryCache\n"
        "def f():\n    from ..speed import forks\n    import github\n"
        "from bot import pipeline\n"
        "if TYPE_CHECKING:\n    from bot.report import formats\n"
    )
    imports = _imports(source, "bot.checks")
    assert sorted(_crossings("checks", imports)) == [
        "bot.pipeline",
        "bot.speed",
        "bot.speed.entry_cache",
        "github",
    ]
