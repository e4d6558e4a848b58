"""The catalog's rows as one data file, ``_catalog/catalog-data.js``, for the script of
whole-catalog pages split into parts (``catalog-whole.js``), which filters, sorts and
facets over every paper with it.

It is a script, not JSON fetched by the page, so that it loads from ``file://`` (the
offline zip) with a ``<script>`` tag: one global, ``window.paperCatalogData``. Values
that repeat are listed once (venues, kinds, topics, keywords, authors) and each paper is
a compact array naming them by index. Catalog text is JavaScript string text here:
JSON with ASCII output (so U+2028 and U+2029 are escapes), and ``<``, ``>``
and ``&`` as ``\\u`` escapes too, so that no text can end the script or open markup.
Links are relative to the site's root (the page adds its way there); the script
writes catalog text only as text, and links only from the paper's validated URL.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any

import orjson

from ..authors import family_name
from ..model import VENUE_KINDS, Catalog
from ..normalize import arxiv_id
from ..query import venue_description
from ..site_urls import page_name, row_anchor
from ..views import PapersRequest, answer
from .author_pages import author_pages
from .build_state import catalog_domain, catalog_of, run_state
from .page_shell import write_if_changed
from .table_html import PAGE_ID

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: Where it is written, relative to the output folder.
PATH = "_catalog/catalog-data.js"
GLOBAL = "paperCatalogData"
#: The fields of a paper's array, in order (the script reads them by position).
PAPER_FIELDS = ("id", "title", "short", "year", "venue", "topics", "keywords", "authors",
                "url", "code", "eprint", "doi")


def data_order(catalog: Catalog) -> list[str]:
    """The papers' ids in the data file's order: the all-papers table's (newest first)."""
    return [paper.id for paper in answer(catalog, PapersRequest()).papers]


def paper_order(env: BuildEnvironment) -> list[str]:
    """:func:`data_order` of this build's catalog, sorted once per build."""
    run, catalog = run_state(env), catalog_of(env)
    if run.paper_order is None or run.paper_order[0] is not catalog:
        run.paper_order = (catalog, data_order(catalog))
    return run.paper_order[1]


def catalog_data(catalog: Catalog, builder: Builder | None = None) -> dict[str, Any]:
    """The data: lookup lists and a compact array per paper (see :data:`PAPER_FIELDS`);
    ``builder`` makes the links (none without it)."""
    from .columns import shown_short
    from .paper_meta import doi_of

    domain = catalog_domain(builder.env) if builder is not None else None

    def uri(docname: str) -> str:
        return builder.get_target_uri(docname) if builder is not None else ""

    kinds = {key: i for i, key in enumerate(VENUE_KINDS)}
    venues: dict[str, int] = {}
    venue_rows: list[list[Any]] = []
    for venue_id, venue in catalog.venues.items():
        venues[venue_id] = len(venue_rows)
        venue_rows.append([venue.short, venue_description(catalog, venue), venue.name,
                           kinds.get(venue.kind, -1)])
    topic_pages = domain.topics if domain is not None else {}
    topics = {tid: i for i, tid in enumerate(catalog.topics)}
    topic_rows = [[topic.title, uri(topic_pages[tid][0]) if tid in topic_pages else ""]
                  for tid, topic in catalog.topics.items()]
    pages = author_pages(builder.env) if builder is not None else None
    anchors = pages.anchor_of if pages is not None else {}
    # each page of the by-author list by its number (the first is "authorPage")
    page_numbers = {pages.page_of(page[0].anchor): n for n, page in enumerate(pages.pages)
                    if page} if pages else {}
    keywords: dict[str, int] = {}
    authors: dict[str, int] = {}
    author_rows: list[list[Any]] = []
    papers = []
    order = paper_order(builder.env) if builder is not None else data_order(catalog)
    for pid in order:
        paper = catalog.papers[pid]
        words = [keywords.setdefault(k, len(keywords))
                 for k in dict.fromkeys(k for _, k in paper.topics)]
        names = []
        for name in paper.authors:
            if name not in authors:
                authors[name] = len(author_rows)
                anchor = anchors.get(name, "")
                author_rows.append([name, family_name(name), anchor,
                                    page_numbers[pages.page_of(anchor)] if pages and anchor
                                    else 0])
            names.append(authors[name])
        papers.append([pid, paper.title, shown_short(paper), paper.year,
                       venues[paper.venue], [topics[t] for t, _ in paper.topics if t in topics],
                       words, names, paper.url, 1 if getattr(paper, "code", None) else 0,
                       arxiv_id(paper.url) or "", doi_of(paper.url) or ""])
    return {
        "fields": list(PAPER_FIELDS),
        "kinds": [[kind.title, key] for key, kind in VENUE_KINDS.items()],
        "venues": venue_rows,
        "topics": topic_rows,
        "keywords": list(keywords),
        "authors": author_rows,
        "authorPage": uri(pages.docname) if pages else "",
        "authorPages": [uri(page) for page in page_numbers],
        "paperPage": uri(page_name(PAGE_ID)) if builder is not None else "",
        "pageId": PAGE_ID,
        "rowPrefix": row_anchor(""),
        "papers": papers,
    }


#: What ``json.dumps`` escapes in ASCII output beyond what orjson escapes: DEL and every
#: character that is not ASCII.
_NOT_ASCII = re.compile(r"[^\x00-\x7e]")


def _ascii_escape(found: re.Match[str]) -> str:
    """A character as ``json.dumps`` escapes it, beyond U+FFFF as a surrogate pair."""
    code = ord(found[0])
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 | code >> 10:04x}\\u{0xDC00 | code & 0x3FF:04x}"
    return f"\\u{code:04x}"


def script_text(data: dict[str, Any]) -> str:
    """``data`` as a script that sets the global: inert whatever the catalog's text. The
    JSON is what ``json.dumps(data, ensure_ascii=True, separators=(",", ":"))`` writes,
    written by orjson in a fraction of the time (text it refuses, such as a lone surrogate,
    by the json module)."""
    try:
        text = _NOT_ASCII.sub(_ascii_escape, orjson.dumps(data).decode())
    except orjson.JSONEncodeError:
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.{GLOBAL} = {text};\n"


def write_data(app: Sphinx) -> bool:
    """Write the data file unless it holds the same text already; whether it wrote."""
    text = script_text(catalog_data(catalog_of(app.env), app.builder))
    return write_if_changed(os.path.join(app.builder.outdir, PATH), text)
