"""A minimal valid catalog written to a folder, with any file replaced or removed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

#: Catalog files by path: new text or bytes, or None to remove the file.
Files = Mapping[str, str | bytes | None]

VENUES = """\
venues:
  - id: icml
    short: ICML
    name: International Conference on Machine Learning
    kind: conference
    aliases: [ICML]
  - id: arxiv
    short: arXiv
    name: arXiv preprint
    kind: preprint
    aliases: [Arxiv, ArXiv]
"""

TOPICS = """\
areas:
  - id: architecture-design
    title: LLM Architecture Design
    summary: Changes to the model itself.
    topics:
      - id: efficient-attention
        title: Efficient Attention
        summary: Cheaper attention.
      - id: state-space-models
        title: State Space Models
        summary: Sequence models without attention.
"""

METRICS = """\
categories:
  - id: computation
    title: Computation Metrics
    metrics:
      - term: FLOPs
        full_name: Floating-point operations
        description: the number of arithmetic operations on floating-point numbers
        examples:
          - label: FLOPs
            url: https://arxiv.org/pdf/2309.13192.pdf
      - term: Latency
        description: the time one request takes
        examples: []
"""

BENCHMARKS = """\
benchmarks:
  - term: ELUE
    full_name: Efficient Language Understanding Evaluation
    description: a benchmark platform for efficient NLP models
    links:
      - label: GLUE
        url: https://arxiv.org/pdf/1804.07461.pdf
    paper:
      title: "Towards Efficient NLP: A Standard Evaluation and A Strong Baseline"
      url: https://arxiv.org/pdf/2110.07038.pdf
"""

TOOLS = """\
tools:
  - name: CodeCarbon
    url: https://codecarbon.io/
    purpose: tracking
    description: Tracks the energy a program uses while it runs.
"""

REFERENCE = """\
@article{bai2024beyond,
  title={Beyond Efficiency: A Systematic Survey of Resource-Efficient Large Language Models},
  year={2024}
}
"""

#: Field values of the two papers; ``paper_yaml`` writes them one per line, in this order.
MOBILELLM = {
    "title": '"MobileLLM: Optimizing Sub-billion Parameter Language Models"',
    "year": "2024",
    "venue": "icml",
    "url": "https://arxiv.org/abs/2402.14905",
    "topics": {"efficient-attention": "Hardware optimization"},
    "added": "2026-11-26",
}
MAMBA = {
    "title": '"Mamba: Linear-Time Sequence Modeling with Selective State Spaces"',
    "year": "2023",
    "venue": "arxiv",
    "url": "https://arxiv.org/abs/2312.00752",
    "topics": {"state-space-models": "Selective state spaces",
               "efficient-attention": "Attention-free"},
    "added": "2026-11-27",
}


def paper_yaml(base: Mapping[str, object] = MOBILELLM, *, drop: tuple[str, ...] = (),
               **changes: object) -> str:
    """A paper file: ``base`` with ``changes`` (raw YAML text per field) and ``drop`` removed.

    A dict value becomes a nested mapping, one ``key: value`` line each; fields keep the
    order title, year, venue, url, topics (title on line 1), new fields after them and
    ``added`` last (so that a test's new field has the line it had before ``added``).
    """
    fields = {**base, **changes}
    if "added" in fields:
        fields["added"] = fields.pop("added")
    lines = []
    for name, value in fields.items():
        if name in drop:
            continue
        if isinstance(value, Mapping):
            lines.append(f"{name}:")
            lines.extend(f"  {key}: {item}" for key, item in value.items())
        else:
            lines.append(f"{name}: {value}")
    return "\n".join(lines) + "\n"


FILES: dict[str, str] = {
    "venues.yaml": VENUES,
    "topics.yaml": TOPICS,
    "metrics.yaml": METRICS,
    "benchmarks.yaml": BENCHMARKS,
    "tools.yaml": TOOLS,
    "reference.bib": REFERENCE,
    "papers/mobilellm.yaml": paper_yaml(MOBILELLM),
    "papers/mamba.yaml": paper_yaml(MAMBA),
}


def write_catalog(root: Path, files: Mapping[str, str | bytes | None] | None = None) -> Path:
    """Write the minimal catalog into ``root`` and return ``root``.

    ``files`` maps a path relative to ``root`` to its new text (or bytes), or to None to
    leave that file out; paths not in :data:`FILES` are added.
    """
    for name, text in {**FILES, **(files or {})}.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes: what a failed command must leave alone."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}
