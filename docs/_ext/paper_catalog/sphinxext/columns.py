"""The columns of paper tables, each defined once: its header, width and CSS class, its
cell as HTML and as docutils nodes, and the words the search and the filter box find
in it. The renderers (``table_html`` for the HTML builders, ``tables`` for the others)
and the ``:columns:`` option read these definitions; the order in which a column sorts
on the server (``:sort:``) is the library's (:data:`paper_catalog.query.SORT_KEYS`),
as the library sorts the papers. Adding a column is adding a :class:`Column` here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from docutils import nodes

from ..authors import compact_authors, family_name
from ..model import Catalog, Paper
from ..normalize import arxiv_id
from ..query import SORT_KEYS, venue_description
from .inline import listing_ref


def escape(text: str) -> str:
    """``text`` as HTML text or a quoted attribute value, escaped as docutils escapes it
    (``&`` first; chained replacements are ten times faster than ``str.translate``)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace(">", "&gt;").replace("@", "&#64;"))


class HtmlTable(Protocol):
    """What an HTML cell asks of the table it is written in."""

    catalog: Catalog
    #: The page's topic ('' for none).
    topic: str
    #: Venue id -> its cell, written once per table.
    venue_cells: dict[str, str]

    def listing(self, topic_id: str, paper_id: str) -> str:
        """The link to the paper's row on the topic's page."""

    def author(self, name: str, text: str) -> str:
        """``text`` (escaped) as a link to the author, where there is one."""

    def paper_links(self, paper: Paper) -> str:
        """What follows the title: the link to the paper's page and its COinS span."""


class Words(Protocol):
    """The text of a table's rows, for the search index and the page's description."""

    def add(self, text: str) -> None: ...


@dataclass(frozen=True)
class Column:
    """One column of paper tables."""

    name: str
    header: str
    #: Its relative width (docutils' column spec; LaTeX's column width).
    width: int
    #: The HTML between ``<td>`` and ``</td>``.
    html: Callable[[HtmlTable, Paper], str]
    #: The children of the docutils cell: (catalog, paper, the page's topic).
    docutils: Callable[[Catalog, Paper, str], list[nodes.Element]]
    #: The cell's words, in the order the cell shows them: (words, catalog, paper, topic).
    words: Callable[[Words, Catalog, Paper, str], None]

    @property
    def css_class(self) -> str:
        return f"catalog-col-{self.name}"

    @property
    def sort_key(self) -> Callable[[Paper, str], Any] | None:
        """How ``:sort:`` orders the papers by this column (None: it does not)."""
        return SORT_KEYS.get(self.name)


def keywords(paper: Paper, topic: str) -> str:
    """The paper's keyword on ``topic``'s page, else all its keywords."""
    if topic and paper.keyword(topic):
        return paper.keyword(topic) or ""
    return "; ".join(dict.fromkeys(k for _, k in paper.topics))


def shown_short(paper: Paper) -> str:
    """The short name shown before the title ("Wanda — A Simple ..."): none when the title
    starts with it ("GPTQ: Accurate ...")."""
    if paper.short and not paper.title.casefold().startswith(paper.short.casefold()):
        return paper.short
    return ""


def arxiv_label(paper: Paper) -> str:
    """'arXiv 2306.11695' for a paper linked on arXiv (so its id finds it), else ''."""
    identifier = arxiv_id(paper.url) if "arxiv" in paper.url else None
    return f"arXiv {identifier}" if identifier else ""


def _paragraph(*children: nodes.Node) -> list[nodes.Element]:
    return [nodes.paragraph("", "", *children)]


def _topic_nodes(catalog: Catalog, paper: Paper, skip: str = "") -> list[nodes.Node]:
    """Links to the paper's row on each of its topic pages (but ``skip``)."""
    links: list[nodes.Node] = []
    for tid, _ in paper.topics:
        if tid == skip:
            continue
        if links:
            links.append(nodes.Text(", "))
        links.append(listing_ref(catalog, tid, paper.id))
    return links


def _topic_html(table: HtmlTable, paper: Paper, skip: str = "") -> str:
    return ", ".join(table.listing(tid, paper.id) for tid, _ in paper.topics if tid != skip)


def _topic_words(words: Words, catalog: Catalog, paper: Paper, skip: str = "") -> None:
    for i, tid in enumerate(t for t, _ in paper.topics if t != skip):
        if i:
            words.add(",")
        words.add(catalog.topics[tid].title if tid in catalog.topics else tid)


def authors_html(authors: tuple[str, ...], named: Callable[[str, str], str]) -> str:
    """The authors under a title: the short form, which opens to the full list on a click
    or tap when it is not the full list already (the filter box reads the full list).
    ``named(name, text)``: ``text`` (escaped) as a link to the author where there is one."""
    if len(authors) <= 2:
        return (f'<p class="catalog-authors">'
                f"{' and '.join(named(a, family_name(a)) for a in authors)}</p>")
    return (f'<details class="catalog-authors"><summary>'
            f"{escape(compact_authors(authors))}</summary>"
            f"<p>{', '.join(named(a, a) for a in authors)}</p></details>")


def _title_html(table: HtmlTable, paper: Paper) -> str:
    short = shown_short(paper)
    label = arxiv_label(paper)  # the link's tooltip, which the filter box reads
    cell = ("<p>" + (f'<strong class="catalog-short">{escape(short)}</strong> \u2014 '
                     if short else "")
            + f'<a class="reference external" href="{escape(paper.url)}"'
            + (f' title="{escape(label)}"' if label else "")
            + f">{escape(paper.title)}</a>{table.paper_links(paper)}</p>")
    if paper.authors:
        cell += f"\n{authors_html(paper.authors, table.author)}"
    if table.topic and len(paper.topics) > 1:
        return (f'{cell}\n<p class="catalog-also"><em>Also in: </em>'
                f"{_topic_html(table, paper, table.topic)}</p>\n")
    # as docutils writes a cell of several paragraphs: each on a line of its own
    return f"{cell}\n" if paper.authors else cell


def _title_nodes(catalog: Catalog, paper: Paper, topic: str) -> list[nodes.Element]:
    """The paper's short name and link, its authors; on a topic page, where else the
    paper is listed."""
    link = nodes.reference(paper.title, paper.title, refuri=paper.url)
    if arxiv_label(paper):
        link["reftitle"] = arxiv_label(paper)
    short = shown_short(paper)
    names: list[nodes.Node] = [nodes.strong(short, short, classes=["catalog-short"]),
                               nodes.Text(" \u2014 ")] if short else []
    cell = _paragraph(*names, link)
    if paper.authors:
        # the short form shown, the full list as its tooltip (which the filter box reads)
        short = compact_authors(paper.authors)
        cell.append(nodes.paragraph("", "", nodes.abbreviation(
            short, short, explanation=", ".join(paper.authors)), classes=["catalog-authors"]))
    if topic and len(paper.topics) > 1:
        also = nodes.paragraph(classes=["catalog-also"])
        also += nodes.emphasis("Also in: ", "Also in: ")
        also.extend(_topic_nodes(catalog, paper, skip=topic))
        cell.append(also)
    return cell


def _title_words(words: Words, catalog: Catalog, paper: Paper, topic: str) -> None:
    words.add(paper.short)  # found by its name too ("wanda")
    words.add(paper.title)
    if paper.authors:
        words.add(compact_authors(paper.authors))
    if topic and len(paper.topics) > 1:
        words.add("Also in:")
        _topic_words(words, catalog, paper, topic)


def _venue_html(table: HtmlTable, paper: Paper) -> str:
    cell = table.venue_cells.get(paper.venue)
    if cell is None:
        found = table.catalog.venues[paper.venue]
        cell = table.venue_cells[paper.venue] = (
            f'<p><abbr title="{escape(venue_description(table.catalog, found))}">'
            f"{escape(found.short)}</abbr></p>")
    return cell


def _venue_nodes(catalog: Catalog, paper: Paper, topic: str) -> list[nodes.Element]:
    venue = catalog.venues[paper.venue]
    return _paragraph(nodes.abbreviation(venue.short, venue.short,
                                         explanation=venue_description(catalog, venue)))


#: The columns, by name, in the order the ``:columns:`` option lists them.
COLUMNS: dict[str, Column] = {column.name: column for column in (
    Column("year", "Year", 8,
           html=lambda table, paper: f"<p>{paper.year}</p>",
           docutils=lambda catalog, paper, topic: _paragraph(nodes.Text(str(paper.year))),
           words=lambda words, catalog, paper, topic: words.add(str(paper.year))),
    Column("keyword", "Keyword", 20,
           html=lambda table, paper: f"<p>{escape(keywords(paper, table.topic))}</p>",
           docutils=lambda catalog, paper, topic: _paragraph(
               nodes.Text(keywords(paper, topic))),
           words=lambda words, catalog, paper, topic: words.add(keywords(paper, topic))),
    Column("title", "Paper", 52, html=_title_html, docutils=_title_nodes, words=_title_words),
    Column("venue", "Venue", 12, html=_venue_html, docutils=_venue_nodes,
           words=lambda words, catalog, paper, topic: words.add(
               catalog.venues[paper.venue].short)),
    Column("topics", "Topics", 24,
           html=lambda table, paper: f"<p>{_topic_html(table, paper)}</p>",
           docutils=lambda catalog, paper, topic: _paragraph(*_topic_nodes(catalog, paper)),
           words=lambda words, catalog, paper, topic: _topic_words(words, catalog, paper)),
)}
