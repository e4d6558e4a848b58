"""Whole-catalog tables in parts: a page whose tables of every paper (all papers, by year,
venue or keyword) hold more rows than :data:`ROWS_PER_PART` shows the first part, and
parts 2..N are pages of their own (``papers-2.html``, ``by-year-2.html``), written from
the catalog by :mod:`.part_pages`. This module cuts the parts (their layout), makes the
pagers and turns the page itself into part 1.

Every part is a static table (the same rows, ``table_html``), with its groups' headings
on a browse page, and a pager (previous, next and each part, with its range) at its top
and bottom: every paper is reachable without JavaScript. The pager loads the catalog's
data file and ``catalog-whole.js``, which filter, sort and facet over all papers.

The parts are cut from the rows in the page's order, a group split between two parts
going on under its heading "(continued)". Only the builders that write paper pages split
(``html``, ``dirhtml``); LaTeX, EPUB and single-page HTML keep their whole tables.
The document's own page shows part 1's rows only, which is what its build state tracks
(:class:`PartRowsRequest`): an edit of a paper of part 3 rewrites part 3, not the page.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..model import Catalog, Paper
from ..site_urls import PAGES_DIR
from ..views import BrowseRequest, PaperList, PapersRequest, Request, answer
from .assets import WHOLE_SCRIPT as SCRIPT
from .builders import split_bound, splits_tables
from .catalog_data import PATH as DATA_FILE
from .catalog_data import paper_order
from .columns import escape
from .page_shell import (
    pager_links,
)
from .tables import catalog_rows

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Rows per part: with authors and COinS in every row (about 2.5 kB), a part weighs about
#: 1.3 MB, well under the 3 MB a page may weigh.
ROWS_PER_PART = 500
#: The configuration value that overrides it (tests split a few papers).
CONFIG = "catalog_rows_per_part"
#: The name of the parts' record (see :class:`.page_shell.WrittenPages`).
KIND = "parts"


@dataclass(frozen=True)
class PartRowsRequest(Request[PaperList]):
    """What the first part of a whole-catalog table shows: the first ``bound`` rows (0:
    all) of every paper in the order of ``source`` (``("table", sort)`` or
    ``("browse", by)``); drawn from the catalog when the page is written."""

    source: tuple[str, str]
    bound: int

    written: ClassVar[bool] = True

    def answer(self, catalog: Catalog) -> PaperList:
        papers = ordered_papers(catalog, self.source)
        if self.bound:
            papers = papers[:self.bound]
        return PaperList(tuple(papers), tuple(catalog.venues[p.venue] for p in papers),
                         tuple(catalog.topics[t].title for p in papers for t, _ in p.topics))


def ordered_papers(catalog: Catalog, source: tuple[str, str]) -> list[Paper]:
    """Every paper (repeated where a browse page lists it in several groups), in the
    order the whole-catalog tables of ``source`` list them."""
    kind, value = source
    if kind == "browse":
        groups = answer(catalog, BrowseRequest(value)).groups
        return [catalog.papers[pid] for group in groups for pid in group.papers]
    return list(answer(catalog, PapersRequest(sort=value)).papers)


def rows_per_part(env: BuildEnvironment) -> int:
    """The bound of this build's builder: 0 when it does not split tables."""
    return split_bound(env, CONFIG, ROWS_PER_PART)


def part_name(docname: str, number: int) -> str:
    """The page name of part ``number`` (1: the document itself)."""
    return docname if number == 1 else f"{docname}-{number}"


# -- the parts of a page -----------------------------------------------------------------

#: One table's rows in one part: (the table's position among the page's whole tables,
#: first row, end).
Slice = tuple[int, int, int]


def partition(lengths: Sequence[int], bound: int) -> list[list[Slice]]:
    """The page's whole tables (``lengths`` rows each, in page order) cut into parts of
    ``bound`` rows; a single part when they fit."""
    total = sum(lengths)
    count = max(1, -(-total // bound)) if bound else 1
    parts: list[list[Slice]] = []
    for number in range(count):
        low, high = number * bound, (number + 1) * bound if bound else total
        part = []
        offset = 0
        for index, length in enumerate(lengths):
            start, end = max(low, offset), min(high, offset + length)
            if start < end:
                part.append((index, start - offset, end - offset))
            offset += length
        parts.append(part)
    return parts


def whole_tables(doctree: nodes.Node) -> list[catalog_rows]:
    """The tables of every paper on a page, in page order."""
    return [node for node in doctree.findall(catalog_rows) if node.get("whole")]


def top_section(node: nodes.Node) -> nodes.Element | None:
    """The outermost section around ``node``."""
    top = None
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            top = parent
        parent = parent.parent
    return top


def group_sections(node: nodes.Node, top: nodes.Element | None) -> list[nodes.section]:
    """The sections between ``top`` and ``node``, outermost first."""
    chain = []
    parent = node.parent
    while parent is not None and parent is not top:
        if isinstance(parent, nodes.section):
            chain.append(parent)
        parent = parent.parent
    return chain[::-1]


def table_of(rows: catalog_rows) -> nodes.Element:
    table = rows.parent.parent  # catalog_rows < tgroup < table
    assert isinstance(table, nodes.table)
    return table


def sliced(rows: catalog_rows, start: int, end: int) -> None:
    rows["papers"] = list(rows["papers"][start:end])
    rows["anchors"] = list(rows["anchors"][start:end])


def as_split(table: nodes.Element, rows: catalog_rows) -> None:
    """Mark a whole table as split: the split pages' script filters and facets it from
    the data file, so its rows carry no facet values of their own."""
    table["classes"] = [c for c in table["classes"] if c != "catalog-table--facets"]
    table["classes"].append("catalog-table--split")
    rows["facets"] = False


@dataclass
class Layout:
    """A split page: its whole tables, their parts, and what each part's pager says."""

    docname: str
    title: str
    tables: list[catalog_rows]
    parts: list[list[Slice]]

    @property
    def count(self) -> int:
        return len(self.parts)

    def labels(self) -> list[str]:
        """Per part: its rows, and its first and last group on a browse page."""
        labels = []
        offsets = [0]
        for rows in self.tables:
            offsets.append(offsets[-1] + len(rows["papers"]))
        top = top_section(self.tables[0]) if self.tables else None
        for part in self.parts:
            first, last = part[0], part[-1]
            low = offsets[first[0]] + first[1] + 1
            high = offsets[last[0]] + last[2]
            text = f"rows {low:,}\u2013{high:,}" if high > low else f"row {low:,}"
            heads = [_group_title(self.tables[i], top) for i in (first[0], last[0])]
            if heads[0]:
                text += f": {heads[0]}" if heads[0] == heads[1] else \
                    f": {heads[0]} to {heads[1]}"
            labels.append(text)
        return labels

    def section_parts(self) -> dict[str, int]:
        """The id of each group section -> the number of the part its first row is on."""
        found: dict[str, int] = {}
        top = top_section(self.tables[0]) if self.tables else None
        for number, part in enumerate(self.parts, 1):
            for index, _, _ in part:
                for section in group_sections(self.tables[index], top):
                    for ident in section["ids"]:
                        found.setdefault(ident, number)
        return found


def _group_title(rows: catalog_rows, top: nodes.Element | None) -> str:
    chain = group_sections(rows, top)
    return chain[-1][0].astext() if chain and isinstance(chain[-1][0], nodes.title) else ""


def layout_of(doctree: nodes.Node, docname: str, title: str, bound: int) -> Layout | None:
    """The parts of a page, None when its whole tables fit in one."""
    tables = whole_tables(doctree)
    if not tables or not bound:
        return None
    parts = partition([len(rows["papers"]) for rows in tables], bound)
    if len(parts) < 2:
        return None
    return Layout(docname, title, tables, parts)


# -- the pager ---------------------------------------------------------------------------

def _root_prefix(builder: Builder, pagename: str) -> str:
    """The relative path from ``pagename`` to the site's root folder ('' or '../...')."""
    folder = posixpath.dirname(builder.get_target_uri(pagename))
    return "../" * len(folder.split("/")) if folder else ""


def pager_html(builder: Builder, layout: Layout, number: int, *, top: bool,
               placements: str = "") -> str:
    """The pager of part ``number``: its range, previous and next, a link to each part.
    The top one tells the script the parts and where each paper is (``placements``);
    the bottom one loads the data and the script."""
    page = part_name(layout.docname, number)
    labels = layout.labels()
    hrefs = [builder.get_relative_uri(page, part_name(layout.docname, n))
             for n in range(1, layout.count + 1)]
    label = "Table parts" if top else "Table parts (end of page)"
    attrs = ""
    if top:
        attrs = (f' data-catalog-split="{escape(json.dumps(hrefs))}"'
                 f' data-catalog-part="{number}"'
                 f' data-catalog-root="{escape(_root_prefix(builder, page))}"'
                 f' data-catalog-placements="{placements}"')
    html = (f'<nav class="catalog-pager" aria-label="{label}"{attrs}>\n'
            f'<p class="catalog-pager-range">Part {number} of {layout.count}: '
            f"{escape(labels[number - 1])}</p>\n"
            f"{pager_links(hrefs, labels, number, 'Part')}</nav>\n")
    if not top:
        root = escape(_root_prefix(builder, page))
        html += (f'<script defer src="{root}{DATA_FILE}"></script>\n'
                 f'<script defer src="{root}_static/{SCRIPT}"></script>\n')
    return html


def placements(order: list[str], layout: Layout) -> str:
    """Per paper of the data file (in its order), the part its first row is on here:
    comma-separated numbers (digits and commas: nothing to escape)."""
    where: dict[str, int] = {}
    for number, part in enumerate(layout.parts, 1):
        for index, start, end in part:
            for pid in layout.tables[index]["papers"][start:end]:
                where.setdefault(pid, number)
    return ",".join(str(where.get(pid, 0)) for pid in order)


def pager_node(html: str) -> nodes.raw:
    return nodes.raw("", html, format="html")


# -- the document's own page: part 1 -----------------------------------------------------

class SplitWholeTables(SphinxPostTransform):
    """On a page whose whole-catalog tables exceed the bound, keep part 1's rows, drop
    the groups of later parts, add the pagers and point the group index at the parts."""

    default_priority = 6

    def is_supported(self) -> bool:
        return splits_tables(self.env._builder_cls)

    def run(self, **kwargs: object) -> None:
        docname = self.env.docname
        layout = layout_of(self.document, docname, "", rows_per_part(self.env))
        if layout is None or not names_free(self.env, layout):
            return
        builder = self.env._app.builder
        # what the pagers and the group index say, from the whole tables, before cutting
        pagers = [pager_html(builder, layout, 1, top=True,
                             placements=placements(paper_order(self.env), layout)),
                  pager_html(builder, layout, 1, top=False)]
        parts = layout.section_parts()
        first = {index: (start, end) for index, start, end in layout.parts[0]}
        top = top_section(layout.tables[0])
        kept: set[int] = set()
        for index, rows in enumerate(layout.tables):
            as_split(table_of(rows), rows)
            if index in first:
                sliced(rows, *first[index])
                kept.update(id(s) for s in group_sections(rows, top))
            else:
                sliced(rows, 0, 0)
        removed: set[int] = set()
        for index, rows in enumerate(layout.tables):
            groups = group_sections(rows, top)
            for section in groups:
                if id(section) not in kept | removed and section.parent is not None:
                    section.parent.remove(section)
                    removed.add(id(section))
            if index not in first and not groups:
                table = table_of(rows)
                table.parent.remove(table)
        hosts = [self._host(rows, top) for index, rows in enumerate(layout.tables)
                 if index in first]
        if hosts:
            first_host, last_host = hosts[0], hosts[-1]
            first_host.parent.insert(first_host.parent.index(first_host),
                                     pager_node(pagers[0]))
            last_host.parent.insert(last_host.parent.index(last_host) + 1,
                                    pager_node(pagers[1]))
        moved = {ident: f"{builder.get_relative_uri(docname, part_name(docname, number))}"
                 f"#{ident}" for ident, number in parts.items() if number > 1}
        for ref in self.document.findall(nodes.reference):
            uri = moved.get(ref.get("refid", ""))
            if uri is not None:
                ref["refuri"] = uri
                del ref["refid"]
        self.document[MOVED_GROUPS] = moved

    @staticmethod
    def _host(rows: catalog_rows, top: nodes.Element | None) -> nodes.Element:
        """The child of the page's top section that holds ``rows``."""
        node: nodes.Element = rows
        while node.parent is not None and node.parent is not top:
            node = node.parent
        return node


#: The document's attribute holding, on part 1, the groups on later parts: id -> href.
MOVED_GROUPS = "catalog_moved_groups"
_TOC_HREF = re.compile(r'href="#([^"]+)"')


def link_moved_groups(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: nodes.document | None) -> None:
    """``html-page-context``: on part 1, the page's contents ("On this page") lead to the
    groups that are on later parts, as the group index does (their sections are not on
    this page, and the theme's scroll spy fails on a link to a missing id)."""
    moved = doctree.get(MOVED_GROUPS) if doctree is not None else None
    toc = context.get("toc")
    if not moved or not isinstance(toc, str):
        return

    def href(match: re.Match[str]) -> str:
        uri = moved.get(html.unescape(match[1]))
        return match[0] if uri is None else f'href="{escape(uri)}"'

    context["toc"] = _TOC_HREF.sub(href, toc)


def names_free(env: BuildEnvironment, layout: Layout) -> bool:
    """Whether the parts' page names are free (no document has one); warns if not."""
    taken = [name for n in range(2, layout.count + 1)
             if (name := part_name(layout.docname, n)) in env.found_docs
             or name.startswith(f"{PAGES_DIR}/")]
    if taken:
        logger.warning("the table of '%s' is not split into parts: page %s exists",
                       layout.docname, taken[0], location=layout.docname, type="catalog",
                       subtype="parts")
    return not taken
