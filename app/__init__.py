"""Hamkor: the registry of a national library's International Relations Service."""

__version__ = "0.1.0"
