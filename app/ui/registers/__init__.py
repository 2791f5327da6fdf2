"""A register's screens: the list page with its lazy table, the record's form, attachments, history, conflicts."""
