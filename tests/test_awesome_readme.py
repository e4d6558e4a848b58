"""The parser of awesome-list READMEs, on small snippets and on the upstream README."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from paper_catalog.normalize import normal_title
from paper_catalog.readme.parse import Link, parse_readme, read_readme, topic_id

UPSTREAM = Path(__file__).parent / "data" / "upstream-README.md"

PAPERS = textwrap.dedent("""\
    # An awesome list

     ## Table of Contents
    - [LLM Inference](#llm-inference)

     ## LLM Inference
     ### Model Compression
     #### Pruning
    |  Date  |       Keywords     | Paper    | Venue |
    | :---------: | :------------: | :-----------------------------------------:| :---------: |
    | 2023 | Unstructured Pruning | [SparseGPT: Massive Models](https://x.example/1) | ICML |
    | 20x3 | Structured Pruning | [Broken year](https://example.org/a) | ICML |
    | 2023 | Structured Pruning | Not a link | ACL |
    | 2023 | Structured Pruning | [Too few cells](https://example.org/b) |

     #### Quantization
    | Date | Keywords | Paper | Venue |
    | --- | --- | --- | --- |
    | 2023 | Weight Quantization | [QLoRA: Efficient Finetuning ](https://x.example/2) | NeurIPS |

     ## System Design
     ### Other Systems
    | Date | Keywords | Paper | Venue |
    | --- | --- | --- | --- |
    | 2023 | Other Systems | [Tabi](https://dl.acm.org/doi/abs/10.1145/3552326.3587438) | EuroSys |
    """)

GLOSSARY = textwrap.dedent("""\
     ## Resource-Efficiency Evaluation Metrics \\& Benchmarks
     ### 🧮 Computation Metrics

    |  Metric  |  Description  |  Example Usage  |
    | :---: | :---: | :---: |
    | FLOPs (Floating-point operations) | the operations | [\\[FLOPs\\]](https://a.example/0) |
    | Training Time | the total duration | [\\[minutes\\]](https://a.example/1)<br>[\\[hours\\]](https://a.example/2)|

    ### 💵 Financial Cost Metric
    |  Metric  |  Description  |  Example Usage  |
    | :---: | :---: | :---: |
    | Dollars per parameter | the total cost | |

    <!-- a comment about tools -->
      > Packages for real-time tracking of energy consumption.
      > - [CodeCarbon](https://codecarbon.io/)

      > Helpful for predicting the energy usage before actual training
      > - [ML CO2 Impact](https://mlco2.github.io/impact/)

    ### Benchmarks
    |  Benchmark  |  Description  |  Paper  |
    | :---: | :---: | :---: |
    | [SustaiNLP 2020](https://s.example/) Shared Task | on [SuperGLUE](https://g.example/) tasks | [Overview](https://o.example/)|

     ## Reference
    Please cite:

        @article{key2024,
          title={A {Title}},
          year={2024}
        }
    """)


def test_good_rows_are_read_with_topic_and_line() -> None:
    readme = parse_readme(PAPERS)
    first, qlora, tabi = readme.rows
    assert first.topic == "pruning"
    assert (first.year, first.keyword, first.venue, first.line) == (
        2023, "Unstructured Pruning", "ICML", 11)
    assert first.title == "SparseGPT: Massive Models"
    assert first.url == "https://x.example/1"
    assert qlora.topic == "quantization"
    assert qlora.title == "QLoRA: Efficient Finetuning "  # text kept as is
    assert (tabi.topic, tabi.venue) == ("other-systems", "EuroSys")


def test_unparseable_rows_are_reported_with_their_line() -> None:
    readme = parse_readme(PAPERS)
    reported = {(row.line, row.reason.split(" ")[0]) for row in readme.unparsed}
    assert reported == {(12, "date"), (13, "paper"), (14, "expected")}
    assert readme.unparsed[0].text.startswith("| 20x3 |")
    assert "found 3" in readme.unparsed[2].reason


def test_heading_hierarchy_in_order() -> None:
    readme = parse_readme(PAPERS)
    shape = [(h.id, h.level, h.parent) for h in readme.headings]
    assert shape == [
        ("inference", 2, None),
        ("model-compression", 3, "inference"),
        ("pruning", 4, "model-compression"),
        ("quantization", 4, "model-compression"),
        ("system-design", 2, None),
        ("other-systems", 3, "system-design"),
    ]
    assert readme.headings[0].title == "LLM Inference"
    assert [h.id for h in readme.leaf_topics()] == ["pruning", "quantization", "other-systems"]


@pytest.mark.parametrize(("heading", "expected"), [
    ("Mixed precision training", "mixed-precision-training"),
    ("LLM Architecture Design", "architecture-design"),
    ("LLM Pre-Training", "pre-training"),
    ("Parameter-Efficient Fine-Tuning", "parameter-efficient-fine-tuning"),
    ("System Design", "system-design"),
])
def test_topic_ids(heading: str, expected: str) -> None:
    assert topic_id(heading) == expected


def test_metrics_by_category() -> None:
    readme = parse_readme(GLOSSARY)
    assert [(s.id, s.title) for s in readme.metric_sections] == [
        ("computation", "Computation Metrics"), ("financial-cost", "Financial Cost Metric")]
    flops, time, dollars = readme.metrics
    assert (flops.category, flops.name) == ("computation", "FLOPs (Floating-point operations)")
    assert flops.examples == (Link("FLOPs", "https://a.example/0"),)
    assert [e.label for e in time.examples] == ["minutes", "hours"]
    assert (dollars.category, dollars.examples) == ("financial-cost", ())
    assert readme.unparsed == []


def test_benchmarks_keep_inline_links_for_normalization() -> None:
    (bench,) = parse_readme(GLOSSARY).benchmarks
    assert bench.name.startswith("[SustaiNLP 2020](")
    assert "[SuperGLUE](" in bench.description
    assert bench.paper == Link("Overview", "https://o.example/")


def test_tools_from_blockquotes() -> None:
    tools = parse_readme(GLOSSARY).tools
    assert [(t.name, t.purpose) for t in tools] == [
        ("CodeCarbon", "tracking"), ("ML CO2 Impact", "estimation")]
    assert tools[0].url == "https://codecarbon.io/"


def test_bibtex_block_is_dedented_verbatim() -> None:
    assert parse_readme(GLOSSARY).bibtex == (
        "@article{key2024,\n  title={A {Title}},\n  year={2024}\n}\n")


def test_upstream_readme() -> None:
    readme = read_readme(UPSTREAM)
    assert readme.unparsed == []
    assert len(readme.rows) == 179
    leaves = [h.id for h in readme.leaf_topics()]
    assert leaves == [
        "efficient-transformer-architecture", "non-transformer-architecture",
        "distributed-training", "mixed-precision-training", "importance-sampling",
        "data-augmentation", "training-objective", "parameter-efficient-fine-tuning",
        "full-parameter-fine-tuning", "pruning", "quantization", "input-pruning",
        "deployment-optimization", "support-infrastructure", "other-systems",
    ]
    assert {row.topic for row in readme.rows} == set(leaves)
    assert [h.id for h in readme.headings if h.level == 2] == [
        "architecture-design", "pre-training", "fine-tuning", "inference", "system-design"]
    assert [h.id for h in readme.headings if h.level == 3 and h.id not in leaves] == [
        "memory-efficiency", "data-efficiency", "model-compression", "dynamic-acceleration"]
    assert len({normal_title(row.title) for row in readme.rows}) == 174
    assert len(readme.metrics) == 15
    assert [s.id for s in readme.metric_sections] == [
        "computation", "memory", "energy", "financial-cost", "network-communication", "other"]
    assert len(readme.benchmarks) == 8
    assert [(t.name, t.purpose) for t in readme.tools] == [
        ("CodeCarbon", "tracking"), ("Carbontracker", "tracking"),
        ("experiment-impact-tracker", "tracking"), ("ML CO2 Impact", "estimation"),
        ("LLMCarbon", "estimation")]
    assert readme.bibtex.startswith("@article{bai2024beyond,\n  title={Beyond Efficiency")
    assert readme.bibtex.endswith("  year={2024}\n}\n")
