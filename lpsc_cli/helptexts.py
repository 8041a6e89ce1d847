"""The `--help` texts of the command line, for the catalogs: a Babel extractor.

The help of lpsc's commands is written in English where Typer takes it: the `help=` keyword of
`typer.Option`, `typer.Argument`, `typer.Typer`, `.command(...)` and `.add_typer(...)`, and the
docstring of every function that is a command or a callback. Those are not `_()` calls, so
Babel's Python extractor does not see them; this one does, with `ast`, and gives each text as
Typer will hold it when it builds the command tree (docstrings and the help of commands and
groups cleaned with `inspect.cleandoc`, as Typer does; options' and arguments' help as written),
so that the help shown (`cli/helpview.py`) is found in the catalog as it stands.

Only texts Python can know without running the module are extracted: a string, strings joined
by implicit concatenation or `+`, an f-string of such strings, and a name the module assigns one
such text (`f"Where. {TEXT_HELP}"`, `"Sealed: address." + _FROM_STDIN`); a help made by a
function call stays English (`cli/helpview.formatted` is for a help holding values).
Registered in `babel.cfg` (`[extractors]`) for the modules of `lpsc_cli/cli/`; it gives Babel's
own Python messages of those modules too (Babel uses one extractor per file).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

#: Calls whose `help=` Typer keeps as written (a parameter's help); the others it cleans.
PARAMETER_CALLS = frozenset({"Option", "Argument"})
#: Method names that make a function a command or a callback when they decorate or wrap it.
COMMAND_METHODS = frozenset({"command", "callback"})

#: One extracted message as Babel wants it: (line, function name, message(s), comments).
Extracted = tuple[Any, ...]


def _name(node: ast.expr) -> str | None:
    """The last name of a called function: `Option` for `typer.Option`, `command` for `app.command`."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _constants(tree: ast.Module) -> dict[str, ast.expr]:
    """The names the module assigns once, at its top level: name -> the expression assigned."""
    assigned: dict[str, list[ast.expr]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                assigned.setdefault(target.id, []).append(value)
    return {name: values[0] for name, values in assigned.items() if len(values) == 1}


def _text(node: ast.expr, constants: Mapping[str, ast.expr]) -> str | None:
    """The string a node always is, else None: a string (implicit concatenation is one), strings
    joined by `+` or in an f-string (no conversion, no format), a name of `constants` holding one."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left, constants), _text(node.right, constants)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                if part.conversion != -1 or part.format_spec is not None:
                    return None
                part = part.value
            text = _text(part, constants)
            if text is None:
                return None
            parts.append(text)
        return "".join(parts)
    if isinstance(node, ast.Name) and node.id in constants:
        # a name is looked up without itself (a name assigned from itself is not a text)
        return _text(constants[node.id], {name: value for name, value in constants.items() if name != node.id})
    return None


def _is_command_call(node: ast.expr) -> bool:
    """Whether `node` is `<something>.command(...)` or `<something>.callback(...)` (or without the call)."""
    target = node.func if isinstance(node, ast.Call) else node
    return isinstance(target, ast.Attribute) and target.attr in COMMAND_METHODS


def _registers(statement: ast.stmt) -> bool:
    """Whether a statement registers a function as a command: `group.command(name)(function)`."""
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Call) and _is_command_call(node.func)
        for node in ast.walk(statement)
    )


def _named_texts(tree: ast.Module, value: ast.expr, constants: Mapping[str, ast.expr]) -> Iterator[tuple[int, str]]:
    """The strings a `help=name` may hold: those assigned to `name` (a string, or the values of a
    dict looked up), or given to it by a loop over tuples (`for name, kinds, help_text in (...)`)."""
    if not isinstance(value, ast.Name):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == value.id for t in node.targets):
            source = node.value.value if isinstance(node.value, ast.Subscript) else node.value
            for item in source.values if isinstance(source, ast.Dict) else [source]:
                if (text := _text(item, constants)) is not None:
                    yield item.lineno, text
        elif (
            isinstance(node, ast.For)
            and isinstance(node.target, ast.Tuple)
            and isinstance(node.iter, ast.Tuple | ast.List)
        ):
            names = [t.id if isinstance(t, ast.Name) else None for t in node.target.elts]
            if value.id not in names:
                continue
            index = names.index(value.id)
            for row in node.iter.elts:
                if isinstance(row, ast.Tuple) and len(row.elts) > index and (text := _text(row.elts[index], constants)):
                    yield row.elts[index].lineno, text


def help_texts(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every help text of a module's source, as Typer holds it, in source order."""
    tree = ast.parse(source)
    constants = _constants(tree)
    # functions registered by a call, `app.command("check")(check_command)`, or from a loop over
    # the functions named in its iterable, `for name, command in (("new", plan_new), ...)`
    wrapped: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_command_call(node.func) and node.args:
            if isinstance(node.args[0], ast.Name):
                wrapped.add(node.args[0].id)
        elif isinstance(node, ast.For) and any(_registers(statement) for statement in node.body):
            wrapped.update(name.id for name in ast.walk(node.iter) if isinstance(name, ast.Name))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg != "help":
                    continue
                texts = _text(keyword.value, constants)
                named = _named_texts(tree, keyword.value, constants)
                for line, text in [(keyword.value.lineno, texts)] if texts else named:
                    cleaned = text if _name(node.func) in PARAMETER_CALLS else inspect.cleandoc(text)
                    found.append((line, cleaned))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            command = node.name in wrapped or any(_is_command_call(d) for d in node.decorator_list)
            docstring = ast.get_docstring(node, clean=True) if command else None
            if docstring:
                found.append((node.body[0].lineno, docstring))
    return iter(sorted(found))


def extract(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[Extracted]:
    """Babel's extractor: the module's `_()` messages (Babel's Python extractor), then its help texts."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for line, text in help_texts(source):
        yield line, None, text, []
