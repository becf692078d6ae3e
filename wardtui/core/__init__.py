"""Pure domain rules. Nothing in this package may import textual or the database layer."""
