"""The benchmark's catalog generator writes a valid catalog (the builds are not run here)."""

from __future__ import annotations

import importlib.util
import runpy
import sys
from pathlib import Path
from types import ModuleType

import pytest

from paper_catalog.load import load_catalog

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


def test_the_performance_page_names_the_scripts_targets(bench: ModuleType) -> None:
    """The targets are defined once, in the script; the page's table names them."""
    page = (SCRIPT.parents[1] / "docs" / "performance.md").read_text(encoding="utf-8")
    table = page[page.index("| Target |"):].split("\n\n")[0].splitlines()[2:]
    assert [line.split("|")[1].strip() for line in table] == [
        t.description for t in bench.TARGETS]


def test_benchmark_sites_run_the_projects_conf(bench: ModuleType, tmp_path: Path) -> None:
    """The sites' conf.py runs docs/conf.py itself; only the catalog settings change."""
    real = runpy.run_path(str(SCRIPT.parents[1] / "docs" / "conf.py"))
    for catalog in (tmp_path / "catalog", None):
        conf = tmp_path / "conf.py"
        conf.write_text(bench.site_conf(catalog, tmp_path / "tools"), encoding="utf-8")
        settings = runpy.run_path(str(conf))
        wanted = [e for e in real["extensions"] if catalog or e != "paper_catalog"]
        assert settings["extensions"] == [*wanted, "bench_recorder"]
        assert settings.get("catalog_path") == (str(catalog) if catalog else None)
        assert settings["html_theme"] == real["html_theme"]


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
