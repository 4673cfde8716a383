"""The repository's own settings: ``paperbot.yaml`` at the root (optional).

What counts as well known, how politely to check links, how alike two titles
must be to count as near-duplicates: decided by the data's owners, not by code.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bot.model.entries import StrictModel

# paperbot.yaml is in the pull request too: every number in it is bounded, so no setting
# can make a run wait for days, open thousands of connections or keep results for ever.
Term = Annotated[str, Field(max_length=100)]
Setting = Annotated[str, Field(max_length=300)]
MAX_SECONDS = 3600.0
MAX_DAYS = 3650.0


# Terms every reader of an ML or systems paper list knows better by their letters than
# spelled out, so that a list without a paperbot.yaml is not told to define GPU. The bar:
# general computing or the field's own name, never a technique a page should explain
# (MoE, LoRA, KV, RLHF, SLO stay the page's to define); and names that look like acronyms
# but are names (models, companies), which have nothing to spell out.
DEFAULT_ALLOW = (
    # hardware and general computing
    "CPU", "GPU", "TPU", "NPU", "vCPU", "RAM", "DRAM", "SSD", "HDD", "OS", "VM", "IO",
    "API", "SDK", "SQL", "JSON", "HTML", "HTTP", "HTTPS", "URL", "PDF", "ID", "FPGA",
    # the field's own names
    "AI", "ML", "AIOps", "MLOps", "NLP",
    # names, not terms: models and companies
    "GPT", "BERT", "LLaMA", "CUDA", "NVIDIA", "AMD", "IBM", "AWS",
)  # fmt: skip


class AcronymConfig(StrictModel):
    allow: list[Term] = Field(
        default_factory=list,
        max_length=10_000,
        description=(
            "Well-known terms that need no definition, added to paperbot's defaults "
            "(CPU, GPU, AI, ML, PDF, ...: see docs/acronyms.md)."
        ),
    )
    deny: list[Term] = Field(
        default_factory=list,
        max_length=10_000,
        description="Default terms this list wants defined all the same (e.g. [AI]).",
    )
    exclude_defaults: bool = Field(
        default=False,
        description="True: only 'allow' counts; paperbot's default terms are not used.",
    )

    def allowed(self) -> frozenset[str]:
        """The terms that need no definition in this list."""
        defaults = frozenset() if self.exclude_defaults else frozenset(DEFAULT_ALLOW)
        return (defaults | frozenset(self.allow)) - frozenset(self.deny)


class HostPolicy(StrictModel):
    """How to treat one host (and its subdomains) when checking links online."""

    skip: bool = Field(
        default=False, description="Never fetch: the host blocks bots (counted as skipped)."
    )
    concurrency: int | None = Field(
        default=None, ge=1, le=64, description="At most this many at once."
    )
    delay: float = Field(default=0.0, ge=0, le=60, description="Seconds between two requests.")
    get_only: bool = Field(default=False, description="The host answers HEAD wrongly: use GET.")


class LinkConfig(StrictModel):
    timeout: float = Field(default=15.0, gt=0, le=300, description="Seconds for one request.")
    budget: float = Field(
        default=900.0,
        gt=0,
        le=6 * MAX_SECONDS,  # GitHub stops a job after six hours
        description=(
            "Seconds for the whole run's fetches; links not checked by then are unverifiable "
            "(and not cached), so a slow host cannot hold a pull request's check for long."
        ),
    )
    concurrency: int = Field(default=32, ge=1, le=256, description="Requests at once, in all.")
    per_host: int = Field(default=4, ge=1, le=64, description="Requests at once to one host.")
    retries: int = Field(default=2, ge=0, le=10, description="Retries after a timeout, 429 or 5xx.")
    backoff: float = Field(default=1.0, ge=0, le=60, description="First retry delay in seconds.")
    max_retry_after: float = Field(
        default=60.0,
        ge=0,
        le=MAX_SECONDS,
        description="Longest Retry-After honoured; longer is unverifiable.",
    )
    max_redirects: int = Field(default=10, ge=1, le=30)
    ok_ttl_days: float = Field(
        default=7.0, ge=0, le=MAX_DAYS, description="How long an ok verdict is reused."
    )
    failure_ttl_days: float = Field(
        default=1.0,
        ge=0,
        le=MAX_DAYS,
        description="How long a failure is reused before a re-check.",
    )
    confirm_failures: int = Field(
        default=3,
        ge=1,
        le=100,
        description="Sweep: failures needed before a link is declared broken.",
    )
    confirm_days: float = Field(
        default=2.0,
        ge=0,
        le=MAX_DAYS,
        description="Sweep: the failures must span at least this many days.",
    )
    cache: Setting = Field(
        default="links.json",
        description="Cache file, in the cache folder (.cache/paperbot, $PAPERBOT_CACHE_DIR).",
    )
    user_agent: Setting = "paperbot-linkcheck (+https://github.com/)"
    hosts: dict[Annotated[str, Field(max_length=253)], HostPolicy] = Field(
        default_factory=dict, max_length=10_000
    )


class DuplicateConfig(StrictModel):
    near_title_score: float = Field(
        default=92.0, ge=0, le=100, description="Title similarity (0-100) that is a warning."
    )


class ArxivConfig(StrictModel):
    """arXiv's API (``paperbot add``, the identity check): arXiv asks for at most one
    request every 3 seconds and a User-Agent that says who is asking."""

    # http(s) only: urllib would also open file: URLs, and a pull request can edit this file.
    base_url: str = Field(
        default="https://export.arxiv.org",
        pattern=r"^https?://[^\s/]+",
        description="Where /api/query is served.",
    )
    timeout: float = Field(default=20.0, gt=0, le=300, description="Seconds for one request.")
    retries: int = Field(default=3, ge=0, le=10, description="Retries after a timeout, 429 or 5xx.")
    backoff: float = Field(default=3.0, ge=0, le=60, description="First retry delay in seconds.")
    max_retry_after: float = Field(
        default=120.0,
        ge=0,
        le=MAX_SECONDS,
        description="Longest Retry-After honoured; longer gives up.",
    )
    min_interval: float = Field(
        default=3.0, ge=0, le=60, description="Seconds between two requests (arXiv's terms of use)."
    )
    batch: int = Field(default=100, ge=1, le=2000, description="Ids asked for in one request.")
    cache: Setting = Field(
        default="arxiv.json",
        description="Title cache file, in the cache folder (.cache/paperbot, $PAPERBOT_CACHE_DIR).",
    )
    ttl_days: float = Field(
        default=90.0, ge=0, le=MAX_DAYS, description="How long a cached title is reused."
    )
    user_agent: Setting = "paperbot-arxiv (paper list checker; +https://github.com/)"


class IdentityConfig(StrictModel):
    min_title_score: float = Field(
        default=75.0,
        ge=0,
        le=100,
        description="Below this similarity (0-100) of entry and arXiv titles: a warning.",
    )


# GitHub shows the first 512 KB of a README and cuts the rest: a list over its budget is
# written as an index and one file a venue, each under the budget too.
GITHUB_README_LIMIT = 512_000
Slug = Annotated[str, Field(max_length=100, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class ReadmeConfig(StrictModel):
    """How ``paperbot render`` lays the list out for readers."""

    venue_order: Literal["newest", "oldest", "name"] = Field(
        default="newest",
        description=(
            "The venues' order: 'newest' first (by the year in the venue's name, then by "
            "name), 'oldest' first, or by 'name'."
        ),
    )
    venues: list[Slug] = Field(
        default_factory=list,
        max_length=10_000,
        description=(
            "Venues (folder names under entries/) shown first, in this order; the others "
            "follow in venue_order."
        ),
    )
    budget: int = Field(
        default=400_000,
        ge=1_000,
        le=GITHUB_README_LIMIT,
        description=(
            "Bytes a generated Markdown file may hold. A README over it becomes an index and "
            "each venue's page goes to lists/<venue>.md (a venue over it: one file an area)."
        ),
    )
    category_anchors: bool = Field(
        default=True,
        description=(
            "Give each category shown as a bullet an anchor (<a id>) readers can link to. "
            "False keeps the bullets' text exactly as an imported page wrote it."
        ),
    )


# The link labels a list has unless its paperbot.yaml says otherwise.
LINK_KINDS = (
    "Paper", "arXiv", "PDF", "DOI", "OpenReview", "Code", "Homepage", "Slides", "Video",
    "Poster", "Talk", "Blog", "Demo", "Dataset", "Artifact",
)  # fmt: skip


class Config(StrictModel):
    """The content of ``paperbot.yaml``."""

    acronyms: AcronymConfig = Field(default_factory=AcronymConfig)
    link_kinds: list[Term] = Field(
        default_factory=lambda: list(LINK_KINDS),
        min_length=1,
        max_length=1000,
        description=(
            "The labels a link may have (its kind:), as this list writes them. Another "
            "spelling of one (code, GitHub, arxiv) is an error whose fix is this spelling; "
            "a label not listed here is a warning."
        ),
    )
    links: LinkConfig = Field(default_factory=LinkConfig)
    duplicates: DuplicateConfig = Field(default_factory=DuplicateConfig)
    arxiv: ArxivConfig = Field(default_factory=ArxivConfig)
    identity: IdentityConfig = Field(default_factory=IdentityConfig)
    readme: ReadmeConfig = Field(default_factory=ReadmeConfig)
