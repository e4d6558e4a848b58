"""Sphinx builds of the small ``test-catalog`` project: output, warnings, failures."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from build_helpers import built_project
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from paper_catalog.sphinxext.build_state import CatalogBuildError


def read(app: SphinxTestApp, page: str) -> str:
    return (Path(app.outdir) / page).read_text(encoding="utf-8")


def row(html: str, paper_id: str) -> str:
    """The HTML of the table row whose id is ``row-<paper_id>``."""
    match = re.search(rf'<tr[^>]*id="row-{paper_id}".*?</tr>', html, re.S)
    assert match, f"no row for {paper_id}"
    return match[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """One build for the tests that only read its output."""
    with built_project(tmp_path_factory.mktemp("built") / "project") as app:
        yield app


def test_builds_without_warnings(built: SphinxTestApp) -> None:
    assert built.warning.getvalue() == ""


def test_topic_page_has_title_summary_trail_table_and_related(built: SphinxTestApp) -> None:
    html = read(built, "topics/quantization.html")
    assert "<h1>Quantization" in html
    assert 'Part of <a class="reference internal" href="inference.html#topic-inference"' in html
    assert 'href="compression.html#topic-compression"' in html
    assert "Fewer bits per weight, as in" in html
    assert "3 papers, listed newest first." in html
    assert '<table class="catalog-table' in html
    related = re.search(r'<p class="catalog-related">.*?</p>', html, re.S)[0]
    assert 'href="pruning.html#topic-pruning"' in related


def test_topic_table_rows_are_newest_first_with_anchors(built: SphinxTestApp) -> None:
    html = read(built, "topics/quantization.html")
    assert re.findall(r'<tr class="row-\w+" id="row-([\w-]+)"', html) == [
        "tinyllm", "script-title", "old-quant"]
    tiny = row(html, "tinyllm")
    assert '<td class="catalog-col-year"><p>2024</p></td>' in tiny
    assert "<p>Weight quantization</p>" in tiny
    assert ('<a class="reference external" href="https://arxiv.org/abs/2401.00002" '
            'title="arXiv 2401.00002">') in tiny  # the tooltip the filter box reads
    assert '<abbr title="International Conference on Machine Learning">ICML</abbr>' in tiny
    headers = re.findall(r'<th class="head catalog-col-(\w+)[^"]*"><p>(\w+)</p></th>', html)
    assert '<th class="head catalog-col-year catalog-sorted-descending">' in html
    assert headers == [("year", "Year"), ("keyword", "Keyword"), ("title", "Paper"),
                       ("venue", "Venue")]


def test_catalog_text_is_escaped_and_kept_as_written(built: SphinxTestApp) -> None:
    html = read(built, "topics/quantization.html")
    hostile = row(html, "script-title")
    assert "<script>" not in hostile and "<b>" not in hostile
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; *Stars* `code`" in hostile
    assert "&lt;b&gt;Bold?&lt;/b&gt;" in hostile
    assert 'href="https://example.org/paper?id=1&amp;x=\'y\'"' in hostile
    pruning = read(built, "topics/pruning.html")
    assert "Removing weights. &lt;b&gt;not bold&lt;/b&gt; *not emphasis*" in pruning


def test_paper_in_two_topics_shows_each_keyword(built: SphinxTestApp) -> None:
    assert "<p>Weight quantization</p>" in row(read(built, "topics/quantization.html"),
                                               "tinyllm")
    assert "<p>Edge devices</p>" in row(read(built, "topics/serving.html"), "tinyllm")


def test_filtered_table_with_columns_and_sort(built: SphinxTestApp) -> None:
    html = read(built, "all.html")
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert len(tables) == 2
    everything, icml = tables
    assert len(re.findall(r"<tr class=\"row-\w+\" id=", everything)) == 4
    assert 'href="topics/quantization.html#row-tinyllm"' in everything
    # the second table lists rows already anchored by the first: no duplicate ids
    assert "id=\"row-" not in icml
    assert re.findall(r'<th class="head catalog-col-(\w+)[^"]*">', icml) == ["year", "title"]
    assert '<th class="head catalog-col-title catalog-sorted-ascending">' in icml
    assert re.findall(r"<a class=\"reference external\"[^>]*>([^<]*)</a>", icml) == [
        "TinyLLM: Quantized Language Models for Phones"]


def test_group_and_area_pages_show_cards_with_counts(built: SphinxTestApp) -> None:
    html = read(built, "topics/compression.html")
    cards = re.findall(r'<div class="sd-card .*?catalog-count">(\d+) papers?</p>', html, re.S)
    assert cards == ["3", "1"]
    assert 'href="quantization.html#topic-quantization"' in html
    index = read(built, "index.html")
    assert re.findall(r'catalog-count">(\d+) papers?<', index) == ["4"]


def test_navigation_follows_the_taxonomy(built: SphinxTestApp) -> None:
    toc = built.env.toctree_includes
    assert toc["index"][:1] == ["topics/inference"]
    assert toc["topics/inference"] == ["topics/compression", "topics/serving"]
    assert toc["topics/compression"] == ["topics/quantization", "topics/pruning"]


def test_roles_resolve_to_rows_and_topic_pages(built: SphinxTestApp) -> None:
    index = read(built, "index.html")
    assert 'href="topics/quantization.html#row-tinyllm" title="TinyLLM: Quantized ' in index
    assert '<span class="xref catalog catalog-paper">TinyLLM</span>' in index
    assert 'href="topics/quantization.html#topic-quantization"' in index
    assert 'href="metrics.html#term-FLOPs"' in index


def test_glossaries_tools_and_reference(built: SphinxTestApp) -> None:
    html = read(built, "metrics.html")
    assert '<dt id="term-FLOPs">FLOPs' in html
    assert '<dt id="term-Floating-point-operations">Floating-point operations' in html
    assert "The number of arithmetic operations on floating-point numbers." in html
    assert '<strong>Example usage:</strong> <a class="reference external" ' \
           'href="https://example.org/flops.pdf">FLOPs</a>' in html
    assert '<dt id="term-LRA">LRA' in html
    assert "<strong>Paper:</strong>" in html
    assert re.findall(r'<p class="rubric">([^<]+)</p>', html) == [
        "Real-time tracking of energy use and carbon emissions",
        "Estimating energy use and carbon footprint before training"]
    assert "Jane Doe and Richard Roe. A tiny survey." in html
    assert '<div class="highlight-bibtex notranslate">' in html


def test_index_lists_terms_and_papers(built: SphinxTestApp) -> None:
    html = read(built, "genindex.html")
    assert "FLOPs" in html
    assert 'href="topics/quantization.html#row-tinyllm"' in html
    # once, at its home topic page, not at every table that lists it
    assert len(re.findall(r'href="[^"]*#row-tinyllm"', html)) == 1


def search_terms(app: SphinxTestApp) -> dict[str, list[str]]:
    """Each word of the search index -> the pages it finds."""
    text = read(app, "searchindex.js")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    names = index["docnames"]
    return {word: sorted(names[i] for i in ([docs] if isinstance(docs, int) else docs))
            for word, docs in index["terms"].items()}


def test_search_finds_a_paper_by_its_row_on_its_topic_pages(built: SphinxTestApp) -> None:
    terms = search_terms(built)
    # "Sparse Cut: Pruning at Scale" is also on the pages of all papers and by year,
    # but only its topic page is found by the words of its row (stemmed)
    assert terms["scale"] == ["topics/pruning"]
    # a word of an author of TinyLLM, listed on two topic pages and by name on the
    # by-author list (browse)
    assert terms["lovelac"] == ["browse", "topics/quantization", "topics/serving"]
    assert "all" not in terms["lovelac"]


def test_objects_inventory_lists_papers_and_topics(built: SphinxTestApp) -> None:
    from sphinx.util.inventory import InventoryFile

    inv = InventoryFile.loads((Path(built.outdir) / "objects.inv").read_bytes(),
                              uri="")
    papers = inv.data["catalog:paper"]
    assert set(papers) == {"tinyllm", "sparse-cut", "script-title", "old-quant"}
    assert papers["tinyllm"].uri == "topics/quantization.html#row-tinyllm"
    assert inv.data["catalog:topic"]["pruning"].uri == "topics/pruning.html#topic-pruning"


def test_stylesheet_blocks_are_closed() -> None:
    """Every rule and media query of the shipped stylesheet is closed where it should
    be: an unclosed media query would apply the phone layout's rules everywhere."""
    css = (Path(__file__).resolve().parents[1] / "docs" / "_ext" / "paper_catalog" /
           "sphinxext" / "static" / "catalog-table.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    depth = 0
    for line_number, line in enumerate(css.splitlines(), 1):
        for char in line:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, f"line {line_number}: '}}' without '{{'"
        if line and not line[0].isspace() and not line.startswith(("}", "@")):
            assert depth <= 1, f"line {line_number}: a top-level rule inside a block: {line}"
    assert depth == 0


def test_static_script_and_stylesheet_are_shipped(built: SphinxTestApp) -> None:
    out = Path(built.outdir)
    assert (out / "_static" / "catalog-table.js").is_file()
    assert (out / "_static" / "catalog-table.css").is_file()
    html = read(built, "topics/quantization.html")
    assert re.search(r'<script defer="defer" src="\.\./_static/catalog-table\.js', html)


def test_a_clean_build_links_the_static_files_with_their_checksums(built: SphinxTestApp
                                                                    ) -> None:
    """As a rebuild does (the files are there before the pages are written), so a clean
    build and a rebuild write the same pages."""
    html = read(built, "topics/quantization.html")
    for name in ("catalog-table.js", "catalog-facet-controls.js", "catalog-facets.js",
                 "catalog-table.css", "catalog-facets.css"):
        checksum = zlib.crc32((Path(built.outdir) / "_static" / name).read_bytes())
        assert f"_static/{name}?v={checksum:08x}\"" in html


def test_unknown_ids_in_roles_fail_with_the_id_and_page(make_app, catalog_project: Path
                                                        ) -> None:
    index = catalog_project / "index.md"
    index.write_text(index.read_text()
                     + "\nBroken: {paper}`no-such-paper` and {topic}`no-such-topic`.\n")
    line = len(index.read_text().splitlines())
    app = make_app("html", srcdir=catalog_project)
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert f"index.md:{line}: WARNING: unknown paper id 'no-such-paper'" in warnings
    assert f"index.md:{line}: WARNING: unknown topic id 'no-such-topic'" in warnings


def test_directive_errors_name_the_problem(make_app, catalog_project: Path) -> None:
    (catalog_project / "all.md").write_text(
        "# All\n\n```{catalog-table}\n:topic: nope\n```\n\n"
        "```{catalog-table}\n:venue: nowhere\n```\n\n"
        "```{catalog-table}\n:columns: year colour\n```\n")
    app = make_app("html", srcdir=catalog_project)
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert "all.md:3: ERROR: unknown topic id 'nope' (see catalog/topics.yaml)" in warnings
    assert "all.md:7: ERROR: unknown venue id 'nowhere' (see catalog/venues.yaml)" in warnings
    assert "unknown column 'colour'; use year, keyword, title, venue, topics" in warnings


def test_topic_without_page_is_reported(make_app, catalog_project: Path) -> None:
    (catalog_project / "topics" / "serving.md").unlink()
    app = make_app("html", srcdir=catalog_project)
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert "topic 'serving' has no page: create docs/topics/serving.md" in warnings


def break_catalog(project: Path) -> None:
    papers = project / "catalog" / "papers"
    (papers / "old-quant.yaml").write_text(
        "title: Old Quantization Methods\nyear: 2019\nvenue: nips\n"
        "url: javascript:alert(1)\ntopics:\n  quantization: Weight quantization\n"
        "added: 2026-11-26\n")
    (papers / "broken.yaml").write_text("title: [unclosed\n")


def test_invalid_catalog_stops_the_build_with_every_problem(make_app, catalog_project: Path
                                                            ) -> None:
    break_catalog(catalog_project)
    warnings = io.StringIO()
    with pytest.raises(CatalogBuildError) as info:
        make_app("html", srcdir=catalog_project, warning=warnings)
    assert info.value.category == "Catalog error"
    assert str(info.value) == "3 problems in the catalog (listed above); the site was not built."
    assert len(info.value.problems) == 3
    logged = strip_colors(warnings.getvalue())
    assert "papers/broken.yaml:2: ERROR: file: invalid YAML" in logged
    assert ("papers/old-quant.yaml:3: ERROR: paper 'old-quant', field 'venue': unknown venue "
            "'nips'") in logged
    assert ("papers/old-quant.yaml:4: ERROR: paper 'old-quant', field 'url': "
            "'javascript:alert(1)' is not an absolute http(s) URL") in logged


def test_sphinx_build_reports_catalog_problems_and_fails_as_for_any_sphinx_error(
        catalog_project: Path, tmp_path: Path) -> None:
    """Without -W as with it: every problem at its file and line, then Sphinx's report of
    the error that ends the build (status 2), and no page written."""
    break_catalog(catalog_project)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for options in ([], ["-W", "--keep-going"]):
        run = subprocess.run([sys.executable, "-m", "sphinx", *options, "-q", "-b", "html",
                              str(catalog_project), str(tmp_path / "out")],
                             capture_output=True, text=True, env=env, cwd=catalog_project)
        assert run.returncode == 2
        problems, _, report = strip_colors(run.stderr).partition("\n\n")
        lines = problems.splitlines()
        assert [line.split(": ERROR: ")[0] for line in lines] == [
            "catalog/papers/broken.yaml:2", "catalog/papers/old-quant.yaml:3",
            "catalog/papers/old-quant.yaml:4"]
        assert all(line.endswith("[catalog.invalid]") for line in lines)
        assert report.startswith("Catalog error!\n")
        assert ("CatalogBuildError: 3 problems in the catalog (listed above); the site was not "
                "built.") in report
        assert not (tmp_path / "out" / "index.html").exists()


def test_authors_show_short_under_the_title_and_open_to_the_full_list(
        built: SphinxTestApp) -> None:
    authors = re.search(r'<details class="catalog-authors">(.*?)</details>',
                        row(read(built, "topics/quantization.html"), "tinyllm"), re.S)[1]
    # the full list links each author to the by-author page (browse.md)
    assert authors == ('<summary>Lovelace et al.</summary><p>'
                       '<a class="reference internal" href="../browse.html#author-ada-lovelace">'
                       'Ada Lovelace</a>, '
                       '<a class="reference internal" href="../browse.html#author-grace-hopper-co">'
                       'Grace &lt;Hopper&gt; &amp; Co</a>, '
                       '<a class="reference internal" href="../browse.html#author-alan-van-turing">'
                       'Alan van Turing</a></p>')
    assert "catalog-authors" not in row(read(built, "topics/pruning.html"), "sparse-cut")


def test_paper_in_two_topics_links_its_other_listing(built: SphinxTestApp) -> None:
    also = re.search(r'<p class="catalog-also">.*?</p>',
                     row(read(built, "topics/quantization.html"), "tinyllm"), re.S)[0]
    assert 'href="serving.html#row-tinyllm"' in also
    assert ">Serving<" in also
    assert "catalog-also" not in row(read(built, "topics/pruning.html"), "sparse-cut")


def test_related_topics_include_topics_sharing_papers(built: SphinxTestApp) -> None:
    html = read(built, "topics/quantization.html")
    related = re.search(r'<p class="catalog-related">.*?</p>', html, re.S)[0]
    assert re.findall(r'href="(\w+)\.html#topic-', related) == ["pruning", "serving"]


def test_browse_pages_group_every_paper_with_counts(built: SphinxTestApp) -> None:
    html = read(built, "browse.html")
    years = re.findall(r'<section id="year-(\d+)">\s*<h2>\d+.*?catalog-count">(\d+) papers?<',
                       html, re.S)
    assert years == [("2024", "1"), ("2023", "1"), ("2022", "1"), ("2019", "1")]
    assert re.findall(r'<section id="(venues?-[\w-]+)">', html) == [
        "venues-conference", "venue-icml", "venues-preprint", "venue-arxiv"]
    assert '<p class="catalog-venue-name">International Conference on Machine Learning</p>' \
        in html
    keyword = re.search(r'<section id="keyword-weight-quantization">.*?</section>', html,
                        re.S)[0]
    assert "2 papers" in keyword
    # each entry links to the paper itself and to its row on each topic page
    assert 'href="https://example.org/old"' in keyword
    assert 'href="topics/quantization.html#row-old-quant"' in keyword


def test_roles_work_in_rest_and_tables_can_be_limited(built: SphinxTestApp) -> None:
    html = read(built, "rst-page.html")
    assert '<a class="reference internal" href="topics/quantization.html#row-tinyllm"' in html
    assert '<span class="xref catalog catalog-paper">the pruning paper</span>' in html
    assert 'href="topics/serving.html#topic-serving"' in html
    table = re.search(r"<table.*?</table>", html, re.S)[0]
    assert len(re.findall(r"<tr", table)) == 3  # header and two papers


def test_chart_is_a_deterministic_svg_with_a_text_alternative(
        make_app, built: SphinxTestApp, tmp_path: Path) -> None:
    import base64

    html = read(built, "index.html")
    image = re.search(r'<img alt="([^"]*)" class="catalog-chart" '
                      r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert image, "no chart image"
    assert image[1] == "Papers per year by area: 2019: 1; 2022: 1; 2023: 1; 2024: 1"
    svg = base64.b64decode(image[2]).decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>LLM Inference, 2024: 1</title>" in svg
    data = re.search(r'<table class="catalog-chart-data.*?</table>', html, re.S)[0]
    assert re.findall(r"<p>(\w[^<]*)</p>", data)[:3] == ["Year", "LLM Inference", "Total"]
    phone = re.search(r'<img alt="([^"]*)" class="catalog-chart-phone" '
                      r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert phone and phone[1] == image[1], "the phone layout has the same text alternative"
    narrow = base64.b64decode(phone[2]).decode()
    assert 'width="320"' in narrow and "rotate(-45" in narrow
    assert "<title>LLM Inference, 2024: 1</title>" in narrow
    again = make_app("html", srcdir=Path(built.srcdir), builddir=tmp_path / "again",
                     freshenv=True)
    again.build(force_all=True)
    assert read(again, "index.html").count(image[2]) == 1


def test_keywords_that_differ_only_in_punctuation_get_distinct_anchors(
        make_app, catalog_project: Path) -> None:
    papers = catalog_project / "catalog" / "papers"
    # in two topics: within one topic, two spellings of a keyword are an error
    for name, keyword in (("sparse-cut", "*x*"), ("old-quant", "`x`"),
                          ("script-title", "Unstructured pruning")):
        path = papers / f"{name}.yaml"
        text = path.read_text()
        old = re.search(r"^  \w+: (.*)$", text, re.M)[1]
        path.write_text(text.replace(old, f'"{keyword}"'))
    app = make_app("html", srcdir=catalog_project)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    ids = re.findall(r'<section id="(keyword-[\w-]+)">', read(app, "browse.html"))
    assert len(ids) == len(set(ids))
    assert {"keyword-x", "keyword-x-2"} <= set(ids)
