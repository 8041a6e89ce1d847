"""One implementation of each shared question, used everywhere it is asked; git and the clock only
in history.py (below the CLI).

The checks read the package's source (its syntax trees), so they hold wherever a module moves.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli import history, model, privacy
from lpsc_cli.checks import composition, leaks, obligations, references
from lpsc_cli.documents import builders
from lpsc_cli.editing import people
from lpsc_cli.rules import members, plan
from lpsc_cli.sealing import access
from tests.support.source import imported, modules


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef))


def constants(call: ast.Call) -> tuple[Any, ...]:
    return tuple(arg.value if isinstance(arg, ast.Constant) else None for arg in call.args)


def reads_term_bound(node: ast.AST, bound: str) -> bool:
    """Whether `node` holds a call `something.get("term", bound, ...)`."""
    return any(
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "get"
        and constants(call)[:2] == ("term", bound)
        for call in ast.walk(node)
    )


def compares_both_term_bounds(function: ast.AST) -> bool:
    """Whether `function` compares both ends of a term (read directly, or through a variable)."""
    named = {
        target.id: bound
        for node in ast.walk(function)
        if isinstance(node, ast.Assign)
        for bound in ("from", "to")
        if reads_term_bound(node.value, bound)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    compared: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                compared.update(bound for bound in ("from", "to") if reads_term_bound(operand, bound))
                compared.update(named[n.id] for n in ast.walk(operand) if isinstance(n, ast.Name) and n.id in named)
    return compared == {"from", "to"}


def calls(tree: ast.AST, name: str) -> bool:
    """Whether `tree` calls a function called `name` (bare or as an attribute)."""
    return any(
        isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == name)
            or (isinstance(node.func, ast.Attribute) and node.func.attr == name)
        )
        for node in ast.walk(tree)
    )


def test_member_in_term_is_one_function() -> None:
    """Only `model.is_current` compares a day with both ends of a member's term."""
    deciders = [
        f"{name}.{function.name}"
        for name, tree in modules().items()
        for function in functions(tree)
        if compares_both_term_bounds(function)
    ]
    assert deciders == ["lpsc_cli.model.is_current"]


@pytest.mark.parametrize("module", [access, builders, members, plan, composition, people], ids=lambda m: m.__name__)
def test_every_caller_asks_the_one_function(module: Any) -> None:
    assert module.is_current is model.is_current
    assert calls(modules()[module.__name__], "is_current"), f"{module.__name__} imports is_current but never calls it"


def test_walking_a_path_with_list_items_is_one_function() -> None:
    defined = [f"{name}.{f.name}" for name, tree in modules().items() for f in functions(tree) if f.name == "values_at"]
    assert defined == [f"{references.__name__}.values_at"]
    assert leaks.values_at is references.values_at
    assert calls(modules()[leaks.__name__], "values_at")


def test_only_the_history_runs_git_or_reads_the_clock() -> None:
    """Below the CLI, git and the clock are history.py's: the leak scan and the rest take `as_of`.

    One other process is run, and not git: Windows' `icacls`, by privacy.py, to make a file of
    decrypted data readable by its owner only.
    """
    outside = {"subprocess", "git", "time"}
    clock = ("today", "now", "utcnow")
    allowed = {privacy.__name__: {"subprocess"}}
    found = {
        name: sorted(imported(tree) & outside - allowed.get(name, set())) + [f"{c}()" for c in clock if calls(tree, c)]
        for name, tree in modules().items()
        if not name.startswith("lpsc_cli.cli") and name != history.__name__
    }
    runs = [
        ast.unparse(call.args[0])
        for call in ast.walk(modules()[privacy.__name__])
        if isinstance(call, ast.Call) and ast.unparse(call.func) == "subprocess.run"
    ]
    assert runs and all(run.startswith("[icacls,") for run in runs), runs
    assert {name: uses for name, uses in found.items() if uses} == {}
    assert imported(modules()[history.__name__]) >= {"subprocess"}, "the walk would see an import of subprocess"
    assert leaks.__name__ in found, "the leak scan is one of the modules checked"


def test_the_history_scan_gets_its_file_versions_from_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lpsc_cli.schemas import SchemaSet

    def unavailable(root: Path) -> Any:
        raise history.GitUnavailable(f"no history at {root.name}")

    monkeypatch.setattr(leaks, "introduced_blobs", unavailable)
    found = leaks.history_leaks(tmp_path, SchemaSet())
    assert [(i.code, i.message) for i in found] == [
        ("history-unavailable", f"the history was not scanned: no history at {tmp_path.name}")
    ]


def test_the_obligations_check_cites_its_sources() -> None:
    text = " ".join((obligations.__doc__ or "").split())
    for citation in ("R art. 7.2, 7.4, 7.8", "R art. 11.1, 11.3", "A §3.5", "A Annex 3 I–IX"):
        assert citation in text
