"""Queries, validation, search, reminders, import and backup: everything below the interface."""
