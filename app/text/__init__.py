"""Text without a database: Uzbek transliteration, search keys, multilingual names, countries."""
