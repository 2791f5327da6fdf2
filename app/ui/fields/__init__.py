"""The form's field widgets, one per kind of field, and the pickers they are built on."""
