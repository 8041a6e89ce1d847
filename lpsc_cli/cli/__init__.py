"""The `lpsc` command line: Typer apps, one module per noun or verb group.

This package is the only place that knows about terminals, exit codes and `sys.exit`.
"""
