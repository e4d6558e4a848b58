"""Paper tables as docutils nodes; the browser script makes them sortable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from docutils import nodes
from sphinx import addnodes

from ..model import Catalog, Paper
from ..query import venue_description
from .inline import listing_ref

HEADERS = {"year": "Year", "keyword": "Keyword", "title": "Paper", "venue": "Venue",
           "topics": "Topics"}
WIDTHS = {"year": 8, "keyword": 20, "title": 52, "venue": 12, "topics": 24}


def paper_anchor(paper_id: str) -> str:
    """The id of a paper's row. Not 'paper-<id>': Sphinx's search stores an anchor
    '<type>-<name>' as '-' and rebuilds it from the display name, which is the title."""
    return f"row-{paper_id}"


def _cell(name: str, *children: nodes.Node) -> nodes.entry:
    entry = nodes.entry(classes=[f"catalog-col-{name}"])
    entry += nodes.paragraph("", "", *children)
    return entry


def _keywords(paper: Paper, topic: str) -> str:
    if topic and paper.keyword(topic):
        return paper.keyword(topic) or ""
    return "; ".join(dict.fromkeys(k for _, k in paper.topics))


def _topic_links(catalog: Catalog, paper: Paper, skip: str = "") -> list[nodes.Node]:
    """Links to the paper's row on each of its topic pages (but ``skip``)."""
    links: list[nodes.Node] = []
    for tid, _ in paper.topics:
        if tid == skip:
            continue
        if links:
            links.append(nodes.Text(", "))
        links.append(listing_ref(catalog, tid, paper.id))
    return links


def _title_cell(catalog: Catalog, paper: Paper, topic: str) -> nodes.entry:
    """The paper's link; on a topic page, where else the paper is listed."""
    cell = _cell("title", nodes.reference(paper.title, paper.title, refuri=paper.url))
    if topic and len(paper.topics) > 1:
        also = nodes.paragraph(classes=["catalog-also"])
        also += nodes.emphasis("Also in: ", "Also in: ")
        also.extend(_topic_links(catalog, paper, skip=topic))
        cell += also
    return cell


def paper_row(catalog: Catalog, paper: Paper, columns: Sequence[str], topic: str,
              anchor: str | None) -> nodes.row:
    """One table row; ``anchor`` becomes the row's id (a link target)."""
    venue = catalog.venues[paper.venue]
    makers: dict[str, Callable[[], list[nodes.Node]]] = {
        "year": lambda: [nodes.Text(str(paper.year))],
        "keyword": lambda: [nodes.Text(_keywords(paper, topic))],
        "venue": lambda: [nodes.abbreviation(venue.short, venue.short,
                                             explanation=venue_description(catalog, venue))],
        "topics": lambda: _topic_links(catalog, paper),
    }
    row = nodes.row()
    if anchor:
        row["ids"].append(anchor)
    for name in columns:
        row += _title_cell(catalog, paper, topic) if name == "title" else _cell(
            name, *makers[name]())
    if anchor and topic == paper.primary_topic:
        # the paper in the general index, pointing at its row on its home topic page
        first_cell = cast(nodes.entry, row[0])
        cast(nodes.paragraph, first_cell[0]).append(
            addnodes.index(entries=[("single", paper.title, anchor, "", None)]))
    return row


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
        group += nodes.colspec(colwidth=WIDTHS[name])
    head_row = nodes.row()
    for name in columns:
        entry = nodes.entry(classes=[f"catalog-col-{name}"])
        if name == sort.lstrip("-"):
            order = "descending" if sort.startswith("-") else "ascending"
            entry["classes"].append(f"catalog-sorted-{order}")
        entry += nodes.paragraph("", HEADERS[name])
        head_row += entry
    group += nodes.thead("", head_row)
    body = nodes.tbody()
    for paper in papers:
        body += paper_row(catalog, paper, columns, topic, anchors(paper))
    group += body
    return table
