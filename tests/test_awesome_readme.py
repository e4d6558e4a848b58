"""The parser of awesome-list READMEs, on small snippets and on the upstream README."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paper_catalog.normalize import normal_title
from paper_catalog.readme.parse import (
    Link,
    atx_heading,
    parse_readme,
    read_readme,
    strip_links,
    topic_id,
    unescape,
)

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


# --- crafted input: each scan reads the text a bounded number of times ----------------------

#: The review's crafted READMEs held 50,000 unclosed "<!--" and a benchmark cell of 20,000
#: "["; scaled to run fast here (the benchmark runs the full sizes).
CRAFTED = 5000
#: The patterns the parser used before it scanned by hand: the oracle for its results.
OLD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
OLD_ESCAPE_OR_LINK = re.compile(r"\\.|\[((?:\\.|[^\]\\])*)\]\(([^\s()]+)\)")


def old_strip_links(text: str) -> tuple[str, tuple[Link, ...]]:
    pieces, links, start = [], [], 0
    for match in OLD_ESCAPE_OR_LINK.finditer(text):
        if match[2] is not None:
            label = unescape(match[1]).strip()
            pieces += [unescape(text[start:match.start()]), label]
            links.append(Link(label, match[2]))
            start = match.end()
    pieces.append(unescape(text[start:]))
    return "".join(pieces), tuple(links)


def test_unclosed_comments_are_text() -> None:
    baseline = parse_readme(PAPERS)
    crafted = parse_readme(PAPERS + "<!--" * CRAFTED + "\n")
    assert crafted.rows == baseline.rows
    assert crafted.unparsed == baseline.unparsed


def test_a_comment_hides_its_rows_and_keeps_line_numbers() -> None:
    commented = PAPERS.replace("[Broken year](https://example.org/a) | ICML |",
                               "[Broken year](https://example.org/a) | ICML | <!--", 1).replace(
        "[Too few cells](https://example.org/b) |", "[Too few cells](https://example.org/b) -->",
        1)
    readme = parse_readme(commented + "<!--" * CRAFTED)
    assert [(r.title, r.line) for r in readme.rows] == [
        ("SparseGPT: Massive Models", 11), ("QLoRA: Efficient Finetuning ", 19),
        ("Tabi", 25)]  # the lines of the text without the comment
    assert [(u.line, u.reason) for u in readme.unparsed] == [
        (12, "date '20x3' is not a four-digit year")]


def test_many_open_brackets_are_text() -> None:
    cell = "Bracket Bench " + "[" * CRAFTED
    assert strip_links(cell) == (cell, ())
    # as before: the label runs from the first "["
    label = "[" * (CRAFTED - 1) + "A Paper"
    assert strip_links(cell + "A Paper](https://example.org/bb)") == (
        "Bracket Bench " + label, (Link(label, "https://example.org/bb"),))


@pytest.mark.parametrize("text", [
    "[a [b](https://x.example/)",  # the label runs from the first "["
    "[a](b(c)) [d](e f) [g]( h) [i](j",  # no URL: no link
    "\\[a](b) \\\\[c](d) [e\\](f)](g) [h\\\ni](j)",  # escapes; a backslash before a break
    "[line\nbreak](u) [](empty-label)",
])
def test_links_are_read_as_before(text: str) -> None:
    assert strip_links(text) == old_strip_links(text)


@given(st.text(alphabet="[]()\\ \na\t", max_size=30))
def test_links_are_read_as_before_whatever_the_text(text: str) -> None:
    assert strip_links(text) == old_strip_links(text)


@given(st.lists(st.sampled_from(["<!--", "-->", "-", "<", "!", ">", "\n", "| 2023 |", "a"]),
                max_size=15).map("".join))
def test_comments_are_blanked_as_before_whatever_the_text(text: str) -> None:
    text = PAPERS + text + PAPERS
    old = OLD_COMMENT.sub(lambda m: "\n" * m[0].count("\n"), text)
    assert parse_readme(text) == parse_readme(old)
    assert parse_readme(old).rows  # the oracle's text is read, not blanked whole


#: The heading pattern the parser used before it read headings by hand: its lazy text and
#: its optional closing run matched the same spaces, so a heading with a long run of spaces
#: took quadratic time ('## a' + 40,000 spaces + 'b': 11 s of import-readme).
OLD_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))??(?:\s+#+)?\s*$")


def old_heading(line: str) -> tuple[int, str] | None:
    found = OLD_HEADING.match(line)
    return (len(found[1]), found[2] or "") if found else None


@given(st.lists(st.sampled_from([" ", "  ", "#", "##", "a", "b c", "\t", "\\", "\\#"]),
                max_size=12).map("".join))
def test_headings_are_read_as_before_whatever_the_line(line: str) -> None:
    assert atx_heading(line) == old_heading(line)


def test_a_heading_with_a_long_run_of_spaces_is_one_heading() -> None:
    line = "## Papers" + " " * (CRAFTED * 8) + "Extra ##"
    assert atx_heading(line) == (2, "Papers" + " " * (CRAFTED * 8) + "Extra")
    readme = PAPERS.replace("\n", "\n" + line + "\n", 1)  # one more line, after the first
    assert parse_readme(readme).rows == [dataclasses.replace(row, line=row.line + 1)
                                         for row in parse_readme(PAPERS).rows]
