"""Usage errors of the command line in the run's language: what Typer's click says was wrong.

Typer's click writes its usage errors in English, without a message catalog: `No such option:
--typ`, `Missing option '--date'.`, `Got unexpected extra argument (x)`. The root group
(`cli/app.py`) hands such an error to `in_language` on its way out: when it is shown, its
sentences are read against the forms click writes (`SENTENCES`, each a pattern and a catalog
message with the same named parts), and each sentence known is shown in the run's language
(`--lang`, `$LPSC_LANG`, the repository's `lpsc.yaml`, the locale: `common.choose_language`,
as for `--help`), with Typer's own words around it ("Error", "Try 'lpsc meeting new -h' for
help."). What it does not know (the reason a value was refused, from the option's own type) is
shown as click wrote it. The parts (option names, values, commands) are never translated.
"""

from __future__ import annotations

import re
from typing import Any

from lpsc_cli import i18n
from lpsc_cli.cli.common import choose_language, option_value
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _

#: The sentences of click's usage errors: a pattern of click's English, and the catalog message
#: it is shown as, with the same named parts.
SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (r"No such command (?P<name>'[^']*')\.", N_("No such command {name}.")),
        (r"Did you mean (?P<options>[^?]+)\?", N_("Did you mean {options}?")),
        (r"\(Possible options: (?P<options>[^)]*)\)", N_("(Possible options: {options})")),
        (r"Missing option (?P<name>'[^']*'(?: / '[^']*')*)\.", N_("Missing option {name}.")),
        (r"Missing argument (?P<name>'[^']*')\.", N_("Missing argument {name}.")),
        (r"Missing parameter: (?P<name>\S+)", N_("Missing parameter: {name}")),
        (r"Missing command\.", N_("Missing command.")),
        (r"Invalid value for (?P<name>'[^']*'(?: / '[^']*')*):", N_("Invalid value for {name}:")),
        (
            r"Got unexpected extra argument(?:s|\(s\))? \((?P<values>[^)]*)\)",
            N_("Got unexpected extra arguments ({values})"),
        ),
        (r"Option (?P<name>'[^']*') requires an argument\.", N_("Option {name} requires an argument.")),
        (r"Option (?P<name>'[^']*') requires (?P<n>\d+) arguments\.", N_("Option {name} requires {n} arguments.")),
        (r"Option (?P<name>'[^']*') does not take a value\.", N_("Option {name} does not take a value.")),
    )
)

#: Typer's words around a usage error (`typer.rich_utils`), in the catalogs.
TYPER_TEXTS = {
    "ERRORS_PANEL_TITLE": N_("Error"),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}


def translate(message: str, language: str | None = None) -> str:
    """`message` with every sentence of click's it knows in `language` (else the active one)."""
    words = i18n.Translator(language or i18n.active())
    for pattern, wording in SENTENCES:
        translated = words.gettext(wording)
        message = pattern.sub(lambda found: translated.format(**found.groupdict()), message)  # noqa: B023
    return message


def in_language(error: Any, args: list[str]) -> None:
    """Let click's usage `error` show in the run's language, chosen from the command line `args`
    as for help (the root's context has given its language back by the time an error of a
    command reaches it): its message read through `translate` when shown, and Typer's words
    around it set."""
    import typer.rich_utils  # Typer's error display, loaded by Typer for errors and help only

    with i18n.speaking():
        language = choose_language(option_value(args, "--lang"), args, for_help=True)
        for name, text in TYPER_TEXTS.items():
            setattr(typer.rich_utils, name, _(text))
    message = getattr(error, "format_message", None)
    if message is None:
        return

    def format_message() -> str:
        return translate(message(), language)

    error.format_message = format_message
