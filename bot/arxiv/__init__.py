"""arXiv's metadata API: the Atom feed (``feed``), a polite client (``client``), and
titles looked up in batches with a cache (``titles``).

Imported only by ``paperbot add`` and by ``check --links``: the HTTP stack stays
out of every other command's start-up.
"""
