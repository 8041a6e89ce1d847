"""Entry point of `lpsc`: answers `--version` before anything heavy is imported.

Exit codes (docs/exit-codes.md): 0 done, 1 findings or bad records, 2 usage, configuration or
environment (a file the computer would not read or write), 3 a bug in lpsc, 130 interrupted.
"""

from __future__ import annotations

import os
import sys

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


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
    from lpsc_cli.cli.common import install_output_streams, os_error_message
    from lpsc_cli.errors import INTERNAL_ERROR_EXIT, FileSystemError

    install_output_streams()
    from lpsc_cli.cli.app import app

    try:
        app(prog_name="lpsc")
    except KeyboardInterrupt:
        sys.stderr.write("lpsc: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`lpsc kpi | head`): stop quietly, and keep Python from
        # complaining when it flushes stdout on the way out.
        if sys.__stdout__ is not None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.__stdout__.fileno())
        sys.exit(1)
    except OSError as exc:
        if os.environ.get("LPSC_DEBUG"):
            raise
        sys.stderr.write(f"lpsc: {os_error_message(exc)}\n")
        sys.exit(FileSystemError.exit_code)
    except Exception as exc:
        if os.environ.get("LPSC_DEBUG"):
            raise
        sys.stderr.write(
            f"lpsc: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in lpsc; run again with LPSC_DEBUG=1 to see where it happened.\n"
        )
        sys.exit(INTERNAL_ERROR_EXIT)
