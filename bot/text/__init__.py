"""Words and markup: titles, identifiers, acronyms, Markdown rules and escaping, slugs.
Pure functions of strings.
"""
