"""The registers: their descriptions, reading and saving records, the lists, their export and search."""
