"""What a table row tells the facets script, and where author names link.

A row of a table with facets carries ``data-facets``: a small JSON object with the
values the facets offer (year, venue, venue kind, topics, keywords, authors, whether
the paper has code), escaped as an attribute value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from ..model import VENUE_KINDS, Catalog
from ..query import author_anchors

if TYPE_CHECKING:
    from sphinx.builders import Builder


class _Linker(Protocol):
    builder: Builder

    def uri(self, target: str, anchor: str) -> str: ...


#: The last catalog seen and what was computed from it (a build has one catalog).
_CACHE: dict[str, tuple[Catalog, Any]] = {}


def _cached(name: str, catalog: Catalog, make: Callable[[Catalog], Any]) -> Any:
    found = _CACHE.get(name)
    if found is None or found[0] is not catalog:
        found = _CACHE[name] = (catalog, make(catalog))
    return found[1]


def author_hrefs(links: _Linker, catalog: Catalog) -> Callable[[str], str | None]:
    """The href of an author's section on the by-author page, None if the site has no
    such page."""
    page = str(links.builder.env.get_domain("catalog").data.get("author_page", ""))
    anchors: dict[str, str] = _cached("anchors", catalog, author_anchors) if page else {}

    def href(name: str) -> str | None:
        anchor = anchors.get(name)
        return links.uri(page, anchor) if anchor else None

    return href


def row_facets(catalog: Catalog, paper_id: str) -> dict[str, Any]:
    """The facet values of a paper: y(ear), v(enue), k(ind), t(opics), w (keywords),
    a(uthors) and c (has code, only when the paper records code)."""
    paper = catalog.papers[paper_id]
    venue = catalog.venues[paper.venue]
    kind = VENUE_KINDS.get(venue.kind)
    data: dict[str, Any] = {
        "y": paper.year,
        "v": venue.short,
        "k": kind.title if kind else venue.kind,
        "t": [catalog.topics[t].title if t in catalog.topics else t for t, _ in paper.topics],
        "w": list(dict.fromkeys(k for _, k in paper.topics)),
        "a": list(paper.authors),
    }
    if getattr(paper, "code", None):
        data["c"] = 1
    return data


def facet_attribute(catalog: Catalog) -> Callable[[str], str]:
    """A paper's facet values as an escaped attribute value, computed once per build."""
    from .table_html import escape

    cache: dict[str, str] = _cached("facets", catalog, lambda _: {})

    def value(paper_id: str) -> str:
        found = cache.get(paper_id)
        if found is None:
            found = cache[paper_id] = escape(json.dumps(
                row_facets(catalog, paper_id), ensure_ascii=False, separators=(",", ":")))
        return found

    return value
