"""Reading and writing entry files: layout, input guard, YAML round trip, the loader and
its plain source, canonical form, git changes.
"""
