"""Short names in the tables, the search index and other builders; arXiv ids for the filter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


@pytest.fixture
def project(catalog_project: Path) -> Path:
    """The test root with short names: one the title does not show, one it starts with."""
    papers = catalog_project / "catalog" / "papers"
    for pid, short in (("sparse-cut", "Snipper"), ("tinyllm", "TinyLLM")):
        path = papers / f"{pid}.yaml"
        path.write_text(f"{path.read_text(encoding='utf-8')}short: {short}\n", encoding="utf-8")
    return catalog_project


def test_a_short_name_is_shown_before_a_title_that_does_not_start_with_it(
        make_app, project: Path) -> None:
    app = make_app("html", srcdir=project)
    app.build()
    page = (Path(app.outdir) / "topics" / "pruning.html").read_text(encoding="utf-8")
    assert ('<p><strong class="catalog-short">Snipper</strong> \u2014 <a class="reference '
            'external" href="https://arxiv.org/abs/2301.00003" title="arXiv 2301.00003">'
            "Sparse Cut: Pruning at Scale</a> <a class=\"reference internal catalog-paper-page\" "
            'href="../papers/sparse-cut.html">cite</a>') in page
    quantization = (Path(app.outdir) / "topics" / "quantization.html").read_text(
        encoding="utf-8")
    assert '<strong class="catalog-short">TinyLLM</strong>' not in quantization
    assert ">TinyLLM: Quantized Language Models for Phones</a>" in quantization


def test_the_search_finds_a_paper_by_its_short_name(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project)
    app.build()
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    terms = re.search(r'"terms":\{(.*?)\}', index)
    assert terms is not None and '"snipper":' in terms[1]


def test_other_builders_show_the_short_name_too(make_app, project: Path) -> None:
    app = make_app("text", srcdir=project)
    app.build()
    text = (Path(app.outdir) / "topics" / "pruning.txt").read_text(encoding="utf-8")
    assert "**Snipper** \u2014 Sparse Cut:" in text
