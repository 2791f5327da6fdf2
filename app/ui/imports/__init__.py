"""The import wizard and its pages."""
