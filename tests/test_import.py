"""Importing the upstream README into a catalog: normalization, ids, idempotence, conflicts."""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
import yaml
from upstream import IMPORTED, consistent_upstream

from paper_catalog.load import load_catalog
from paper_catalog.normalize import (
    better_cased,
    clean_title,
    fix_keyword,
    normal_title,
    normal_url,
    split_term,
    strip_tracking,
    venue_id,
    venue_index,
)
from paper_catalog.readme.importer import Conflict, import_readme
from paper_catalog.readme.parse import read_readme
from paper_catalog.readme.render import render_readme
from paper_catalog.slug import paper_id
from paper_catalog.yaml_writer import paper_yaml

# The catalog as it was imported, not the live one, which contributions change
CATALOG = IMPORTED
# Upstream's README with the facts it contradicts itself on corrected (see upstream.py):
# an import of upstream as it is writes nothing.
UPSTREAM = consistent_upstream(Path(tempfile.mkdtemp(prefix="upstream-")))


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """An empty catalog holding only the project's venues.yaml."""
    shutil.copy(CATALOG / "venues.yaml", tmp_path / "venues.yaml")
    return tmp_path


@pytest.fixture
def imported(catalog: Path) -> Path:
    import_readme(UPSTREAM, catalog)
    return catalog


# --- slugs -------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "expected"), [
    ("MobileLLM: Optimizing Sub-billion Parameter Language Models for On-Device Use Cases",
     "mobilellm"),
    ("MoE²: Optimizing Collaborative Inference for Edge Large Language Models", "moe2"),
    ("FlashAttention-2: Faster Attention with Better Parallelism", "flashattention-2"),
    ("Mixed Precision Training", "mixed-precision-training"),
    ("An Attention Free Transformer", "attention-free-transformer"),
    ("Two Stones Hit One Bird: Bilevel Positional Encoding for Better Length Extrapolation",
     "two-stones-hit-one-bird-bilevel"),
    ("Fine-Tuning Language Models with Just Forward Passes",
     "fine-tuning-language-models-just-forward"),
])
def test_paper_id(title: str, expected: str) -> None:
    assert paper_id(title, set()) == expected


def test_paper_id_is_short_and_kebab_case() -> None:
    for row in read_readme(UPSTREAM).rows:
        pid = paper_id(row.title, set())
        assert len(pid) <= 40 and len(pid.split("-")) <= 12
        assert pid == "-".join(part for part in pid.split("-") if part.isalnum())
        assert pid == pid.lower()


def test_paper_id_collisions_append_year_then_counter() -> None:
    taken = {"awq"}
    assert paper_id("Awq: Activation-aware weight quantization", taken, 2023) == "awq-2023"
    taken.add("awq-2023")
    assert paper_id("AWQ: again", taken, 2023) == "awq-2"
    assert paper_id("AWQ: again", taken) == "awq-2"
    assert taken == {"awq", "awq-2023"}  # not modified


# --- normalization -----------------------------------------------------------------------

def test_venue_aliases_are_case_insensitive() -> None:
    index = venue_index(yaml.safe_load((CATALOG / "venues.yaml").read_text())["venues"])
    for spelling in ("Arxiv", "ArXiv", "arXiv", " arxiv "):
        assert venue_id(spelling, index) == "arxiv"
    assert venue_id("IEEE SC22", index) == "sc"
    assert venue_id("Github", index) == venue_id("GitHub", index) == "github"
    assert venue_id("Nature", index) is None


def test_every_upstream_venue_spelling_is_known() -> None:
    index = venue_index(yaml.safe_load((CATALOG / "venues.yaml").read_text())["venues"])
    unknown = {row.venue for row in read_readme(UPSTREAM).rows if not venue_id(row.venue, index)}
    assert unknown == set()


@pytest.mark.parametrize(("url", "expected"), [
    ("https://a.example/p?utm_source=x&id=3&utm_medium=y#sec", "https://a.example/p?id=3#sec"),
    ("https://a.example/p?fbclid=1", "https://a.example/p"),
    ("https://a.example/p?b=2&gclid=1&a=1", "https://a.example/p?b=2&a=1"),
    ("https://dl.acm.org/doi/abs/10.1145/3616855.3635853?casa_token=czF:CNI",
     "https://dl.acm.org/doi/abs/10.1145/3616855.3635853"),
    ("https://openreview.net/pdf?id=-r6-WNKfyhW", "https://openreview.net/pdf?id=-r6-WNKfyhW"),
    ("http://proceedings.mlr.press/v80/katharopoulos18a.html",
     "http://proceedings.mlr.press/v80/katharopoulos18a.html"),
])
def test_strip_tracking(url: str, expected: str) -> None:
    assert strip_tracking(url) == expected


def test_normal_url_for_duplicates() -> None:
    assert normal_url("https://arxiv.org/pdf/2402.14905v2.pdf") == normal_url(
        "http://www.arxiv.org/abs/2402.14905/")
    assert normal_url("https://a.example/x?utm_source=1") == normal_url("https://A.example/x")
    assert normal_url("https://aclanthology.org/2021.acl-long.509.pdf") == normal_url(
        "https://aclanthology.org/2021.acl-long.509/")
    assert normal_url("https://example.org/2021.acl-long.509.pdf") != normal_url(
        "https://example.org/2021.acl-long.509/")
    assert normal_url("https://openreview.net/pdf?id=a") != normal_url(
        "https://openreview.net/pdf?id=b")


def test_titles() -> None:
    assert clean_title(" FairScale:  A general  library ") == "FairScale: A general library"
    assert normal_title("Mesh-tensorflow: Deep learning") == normal_title(
        "Mesh-TensorFlow:  Deep Learning")
    assert normal_title("Self-attention Does Not Need O(n^2) Memory") == (
        "self attention does not need o n 2 memory")
    assert better_cased(["Mesh-tensorflow: Deep learning for supercomputers",
                         "Mesh-TensorFlow: Deep Learning for Supercomputers"]) == (
        "Mesh-TensorFlow: Deep Learning for Supercomputers")


def test_keyword_fixes() -> None:
    assert fix_keyword("Hardware Optimization") == "Hardware optimization"
    assert fix_keyword("Data Augmentation ") == "Data augmentation"
    assert fix_keyword("Comparative study betweeen full-parameter and LoRA-base fine-tuning") \
        == "Comparative study between full-parameter and LoRA-based fine-tuning"
    assert fix_keyword("Weight Quantization") == "Weight Quantization"


@pytest.mark.parametrize(("name", "expected"), [
    ("FLOPs (Floating-point operations)", ("FLOPs", "Floating-point operations")),
    ("ELUE (Efficient Language Understanding Evaluation)",
     ("ELUE", "Efficient Language Understanding Evaluation")),
    ("Long Range Arena (LAG)", ("LRA", "Long Range Arena")),
    ("Inference Time/Latency", ("Inference Time/Latency", "")),
])
def test_split_term(name: str, expected: tuple[str, str]) -> None:
    assert split_term(name) == expected


# --- import ------------------------------------------------------------------------------

def test_import_creates_one_file_per_paper(catalog: Path) -> None:
    report = import_readme(UPSTREAM, catalog)
    assert (report.rows, report.papers) == (179, 174)
    assert len(list((catalog / "papers").glob("*.yaml"))) == 174
    assert report.clean, "\n".join(report.lines())
    assert {(d.field, d.chosen) for d in report.duplicates} == {("venue", "icml"),
                                                                 ("venue", "arxiv")}
    assert sorted(p for p in report.created if "." in p) == [
        "benchmarks.yaml", "metrics.yaml", "readme-order.yaml", "reference.bib"]
    mobilellm = yaml.safe_load((catalog / "papers" / "mobilellm.yaml").read_text())
    assert mobilellm["venue"] == "icml"
    assert list(mobilellm["topics"].items()) == [
        ("efficient-transformer-architecture", "Hardware optimization"),
        ("support-infrastructure", "Edge devices")]
    assert "2402.14905" in mobilellm["note"]
    mesh = yaml.safe_load((catalog / "papers" / "mesh-tensorflow.yaml").read_text())
    assert mesh["title"] == "Mesh-TensorFlow: Deep Learning for Supercomputers"


def test_import_twice_changes_nothing(imported: Path) -> None:
    before = snapshot(imported)
    report = import_readme(UPSTREAM, imported)
    assert report.created == report.updated == report.conflicts == []
    assert len(report.unchanged) == 174 + 4
    assert snapshot(imported) == before


def test_committed_catalog_is_what_the_import_writes_or_says_why(imported: Path) -> None:
    """A committed file departs from upstream's facts only with a note that says why."""
    generated = snapshot(imported)
    generated.pop("venues.yaml")
    generated.pop("readme-order.yaml")  # ids of the files: see the next test
    committed = snapshot(CATALOG)
    for name, text in generated.items():
        if name not in committed or committed[name] == text:
            continue
        assert name.startswith("papers/"), name
        mine, theirs = yaml.safe_load(committed[name]), yaml.safe_load(text)
        facts = [k for k in ("title", "year", "venue", "url", "topics") if mine[k] != theirs[k]]
        if facts:
            assert mine.get("note") and mine["note"] != theirs.get("note"), (name, facts)


def test_committed_row_order_is_upstreams(tmp_path: Path) -> None:
    """readme-order.yaml lists each topic's papers in upstream's row order."""
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG, target)
    before = (target / "readme-order.yaml").read_text(encoding="utf-8")
    report = import_readme(UPSTREAM, target)
    assert "readme-order.yaml" in report.unchanged
    assert (target / "readme-order.yaml").read_text(encoding="utf-8") == before
    # The order differs only where the import could not match a row to its file (title
    # and URL both corrected) and created a file for it: the same place, another id.
    for conflict in (c for c in report.conflicts if c.file == "readme-order.yaml"):
        assert len(conflict.file_value) == len(conflict.readme_value), conflict.field
        assert all(mine == theirs or theirs in report.created for mine, theirs in zip(
            conflict.file_value, conflict.readme_value, strict=True)), conflict.field


def test_import_writes_the_row_order(imported: Path) -> None:
    order = yaml.safe_load((imported / "readme-order.yaml").read_text(encoding="utf-8"))
    rows = read_readme(UPSTREAM).rows
    assert list(order) == list(dict.fromkeys(row.topic for row in rows))
    assert order["efficient-transformer-architecture"][:3] == [
        "s2-attention", "explore-activation-sparsity-recurrent",
        "simple-linear-attention-language-models"]
    assert sum(map(len, order.values())) == len(rows)  # each row, each once


def test_a_changed_row_order_is_reported_not_written(imported: Path) -> None:
    path = imported / "readme-order.yaml"
    order = yaml.safe_load(path.read_text(encoding="utf-8"))
    order["mamba-related"] = ["mamba"]
    order["efficient-transformer-architecture"].reverse()
    edited = yaml.safe_dump(order, sort_keys=False)
    path.write_text(edited, encoding="utf-8")
    report = import_readme(UPSTREAM, imported)
    assert [(c.file, c.field) for c in report.conflicts] == [
        ("readme-order.yaml", "efficient-transformer-architecture"),
        ("readme-order.yaml", "mamba-related")]
    assert not report.clean
    assert path.read_text(encoding="utf-8") == edited


NEW_PAPER = ("title: A New Paper on Quantization\nyear: 2024\nadded: 2026-11-26\n"
             "venue: arxiv\nurl: https://arxiv.org/abs/2405.99999\ntopics:\n"
             "  quantization: Weight Quantization\n")


def test_a_paper_the_order_file_does_not_list_is_no_conflict_where_the_export_puts_it(
        tmp_path: Path) -> None:
    """A paper added since readme-order.yaml was written needs no line there: the README
    exported with it reads back without a conflict of row order, the file unchanged; the
    same row anywhere else is one."""
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG, target)
    (target / "papers" / "a-new-paper.yaml").write_text(NEW_PAPER, encoding="utf-8")
    order = (target / "readme-order.yaml").read_text(encoding="utf-8")
    assert "a-new-paper" not in order
    lines = render_readme(load_catalog(target)).splitlines(keepends=True)
    readme = tmp_path / "README.md"
    readme.write_text("".join(lines), encoding="utf-8")

    report = import_readme(readme, target)
    assert [c for c in report.conflicts if c.file == "readme-order.yaml"] == []
    assert (target / "readme-order.yaml").read_text(encoding="utf-8") == order

    row = next(i for i, line in enumerate(lines) if "A New Paper on Quantization" in line)
    assert lines[row + 1].startswith("| ")  # a row of the same table follows
    lines[row], lines[row + 1] = lines[row + 1], lines[row]
    readme.write_text("".join(lines), encoding="utf-8")
    report = import_readme(readme, target)
    assert [(c.file, c.field) for c in report.conflicts] == [
        ("readme-order.yaml", "quantization")]


def test_hand_edited_field_is_kept_and_reported(imported: Path) -> None:
    path = imported / "papers" / "mobilellm.yaml"
    path.write_text(path.read_text().replace("venue: icml", "venue: neurips"))
    edited = path.read_text()
    report = import_readme(UPSTREAM, imported)
    assert report.conflicts == [Conflict("papers/mobilellm.yaml", "venue", "neurips", "icml")]
    assert path.read_text() == edited
    assert not report.clean


def test_missing_field_is_filled(imported: Path) -> None:
    path = imported / "papers" / "zero.yaml"
    original = path.read_text()
    path.write_text("".join(line for line in original.splitlines(keepends=True)
                            if not line.startswith("url:")))
    report = import_readme(UPSTREAM, imported)
    assert report.updated == ["zero"] and report.conflicts == []
    assert path.read_text() == original


def test_hand_edited_glossary_is_kept_and_reported(imported: Path) -> None:
    path = imported / "benchmarks.yaml"
    path.write_text(path.read_text().replace("term: LRA", "term: Long Range Arena"))
    report = import_readme(UPSTREAM, imported)
    assert report.conflicts == [
        Conflict("benchmarks.yaml", "benchmarks[6].term", "Long Range Arena", "LRA")]
    assert "term: Long Range Arena" in path.read_text()


def test_unknown_venue_is_reported_not_invented(catalog: Path) -> None:
    venues = yaml.safe_load((catalog / "venues.yaml").read_text())
    venues["venues"] = [v for v in venues["venues"] if v["id"] != "sosp"]
    (catalog / "venues.yaml").write_text(yaml.safe_dump(venues))
    report = import_readme(UPSTREAM, catalog)
    assert [(u.venue, u.line) for u in report.unknown_venues] == [("SOSP", 111)]
    assert report.papers == 173
    assert not (catalog / "papers" / "pipedream.yaml").exists()


def test_unparsed_rows_are_reported(catalog: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(textwrap.dedent("""\
        ## System Design
        ### Other Systems
        | Date | Keywords | Paper | Venue |
        | --- | --- | --- | --- |
        | 2023 | Other Systems | [Tabi: A System](https://example.org/tabi?utm_source=x) | EuroSys |
        | 2023 | Other Systems | Near-Duplicate Sequence Search | PACMMOD |
        """))
    report = import_readme(readme, catalog)
    assert [(r.line, r.reason) for r in report.unparsed] == [
        (6, "paper cell is not a single [title](url) link")]
    assert report.created[0] == "tabi"  # planned, but the import needs attention: all or
    assert not report.written and not (catalog / "papers").exists()  # nothing


def test_paper_yaml_field_order_and_quoting() -> None:
    text = paper_yaml({"note": "n", "topics": {"quantization": "Weight Quantization"},
                       "url": "https://a.example/x", "venue": "icml", "year": 2024,
                       "title": "AWQ: On-Device"})
    assert text == textwrap.dedent("""\
        title: 'AWQ: On-Device'
        year: 2024
        venue: icml
        url: https://a.example/x
        topics:
          quantization: Weight Quantization
        note: n
        """)


def test_tools_yaml_lists_the_upstream_tools() -> None:
    tools = yaml.safe_load((CATALOG / "tools.yaml").read_text())["tools"]
    assert [(t["name"], t["url"], t["purpose"]) for t in tools] == [
        (t.name, t.url, t.purpose) for t in read_readme(UPSTREAM).tools]


def test_topics_yaml_follows_upstream_headings() -> None:
    def walk(nodes: list[dict]) -> list[tuple[str, int]]:
        pairs = []
        for node in nodes:
            pairs.append((node["id"], 0))
            pairs.extend((tid, depth + 1) for tid, depth in walk(node.get("topics", [])))
        return pairs

    topics = walk(yaml.safe_load((CATALOG / "topics.yaml").read_text())["areas"])
    headings = read_readme(UPSTREAM).headings
    assert [tid for tid, _ in topics] == [h.id for h in headings]
    assert [depth for _, depth in topics] == [h.level - 2 for h in headings]
