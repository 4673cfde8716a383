"""What readers see, as pure functions of the data: venue pages and the README, import of a
Markdown page, merge.
"""
