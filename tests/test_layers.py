"""The package's import graph, read from the source (ast): no circles, no module importing one
of a layer above its own, and no typer or rich in the core. Imports inside functions and under
TYPE_CHECKING count as well: a lazy import is still a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "chairship_cli"

# Lowest first. A module may import modules of its own layer or of a layer below it.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset("chairship_cli" if m == "." else f"chairship_cli.{m}" for m in layer.split())
    for layer in (
        ". dates countries textkey",  # "." is the package itself (its __version__)
        "model",
        "fast cache load match i18n",
        "chronology query batch agenda",
        "render render.styles render.output render.shapes render.chart render.terminal render.dispatch",
        "export safe_write",
        "cli __main__",
    )
)
CORE = frozenset().union(*LAYERS[:4])  # never typer, rich or click
UI = ("typer", "rich", "click")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """Every module ``name`` imports: of the package (by module) and from outside (by the top
    package name, e.g. "rich")."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:  # `from . import shapes` imports a module
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {m if m.startswith("chairship_cli") else m.split(".")[0] for m in found} - {name}


GRAPH = {name: {m for m in imports(name) if m in MODULES} for name in MODULES}


def layer(name: str) -> int:
    return next(i for i, members in enumerate(LAYERS) if name in members)


def test_every_module_has_a_layer() -> None:
    placed = frozenset().union(*LAYERS)
    assert set(MODULES) - placed == set(), "add the new module to a layer of LAYERS"
    assert placed - set(MODULES) == set(), "a module of LAYERS is gone"


def test_no_module_imports_one_of_a_higher_layer() -> None:
    upward = sorted((a, b) for a, deps in GRAPH.items() for b in deps if layer(b) > layer(a))
    assert upward == []


def test_the_import_graph_has_no_circle() -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for dep in sorted(GRAPH[name]):
            assert state.get(dep) != 1, " -> ".join([*path, name, dep])
            if dep not in state:
                visit(dep, [*path, name])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [])


def test_the_core_never_imports_typer_or_rich() -> None:
    for name in sorted(CORE):
        assert not imports(name) & set(UI), name


def test_the_graph_is_read_from_the_source() -> None:
    """The reader finds what the modules really import (so the tests above can fail)."""
    assert "chairship_cli.model" in GRAPH["chairship_cli.load"]
    assert "chairship_cli.render.shapes" in GRAPH["chairship_cli.render.dispatch"]  # from . import
    assert "chairship_cli.export" in GRAPH["chairship_cli.cli"]  # inside a function
    assert "typer" in imports("chairship_cli.cli")
    assert "rich" in imports("chairship_cli.render.terminal")
