"""No import circle between MotCua's modules: the strongly connected components of the import graph
grimp builds (the graph import-linter checks; TYPE_CHECKING imports left out), lazy imports inside
functions included."""

import sys

import grimp


def circles(graph) -> list[frozenset[str]]:
    """Tarjan's strongly connected components with two or more modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in sorted(graph.modules):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_the_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for a, b in [("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")]:
        graph.add_import(importer=a, imported=b)
    assert circles(graph) == [frozenset({"p.a", "p.b", "p.c"})]


def test_no_import_circle_in_motcua():
    graph = grimp.build_graph("motcua", exclude_type_checking_imports=True)
    found = [sorted(c) for c in circles(graph)]
    assert not found, found
