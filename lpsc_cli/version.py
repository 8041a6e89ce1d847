"""The version of lpsc: stamped into caches, shown by `lpsc --version`."""

VERSION = "0.1.0"
