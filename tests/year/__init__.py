"""A council's year recorded through the command line only (see docs/year.md)."""
