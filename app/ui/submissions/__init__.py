"""The departments' submissions page: templates out, returns reviewed row by row, who has replied."""
