"""Synthetic corpora for benchmarks and scaling tests, deterministic by seed.

``python bench/synthetic.py OUT --papers 10000 [--seed 1]`` writes a repository
(entries/, paperbot.yaml, README.template.md) shaped like a real list grown over a
decade: venues of ten conferences over the years, category trees one to three deep,
titles built from the words systems papers use, links of several kinds (venue page,
arXiv, DOI, code, homepage), affiliations, notes with defined acronyms, and a few
near-duplicates (a workshop version at another venue, a title with a typo) that the
duplicates check reports as warnings. The corpus checks without errors.

``synthetic_titles`` (a Zipf vocabulary of made-up words) serves the scaling tests of
the title index, where only the word frequencies matter.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def synthetic_titles(n: int, rng: random.Random, words: int = 5000) -> list[str]:
    """Titles over a Zipf vocabulary, so a few words are in most titles, as "learning"
    and "efficient" are in real ones."""
    vocab = ["".join(rng.choices(LETTERS, k=rng.randint(4, 10))) for _ in range(words)]
    cumulative = list(accumulate(1 / (rank + 1) for rank in range(words)))
    return [
        " ".join(rng.choices(vocab, cum_weights=cumulative, k=rng.randint(4, 12))).title()
        for _ in range(n)
    ]


CONFERENCES = ["MLSys", "OSDI", "SOSP", "NSDI", "EuroSys", "ATC", "ASPLOS", "SC", "ISCA", "VLDB"]
YEARS = range(2016, 2026)
# Acronyms the generated names and notes use, each defined where the checks look.
GLOSSARY = {
    "LLM": "Large Language Model",
    "MoE": "Mixture-of-Experts",
    "KV": "Key-Value",
    "RDMA": "Remote Direct Memory Access",
    "DNN": "Deep Neural Network",
}
ALLOW = ["API", "CPU", "GPU", "TPU", "SSD", "SQL", "AI", "ML", "SLO", "FPGA", "NIC", "TCP"]
AREAS = {
    "Large Language Models (LLMs)": ["Training", "Inference", "Serving", "Fine-tuning"],
    "Deep Learning Compilation": ["Tensor Programs", "Graph Optimisation", "Autotuning"],
    "Distributed Training": ["Pipeline Parallelism", "Data Parallelism", "Communication"],
    "Storage Systems": ["File Systems", "Key-Value Stores", "Caching"],
    "Networking": ["Datacenter Networks", "Remote Direct Memory Access (RDMA)", "Congestion"],
    "Resource Management": ["Scheduling", "Autoscaling", "Energy"],
    "Databases": ["Query Processing", "Transactions", "Learned Indexes"],
    "Hardware Accelerators": ["GPU Kernels", "FPGA Designs", "Memory Hierarchies"],
    "Security and Privacy": [],
    "Operating Systems": ["Kernels", "Virtualisation"],
    "Mixture-of-Experts (MoE) Models": ["Routing", "Expert Placement"],
    "Graph Processing": [],
}
SUB = ["Algorithms", "Systems", "Benchmarks"]
PREFIX = ["Flash", "Turbo", "Spec", "Quick", "Deep", "Hyper", "Mega", "Nano", "Zero", "Opti"]
PREFIX += ["Sky", "Hydra", "Orca", "Ray", "Tensor", "Paged", "Swift", "Lumen", "Astra", "Nova"]
STEM = ["Serve", "Infer", "Train", "Store", "Flow", "Mesh", "Cache", "Pipe", "Shard", "Tune"]
STEM += ["Graph", "Kernel", "Sched", "Scale", "Route", "Batch", "Fuse", "Stream", "Link", "Lens"]
ADJECTIVES = ["Efficient", "Scalable", "Fast", "Elastic", "Adaptive", "Fault-Tolerant"]
ADJECTIVES += ["Memory-Efficient", "Energy-Aware", "Low-Latency", "High-Throughput", "Robust"]
ADJECTIVES += ["Decentralised", "Heterogeneous", "Speculative", "Cost-Effective", "Secure"]
ACTIONS = ["Serving", "Training", "Scheduling", "Compiling", "Caching", "Partitioning"]
ACTIONS += ["Offloading", "Compressing", "Replicating", "Profiling", "Autotuning", "Indexing"]
OBJECTS = ["Large Language Models", "Deep Neural Networks", "Graph Neural Networks"]
OBJECTS += ["Recommendation Models", "Diffusion Models", "Vision Transformers", "Workloads"]
OBJECTS += ["Tensor Programs", "Sparse Kernels", "Key-Value Caches", "Embedding Tables"]
OBJECTS += ["Microservices", "Serverless Functions", "Data Pipelines", "Query Plans"]
CONTEXTS = ["on Commodity GPUs", "across Datacenters", "at the Edge", "in the Cloud"]
CONTEXTS += ["on Multi-Tenant Clusters", "with Disaggregated Memory", "over Slow Networks"]
CONTEXTS += ["on Preemptible Instances", "at Scale", "under Tight Budgets", "for Long Contexts"]
CONTEXTS += ["on Mobile Devices", "with Programmable Switches", "on Heterogeneous Hardware"]
HOW = ["via Learned Cost Models", "with Speculative Execution", "through Adaptive Batching"]
HOW += ["using Tiered Storage", "with Predictable Latency", "via Operator Fusion", ""]
HOW += ["through Careful Co-design", "with Provable Guarantees", "using Reinforcement Signals"]
INSTITUTIONS = ["MIT", "CMU", "Stanford University", "UC Berkeley", "ETH Zurich", "Tsinghua"]
INSTITUTIONS += ["NVIDIA", "Google", "Microsoft Research", "Meta", "University of Washington"]
INSTITUTIONS += ["Princeton University", "EPFL", "KAIST", "Peking University", "Alibaba"]
NOTES = ["Cuts tail latency of LLM serving by half", "Keeps the KV cache on the GPU"]
NOTES += ["Open-source; used in production", "Schedules MoE experts across GPU nodes"]
NOTES += ["Speeds up DNN training by 2x on a CPU cluster", "Moves data with RDMA, not TCP"]
NOTES += ["**Artifact evaluated**: available & functional"]  # markup a fast path must not trip


def generate(root: Path, papers: int, seed: int = 1) -> None:
    """Write a synthetic repository of ``papers`` papers under ``root``."""
    rng = random.Random(seed)
    venues = _venues(papers)
    entries = root / "entries"
    entries.mkdir(parents=True, exist_ok=True)
    (root / "paperbot.yaml").write_text(_config(), encoding="utf-8")
    (root / "README.template.md").write_text(
        "# Synthetic paper list\n\n<!-- paperbot:venues -->\n", encoding="utf-8"
    )
    (entries / "glossary.yaml").write_text(
        "glossary:\n" + "".join(f"  {k}: {v}\n" for k, v in GLOSSARY.items()), encoding="utf-8"
    )
    names: set[str] = set()
    serial = 0
    made: list[tuple[str, str, str]] = []  # (venue, title, arXiv id) for near-duplicates
    for venue, count in venues:
        folder = entries / venue
        folder.mkdir(exist_ok=True)
        tree = _tree(rng)
        (folder / "venue.yaml").write_text(_venue_yaml(venue, tree), encoding="utf-8")
        leaves = _leaves(tree)
        for _ in range(count):
            serial += 1
            if made and rng.random() < 0.004:
                title, arxiv = _near_copy(rng, made, venue)
            else:
                title, arxiv = _title(rng, names), f"{_yymm(venue, rng)}.{serial:05d}"
            made.append((venue, title, arxiv))
            slug = _slug(title, serial)
            text = _paper_yaml(rng, venue, title, arxiv, rng.choice(leaves), serial)
            (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")


def _venues(papers: int) -> list[tuple[str, int]]:
    # About 500 papers a venue, as the large conferences have; at least one venue.
    slugs = [f"{c.lower()}-{y}" for y in YEARS for c in CONFERENCES]
    count = max(1, min(len(slugs), round(papers / 500)))
    base, extra = divmod(papers, count)
    return [(slugs[i], base + (1 if i < extra else 0)) for i in range(count)]


def _tree(rng: random.Random) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    areas = rng.sample(sorted(AREAS), k=rng.randint(5, len(AREAS)))
    tree = []
    for area in areas:
        cats = AREAS[area]
        children = [(c, rng.sample(SUB, k=2) if rng.random() < 0.3 else []) for c in cats]
        tree.append((area, children))
    return tree


def _leaves(tree: list[tuple[str, list[tuple[str, list[str]]]]]) -> list[list[str]]:
    leaves: list[list[str]] = []
    for area, cats in tree:
        if not cats:
            leaves.append([area])
        for cat, subs in cats:
            leaves += [[area, cat, sub] for sub in subs] or [[area, cat]]
    return leaves


def _venue_yaml(slug: str, tree: list[tuple[str, list[tuple[str, list[str]]]]]) -> str:
    conf, year = slug.rsplit("-", 1)
    name = next(c for c in CONFERENCES if c.lower() == conf)
    lines = [
        "# yaml-language-server: $schema=../../schema/venue.schema.json",
        f"name: {name} {year}",
        f"homepage: https://{conf}.example.org/{year}",
        f"paper_list: https://{conf}.example.org/{year}/papers",
        "acceptance:",
        "  accepted: 61",
        "  submitted: 271",
        "areas:",
    ]
    for area, cats in tree:
        lines.append(f"  - name: {area}")
        if cats:
            lines.append("    categories:")
        for cat, subs in cats:
            lines.append(f"      - name: {cat}")
            if subs:
                lines.append("        categories:")
                lines += [f"          - name: {sub}" for sub in subs]
    return "\n".join(lines) + "\n"


# Topic words, drawn with Zipf weights: real titles share a few words ("efficient",
# "models") and spread over a long tail of specific ones, which is what keeps the
# duplicates check's blocks small. A list of only the common words would not.
TOPICS = [
    "attention",
    "quantization",
    "sparsity",
    "checkpointing",
    "prefetching",
    "paging",
    "sharding",
    "tokenization",
    "embeddings",
    "gradients",
    "activations",
    "kernels",
    "operators",
    "tensors",
    "graphs",
    "tiles",
    "warps",
    "registers",
    "caches",
    "queues",
    "locks",
    "transactions",
    "logs",
    "snapshots",
    "replicas",
    "partitions",
    "shuffles",
    "joins",
    "indexes",
    "sketches",
    "filters",
    "samplers",
    "schedulers",
    "allocators",
    "compilers",
    "runtimes",
    "interpreters",
    "profilers",
    "debuggers",
    "verifiers",
    "simulators",
    "emulators",
    "accelerators",
    "switches",
    "routers",
    "links",
    "fabrics",
    "interconnects",
    "chiplets",
    "wafers",
    "photonics",
    "memristors",
    "batteries",
    "carbon",
    "energy",
    "power",
    "thermals",
    "failures",
    "stragglers",
    "preemptions",
    "migrations",
    "elasticity",
    "autoscaling",
    "placement",
    "routing",
    "admission",
    "eviction",
    "compaction",
    "compression",
    "deduplication",
    "encryption",
    "enclaves",
    "attestation",
    "provenance",
    "lineage",
    "versioning",
    "federation",
    "personalization",
    "recommendation",
    "retrieval",
    "reranking",
    "decoding",
    "speculation",
    "distillation",
    "pruning",
    "adapters",
    "prompts",
    "agents",
    "tools",
    "planners",
    "reasoning",
    "alignment",
    "rewards",
    "preferences",
    "feedback",
    "curricula",
    "datasets",
    "labels",
    "augmentation",
    "synthesis",
    "diffusion",
    "denoising",
    "upscaling",
    "rendering",
    "video",
    "audio",
    "speech",
    "vision",
    "language",
    "code",
    "proofs",
    "lemmas",
    "invariants",
    "contracts",
    "specifications",
    "fuzzing",
    "testing",
    "tracing",
    "logging",
    "telemetry",
    "observability",
    "anomalies",
    "incidents",
    "outages",
    "rollbacks",
    "canaries",
    "deployments",
    "containers",
    "unikernels",
    "hypervisors",
    "firmware",
    "drivers",
    "interrupts",
    "polling",
    "batching",
    "pipelining",
    "overlapping",
    "offloading",
    "swapping",
    "spilling",
    "tiering",
    "disaggregation",
    "pooling",
]
_TOPIC_WEIGHTS = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(TOPICS))))


# The long tail proper: coined terms (system and model names, jargon), one in most
# titles, as "Mamba", "ZeRO" or "photonic" are in real ones.
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
_RARE = sorted({"".join(random.Random(i).choices(_SYLLABLES, k=3)) for i in range(6000)})
_RARE_WEIGHTS = list(accumulate(1 / (rank + 1) ** 0.5 for rank in range(len(_RARE))))


def _topics(rng: random.Random) -> str:
    words = dict.fromkeys(rng.choices(TOPICS, cum_weights=_TOPIC_WEIGHTS, k=rng.randint(1, 3)))
    if rng.random() < 0.75:
        words[rng.choices(_RARE, cum_weights=_RARE_WEIGHTS)[0]] = None
    return " and ".join(w.capitalize() for w in words)


def _title(rng: random.Random, names: set[str]) -> str:
    phrase = (
        f"{rng.choice(ADJECTIVES)} {rng.choice(ACTIONS)} of {rng.choice(OBJECTS)} "
        f"with {_topics(rng)} {rng.choice(CONTEXTS)} {rng.choice(HOW)}".strip()
    )
    if rng.random() < 0.15 and f"Towards {phrase}" not in names:
        names.add(f"Towards {phrase}")
        return f"Towards {phrase}"  # no system name
    while True:
        name = rng.choice(PREFIX) + rng.choice(STEM) + rng.choice(["", "", "X", "++", "-2"])
        name += "" if name not in names else str(rng.randint(2, 999))
        if name not in names:
            names.add(name)
            return f"{name}: {phrase}"


def _near_copy(rng: random.Random, made: list[tuple[str, str, str]], venue: str) -> tuple[str, str]:
    """A paper already listed, again: at another venue (the workshop version, same arXiv
    id: a warning), or with a typo in its title (a warning wherever it is)."""
    where, title, arxiv = rng.choice(made)
    if where != venue and rng.random() < 0.5:
        return title, arxiv
    i = rng.randrange(len(title) // 2, len(title) - 1)
    return title[:i] + title[i + 1 :], f"9912.{rng.randint(0, 99999):05d}"


def _yymm(venue: str, rng: random.Random) -> str:
    year = int(venue.rsplit("-", 1)[1]) - 2000
    return f"{year - 1:02d}{rng.randint(1, 12):02d}"


def _slug(title: str, serial: int) -> str:
    words = "".join(c if c.isalnum() else " " for c in title.split(":")[0].lower()).split()
    return "-".join(words[:6]) + f"-{serial}"


def _paper_yaml(
    rng: random.Random, venue: str, title: str, arxiv: str, place: list[str], serial: int
) -> str:
    conf, year = venue.rsplit("-", 1)
    quoted = "'" + title.replace("'", "''") + "'"
    lines = [
        "# yaml-language-server: $schema=../../schema/paper.schema.json",
        f"title: {quoted}",
        "category: [" + ", ".join(place) + "]",
    ]
    if rng.random() < 0.7:
        lines.append(f"position: {serial * 10}")
    lines.append("links:")
    lines += ["  - kind: Paper", f"    url: https://{conf}.example.org/{year}/poster/{serial}"]
    if rng.random() < 0.8:
        lines += ["  - kind: arXiv", f"    url: https://arxiv.org/abs/{arxiv}"]
    if rng.random() < 0.3:
        lines += ["  - kind: DOI", f"    url: https://doi.org/10.1145/{serial}.{serial % 977}"]
    if rng.random() < 0.6:
        org = rng.choice(["mit-han-lab", "mlc-ai", "sky-lab", "msr-fiddle", "alibaba"])
        lines += ["  - kind: Code", f"    url: https://github.com/{org}/repo-{serial}"]
    if rng.random() < 0.3:
        lines += ["  - kind: Homepage", f"    url: https://project-{serial}.example.org/"]
    lines.append("affiliations:")
    lines += [f"  - {a}" for a in sorted(rng.sample(INSTITUTIONS, k=rng.randint(1, 4)))]
    if rng.random() < 0.25:
        lines.append("notes:")
        lines += [f"  - {_note(n)}" for n in rng.sample(NOTES, k=rng.randint(1, 2))]
    return "\n".join(lines) + "\n"


def _note(text: str) -> str:
    return f"'{text}'" if text[0] in "*&!" or ": " in text else text


def _config() -> str:
    return "acronyms:\n  allow:\n" + "".join(f"    - {a}\n" for a in ALLOW)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="the repository to write (created)")
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out}: not empty", file=sys.stderr)
        return 2
    generate(args.out, args.papers, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
