"""The floors of the package: every import points down (docs/architecture.md draws them).

Read from the source with `ast`, so the rule holds for imports inside functions and under
`TYPE_CHECKING` too. A module that is in no floor fails the test: a new module is placed
deliberately, here and in docs/architecture.md.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lpsc_cli"

#: Floor of each module or package (a package's modules share its floor), lowest first.
FLOORS: dict[str, int] = {
    "errors": 0, "model": 0, "version": 0,
    "controls": 0, "privacy": 0, "i18n": 0, "helptexts": 0,
    "calendar": 1, "profiles": 1, "yamlio": 1, "schemas": 1, "store": 1,
    "planning": 2, "lifecycle": 2, "vocabulary": 2, "roundtrip": 2, "cache": 2, "history": 2,
    "repository": 3, "migrate": 3,
    "sealing": 4, "signatures": 4, "rules": 4, "indicators": 4, "charts": 4,
    "checks": 5,
    "editing": 6, "documents": 6, "scaffold": 6, "export": 6, "site": 7,
    "reporters": 8,
    "api": 9,  # the functions of the public API
    "": 10,  # the package's own __init__: the public API's names (it imports lazily, by name)
    "cli": 11, "__main__": 12,
}  # fmt: skip


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def floor_key(module: str) -> str:
    return module.split(".", 1)[0] if module else ""


def imports(path: Path, module: str | None = None) -> Iterator[tuple[str, int]]:
    """(module imported, line) for every import of an lpsc_cli module in the file, relative ones resolved."""
    module = module_name(path) if module is None else module
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("lpsc_cli"):
                    yield alias.name.removeprefix("lpsc_cli").lstrip("."), node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and node.module.startswith("lpsc_cli"):
                target = node.module.removeprefix("lpsc_cli").lstrip(".")
            else:
                continue
            for alias in node.names:  # `from lpsc_cli.checks import leaks` imports a module
                candidate = f"{target}.{alias.name}" if target else alias.name
                sub = PACKAGE / Path(*candidate.split("."))
                yield (candidate if sub.with_suffix(".py").exists() or sub.is_dir() else target), node.lineno


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_floor() -> None:
    missing = sorted({floor_key(module_name(p)) for p in MODULES} - set(FLOORS))
    assert not missing, f"place these in FLOORS and docs/architecture.md: {missing}"


def upward(path: Path, source: str) -> list[str]:
    """The imports of the file (as module `source`) that do not point to a lower floor."""
    own = floor_key(source)
    return [
        f"{source} -> {target} (line {line})"
        for target, line in imports(path, source)
        if floor_key(target) != own and FLOORS.get(floor_key(target), 99) >= FLOORS.get(own, -1)
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p) or "lpsc_cli")
def test_imports_point_down(path: Path) -> None:
    wrong = upward(path, module_name(path))
    assert not wrong, "imports that do not point down:\n" + "\n".join(wrong)


def test_no_module_imports_itself_in_a_circle() -> None:
    graph: dict[str, set[str]] = {module_name(p): {t for t, _ in imports(p)} for p in MODULES}
    # a package's __init__ may gather its own modules; a module may not lean back on its __init__'s gatherings
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in graph or target == node:
                continue
            if node.startswith(target + ".") or target == "":
                continue  # importing a name from one's own package __init__ (or the API root)
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                pytest.fail("an import circle: " + " -> ".join(cycle))
            if state.get(target) is None:
                visit(target)
        path.pop()
        state[node] = 2

    for module in sorted(graph):
        if state.get(module) is None:
            visit(module)


def test_modules_below_the_cli_import_lpsc_at_the_top() -> None:
    """Imports of lpsc modules stand at the top of every module below cli/ (none hidden in a function).

    One form is allowed: a package's module-level `__getattr__` (PEP 562) that imports a
    submodule of its own package to hand out its names (`lpsc_cli.checks` and its runner).
    """
    hidden = []
    for path in MODULES:
        if floor_key(module_name(path)) in ("cli", "__main__", ""):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lazy = {
            n
            for n in tree.body
            if path.name == "__init__.py" and isinstance(n, ast.FunctionDef) and n.name == "__getattr__"
        }
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            if function in lazy:
                own = module_name(path)
                assert all(
                    isinstance(node, ast.ImportFrom) and node.module == f"lpsc_cli.{own}"
                    for node in ast.walk(function)
                    if isinstance(node, ast.Import | ast.ImportFrom)
                ), f"{own}.__getattr__ imports only submodules of {own}"
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("lpsc_cli")):
                    hidden.append(f"{module_name(path)}:{node.lineno}")
                if isinstance(node, ast.Import) and any(a.name.startswith("lpsc_cli") for a in node.names):
                    hidden.append(f"{module_name(path)}:{node.lineno}")
    assert not hidden, "lpsc imports inside functions: " + ", ".join(hidden)


def test_the_rule_catches_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: a floor-1 module importing from floor 5, inside a function, is reported."""
    fake = tmp_path / "calendar.py"
    fake.write_text("def f():\n    from lpsc_cli.checks import leaks\n    from ..repository import load_repository\n")
    assert upward(fake, "calendar") == ["calendar -> checks.leaks (line 2)", "calendar -> repository (line 3)"]
    assert upward(fake, "cli.check") == []


def test_no_test_module_imports_another() -> None:
    """What several test modules share lives in `tests/support/`: a test module that imports
    another runs that module's collection again and ties the two together."""
    tests = Path(__file__).resolve().parent
    offenders = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            if any(name.split(".")[:2][-1].startswith("test_") and name.startswith("tests.") for name in names):
                offenders.append(f"{path.relative_to(tests)}:{node.lineno}")
    assert offenders == []


def test_every_child_process_of_a_test_has_a_time_limit_and_no_terminal_input() -> None:
    """CI runs with a standard input that may never close: a test's child process gets
    `stdin=subprocess.DEVNULL` (or its `input=`), and a `timeout=` so that a hang fails one test
    instead of holding the whole run."""
    tests = Path(__file__).resolve().parent
    missing = []
    for path in sorted([*tests.glob("*.py"), *tests.glob("support/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "subprocess"
                and node.func.attr in ("run", "Popen")
            ):
                continue
            given = {keyword.arg for keyword in node.keywords}
            if None in given:
                continue  # **options: checked where they are made
            wanted = {"stdin"} if "input" not in given else set()
            if node.func.attr == "run":
                wanted.add("timeout")
            if wanted - given:
                missing.append(f"{path.relative_to(tests)}:{node.lineno} ({', '.join(sorted(wanted - given))})")
    assert not missing, "child processes without a time limit or with terminal input: " + ", ".join(missing)
