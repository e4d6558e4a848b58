"""The awesome-list README exported from the catalog: form, escaping, lossless round trip."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from upstream import IMPORTED

from paper_catalog.duplicates import title_key
from paper_catalog.load import load_catalog
from paper_catalog.model import Benchmark, Catalog, Link
from paper_catalog.normalize import (
    canonical_url,
    fix_keyword,
    normal_url,
    strip_tracking,
)
from paper_catalog.readme.importer import import_readme
from paper_catalog.readme.order import arrange, load_order, order_yaml
from paper_catalog.readme.parse import parse_readme, read_readme
from paper_catalog.readme.render import (
    GENERATED,
    benchmark_cells,
    github_anchor,
    lossy_parts,
    render_readme,
    survey_link,
)

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "catalog"
UPSTREAM = Path(__file__).parent / "data" / "upstream-README.md"
SMALL = Path(__file__).parent / "roots" / "test-catalog" / "catalog"
HAND_WRITTEN = ("venues.yaml", "topics.yaml", "tools.yaml", "readme-template.md")


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def new_catalog(folder: Path) -> Path:
    """An empty catalog with the files written by hand, not by the import."""
    folder.mkdir()
    for name in HAND_WRITTEN:
        shutil.copy(CATALOG / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The committed catalog's export imported into catalog ``a``; its export imported into
    catalog ``b``. (Upstream's own README has facts the validator rejects.)"""
    base = tmp_path_factory.mktemp("round-trip")
    first, second = new_catalog(base / "a"), new_catalog(base / "b")
    (base / "committed.md").write_text(render_readme(load_catalog(CATALOG)), encoding="utf-8")
    assert import_readme(base / "committed.md", first).clean
    exported = render_readme(load_catalog(first))
    (base / "README.md").write_text(exported, encoding="utf-8")
    report = import_readme(base / "README.md", second)
    assert report.clean, "\n".join(report.lines())
    assert report.duplicates == [] and report.unparsed == []
    return first, second, exported


# --- round trip ---------------------------------------------------------------------------

def test_round_trip_gives_the_same_paper_files(round_trip: tuple[Path, Path, str]) -> None:
    first, second, _ = round_trip
    papers = snapshot(first / "papers")
    assert len(papers) == len(load_catalog(CATALOG).papers)
    assert snapshot(second / "papers") == papers


def test_round_trip_gives_the_same_glossaries_and_reference(
        round_trip: tuple[Path, Path, str]) -> None:
    first, second, _ = round_trip
    assert snapshot(second) == snapshot(first)


def listing(row, catalog: Catalog) -> tuple[str, str, str]:
    """(topic, keyword, paper id) of a README row: the catalog paper with its URL (any
    arXiv form, or the landing page of upstream's PDF link) or, failing that, its title
    (ignoring case, punctuation and plurals)."""
    def key(link: str) -> str:
        return normal_url(canonical_url(strip_tracking(link))).removesuffix(".pdf")

    papers = catalog.papers.values()
    paper = next((p for p in papers if key(p.url) == key(row.url)), None) or next(
        p for p in papers if title_key(p.title) == title_key(row.title))
    return row.topic, fix_keyword(row.keyword), paper.id


def test_export_has_every_upstream_row() -> None:
    """Every upstream listing is in the export of the imported catalog, as its paper's row
    (with corrected facts); a work upstream lists twice in one topic (AWQ) is one row."""
    catalog = load_catalog(IMPORTED)
    exported = render_readme(catalog)
    upstream = {listing(row, catalog) for row in read_readme(UPSTREAM).rows}
    ours = [listing(row, catalog) for row in parse_readme(exported).rows]
    assert len(ours) == len(set(ours))
    assert set(ours) == upstream


def test_export_of_the_committed_catalog_reads_back_unchanged(tmp_path: Path) -> None:
    """What a release publishes: importing it gives the committed catalog again."""
    catalog = load_catalog(CATALOG)
    assert lossy_parts(catalog) == []
    readme = tmp_path / "README.md"
    readme.write_text(render_readme(catalog), encoding="utf-8")
    target = new_catalog(tmp_path / "catalog")
    assert import_readme(readme, target).clean
    generated = readme_form(snapshot(target))
    files = snapshot(CATALOG)
    # the order the export gives the rows: readme-order.yaml's, with the papers it does
    # not list (added since the import) in their places and those it lists in vain left out
    files["readme-order.yaml"] = order_yaml(effective_order(catalog, load_order(CATALOG)))
    committed = readme_form(files)
    # A file name chosen when the title was another (a paper id stays stable) reads back
    # as the id the title gives; the content is the same.
    assert sorted(map(repr, generated.values())) == sorted(map(repr, committed.values()))
    assert all(name.startswith("papers/") for name in set(generated) ^ set(committed))


def effective_order(catalog: Catalog, order: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each leaf topic's paper ids in the order the export writes their rows."""
    return {topic.id: [p.id for p in arrange(
        (p for p in catalog.papers.values() if p.keyword(topic.id) is not None),
        order.get(topic.id, []))] for topic in catalog.topics.values() if topic.is_leaf}


def readme_form(files: dict[str, str]) -> dict[str, object]:
    """Each file's content as the README form holds it: paper files without the fields
    the README has no column for (``note``, ``authors``, ``added``, ``short``,
    ``code``); the row order by titles."""
    papers = {name: yaml.safe_load(text) for name, text in files.items()
              if name.startswith("papers/")}
    form: dict[str, object] = {
        name: {k: v for k, v in paper.items() if k not in ("note", "authors", "added", "short",
                                                              "code")}
        for name, paper in papers.items()}
    for name, text in files.items():
        if name == "readme-order.yaml":
            form[name] = {topic: [papers[f"papers/{pid}.yaml"]["title"] for pid in ids]
                          for topic, ids in yaml.safe_load(text).items()}
        elif name not in form:
            form[name] = text
    return form


def test_export_is_deterministic() -> None:
    assert render_readme(load_catalog(CATALOG)) == render_readme(load_catalog(CATALOG))


# --- form -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported() -> str:
    return render_readme(load_catalog(CATALOG))


def headings(text: str) -> list[tuple[int, str]]:
    return [(len(m[1]), m[2]) for m in re.finditer(r"^ ?(#{1,6}) (.+)$", text, re.M)]


def toc_of(text: str) -> list[str]:
    return text.split("## Table of Contents\n", 1)[1].lstrip("\n").split("\n\n", 1)[0] \
        .splitlines()


def test_header_comes_from_the_template(exported: str) -> None:
    lines = exported.splitlines()
    assert lines[0] == GENERATED
    template = (CATALOG / "readme-template.md").read_text(encoding="utf-8").splitlines()
    header = template[:template.index("<!-- catalog:contents -->")]
    assert lines[1:1 + len(header)] == header
    assert "please consider starring" in exported and "(constantly updated)" in exported


def test_default_template_without_a_template_file(small: Path) -> None:
    text = render_readme(load_catalog(small))
    lines = text.splitlines()
    assert lines[1].startswith("# Awesome Resource-Efficient LLM Papers [![Awesome]")
    assert "A curated list of high-quality papers on resource-efficient LLMs." in lines
    assert "<!-- catalog:" not in text
    assert toc_of(text)[:3] == [
        "- [Awesome Resource-Efficient LLM Papers ](#awesome-resource-efficient-llm-papers-)",
        "  - [Table of Contents](#table-of-contents)",
        "  - [LLM Inference](#llm-inference)"]


def test_table_of_contents_links_every_heading(exported: str) -> None:
    toc = toc_of(exported)
    found = headings(exported)
    assert [(len(item) - len(item.lstrip())) // 2 + 1 for item in toc] == [
        level for level, _ in found]
    assert toc[0] == ("- [Awesome Resource-Efficient LLM Papers ]"
                      "(#awesome-resource-efficient-llm-papers-)")
    assert "  - [LLM Architecture Design](#llm-architecture-design)" in toc
    assert ("  - [Resource-Efficiency Evaluation Metrics \\& Benchmarks]"
            "(#resource-efficiency-evaluation-metrics--benchmarks)") in toc
    assert "    - [🧮 Computation Metrics](#-computation-metrics)" in toc
    assert "    - [⚡️ Energy Metrics](#️-energy-metrics)" in toc
    assert toc[-1] == "  - [Reference](#reference)"


def test_metric_headings_show_their_icon(exported: str) -> None:
    catalog = load_catalog(CATALOG)
    assert [c.icon for c in catalog.metric_categories] == ["🧮", "💾", "⚡️", "💵", "📨", "💡"]
    for category in catalog.metric_categories:
        assert f"\n### {category.icon} {category.title}\n" in exported


def test_topic_headings_follow_the_taxonomy(exported: str) -> None:
    catalog = load_catalog(CATALOG)
    topic_headings = headings(exported)[2:2 + len(catalog.topics)]
    assert topic_headings == [(t.depth + 2, t.title) for t in catalog.topics.values()]


def test_one_table_per_leaf_topic_in_the_order_file(exported: str) -> None:
    catalog = load_catalog(CATALOG)
    order = yaml.safe_load((CATALOG / "readme-order.yaml").read_text(encoding="utf-8"))
    readme = parse_readme(exported)
    assert readme.unparsed == []
    leaves = [t.id for t in catalog.topics.values() if t.is_leaf]
    assert list(dict.fromkeys(row.topic for row in readme.rows)) == leaves
    urls = {p.url: p.id for p in catalog.papers.values()}
    for leaf in leaves:
        ids = [urls[row.url] for row in readme.rows if row.topic == leaf]
        assert sorted(ids) == sorted(p.id for p in catalog.papers.values() if p.keyword(leaf))
        assert [i for i in ids if i in order[leaf]] == [i for i in order[leaf] if i in ids]


def test_without_an_order_file_rows_are_newest_first(small: Path) -> None:
    readme = parse_readme(render_readme(load_catalog(small)))
    for leaf in {row.topic for row in readme.rows}:
        rows = [(-row.year, row.title.casefold()) for row in readme.rows if row.topic == leaf]
        assert rows == sorted(rows), leaf


def test_rows_show_the_venue_short_name(exported: str) -> None:
    assert ("| 2024 | Hardware optimization | [MobileLLM: Optimizing Sub-billion Parameter "
            "Language Models for On-Device Use Cases](https://arxiv.org/abs/2402.14905) | ICML |"
            ) in render_readme(load_catalog(IMPORTED))
    venues = {row.venue for row in parse_readme(exported).rows}
    shorts = {v.short for v in load_catalog(CATALOG).venues.values()}
    assert venues <= shorts and "arXiv" in venues


def test_metrics_tools_benchmarks_and_reference(exported: str) -> None:
    catalog = load_catalog(CATALOG)
    readme = parse_readme(exported)
    assert [(s.id, s.title) for s in readme.metric_sections] == [
        (c.id, c.title) for c in catalog.metric_categories]
    assert len(readme.metrics) == len(catalog.metrics)
    assert ("| FLOPs (Floating-point operations) | the number of arithmetic operations on "
            "floating-point numbers | [\\[FLOPs\\]](https://arxiv.org/pdf/2309.13192.pdf) |"
            ) in exported
    assert [(t.name, t.url, t.purpose) for t in readme.tools] == [
        (t.name, t.url, t.purpose) for t in catalog.tools]
    energy = exported.index("### ⚡️ Energy Metrics")
    assert energy < exported.index("> - [CodeCarbon](https://codecarbon.io/)") < exported.index(
        "### 💵 Financial Cost Metric")
    assert [b.paper.url for b in readme.benchmarks] == [b.paper.url for b in catalog.benchmarks]
    assert readme.bibtex.strip() == catalog.reference.strip()
    assert "\n\n    @article{bai2024beyond,\n      title={Beyond" in exported


def test_benchmark_links_go_back_into_the_text() -> None:
    def bench(term: str, description: str, *links: Link) -> Benchmark:
        return Benchmark(term, description, Link("P", "https://p.example/"), "", links)

    marco = Link("MS MARCO", "https://m.example/")
    assert benchmark_cells(bench("Efficiency-aware MS MARCO", "an enhanced MS MARCO", marco)) \
        == ("Efficiency-aware MS MARCO", "an enhanced [MS MARCO](https://m.example/)")
    sustainlp = Link("SustaiNLP 2020", "https://s.example/")
    assert benchmark_cells(bench("SustaiNLP 2020 Shared Task", "a challenge", sustainlp)) == (
        "[SustaiNLP 2020](https://s.example/) Shared Task", "a challenge")
    lost = Link("Elsewhere", "https://e.example/")
    assert benchmark_cells(bench("X", "a | b", lost)) == (
        "X", "a \\| b ([Elsewhere](https://e.example/))")


# --- escaping --------------------------------------------------------------------------------

@pytest.fixture
def small(tmp_path: Path) -> Path:
    target = tmp_path / "small"
    shutil.copytree(SMALL, target)
    return target


def test_cells_escape_pipes_and_titles_escape_markdown(small: Path) -> None:
    path = small / "papers" / "sparse-cut.yaml"
    record = yaml.safe_load(path.read_text())
    record["title"] = "Sparse | Cut [v2]: *Pruning* at_scale"
    record["topics"] = {"pruning": "Unstructured | structured"}
    path.write_text(yaml.safe_dump(record, sort_keys=False))
    catalog = load_catalog(small)
    text = render_readme(catalog)
    assert ("| 2023 | Unstructured \\| structured | [Sparse \\| Cut \\[v2\\]: \\*Pruning\\* "
            "at\\_scale](https://arxiv.org/abs/2301.00003) | arXiv |") in text
    readme = parse_readme(text)
    assert readme.unparsed == []
    titles = {row.title for row in readme.rows}
    assert {p.title for p in catalog.papers.values()} == titles  # incl. "<script>" and "&"


def test_lossy_parts_names_what_the_readme_cannot_carry(small: Path) -> None:
    catalog = load_catalog(small)
    assert lossy_parts(catalog) == [
        "topic 'compression': its heading 'Model Compression' reads back as "
        "'model-compression'"]


def test_github_anchor() -> None:
    seen: dict[str, int] = {}
    assert github_anchor("LLM Pre-Training", seen) == "llm-pre-training"
    assert github_anchor("Metrics & Benchmarks", seen) == "metrics--benchmarks"
    assert github_anchor("⚡️ Energy Metrics", seen) == "️-energy-metrics"
    assert github_anchor("Pruning", seen) == "pruning"
    assert github_anchor("Pruning", seen) == "pruning-1"
    assert github_anchor("Awesome Papers ", seen) == "awesome-papers-"  # a badge followed


def test_survey_link() -> None:
    assert survey_link("@article{k, title={{A} Survey}, journal={arXiv preprint "
                       "arXiv:2401.00625}}") == "[A Survey](https://arxiv.org/abs/2401.00625)"
    assert survey_link("@misc{k, title={T}, url={https://t.example/}}") == (
        "[T](https://t.example/)")
    assert survey_link("@misc{k, title={T}}") == "T"
    assert survey_link("not bibtex") == ""


def test_export_keeps_upstreams_four_columns_without_authors() -> None:
    catalog = load_catalog(SMALL)
    assert catalog.papers["tinyllm"].authors  # the test catalog records some authors
    text = render_readme(catalog)
    row = next(line for line in text.splitlines() if "TinyLLM" in line and "|" in line)
    assert [cell.strip() for cell in row.strip("|").split("|")] == [
        "2024", "Weight quantization",
        "[TinyLLM: Quantized Language Models for Phones](https://arxiv.org/abs/2401.00002)",
        "ICML"]
    assert "Lovelace" not in text
