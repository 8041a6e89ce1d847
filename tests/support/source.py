"""The package's source as syntax trees, for tests about its structure (imports, definitions, calls)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import lpsc_cli

PACKAGE = Path(lpsc_cli.__file__).parent


@cache
def modules(package: Path = PACKAGE) -> dict[str, ast.Module]:
    """Every module of `package` by dotted name, parsed."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return found


def imported(tree: ast.AST) -> set[str]:
    """The top-level names of the modules `tree` imports, anywhere in it (relative imports left out)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names
