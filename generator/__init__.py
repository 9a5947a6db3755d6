"""Papershelf: a static catalogue website from dumps of paper titles and abstracts."""

__version__ = "0.1.0"
