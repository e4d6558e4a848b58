"""The benchmark's catalog generators write valid catalogs, and its crafted inputs are run
with their outcome (the builds are not run here)."""

from __future__ import annotations

import importlib.util
import runpy
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from paper_catalog.cli import main
from paper_catalog.load import load_catalog
from paper_catalog.readme.parse import parse_readme

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_build.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_build", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_generated_catalog_loads_with_every_leaf_topic(bench: ModuleType,
                                                       tmp_path: Path) -> None:
    papers = bench.generate_catalog(tmp_path / "catalog", 60, seed=1)
    catalog = load_catalog(tmp_path / "catalog")
    leaves = {tid for tid, topic in catalog.topics.items() if topic.is_leaf}
    assert len(catalog.papers) == len(papers) == 60
    assert {tid for p in catalog.papers.values() for tid, _ in p.topics} == leaves
    assert any(len(p.topics) > 1 for p in catalog.papers.values())
    assert len({p.url for p in catalog.papers.values()}) == 60


def test_generated_papers_have_authors_from_a_pool_of_thousands(bench: ModuleType,
                                                               tmp_path: Path) -> None:
    """The by-author page and the author facet are measured at scale: each generated
    paper names 1 to 6 distinct authors, drawn from a seeded pool of 3,000 names that
    BibTeX reads, kept in the files the catalog loads."""
    pool = bench.author_pool(bench.random.Random(5))
    assert len(pool) == len(set(pool)) == bench.AUTHOR_POOL == 3000
    assert pool == bench.author_pool(bench.random.Random(5))
    bench.generate_catalog(tmp_path / "catalog", 300, seed=1)
    catalog = load_catalog(tmp_path / "catalog")
    made = [p for p in catalog.papers.values()
            if p.url.startswith("https://example.org/papers/")]  # not the real ones
    assert len(made) > 200
    assert {len(p.authors) for p in made} == set(range(1, bench.MAX_AUTHORS + 1))
    assert bench.MAX_AUTHORS == 6
    assert all(len(set(p.authors)) == len(p.authors) for p in made)
    names = {a for p in made for a in p.authors}
    assert len(names) > 500


def test_generator_is_deterministic(bench: ModuleType) -> None:
    taxonomy = bench.read_taxonomy()
    assert bench.synthetic_papers(40, taxonomy, seed=3) == bench.synthetic_papers(
        40, taxonomy, seed=3)
    assert bench.synthetic_papers(40, taxonomy, seed=3) != bench.synthetic_papers(
        40, taxonomy, seed=4)


def test_baseline_tables_show_every_paper_under_each_topic(bench: ModuleType,
                                                          tmp_path: Path) -> None:
    taxonomy = bench.read_taxonomy()
    papers = bench.synthetic_papers(40, taxonomy, seed=2)
    bench.write_tables_site(tmp_path / "tables", papers, taxonomy, tmp_path / "tools")
    pages = {p.stem: p.read_text(encoding="utf-8")
             for p in (tmp_path / "tables" / "topics").glob("*.md")}
    assert set(pages) == set(taxonomy.leaves)
    for paper in papers:
        assert {tid for tid, page in pages.items() if paper.url in page} == {
            tid for tid, _ in paper.topics}


def test_baseline_rows_name_the_authors_as_plain_text(bench: ModuleType) -> None:
    """The site's rows name each paper's authors, so the baseline's do too: a column of
    the names as written, escaped for a pipe table, with no markup."""
    taxonomy = bench.read_taxonomy()
    leaf = next(iter(taxonomy.leaves))
    paper = bench.SyntheticPaper("p", "A | B", 2024, next(iter(taxonomy.venues)),
                                 "https://example.org/p", [(leaf, "K")],
                                 ["Ada Lovelace", "Grace O'Hopper|Jr"])
    row, = bench.table_rows([paper], leaf, taxonomy)
    cells = [c.strip() for c in row.replace("\\|", "\0").split("|")[1:-1]]
    assert len(cells) == 5
    assert cells[3].replace("\0", "|") == "Ada Lovelace, Grace O'Hopper|Jr"


def test_the_performance_page_names_the_scripts_targets(bench: ModuleType) -> None:
    """The targets are defined once, in the script; the page's table names them."""
    page = (SCRIPT.parents[1] / "docs" / "performance.md").read_text(encoding="utf-8")
    table = page[page.index("| Target |"):].split("\n\n")[0].splitlines()[2:]
    assert [line.split("|")[1].strip() for line in table] == [
        t.description for t in bench.TARGETS]


def test_benchmark_sites_run_the_projects_conf(bench: ModuleType, tmp_path: Path) -> None:
    """The sites' conf.py runs docs/conf.py itself; only the catalog settings change (the
    baselines' extensions: see the next test)."""
    real = runpy.run_path(str(SCRIPT.parents[1] / "docs" / "conf.py"))
    for catalog in (tmp_path / "catalog", None):
        conf = tmp_path / "conf.py"
        conf.write_text(bench.site_conf(catalog, tmp_path / "tools"), encoding="utf-8")
        settings = runpy.run_path(str(conf))
        if catalog:
            assert settings["extensions"] == [*real["extensions"], "bench_recorder"]
        assert settings.get("catalog_path") == (str(catalog) if catalog else None)
        assert settings["html_theme"] == real["html_theme"]


@pytest.mark.parametrize("tuned", [False, True])
def test_a_baseline_has_neither_of_the_projects_extensions_unless_tuned(
        bench: ModuleType, tmp_path: Path, tuned: bool) -> None:
    """The baselines are plain Sphinx sites: the catalog extension and the site tuning
    left out; the baseline built for information with the tuning keeps that only."""
    real = runpy.run_path(str(SCRIPT.parents[1] / "docs" / "conf.py"))
    conf = tmp_path / "conf.py"
    conf.write_text(bench.site_conf(None, tmp_path / "tools", tuned), encoding="utf-8")
    settings = runpy.run_path(str(conf))
    left_out = {"paper_catalog"} if tuned else {"paper_catalog", "site_tuning"}
    assert settings["extensions"] == [
        *(e for e in real["extensions"] if e not in left_out), "bench_recorder"]
    assert not any(name.startswith("catalog_") for name in settings)


def test_prose_baseline_adds_the_sites_pages_without_catalog_markup(bench: ModuleType,
                                                                    tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# About\n\nPlain text.\n", encoding="utf-8")
    for markup in ("{catalog-table}", "{paper}`x`", "{term}`FLOPs`"):
        (docs / f"uses-{len(markup)}.md").write_text(f"# Uses\n\n{markup}\n", encoding="utf-8")
    assert bench.prose_pages(docs) == ["about"]
    prose = bench.prose_pages()
    assert prose and "papers" not in prose and "index" not in prose
    taxonomy = bench.read_taxonomy()
    papers = bench.synthetic_papers(40, taxonomy, seed=2)
    bench.write_tables_site(tmp_path / "tables", papers, taxonomy, tmp_path / "tools", prose)
    index = (tmp_path / "tables" / "index.md").read_text(encoding="utf-8")
    for name in prose:
        assert (tmp_path / "tables" / f"{name}.md").is_file()
        assert f"\n{name}\n" in index


# --- crafted input and the catalog of copied papers --------------------------------------------


def test_copied_catalog_is_valid_and_titled_like_the_real_one(bench: ModuleType,
                                                              tmp_path: Path) -> None:
    real = bench.real_papers()
    n = 2 * len(real) + 5  # the real papers, a full round of copies and five more
    papers = bench.generate_copies(tmp_path / "catalog", n)
    catalog = load_catalog(tmp_path / "catalog")  # raises on any problem
    assert len(catalog.papers) == len(papers) == n
    titles = {p.id: p.title for p in real}
    copies = [p for p in catalog.papers.values() if p.id.startswith(bench.COPY_PREFIX)]
    assert len(copies) == n - len(real)
    for paper in copies:
        k, original = paper.id.removeprefix(bench.COPY_PREFIX).split("-", 1)
        assert paper.title == f"{titles[original]} (Copy {k})"
    assert {p.id for p in catalog.papers.values()} >= set(titles)


@pytest.fixture(scope="module")
def crafted(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The crafted part of the benchmark at tiny sizes, each command run once."""
    real = len(bench.real_papers())
    sizes = bench.CraftedSizes(keys=50, keys_under_limit=40, titles=5, keywords=3,
                               comments=50, brackets=50, copies=real + 10)
    return dict(bench.bench_crafted(tmp_path_factory.mktemp("bench"), sizes, repeat=1))


def test_crafted_inputs_are_measured_with_their_outcome(crafted: dict[str, Any]) -> None:
    inputs = crafted["inputs"]
    assert list(inputs) == [
        "mapping of 50 keys (F9)", "mapping of 40 keys (F9, under the node limit)",
        "5 near-anagram titles (F10)",
        "3 keywords of 500 letters (F11)", "README with 50 unclosed '<!--' (F12)",
        "README benchmark cell with 50 '[' (F12)"]
    assert [run["command"] for run in inputs.values()] == [
        "validate"] * 4 + ["import-readme"] * 2
    keys, fewer_keys, titles, keywords = (inputs[name] for name in list(inputs)[:4])
    for run in (keys, fewer_keys):
        assert (run["status"], run["output"].splitlines()[-1]) == (1, "1 problem in 1 file.")
        assert "field 'note': must be text" in run["output"]
    for run in (titles, keywords, crafted["copies"]["validate"], crafted["validate_real"]):
        assert run["status"] == 0 and run["output"].startswith("OK: ")
    assert crafted["import_readme_real"]["status"] == 0
    assert all(run["cpu_s"] > 0 for run in inputs.values())


def test_crafted_targets_are_judged(bench: ModuleType, crafted: dict[str, Any]) -> None:
    met = bench.crafted_targets(dict(crafted), None)
    assert set(met) == {"crafted_input_within_1_s", "copies_validate_within_3_s"}
    slow = {**crafted, "inputs": {"x": {"over_baseline_cpu_s": 1.5}}}
    assert bench.crafted_targets(slow, None)["crafted_input_within_1_s"] is False


def test_crafted_readmes_reach_the_parsers_scans(bench: ModuleType, tmp_path: Path) -> None:
    export = tmp_path / "README.md"
    assert main(["--catalog", str(bench.CATALOG), "export-readme", "-o", str(export)]) == 0
    text = export.read_text(encoding="utf-8")
    sizes = bench.CraftedSizes(comments=30, brackets=40)
    comments, brackets = bench.crafted_readmes(text, sizes).values()
    assert comments.count("<!--") == text.count("<!--") + 30
    assert parse_readme(comments).rows == parse_readme(text).rows
    crafted = parse_readme(brackets).benchmarks
    assert len(crafted) == len(parse_readme(text).benchmarks) + 1
    assert any(b.name == "Bracket Bench " + "[" * 40 for b in crafted)


def test_crafted_files_have_the_reviews_shapes(bench: ModuleType) -> None:
    sizes = bench.CraftedSizes(keys=30, keys_under_limit=20, titles=4, keywords=3)
    keys, fewer_keys, titles, keywords = bench.crafted_files(
        sizes, bench.read_taxonomy()).values()
    for files, n in ((keys, 30), (fewer_keys, 20)):
        (mapping,) = files.values()
        assert mapping.count("\n  k") == n
    shown = [yaml.safe_load(text)["title"] for text in titles.values()]
    assert len(set(shown)) == 4 and {len(t) for t in shown} == {463}
    assert {t[:6] + t[-6:] for t in shown} == {"Abcdefuvwxyz"}
    words = [next(iter(yaml.safe_load(text)["topics"].values())) for text in keywords.values()]
    assert len(set(words)) == 3 and {(len(w), w[0]) for w in words} == {(500, "q")}


def test_no_tuning_leaves_the_site_tuning_extension_out(bench: ModuleType, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """``--no-tuning``: every benchmark site is built without site_tuning, and only that."""
    real = runpy.run_path(str(SCRIPT.parents[1] / "docs" / "conf.py"))
    assert "site_tuning" in real["extensions"]
    conf = tmp_path / "conf.py"
    conf.write_text(bench.site_conf(tmp_path / "catalog", tmp_path / "tools"), encoding="utf-8")
    monkeypatch.setenv("BENCH_NO_TUNING", "1")
    settings = runpy.run_path(str(conf))
    assert settings["extensions"] == [
        *(e for e in real["extensions"] if e != "site_tuning"), "bench_recorder"]



def test_pages_written_from_the_catalog_are_found_after_the_build(bench: ModuleType,
                                                                  tmp_path: Path) -> None:
    """The pages a build wrote that are not documents: new ones only, at the top and
    under papers/ (the benchmark looks once the build is over)."""
    import os

    (tmp_path / "papers").mkdir()
    names = ["index", "papers-2", "genindex", "papers/a", "papers/b", "old-part"]
    for name in names:
        (tmp_path / f"{name}.html").write_text("x", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    start = 2_000_000_000 * 10**9
    for name in names:
        before = name in ("papers/b", "old-part")
        ns = start - 1 if before else start
        os.utime(tmp_path / f"{name}.html", ns=(ns, ns))
    found = bench.pages_written_since(tmp_path, start, {"index"})
    assert sorted(found) == ["papers-2", "papers/a"]
