"""Output formats of a check's result, the report handed from the checking job to the
commenting job, the PR comment.
"""
