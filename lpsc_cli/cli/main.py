"""Entry point of `lpsc`: answers `--version` before anything heavy is imported."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run the command line; an unexpected failure is one line, not a traceback."""
    if sys.argv[1:] == ["--version"]:
        from lpsc_cli import __version__

        sys.stdout.write(f"lpsc {__version__}\n")
        return
    import gc

    # A command lives for seconds and keeps the loaded records to the end: collect cycles
    # rarely (the records themselves are acyclic), instead of walking them every 700 objects.
    gc.set_threshold(50_000, 20, 20)
    from lpsc_cli.cli.app import app

    try:
        app(prog_name="lpsc")
    except KeyboardInterrupt:
        sys.stderr.write("lpsc: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("LPSC_DEBUG"):
            raise
        sys.stderr.write(
            f"lpsc: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in lpsc; run again with LPSC_DEBUG=1 to see where it happened.\n"
        )
        sys.exit(1)
