"""Rooms depend one way: no import cycle between the project's top-level rooms, and
first-party imports inside functions only where a reason is written down.

A room is a top-level package (``spiders``, ``pipelines``, ``replica``), a subpackage of
``crawler`` (``crawler.store``, ``crawler.query`` …) or a top-level module of ``crawler``
(``crawler.cli``, ``crawler.page`` …). Imports are read from the source (``ast``), both at
module level and inside functions (a lazy import is still a dependency), except under
``if TYPE_CHECKING``; the CLI's ``importlib`` list of command modules counts too.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from crawler.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = ("crawler", "spiders", "pipelines", "replica")
# Modules that may import first-party modules inside functions, and why.
LAZY_ALLOWED = {
    "crawler.commands": "CLI start-up: building the parser imports every command module "
    "(benchmarks/startup.py)",
    "crawler": "Scrapy imports the package for every crawl; Corpus loads the query room "
    "on first use (benchmarks/startup.py)",
    "crawler.cms.base": "crawler.cms.engine imports Family from this module",
    "crawler.cli": "CLI start-up: the store (SQLAlchemy) is imported only to classify an error",
    "spiders.site": "opens the store when the crawler is built (issue 15 item 2 moves it)",
}


def room(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "crawler" and len(parts) > 1 else parts[0]


def modules() -> dict[str, Path]:
    out = {}
    for top in FIRST_PARTY:
        for path in sorted((ROOT / top).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) of every first-party import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                if child.module in FIRST_PARTY:  # from crawler import Corpus → crawler.Corpus
                    targets = [f"{child.module}.{a.name}" for a in child.names]
                else:
                    targets = [child.module]
            for target in targets:
                if target.split(".")[0] in FIRST_PARTY:
                    found.append((target, child.lineno, in_function))
            visit(child, inside)

    visit(tree, False)
    return found


def graph() -> dict[str, dict[str, list[str]]]:
    """room → room it imports → where ("module:line")."""
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name, path in modules().items():
        for target, line, _ in imports(path):
            if room(target) != room(name):
                edges[room(name)][room(target)].append(f"{name}:{line}")
    for command in COMMANDS:  # crawler/cli.py imports these with importlib
        edges["crawler.cli"][room(command)].append("crawler.cli:COMMANDS")
    return edges


def cycles(edges: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Every strongly connected set of more than one room (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, {}):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in list(edges):
        if v not in index:
            connect(v)
    return found


def test_no_import_cycle_between_rooms() -> None:
    edges = graph()
    found = cycles(edges)
    detail = [
        f"{a} → {b}: {', '.join(edges[a][b][:3])}"
        for part in found
        for a in part
        for b in part
        if b in edges.get(a, {})
    ]
    assert not found, "\n".join(detail)


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b": ["a:1"]}, "b": {"c": ["b:1"]}, "c": {"a": ["c:1"]}, "d": {"a": ["d:1"]}}
    assert cycles(edges) == [["a", "b", "c"]]


def allowed(name: str) -> bool:
    """``crawler`` allows the package module itself; the others their whole subtree."""
    return name == "crawler" or any(
        name == m or name.startswith(m + ".") for m in LAZY_ALLOWED if m != "crawler"
    )


@pytest.mark.parametrize("name", [m for m in sorted(modules()) if not allowed(m)])
def test_first_party_imports_are_at_the_top(name: str) -> None:
    lazy = [f"{target} (line {line})" for target, line, inner in imports(modules()[name]) if inner]
    assert not lazy, f"{name} imports inside functions: {', '.join(lazy)}"
