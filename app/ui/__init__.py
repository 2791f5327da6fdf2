"""The desktop interface (PySide6 widgets)."""
