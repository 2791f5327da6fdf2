"""Where the registry lives: backups, restore, integrity, the PostgreSQL copy, write permissions, safety at start."""
