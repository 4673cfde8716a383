"""Speed-ups behind seams: the cached source, paper index, result replay, file digests,
forked runners, fast YAML readers, and the sealed file every cache is written with.
Only bot/pipeline.py wires them into loading and checking; the checks, models, pages and
reports never import them (tests/test_layers.py).
"""
