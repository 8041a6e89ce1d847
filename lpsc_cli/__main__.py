"""`python -m lpsc_cli` runs the `lpsc` command."""

from lpsc_cli.cli.main import main

main()
