"""The GitHub API (the only layer that imports PyGithub), the Actions environment, webhook
events, diff lines.
"""
