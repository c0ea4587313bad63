"""No import cycles: the graph of our modules' imports (inside functions and under TYPE_CHECKING too) has no
strongly connected component; no module uses another module's private names; no SQL in the window."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "gui", "nianbao")


def module_name(path: Path) -> str:
    """``gui/session.py`` → ``gui.session``; a package's ``__init__.py`` → the package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, modules: set[str]) -> set[str]:
    """Our modules that a file imports anywhere: top level, inside functions, under ``if TYPE_CHECKING``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]  # from gui import x
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def import_graph(packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Each module of the packages → the modules of the packages it imports."""
    files = {module_name(path): path for package in packages for path in (ROOT / package).rglob("*.py")}
    modules = set(files)
    return {name: imported(ast.parse(path.read_text(encoding="utf-8")), modules) - {name}
            for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_cycles_are_found() -> None:
    """The finder itself: a two-module loop and a three-module loop are reported, a chain is not."""
    graph = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c", "f"}, "f": set()}
    assert sorted(cycles(graph)) == [["a", "b"], ["c", "d", "e"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_imports_inside_functions_and_for_typing_count(tmp_path: Path) -> None:
    """An import hidden in a function or under TYPE_CHECKING is an edge like any other."""
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from gui.b import B\n"
              "def f():\n    from gui import c\n    import gui.d\n")
    assert imported(ast.parse(source), {"gui.b", "gui.c", "gui.d", "gui.e"}) == {"gui.b", "gui.c", "gui.d"}


def test_the_graph_covers_every_package() -> None:
    """The checked graph holds the modules of core/ (and its subpackages), gui/ and nianbao/."""
    graph = import_graph(PACKAGES)
    assert {name.split(".")[0] for name in graph} == set(PACKAGES)
    assert "core.template" in graph and "nianbao.cli" in graph and "gui.session" in graph


def test_no_import_cycles() -> None:
    """Every module can be understood (and imported) without its importers: no cycle anywhere."""
    assert cycles(import_graph(PACKAGES)) == []


def is_private(name: str) -> bool:
    """``_name`` (not a dunder such as ``__version__``)."""
    return name.startswith("_") and not name.endswith("__")


def private_imports(tree: ast.AST, modules: set[str]) -> list[str]:
    """Another module's private names a file uses: ``from x import _y``, and ``x._y`` on a module it imports."""
    found = []
    aliases: dict[str, str] = {}  # local name -> one of our modules
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found += [f"{base}.{a.name}" for a in node.names if is_private(a.name)]
            aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names
                            if node.level == 0 and f"{node.module}.{a.name}" in modules})
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if any(is_private(part) for part in a.name.split("."))]
            aliases.update({a.asname: a.name for a in node.names if a.asname and a.name in modules})
            aliases.update({a.name.split(".")[0]: a.name.split(".")[0] for a in node.names
                            if not a.asname and a.name in modules})
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            chain, value = [node.attr], node.value
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                found.append(".".join([aliases[value.id], *reversed(chain)]))
    return found


def test_private_names_are_found() -> None:
    """The finder itself: imported private names and a module's private attribute; public and dunder ones pass."""
    source = ("from core.store.db_health import _uri, check_database\nfrom core import __version__\n"
              "from .sibling import _helper\nimport core.store.backups as backups\nimport gui.session\n"
              "from core.export import xlsx_style\n"
              "backups._explain(1)\ngui.session._private\nxlsx_style._THIN\nbackups.make_backup\nobj._cache\n")
    modules = {"core", "core.store.db_health", "core.store.backups", "gui", "gui.session", "core.export.xlsx_style"}
    assert sorted(private_imports(ast.parse(source), modules)) == [
        ".sibling._helper", "core.export.xlsx_style._THIN", "core.store.backups._explain",
        "core.store.db_health._uri", "gui.session._private"]


def test_no_module_uses_another_modules_private_names() -> None:
    """What modules share is public and documented: no ``from core.x import _private`` in core/, gui/ or nianbao/."""
    files = {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}
    found = [f"{name}: {used}" for name, path in sorted(files.items())
             for used in private_imports(ast.parse(path.read_text(encoding="utf-8")), set(files))]
    assert found == []


def test_the_gui_runs_no_sql() -> None:
    """The window asks core (storage, backups) for data: no sqlite3 in gui/."""
    found = []
    for path in sorted((ROOT / "gui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "sqlite3" for a in node.names):
                found.append(f"{module_name(path)}: import sqlite3")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlite3":
                found.append(f"{module_name(path)}: from sqlite3")
    assert found == []
