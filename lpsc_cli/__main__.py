"""`python -m lpsc_cli` runs the `lpsc` command."""

from lpsc_cli.cli.main import main

# Guarded: the worker processes of a large check import this module again (as `__mp_main__`),
# and must not run the command a second time.
if __name__ == "__main__":
    main()
