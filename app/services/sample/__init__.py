"""The sample data: the seed article's facts, loaded into an empty registry (hamkor demo)."""
