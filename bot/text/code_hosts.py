"""Where a link labelled Code may point: the curated list, with why each host is on it.

Code is where a reader can read the paper's source: a forge, a mirror of a repository
anonymised for double-blind review, or an archive that keeps a release of that source
for good (what artifact evaluation asks for). A host counts with its subdomains
(``gist.github.com``, ``git.sr.ht``). Anything else (a project page, a package index, a
data set, a container image) is linked under another label (Homepage, Dataset,
Artifact); the url check judges only the Code label's host, as the Artifact label
may name anything an artifact is.

A host is added here and nowhere else, with its reason (the message's examples are
taken from this list too).
"""

from __future__ import annotations

from typing import Final

# host -> why a Code link may point there.
CODE_HOSTS: Final[dict[str, str]] = {
    # Forges: the repository itself.
    "github.com": "the forge most papers' code is on (gists too)",
    "gitlab.com": "a forge; self-hosted GitLab is matched by its first label below",
    "bitbucket.org": "a forge (Atlassian)",
    "codeberg.org": "a forge (Forgejo, run by a non-profit)",
    "sr.ht": "SourceHut's forge (git.sr.ht, hg.sr.ht)",
    "gitee.com": "the forge most code from China is on",
    "sourceforge.net": "a forge that older projects still live on",
    "launchpad.net": "Ubuntu's forge (bzr and git), where older projects live",
    "huggingface.co": "model and Space repositories: git repositories with the code",
    "colab.research.google.com": "a notebook that runs the paper's code",
    # Anonymised for review: a double-blind submission links its code through these, and
    # lists of accepted papers copy that link before the authors publish their own.
    "anonymous.4open.science": "Anonymous GitHub: a repository anonymised for review",
    # Archives of source, with a DOI, as artifact evaluation (ACM's badges) asks for.
    "zenodo.org": "archived releases (GitHub's release archive), DOIs 10.5281/...",
    "figshare.com": "archived software, DOIs 10.6084/...",
    "archive.softwareheritage.org": "Software Heritage: the archive of public source code",
}

# DOI prefix -> the archive of code its DOIs name (a Code link written as a DOI).
CODE_DOI_PREFIXES: Final[dict[str, str]] = {
    "10.5281/": "Zenodo",
    "10.6084/": "figshare",
}

# Self-hosted forges, told by their first label: gitlab.inria.fr, git.kernel.org,
# gitea.example.org, forgejo.example.org, svn.apache.org, hg.mozilla.org.
FORGE_LABELS: Final = ("gitlab", "git", "gitea", "forgejo", "svn", "hg")

# The hosts a message names as examples (the list above is longer).
SHOWN: Final = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co")


def is_code_host(host: str, doi: str | None = None) -> bool:
    """Whether a Code link to ``host`` (or to the DOI ``doi``) points to code."""
    if doi is not None:
        return doi.lower().startswith(tuple(CODE_DOI_PREFIXES))
    labels = host.lower().rstrip(".").split(".")
    if any(".".join(labels[i:]) in CODE_HOSTS for i in range(len(labels))):
        return True
    return len(labels) > 2 and labels[0] in FORGE_LABELS
