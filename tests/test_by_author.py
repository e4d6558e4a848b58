"""The by-author browse page, author links in table rows, and the rows' facet data."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from build_helpers import built_project
from catalog_factory import MAMBA, MOBILELLM, paper_yaml, write_catalog
from sphinx.testing.util import SphinxTestApp

from paper_catalog.load import load_catalog
from paper_catalog.query import author_anchors, browse_groups


def read(app: SphinxTestApp, page: str) -> str:
    return (Path(app.outdir) / page).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    with built_project(tmp_path_factory.mktemp("authors") / "project") as app:
        yield app


def test_author_groups_in_family_name_order_with_their_papers(tmp_path: Path) -> None:
    catalog = load_catalog(write_catalog(tmp_path, {
        "papers/mobilellm.yaml": paper_yaml(
            MOBILELLM, authors='["Zoe Adams", "Ludwig van Beethoven"]'),
        "papers/mamba.yaml": paper_yaml(
            MAMBA, authors='["Amy Zed", "Zoe Adams", {organization: "Mamba Team"}]'),
        "papers/third.yaml": paper_yaml(MAMBA, title="A Third Paper Without Authors",
                                        url="https://arxiv.org/abs/2312.00999"),
    }))
    groups = browse_groups(catalog, "author")
    assert [(g.title, g.id, {p.id for p in g.papers}) for g in groups] == [
        ("Zoe Adams", "author-zoe-adams", {"mobilellm", "mamba"}),
        ("Mamba Team", "author-mamba-team", {"mamba"}),  # a group by its whole name
        ("Ludwig van Beethoven", "author-ludwig-van-beethoven", {"mobilellm"}),
        ("Amy Zed", "author-amy-zed", {"mamba"}),
    ]


def test_names_that_slugify_alike_get_distinct_anchors(tmp_path: Path) -> None:
    anchors = author_anchors(load_catalog(write_catalog(tmp_path, {
        "papers/mobilellm.yaml": paper_yaml(MOBILELLM, authors='["Jose Li"]'),
        "papers/mamba.yaml": paper_yaml(MAMBA, authors='["José Li"]'),
    })))
    assert sorted(anchors.values()) == ["author-jose-li", "author-jose-li-2"]


def test_author_page_lists_each_author_with_an_anchor_and_links_to_papers(
        built: SphinxTestApp) -> None:
    page = read(built, "browse.html")
    entry = re.search(r'<dt id="author-ada-lovelace">(.*?)</dt>\s*<dd>(.*?)</dd>', page, re.S)
    assert entry, "no entry for Ada Lovelace"
    assert entry[1] == "Ada Lovelace"
    links = re.findall(r'<a class="reference internal" href="([^"]+)"[^>]*>(.*?)</a>',
                       entry[2], re.S)
    assert [href for href, _ in links] == ["topics/quantization.html#row-tinyllm"]
    assert "TinyLLM: Quantized Language Models for Phones" in links[0][1]
    assert "(2024)" in entry[2]
    # hostile text stays text
    assert '<dt id="author-grace-hopper-co">Grace &lt;Hopper&gt; &amp; Co</dt>' in page
    assert "<Hopper>" not in page


def test_author_order_is_by_family_name(built: SphinxTestApp) -> None:
    order = re.findall(r'<dt id="(author-[^"]+)">', read(built, "browse.html"))
    assert order == ["author-grace-hopper-co", "author-ada-lovelace", "author-alan-van-turing"]


def test_author_index_links_family_name_initials(built: SphinxTestApp) -> None:
    page = read(built, "browse.html")
    index = re.search(r'<p class="catalog-index"><strong>Authors: </strong>(.*?)</p>',
                      page, re.S)
    assert index
    assert re.findall(r'href="#([^"]+)">(\w)</a>', index[1]) == [
        ("author-grace-hopper-co", "C"), ("author-ada-lovelace", "L"),
        ("author-alan-van-turing", "V")]


def test_two_author_names_each_link_to_their_author(tmp_path: Path) -> None:
    def two_authors(root: Path) -> None:
        paper = root / "catalog" / "papers" / "sparse-cut.yaml"
        paper.write_text(paper.read_text() + "authors: [Kurt Goedel, Emmy Noether]\n")

    with built_project(tmp_path / "project", two_authors) as app:
        cell = re.search(r'id="row-sparse-cut".*?<p class="catalog-authors">(.*?)</p>',
                         read(app, "all.html"), re.S)
    assert cell
    assert re.findall(r'href="([^"]+)">(\w+)</a>', cell[1]) == [
        ("browse.html#author-kurt-goedel", "Goedel"),
        ("browse.html#author-emmy-noether", "Noether")]


def test_without_an_author_page_names_are_plain_text(tmp_path: Path) -> None:
    def no_author_page(root: Path) -> None:
        browse = root / "browse.md"
        browse.write_text(browse.read_text().split("```{catalog-browse} author")[0])

    with built_project(tmp_path / "project", no_author_page) as app:
        page = read(app, "all.html")
    assert ('<details class="catalog-authors"><summary>Lovelace et al.</summary><p>Ada '
            "Lovelace, Grace &lt;Hopper&gt; &amp; Co, Alan van Turing</p></details>") in page
    assert "#author-" not in page


def test_rows_of_a_facets_table_carry_their_values_compactly(
        built: SphinxTestApp) -> None:
    page = read(built, "all.html")
    values = re.search(r'<tbody data-facet-values="([^"]*)">', page)
    assert values
    names = json.loads(html.unescape(values[1]))
    found = dict(re.findall(r'<tr[^>]*id="row-([^"]+)" data-facets="([^"]*)"', page))
    assert set(found) == {"tinyllm", "sparse-cut", "script-title", "old-quant"}

    def decoded(paper_id: str) -> dict[str, object]:
        year, *fields, code = found[paper_id].split(";")
        return {"y": int(year), "c": code, **{
            key: [names[key][int(i)] for i in field.split(",") if i]
            for key, field in zip("vktwa", fields, strict=True)}}

    assert decoded("tinyllm") == {
        "y": 2024, "v": ["ICML"], "k": ["Conferences"], "t": ["Quantization", "Serving"],
        "w": ["Weight quantization", "Edge devices"],
        "a": ["Ada Lovelace", "Grace <Hopper> & Co", "Alan van Turing"], "c": ""}
    assert decoded("script-title")["w"] == ["<b>Bold?</b>"]
    # catalog text only in the escaped dictionary; the rows hold numbers
    assert "<" not in values[1] and all(re.fullmatch(r"[\d;,]*", v) for v in found.values())


def test_only_tables_with_facets_carry_facet_data(built: SphinxTestApp) -> None:
    assert 'class="catalog-table catalog-table--facets' in read(built, "all.html") or \
        "catalog-table--facets" in read(built, "all.html")
    assert "data-facets" not in read(built, "browse.html")
    assert "data-facets" in read(built, "topics/quantization.html")


def test_a_paper_that_records_code_is_flagged_in_its_row(tmp_path: Path) -> None:
    """'Has code' comes from a paper's ``code`` field where the catalog has one."""
    from paper_catalog.sphinxext.row_facets import FacetTable

    catalog = load_catalog(write_catalog(tmp_path))
    table = FacetTable(catalog)
    assert table.row("mamba").endswith(";")  # no code recorded
    object.__setattr__(catalog.papers["mamba"], "code", "https://github.com/state-spaces/mamba")
    assert table.row("mamba").endswith(";1")
