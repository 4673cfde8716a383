"""The data's types: entries (pydantic models), config, the corpus, diagnostics, places,
positions. Imports no other layer.
"""
