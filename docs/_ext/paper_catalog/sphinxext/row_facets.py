"""What a table row tells the facets script, and where author names link.

A table with facets lists each distinct value its facets offer once (venues, kinds of
venue, topics, keywords, authors), and each row its year, the indexes of its values and
whether the paper has code: see :class:`FacetTable`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from ..model import VENUE_KINDS, Catalog

if TYPE_CHECKING:
    from sphinx.builders import Builder


class _Linker(Protocol):
    builder: Builder

    def uri(self, target: str, anchor: str) -> str: ...


def author_hrefs(links: _Linker) -> Callable[[str], str | None]:
    """The href of an author's entry in the by-author list (on the page of the list that
    holds it), None if the site has no such list."""
    from .author_pages import author_pages

    pages = author_pages(links.builder.env)  # computed once per build
    anchors = pages.anchor_of if pages is not None else {}

    def href(name: str) -> str | None:
        anchor = anchors.get(name)
        return links.uri(pages.page_of(anchor), anchor) if anchor and pages else None

    return href


def row_facets(catalog: Catalog, paper_id: str) -> dict[str, Any]:
    """The facet values of a paper: y(ear), v(enue), k(ind), t(opics), w (keywords),
    a(uthors) and c (has code, only when the paper records code)."""
    paper = catalog.papers[paper_id]
    venue = catalog.venues[paper.venue]
    kind = VENUE_KINDS.get(venue.kind)
    data: dict[str, Any] = {
        "y": paper.year,
        "v": [venue.short],
        "k": [kind.title if kind else venue.kind],
        "t": [catalog.topics[t].title if t in catalog.topics else t for t, _ in paper.topics],
        "w": list(dict.fromkeys(k for _, k in paper.topics)),
        "a": list(paper.authors),
    }
    if getattr(paper, "code", None):
        data["c"] = 1
    return data


#: The text facets, in the order a row's ``data-facets`` lists them after the year.
TEXT_FACETS = ("v", "k", "t", "w", "a")


class FacetTable:
    """The facet values of one table, written compactly: the table's first body carries
    every distinct value once (``data-facet-values``, JSON), each row the year, the
    indexes of its values and the code flag (``data-facets="2024;0;1;3,4;7;12,13;"``):
    about 25 bytes a row instead of the values themselves (200 or more)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.values: dict[str, dict[str, int]] = {key: {} for key in TEXT_FACETS}

    def row(self, paper_id: str) -> str:
        """The row's ``data-facets`` value (digits and separators: nothing to escape)."""
        data = row_facets(self.catalog, paper_id)
        fields = [str(data["y"])]
        for key in TEXT_FACETS:
            known = self.values[key]
            fields.append(",".join(str(known.setdefault(v, len(known))) for v in data[key]))
        fields.append("1" if data.get("c") else "")
        return ";".join(fields)

    def dictionary(self) -> str:
        """The values of the rows written so far, as an escaped attribute value."""
        from .columns import escape

        return escape(json.dumps({key: list(found) for key, found in self.values.items()},
                                 ensure_ascii=False, separators=(",", ":")))
