"""Each column of paper tables is defined once (``sphinxext/columns.py``), and every
renderer draws exactly the defined columns: the HTML rows, the docutils rows of the other
builders, the search words, the header, the ``:columns:`` and ``:sort:`` options and the
stylesheet's layout."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from build_helpers import ROOTS, built_project
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from paper_catalog.load import load_catalog
from paper_catalog.model import Catalog
from paper_catalog.query import SORT_KEYS
from paper_catalog.sphinxext.assets import STATIC, STYLESHEET
from paper_catalog.sphinxext.columns import COLUMNS
from paper_catalog.sphinxext.directives import CatalogTable
from paper_catalog.sphinxext.table_html import row_words
from paper_catalog.sphinxext.tables import catalog_rows, expanded_rows

NAMES = list(COLUMNS)


def every_column_page(project: Path) -> None:
    (project / "columns.md").write_text(
        f"---\norphan: true\n---\n# Columns\n\n```{{catalog-table}}\n:topic: pruning\n"
        f":columns: {' '.join(NAMES)}\n```\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    with built_project(tmp_path_factory.mktemp("columns") / "project",
                       every_column_page) as app:
        yield app


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOTS / "test-catalog" / "catalog")


def rows_node(catalog: Catalog, columns: list[str], topic: str = "pruning") -> catalog_rows:
    papers = [p.id for p in catalog.papers_in(topic)]
    return catalog_rows(papers=papers, anchors=[""] * len(papers), columns=columns,
                        topic=topic)


def test_the_html_rows_and_header_draw_every_defined_column(built: SphinxTestApp) -> None:
    html = (Path(built.outdir) / "columns.html").read_text(encoding="utf-8")
    classes = [column.css_class for column in COLUMNS.values()]
    headers = re.findall(r'<th class="head ([^" ]+)[^"]*"><p>([^<]*)</p>', html)
    assert headers == [(column.css_class, column.header) for column in COLUMNS.values()]
    body = html[html.index("<tbody"):]
    rows = re.findall(r"<tr class=\"row-(?:odd|even)\"[^>]*>(.*?)</tr>", body, re.DOTALL)
    assert rows
    for row in rows:
        cells = re.findall(r'<td class="([^"]+)">(.*?)</td>', row, re.DOTALL)
        assert [name for name, _ in cells] == classes
        assert all(text.strip() for _, text in cells)


@pytest.mark.parametrize("name", NAMES)
def test_the_docutils_rows_draw_each_column(catalog: Catalog, name: str) -> None:
    body = expanded_rows(catalog, rows_node(catalog, [name]))
    entries = list(body.findall(nodes.entry))
    assert entries and all(entry["classes"] == [COLUMNS[name].css_class]
                           for entry in entries)
    assert all(entry.astext().strip() for entry in entries)


@pytest.mark.parametrize("name", NAMES)
def test_the_search_words_read_each_column(catalog: Catalog, name: str) -> None:
    node = rows_node(catalog, [name])
    words = row_words(catalog, node)
    # every cell ends with a comma, every row with another: no cell without words
    assert ",,," not in f",{words}"
    assert words.count(",,") >= len(node["papers"])


def test_the_table_options_offer_exactly_the_defined_columns() -> None:
    convert = CatalogTable.option_spec["columns"]
    assert list(convert(" ".join(NAMES))) == NAMES
    with pytest.raises(ValueError, match="unknown column 'nope'; use "
                                         + re.escape(", ".join(NAMES))):
        convert("year nope")
    assert set(SORT_KEYS) <= set(COLUMNS)  # each sort order is a column's
    sortable = [name for name, column in COLUMNS.items() if column.sort_key]
    assert sortable == [name for name in NAMES if name in SORT_KEYS]


def test_the_stylesheet_places_every_column() -> None:
    css = (STATIC / STYLESHEET).read_text(encoding="utf-8")
    for column in COLUMNS.values():
        assert re.search(rf"td\.{column.css_class}\b[^{{]*\{{\s*grid-area:", css), column.name
