"""`--help` in the run's language: the help texts of the click tree translated as help is shown.

The texts are the English ones written in the commands (`help=` of options, arguments, groups;
the docstrings of commands and callbacks), extracted into the catalogs by the Babel extractor of
`lpsc_cli/helptexts.py`. Nothing is translated while a command runs: only when a command's or a
group's help is shown (`--help`, `-h`, a group called without a command) are its help, short help
and parameters' helps (and, for a group, those of the commands it lists) looked up in the
catalog of the run's language, with Typer's panel titles ("Options", "Commands"...) and the
"Usage:" line. The language is that of the run (`--lang`, `$LPSC_LANG`, `lpsc.yaml`, the locale:
`common.choose_language`), chosen for the help alone and given back afterwards.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any

from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

from lpsc_cli import i18n
from lpsc_cli.cli.common import choose_language, option_value
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _

#: Help texts of Typer and click themselves, shown with lpsc's (English exactly as they write them).
BUILT_IN_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)

#: Typer's rich help constants (`typer.rich_utils`) and their English, as Typer writes them.
RICH_TEXTS: dict[str, str] = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}

#: Where the original English texts of a translated command are kept.
_ENGLISH = "_lpsc_english"


@contextmanager
def help_language(ctx: Any) -> Iterator[str]:
    """The run's language active while help is shown (from the whole command line, kept by the
    root in `ctx.meta["lpsc.args"]`), the previous one given back afterwards."""
    args = ctx.meta.get("lpsc.args", [])
    try:
        with i18n.speaking():
            language = choose_language(option_value(args, "--lang"), args, for_help=True)
            _rich_texts()
            yield language
    finally:
        _rich_texts()  # Typer's texts in the language given back


def _rich_texts() -> None:
    """Typer's panel titles and markers in the active language."""
    import typer.rich_utils  # Rich's help (Rich, Markdown) is loaded for help only, as Typer does

    for name, english in RICH_TEXTS.items():
        setattr(typer.rich_utils, name, _(english))


#: Help texts made from a template at run time (`formatted`): text -> (template, values).
_FORMATTED: dict[str, tuple[str, dict[str, str]]] = {}


def formatted(template: str, **values: str) -> str:
    """A help text made from a template marked with `N_` and values that are not translated
    (option values, ids): `help=formatted(N_("One of: {values}."), values=", ".join(KINDS))`.

    Returns the English text, as `help=` needs; when help is shown, the template's translation
    is filled with the same values. (An f-string help cannot be extracted for the catalogs.)"""
    text = template.format(**values)
    _FORMATTED[text] = (template, values)
    return text


#: The help of an option that takes one of a few values.
ONE_OF = N_("One of: {values}.")


def one_of(values: Iterable[str], template: str = ONE_OF) -> str:
    """The help of an option taking one of `values` (`--kind`, `--status`), from a template
    marked with `N_` whose `{values}` is the values, comma-separated: `help=one_of(KINDS)`,
    `help=one_of(ROLES, N_("Role (repeat): {values}."))`."""
    return formatted(template, values=", ".join(values))


def _translated(text: str) -> str:
    """A help text in the active language."""
    if text in _FORMATTED:
        template, values = _FORMATTED[text]
        return _(template).format(**values)
    return _(text)


def translate(command: Any, ctx: Any) -> None:
    """Put the help texts of `command` (and its parameters') in the active language."""
    params = command.get_params(ctx)
    english = command.__dict__.setdefault(
        _ENGLISH, (command.help, command.short_help, [(param, getattr(param, "help", None)) for param in params])
    )
    text, short, helps = english
    command.help = _translated(text) if text else text
    command.short_help = _translated(short) if short else short
    for param, value in helps:
        param.help = _translated(value) if value else value


class _NoneFirst:
    """Typer's coercion of a parameter's value, built only when it has work to do: Typer builds
    it with pydantic (a seventh of a second to import, every record command's run), which no
    parameter absent from the command line needs (`lpsc meeting new --help` would import it for
    the root's and the group's options), nor a text, a list of texts or a path that plainly is
    what was given (`_plain`). Any other value, and any value Typer would refuse, goes to
    Typer's own coercion: the same results and the same messages."""

    def __init__(self, build: Any) -> None:
        self._build = build

    def __call__(self) -> _NoneFirst:
        return self

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:  # what Typer's coercion gives for no value
            return () if param.multiple or param.nargs == -1 else None
        plain = _plain(value, param, ctx)
        if plain is not _NOT_PLAIN:
            return plain
        return self._build().coerce(value, param=param, ctx=ctx)


_NOT_PLAIN = object()


def _plain(value: Any, param: Any, ctx: Any) -> Any:
    """What Typer's coercion makes of `value` when that is plain to see without it, else
    `_NOT_PLAIN`: a `str` option's text is that text, a `list[str]` option's texts a list of
    them, an `int` or `float` option's number written plainly (`_plain_number`), an `Enum`
    option's text the first member whose value it names (as
    `typer._param_types.coerce_cli_choice` picks it), and a `Path` option's text `Path(text)`
    when the path passes every test Typer makes (`coerce_cli_path`: it exists where it must,
    is of a kind allowed, readable or writable as asked). tests/test_plain_coercion.py compares both."""
    descriptor = getattr(param, "type_descriptor", None)
    info = getattr(descriptor, "parameter_info", None)
    if descriptor is None or info is None or info.parser is not None or descriptor.file_annotation is not None:
        return _NOT_PLAIN
    annotation = descriptor.annotation
    many = param.multiple or param.nargs == -1
    if annotation is str and not many and isinstance(value, str):
        return value
    if isinstance(annotation, type) and issubclass(annotation, Enum) and not many and isinstance(value, str):
        if getattr(ctx, "token_normalize_func", None) is not None:
            return _NOT_PLAIN
        fold = (lambda text: text) if info.case_sensitive else str.casefold
        return next((member for member in annotation if fold(str(member.value)) == fold(value)), _NOT_PLAIN)
    if annotation in (int, float) and not many and isinstance(value, str):
        return _plain_number(value, annotation, info)
    if annotation == list[str] and many and isinstance(value, (list, tuple)):
        return list(value) if all(isinstance(item, str) for item in value) else _NOT_PLAIN
    if annotation is Path and not many and isinstance(value, str) and value and "\0" not in value:
        return _plain_path(value, info)
    return _NOT_PLAIN


#: Numbers written plainly: what Typer's (pydantic's) number parsing reads as Python does.
#: At most 15 digits each side: a longer one (past Python's limit on converting long digit
#: strings, or past a float's precision) is left to Typer.
_PLAIN_NUMBER = {
    int: re.compile(r"-?(?:0|[1-9][0-9]{0,14})"),
    float: re.compile(r"-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?"),
}


def _plain_number(value: str, annotation: type[Any], info: Any) -> Any:
    """`int(value)` or `float(value)` for a number written plainly and inside the option's range
    (Typer's clamping, and every other spelling, left to Typer)."""
    if info.clamp or not _PLAIN_NUMBER[annotation].fullmatch(value):
        return _NOT_PLAIN
    number = annotation(value)
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return _NOT_PLAIN
    return number


def _plain_path(value: str, info: Any) -> Any:
    if info.path_type is not None or info.resolve_path or info.allow_dash:
        return _NOT_PLAIN
    try:
        mode = os.stat(value).st_mode
    except OSError:
        return _NOT_PLAIN if info.exists else Path(value)
    if (not info.file_okay and stat.S_ISREG(mode)) or (not info.dir_okay and stat.S_ISDIR(mode)):
        return _NOT_PLAIN
    if (info.readable and not os.access(value, os.R_OK)) or (info.writable and not os.access(value, os.W_OK)):
        return _NOT_PLAIN
    return Path(value)


class HelpView:
    """Help in the run's language: for lpsc's commands and groups (mixed in before Typer's class).

    Also the start-up: a parameter's coercion is built when it has a value (`_NoneFirst`)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            build = getattr(param, "get_runtime_param", None)
            if build is not None and not isinstance(build, _NoneFirst):
                param.get_runtime_param = _NoneFirst(build)
        return params

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with help_language(ctx):
            translate(self, ctx)
            if isinstance(self, TyperGroup):
                for name in self.list_commands(ctx):
                    listed_command = self.get_command(ctx, name)
                    if listed_command is not None:
                        translate(listed_command, ctx)
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage:") + " ")


class HelpCommand(HelpView, TyperCommand):
    """A command of lpsc (Typer's, with help in the run's language)."""


class HelpGroup(HelpView, TyperGroup):
    """A group of lpsc (Typer's, with help in the run's language)."""


def use_help_classes(app: Any) -> None:
    """Make every command and group of the Typer `app` (and of its groups) one of the above,
    unless its module chose a class of its own (Typer's own classes are its defaults)."""
    for info in app.registered_commands:
        if info.cls is None or info.cls is TyperCommand or isinstance(info.cls, DefaultPlaceholder):
            info.cls = HelpCommand
    for group in app.registered_groups:
        if group.cls is None or group.cls is TyperGroup or isinstance(group.cls, DefaultPlaceholder):
            group.cls = HelpGroup
        if group.typer_instance is not None:
            use_help_classes(group.typer_instance)


def listed(name: str, text: str) -> HelpCommand:
    """A stand-in for a command in a list of commands: its name and help, nothing built."""
    return HelpCommand(name=name, help=text, callback=None)
