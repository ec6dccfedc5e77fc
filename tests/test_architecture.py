"""The layout is the architecture: a pure core that knows nothing of the terminal, and no import cycles.

Imports are read from the source (every ``import`` statement, also those
inside functions), so a lazy import cannot hide a cycle or a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "budsjett_cli"
# Where the terminal, the command line and the output formats may be known.
PRESENTATION = ("budsjett_cli.commands", "budsjett_cli.render", "budsjett_cli.cli", "budsjett_cli.__main__")
PRESENTATION_LIBRARIES = ("click", "rich", "tabulate", "openpyxl", "jinja2", "markupsafe", "matplotlib")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The modules a file imports: package modules by their full name, other libraries by their top name."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules)
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _imports(path, set(files)) for name, path in files.items()}


def test_the_core_knows_nothing_of_the_terminal():
    offenders = []
    for module, imported in _graph().items():
        if module.startswith(PRESENTATION):
            continue
        for name in imported:
            top = name.split(".")[0]
            if top in PRESENTATION_LIBRARIES or name.startswith(PRESENTATION):
                offenders.append(f"{module} imports {name}")
    assert offenders == []


def test_no_import_cycles():
    graph = _graph()
    edges = {m: {i for i in imported if i in graph and i != m} for m, imported in graph.items()}
    cycles = _cycles(edges)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
