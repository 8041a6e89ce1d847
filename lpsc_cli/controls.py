"""Control characters out of text meant for a terminal: record text must never drive it.

A record, a file name or a sealed note can hold an escape sequence (`ESC [2J` clears the
screen, `ESC ]8;;URL` makes an OSC 8 link, `ESC ]52` writes the clipboard, `ESC ]0` sets the
window title). Printed raw, it acts on the terminal of whoever runs `lpsc`. Rich's `escape`
only escapes Rich markup, not ESC. Every text output of the command line passes through
`strip_controls` (`lpsc_cli.cli.common.install_output_streams`); JSON output escapes control
characters itself and is unchanged by it.

What is removed (ECMA-48): whole escape sequences — CSI (`ESC [`, parameters, final byte), the
string commands OSC, DCS, SOS, PM and APC up to their terminator (ST or BEL), and
two-character escapes (`ESC c`, `ESC ( B`) — then any control character left: C0 except tab
and newline (a carriage return only before a newline, as in CSV and iCalendar line ends), DEL
and C1. The 8-bit forms (0x9B for CSI, 0x9D for OSC) lose only their control character, never
the text after it, so that removing them from inside a JSON string cannot eat a quote or a
brace. A sequence cut off before its end loses its control characters; what remains is plain
text a terminal does not act on.
"""

from __future__ import annotations

import re

_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor, erase, colours, reports
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]"  # two-character escapes and character-set designations
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_ANY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """`text` without escape sequences and control characters, keeping tabs and line ends."""
    if _ANY.search(text) is None:
        return text
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def one_line(text: str) -> str:
    """`text` (a file name, an id) shown on one line: controls and line breaks escaped visibly.

    For names inside a line of output (`file:line: message`), where a newline would forge a
    line and removing it would name another file: `a\\nb.yaml` reads `a\\nb.yaml`.
    """
    if _ANY.search(text) is None and "\n" not in text and "\t" not in text:
        return text
    return "".join(
        char if char >= " " and not "\x7f" <= char <= "\x9f" else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def first_control(text: str) -> str | None:
    """The first control character of `text` other than tab and newline, or None."""
    found = _ANY.search(text)
    return found.group() if found else None
