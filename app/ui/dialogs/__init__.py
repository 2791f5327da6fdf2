"""Dialogs of the whole app: backup and restore, the shared registry's connection, settings, print preview."""
