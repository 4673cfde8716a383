"""paperbot: a curated paper list kept as data, and the bot that guards it."""

__version__ = "0.1.0"
