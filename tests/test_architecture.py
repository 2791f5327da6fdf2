"""The layers stay as CONVENTIONS describes them: no import cycles, dependencies pointing one way, small modules."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

#: Qt's modules that need a window system: only the interface (app/ui) may use them.
GUI_QT = ("PySide6.QtWidgets", "PySide6.QtGui", "PySide6.QtPrintSupport", "PySide6.QtCharts", "PySide6.QtPdf")
MAX_LINES = 500
MAX_SIDE_BY_SIDE = 12


@dataclass(frozen=True)
class Import:
    """One import statement of a module: what it names, where, and whether it runs only when a function is called."""

    importer: str
    imported: str
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(APP.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The app module that importing `name` runs (a module, or the package an imported name belongs to)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _statements(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement with whether it is inside a function (run late) or at module level."""

    def walk(node: ast.AST, in_function: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, in_function
            yield from walk(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    yield from walk(tree, False)


def imports_of(name: str) -> list[Import]:
    """What module `name` imports, counting imports inside functions (and under `if TYPE_CHECKING`)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node, in_function in _statements(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        for target in targets:
            found.append(Import(name, target, node.lineno, in_function))
    return found


IMPORTS = {name: imports_of(name) for name in MODULES}


def app_graph() -> dict[str, set[str]]:
    """Module → the app modules it imports (itself left out)."""
    graph: dict[str, set[str]] = {}
    for name, found in IMPORTS.items():
        targets = {_resolve(item.imported) for item in found if item.imported.startswith("app")}
        graph[name] = {target for target in targets if target and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
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
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_a_cycle_through_an_import_inside_a_function() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back_even_late() -> None:
    assert cycles(app_graph()) == []


def _under(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def _violations(importers: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{item.importer}:{item.line} imports {item.imported}"
        for name, found in IMPORTS.items()
        if _under(name, *importers)
        for item in found
        if _under(item.imported, *forbidden)
    ]


@pytest.mark.parametrize(
    ("importers", "forbidden"),
    [
        (("app.text",), ("app.models", "app.services", "app.exporters", "app.ui", "app.commands", "app.cli")),
        (("app.models",), ("app.services", "app.exporters", "app.ui", "app.commands", "app.cli")),
        (("app.exporters",), ("app.models", "app.services", "app.ui", "app.commands", "app.cli")),
        (("app.services",), ("app.ui", "app.commands", "app.cli")),
    ],
)
def test_dependencies_point_one_way(importers: tuple[str, ...], forbidden: tuple[str, ...]) -> None:
    assert _violations(importers, forbidden) == []


def test_nothing_below_the_interface_needs_a_window_system() -> None:
    below = tuple(name for name in MODULES if not _under(name, "app.ui"))
    found = [item for name in below for item in IMPORTS[name] if _under(item.imported, *GUI_QT)]
    assert [f"{item.importer}:{item.line} imports {item.imported}" for item in found] == []


def test_no_function_imports_again_what_its_module_imported_at_the_top() -> None:
    again = []
    for name, found in IMPORTS.items():
        top = {item.imported for item in found if not item.in_function}
        again += [f"{name}:{item.line} {item.imported}" for item in found if item.in_function and item.imported in top]
    assert again == []


def test_modules_stay_small() -> None:
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: lines for name, lines in lengths.items() if lines > MAX_LINES} == {}


@pytest.mark.parametrize("folder", ["services", "ui"])
def test_a_part_is_a_folder_not_a_long_row_of_modules(folder: str) -> None:
    entries = [
        path.name
        for path in (APP / folder).iterdir()
        if (path.suffix == ".py" and path.name != "__init__.py") or (path / "__init__.py").exists()
    ]
    assert len(entries) <= MAX_SIDE_BY_SIDE, sorted(entries)


# -- field kinds are objects: no code outside them says what to do by a kind's name ------------------------------
#: Where a kind is matched by its name on purpose: the kinds themselves and the form's kind → widget mapping.
KIND_OWNERS = ("app/services/registers/kinds/", "app/ui/fields/kinds.py")
#: Modules still naming kinds, until they ask the kind objects instead (the importer, the sample data, the
#: submissions' sheets, the register pages).
KIND_NAMING_LEFT = frozenset({
})  # fmt: skip


def _kind_names() -> frozenset[str]:
    from app.services.registers.kinds import KINDS

    return frozenset(KINDS)


def _is_kind(node: ast.AST) -> bool:
    """`….kind` or `….kind.name`: a field's kind."""
    if isinstance(node, ast.Attribute) and node.attr == "name":
        node = node.value
    return isinstance(node, ast.Attribute) and node.attr == "kind"


#: What a field's description is called where its kind is looked up in a table (`WIDTHS[fs.kind]`); other things
#: have kinds too (a reminder's, a department's), looked up by theirs.
FIELD_NAMES = frozenset({"fs", "spec", "title", "field"})


def _is_field_kind(node: ast.AST) -> bool:
    """`fs.kind`, `self.spec.kind`, `title.kind.name` …: a field's kind, by what its description is called."""
    if not _is_kind(node):
        return False
    owner = node.value.value if isinstance(node, ast.Attribute) and node.attr == "name" else node.value
    named = owner.attr if isinstance(owner, ast.Attribute) else owner.id if isinstance(owner, ast.Name) else ""
    return named in FIELD_NAMES


def _names_kinds(node: ast.AST, names: frozenset[str]) -> bool:
    """A kind's name, or a tuple, list or set holding one."""
    if isinstance(node, ast.Constant):
        return node.value in names
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(isinstance(item, ast.Constant) and item.value in names for item in node.elts)
    return False


def kind_branches(source: str, names: frozenset[str]) -> list[int]:
    """The lines of `source` that do something by a kind's name: compare a field's kind with a name (or a tuple
    of names), look a field's kind up in a table, or test an object for a kind's class."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_is_kind(side) for side in sides) and any(_names_kinds(side, names) for side in sides):
                lines.append(node.lineno)
        elif isinstance(node, ast.Assign) and any(
            _is_field_kind(value) for value in (node.value.elts if isinstance(node.value, ast.Tuple) else [node.value])
        ):  # a field's kind copied, to be compared by its name further on
            lines.append(node.lineno)
        elif isinstance(node, ast.Subscript) and _is_field_kind(node.slice):
            lines.append(node.lineno)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and node.args and _is_field_kind(node.args[0])):  # fmt: skip
            lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance":
            classes = node.args[1] if len(node.args) == 2 else None
            named = classes.elts if isinstance(classes, ast.Tuple) else [classes]
            if any(isinstance(item, ast.Name) and item.id.endswith("Kind") for item in named):
                lines.append(node.lineno)
    return sorted(lines)


def test_the_kind_branch_finder_finds_what_it_should() -> None:
    names = frozenset({"names", "link", "money"})
    source = (
        "if fs.kind == 'names': pass\n"
        "x = fs.kind in ('link', 'links')\n"
        "y = WIDTHS[fs.kind]\n"
        "z = {'money': 1}.get(title.kind.name, 2)\n"
        "w = isinstance(fs.kind, LinkKind)\n"
        "if entry.kind == 'regional_centre': pass\n"  # a record's kind column, not a field's kind
        "v = fs.kind.many\n"
        "u = ATTENTION[item.kind]\n"  # a reminder's kind
        "kind = fs.kind\n"
    )
    assert kind_branches(source, names) == [1, 2, 3, 4, 5, 9]


def test_no_code_outside_the_kinds_branches_on_a_kind_name() -> None:
    names = _kind_names()
    found, still = [], []
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(KIND_OWNERS):
            continue
        lines = kind_branches(path.read_text(encoding="utf-8"), names)
        if relative in KIND_NAMING_LEFT:
            still += [relative] if lines else []
        else:
            found += [f"{relative}:{line}" for line in lines]
    assert found == []
    assert sorted(KIND_NAMING_LEFT - set(still)) == [], "converted: take them off KIND_NAMING_LEFT"
