"""Excel and PDF writers: they take plain rows and texts, no Qt."""
