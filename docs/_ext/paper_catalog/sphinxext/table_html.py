"""The rows of paper tables as HTML, written from the catalog when a page is written.

The markup is what docutils writes for the same rows as nodes; every catalog text is
escaped on its way out, and links to other pages are made by the builder (so ``dirhtml``
and ``singlehtml`` get theirs right).
"""

from __future__ import annotations

import posixpath
import re
import string
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.builders import Builder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..model import Catalog, Paper
from ..site_urls import page_name
from .build_state import catalog_of, run_state
from .builders import renders_html_rows, writes_paper_pages, writes_single_page
from .coins import CLASS as COINS_CLASS
from .coins import coins_value
from .columns import COLUMNS, escape
from .row_facets import FacetTable, author_hrefs
from .tables import catalog_rows

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Rows per ``<tbody>``: a long table is written as a run of bodies of this many rows
#: (even, so stripes by position run on across bodies), which the script and stylesheet
#: lay out only near the viewport, so that sorting 10,000 rows styles and lays out only
#: the few bodies on screen. Without the script they read as one table body.
ROWS_PER_BODY = 32


#: Stands for a paper id in the href of paper pages (ids are lowercase kebab-case).
PAGE_ID = "PAPER-ID"


class _Links:
    """The hrefs of the rows' links to each paper's row on its topic pages."""

    def __init__(self, builder: Builder, docname: str) -> None:
        self.builder = builder
        self.docname = docname
        domain = builder.env.get_domain("catalog")
        self.rows: dict[str, dict[str, tuple[str, str, bool]]] = domain.data.get("papers", {})
        self.topics: dict[str, tuple[str, str, str]] = domain.data.get("topics", {})
        self.uris: dict[str, str] = {}
        self.single = writes_single_page(builder)
        self.warned = 0  # warnings logged so far
        self._labels: dict[str, tuple[str, str]] = {}
        self.catalog = catalog_of(builder.env)
        self.coins = run_state(builder.env).coins
        # the href of a paper page from this page, with PAGE_ID in place of the paper's id
        self.page_uri = (builder.get_relative_uri(docname, page_name(PAGE_ID))
                         if writes_paper_pages(builder) else None)

    def uri(self, target: str, anchor: str) -> str:
        if target == self.docname or self.single:  # singlehtml: every page on this one
            return f"#{anchor}"
        base = self.uris.get(target)
        if base is None:
            base = self.uris[target] = self.builder.get_relative_uri(self.docname, target)
        return f"{base}#{anchor}"

    def listing(self, topic_id: str, paper_id: str, node: nodes.Node) -> str:
        """The link to ``paper_id``'s row on ``topic_id``'s page, labelled with the topic."""
        topic = self.topics.get(topic_id)
        row = self.rows.get(paper_id, {}).get(topic[0]) if topic else None
        if topic is None or row is None:
            logger.warning("no row for '%s/%s' (topic/paper) on the topic's page", topic_id,
                           paper_id, location=node, type="ref", subtype="catalog:listing")
            self.warned += 1
            title = escape(topic[2] if topic else topic_id)
            return f'<span class="xref catalog catalog-listing">{title}</span>'
        start, end = self._labels.get(topic_id) or self._label(topic_id, topic[2])
        return f'{start}{escape(self.uri(topic[0], row[0]))}{end}'

    def _label(self, topic_id: str, title: str) -> tuple[str, str]:
        """The link's markup before and after its href, for each topic once per table."""
        text = escape(title)
        label = self._labels[topic_id] = (
            '<a class="reference internal" href="',
            f'" title="{text}"><span class="xref catalog catalog-listing">{text}</span></a>')
        return label


def paper_page_link(links: _Links, paper: Paper) -> str:
    """A link to the paper's page (in builders that write them) and its COinS span (made
    once per paper and build)."""
    made = links.coins.get(paper.id)
    source = (paper.digest, links.catalog.venues[paper.venue])
    if made is None or made[0] != source:
        made = links.coins[paper.id] = (source, escape(coins_value(links.catalog, paper)))
    coins = f' <span class="{COINS_CLASS}" title="{made[1]}"></span>'
    if links.page_uri is None:
        return coins
    href = escape(links.page_uri.replace(PAGE_ID, paper.id))
    return f' <a class="reference internal catalog-paper-page" href="{href}">cite</a>{coins}'


class _Table:
    """What the cells of one table ask of it (see :class:`.columns.HtmlTable`)."""

    def __init__(self, catalog: Catalog, links: _Links, topic: str, node: nodes.Node
                 ) -> None:
        self.catalog = catalog
        self.topic = topic
        self.venue_cells: dict[str, str] = {}
        self._links = links
        self._node = node
        self._authors = author_hrefs(links)

    def listing(self, topic_id: str, paper_id: str) -> str:
        return self._links.listing(topic_id, paper_id, self._node)

    def author(self, name: str, text: str) -> str:
        """``text`` naming an author, a link to them on the by-author page if there is one."""
        href = self._authors(name)
        return (f'<a class="reference internal" href="{escape(href)}">{escape(text)}</a>'
                if href else escape(text))

    def paper_links(self, paper: Paper) -> str:
        return paper_page_link(self._links, paper)


def _written_cells(builder: Builder, docname: str
                   ) -> dict[tuple[str, str, str], dict[str, str]] | None:
    """The cells written in this build that this page can share with other pages of its
    folder: none on a page that has rows of its own (a link to one of them is '#row-...'
    there, not a path)."""
    if docname in {page for page, _, _ in builder.env.get_domain("catalog").data["topics"]
                   .values()}:
        return None
    return run_state(builder.env).cells


def visit_catalog_rows(self: Any, node: catalog_rows) -> None:
    """HTML translator: the table's rows from the catalog as it is now, in bodies of
    :data:`ROWS_PER_BODY` rows."""
    builder = cast(Builder, self.builder)
    catalog = catalog_of(builder.env)
    docname: str = builder.current_docname  # type: ignore[attr-defined]
    links = _Links(builder, docname)
    table = _Table(catalog, links, node["topic"], node)
    shared = _written_cells(builder, docname)
    folder = posixpath.dirname(builder.get_target_uri(docname))
    # per column: its <td>, how to write a cell, and the cells written (shared, or this
    # table's own)
    columns = [(f'<td class="{COLUMNS[name].css_class}">', COLUMNS[name].html,
                shared.setdefault((folder, node["topic"], name), {}) if shared is not None
                else {}) for name in node["columns"]]
    counter = self._table_row_indices
    facets = FacetTable(catalog) if node.get("facets") else None
    out = ["<tbody>\n"]
    for i, (paper_id, anchor) in enumerate(zip(node["papers"], node["anchors"], strict=True)):
        if i and i % ROWS_PER_BODY == 0:
            out.append("</tbody>\n<tbody>\n")
        counter[-1] += 1
        parity = "row-even" if counter[-1] % 2 == 0 else "row-odd"
        data = f' data-facets="{facets.row(paper_id)}"' if facets else ""
        out.append(f'<tr class="{parity}" id="{escape(anchor)}"{data}>' if anchor
                   else f'<tr class="{parity}"{data}>')
        for start, make, written in columns:
            cell = written.get(paper_id)
            if cell is None:
                warned = links.warned
                cell = f"{start}{make(table, catalog.papers[paper_id])}</td>\n"
                if links.warned == warned:  # a cell that warned warns on every page
                    written[paper_id] = cell
            out.append(cell)
        out.append("</tr>\n")
    out.append("</tbody>\n")
    if facets:  # the values the rows' indexes name, on the first body
        out[0] = f'<tbody data-facet-values="{facets.dictionary()}">\n'
    run = run_state(builder.env)
    mark = f"{run.mark_start}{next(run.marks)}-->"
    run.pending_rows[mark] = "".join(out)
    self.body.append(mark)
    raise nodes.SkipNode


def insert_rows(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> None:
    """``html-page-context``: the page's rows in place of their marks.

    Sphinx makes a debug message of every event's arguments, whether or not it logs it:
    for this event, the page's body, which with 10,000 rows is megabytes of text to
    copy. The rows join the body only after that, when the handlers run.
    """
    body = context.get("body")
    if isinstance(body, str):
        context["body"] = fill_rows(app.env, body)


def fill_rows(env: BuildEnvironment, body: str) -> str:
    """``body`` with the rows of its tables in place of their marks."""
    run = run_state(env)
    pending = run.pending_rows
    if not pending:
        return body
    marks = re.compile(re.escape(run.mark_start) + r"\d+-->")
    return marks.sub(lambda mark: pending.pop(mark[0], ""), body)


class _Words:
    """Text as docutils' text-gathering visitors see a table's nodes: each text stripped,
    a space between two texts unless punctuation follows, a comma after each cell and row
    (so a page description cut from it reads as it did when rows were nodes)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.last = ","

    def add(self, text: str) -> None:
        text = text.strip()
        if text and self.last not in string.whitespace and text[0] not in _NO_SPACE:
            self.parts.append(" ")
        if text:
            self.parts.append(text)
            self.last = text[-1]

    def end(self) -> None:
        self.parts.append(",")
        self.last = ","


_NO_SPACE = string.whitespace + string.punctuation


def row_words(catalog: Catalog, node: catalog_rows) -> str:
    """The text of ``node``'s rows, in the order the rows show it, for the search index
    (and the page's description)."""
    topic = node["topic"]
    columns = [COLUMNS[name] for name in node["columns"]]
    words = _Words()
    for paper_id in node["papers"]:
        paper = catalog.papers[paper_id]
        for column in columns:
            column.words(words, catalog, paper, topic)
            words.end()
        words.end()
    return "".join(words.parts)


class AddSearchWords(SphinxPostTransform):
    """The rows' words under each compact table body of a topic's page, which the search
    index reads (the HTML translator does not), taken from the catalog when the page is
    written.

    Tables of no topic (all papers, by year, venue or keyword) list papers that are
    also on their topic pages: their rows would make these pages a result for every
    word of every paper, and cost a search index feed of the whole catalog per page
    each time one paper changes. These pages are found by their titles and headings.
    """

    default_priority = 900

    def is_supported(self) -> bool:
        return renders_html_rows(self.env._builder_cls)

    def run(self, **kwargs: object) -> None:
        catalog = catalog_of(self.env)
        for node in self.document.findall(catalog_rows):
            if node["topic"]:
                node += nodes.Text(row_words(catalog, node))
