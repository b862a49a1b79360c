"""The package's rooms keep their order: no import circles, no import from a later stage.

Reads every module of ``referatarkiv`` with ``ast`` (nothing is imported) and collects its imports
of the package, at the top and inside functions alike. Two rules (docs-dev/CONVENTIONS.md,
"Which room new code goes in"):

1. No circle among the modules (``a`` imports ``b`` imports … ``a``), counting the package
   ``__init__`` an import runs on the way (``from ..readers import X`` runs ``readers/__init__``).
2. A module imports from its own room, the base modules and earlier rooms only, in this order:
   base < readers < parse < archive < site < search < build < dev < cli.
"""
from __future__ import annotations

import ast
from pathlib import Path

import referatarkiv

PACKAGE = Path(referatarkiv.__file__).resolve().parent
NAME = "referatarkiv"
# Shared by every stage; they import only each other (and the standard library and third parties).
BASE = {"model", "dates", "slugs", "statefiles"}
ROOMS = ["readers", "parse", "archive", "site", "search", "build", "dev"]
ORDER = ["base", *ROOMS, "cli"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([NAME, *parts])


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def room(mod: str) -> str:
    parts = mod.split(".")
    if len(parts) == 1:
        return "base"  # the package's own __init__
    if len(parts) == 2 and parts[1] in BASE:
        return "base"
    if len(parts) == 2 and parts[1] == "cli":
        return "cli"
    if parts[1] in ROOMS:
        return parts[1]
    raise AssertionError(f"{mod}: not in a room; put it in one, or add it to BASE here and in CONVENTIONS.md")


def imports(mod: str, path: Path, known: dict[str, Path]) -> list[tuple[str, int]]:
    """(imported module of the package, line) for every import in ``path``."""
    is_package = path.name == "__init__.py"
    here = mod.split(".") if is_package else mod.split(".")[:-1]  # the package relative imports start from
    out: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names if a.name.split(".")[0] == NAME]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != NAME:
                continue
            for a in node.names:  # ``from pkg import mod`` imports the module pkg.mod
                sub = f"{target}.{a.name}"
                out.append((sub if sub in known else target, node.lineno))
    return [(m, line) for m, line in out if m in known]


def graph() -> dict[str, list[tuple[str, int]]]:
    known = modules()
    edges: dict[str, list[tuple[str, int]]] = {}
    for mod, path in known.items():
        own = {".".join(mod.split(".")[:i]) for i in range(1, mod.count(".") + 2)}  # itself and its packages
        found = []
        for target, line in imports(mod, path, known):
            # Importing a.b.c runs a.b's __init__ first (a package being imported already is no edge).
            parts = target.split(".")
            for i in range(2, len(parts) + 1):
                step = ".".join(parts[:i])
                if step in known and step not in own:
                    found.append((step, line))
        edges[mod] = sorted(set(found))
    return edges


def cycles(edges: dict[str, list[tuple[str, int]]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w, _ in edges.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_package_is_all_in_rooms():
    names = modules()
    assert f"{NAME}.parse" in names and f"{NAME}.site.pages" in names, "the package was not found"
    for mod in names:
        room(mod)


def a_circle(comp: list[str], edges: dict[str, list[tuple[str, int]]]) -> list[tuple[str, int, str]]:
    """One shortest circle through ``comp[0]`` inside the component: [(module, line, imported)]."""
    members, start = set(comp), comp[0]
    paths: dict[str, list[tuple[str, int, str]]] = {start: []}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w, line in edges[v]:
            if w == start:
                return paths[v] + [(v, line, w)]
            if w in members and w not in paths:
                paths[w] = paths[v] + [(v, line, w)]
                queue.append(w)
    return []


def test_no_import_circles():
    edges, known = graph(), modules()
    found = cycles(edges)
    detail = []
    for comp in found:
        detail.append(" → ".join(comp) if len(comp) > 4 else "circle:")
        detail += [f"  {known[v].relative_to(PACKAGE)}:{line} imports {w}" for v, line, w in a_circle(comp, edges)]
    assert not found, "import circles:\n" + "\n".join(detail)


def test_no_import_from_a_later_room():
    known = modules()
    bad = []
    for mod, targets in graph().items():
        for target, line in targets:
            if ORDER.index(room(target)) > ORDER.index(room(mod)):
                bad.append(f"  {known[mod].relative_to(PACKAGE)}:{line} ({room(mod)}) imports {target} ({room(target)})")
    assert not bad, ("imports from a later room (order: " + " < ".join(ORDER) + "); move what both need down:\n"
                     + "\n".join(bad))


def test_each_room_says_what_it_takes_and_gives():
    for name in ROOMS:
        init = PACKAGE / name / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{init.relative_to(PACKAGE)}: a docstring saying what the stage takes and gives"


def test_the_checks_see_a_circle_and_an_upward_import():
    """The checker itself: a made-up graph with a circle and a site → build import."""
    edges = {"referatarkiv.site.a": [("referatarkiv.site.b", 1)], "referatarkiv.site.b": [("referatarkiv.site.a", 2)],
             "referatarkiv.build.c": []}
    assert cycles(edges) == [["referatarkiv.site.a", "referatarkiv.site.b"]]
    assert ORDER.index(room("referatarkiv.build.c")) > ORDER.index(room("referatarkiv.site.a"))
    assert room("referatarkiv.model") == "base" and room("referatarkiv.cli") == "cli"
