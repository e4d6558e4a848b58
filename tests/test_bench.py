"""The benchmark's catalog generator writes a valid catalog (the builds are not run here)."""

from __future__ import annotations

import importlib.util
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
