"""Paper tables: a header of docutils nodes over one compact node for the rows.

A table's rows are a single :class:`catalog_rows` node that names its papers, columns and
anchors; the HTML builders render the rows from the catalog when they write the page (see
``table_html``), and :class:`ExpandCatalogRows` turns it into docutils rows for the other
builders. A catalog of 10,000 papers thus costs no node tree per row. The browser script
makes the tables sortable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..model import Catalog, Paper
from .build_state import catalog_of
from .builders import renders_html_rows
from .columns import COLUMNS


def paper_row(catalog: Catalog, paper: Paper, columns: Sequence[str], topic: str,
              anchor: str | None) -> nodes.row:
    """One table row; ``anchor`` becomes the row's id (a link target)."""
    row = nodes.row()
    if anchor:
        row["ids"].append(anchor)
    for name in columns:
        column = COLUMNS[name]
        entry = nodes.entry(classes=[column.css_class])
        entry.extend(column.docutils(catalog, paper, topic))
        row += entry
    if anchor and topic == paper.primary_topic:
        # the paper in the general index, pointing at its row on its home topic page
        first_cell = cast(nodes.entry, row[0])
        cast(nodes.paragraph, first_cell[0]).append(
            addnodes.index(entries=[("single", paper.title, anchor, "", None)]))
    return row


class catalog_rows(nodes.Part, nodes.Element):
    """The body of a paper table: ``papers`` (ids, in order), ``anchors`` (the row id of
    each, or ''), ``columns`` and ``topic`` (the page's topic, '' for none).

    Its children are what is not drawn: the general index entries of the papers that have
    their home here, and (when an HTML page is written) the rows' words for the search.
    """


def index_entries(papers: Sequence[Paper], anchors: Sequence[str], topic: str
                  ) -> list[tuple[str, str, str, str, None]]:
    """The papers listed in the general index at this table: those whose home topic it
    shows, at their row."""
    return [("single", paper.title, anchor, "", None)
            for paper, anchor in zip(papers, anchors, strict=True)
            if anchor and topic and topic == paper.primary_topic]


def paper_table(catalog: Catalog, papers: Sequence[Paper], columns: Sequence[str],
                topic: str, anchors: Callable[[Paper], str | None], sort: str = "-year"
                ) -> nodes.table:
    """A table of ``papers`` (already in ``sort`` order) with ``columns``; rows get ids
    from ``anchors``; the sorted column's header says so, for the script's aria-sort."""
    # catalog text is shown as written: no smart quotes in titles or keywords
    table = nodes.table(classes=["catalog-table"], support_smartquotes=False)
    group = nodes.tgroup(cols=len(columns))
    table += group
    for name in columns:
        group += nodes.colspec(colwidth=COLUMNS[name].width)
    head_row = nodes.row()
    for name in columns:
        entry = nodes.entry(classes=[COLUMNS[name].css_class])
        if name == sort.lstrip("-"):
            order = "descending" if sort.startswith("-") else "ascending"
            entry["classes"].append(f"catalog-sorted-{order}")
        entry += nodes.paragraph("", COLUMNS[name].header)
        head_row += entry
    group += nodes.thead("", head_row)
    ids = [anchors(paper) or "" for paper in papers]
    body = catalog_rows(papers=[paper.id for paper in papers], anchors=ids,
                        columns=list(columns), topic=topic)
    entries = index_entries(papers, ids, topic)
    if entries:
        body += addnodes.index(entries=entries)
    group += body
    return table


def expanded_rows(catalog: Catalog, node: catalog_rows) -> nodes.tbody:
    """The docutils rows of ``node``, for builders that do not write HTML."""
    body = nodes.tbody()
    for paper_id, anchor in zip(node["papers"], node["anchors"], strict=True):
        paper = catalog.papers[paper_id]
        body += paper_row(catalog, paper, node["columns"], node["topic"], anchor or None)
    return body


class ExpandCatalogRows(SphinxPostTransform):
    """Docutils rows in place of the compact rows, for LaTeX, EPUB, text and the others;
    before the references are resolved, so that the rows' links resolve with them."""

    default_priority = 5

    def is_supported(self) -> bool:
        return not renders_html_rows(self.env._builder_cls)

    def run(self, **kwargs: object) -> None:
        catalog = catalog_of(self.env)
        for node in list(self.document.findall(catalog_rows)):
            node.replace_self(expanded_rows(catalog, node))
