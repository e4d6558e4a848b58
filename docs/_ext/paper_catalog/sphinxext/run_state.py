"""What one build keeps in memory and never pickles: the catalog, where it comes from,
and what was computed from it for the pages written so far.

It is an attribute of the ``catalog`` domain object (``CatalogDomain.run``). Sphinx makes
the domain objects anew with each environment it creates or loads, and leaves them out of
the environment's pickle; so a build starts from an empty state, two builds or projects
in one process share nothing, and the processes that read or write pages in parallel get
the state of their parent (they are forks of it) without it being pickled. What must
outlive the build (what each page showed, the catalog's fingerprint) is the domain's
``data`` instead.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ..model import Catalog
    from ..paper_cache import Stamp
    from ..views import Request


class CatalogSources(NamedTuple):
    """Where a build's catalog comes from."""

    #: The catalog's folder.
    root: Path
    #: The validated catalog stored by an earlier build.
    cache: Path
    #: The catalog files' fingerprint.
    fingerprint: str
    #: The paper files' stamps, as the fingerprint saw them.
    stamps: dict[str, Stamp]


@dataclass(eq=False)
class RunState:
    """The catalog extension's state in this build and process."""

    #: Set when the builder starts (see ``build_state.load_for_build``).
    sources: CatalogSources | None = None
    #: Loaded on first use, from ``sources``.
    catalog: Catalog | None = None
    #: The digest of each written request's answer (see ``build_state.note_written``).
    written_digests: dict[Request[Any], str] = field(default_factory=dict)
    #: HTML cells already written, for pages that repeat rows: (the page's folder, the
    #: table's topic, the column) -> paper id -> the cell (see ``table_html``).
    cells: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    #: Paper id -> (what its COinS is made from, its COinS value), for the rows of the
    #: pages that repeat a paper (see ``table_html.paper_page_link``).
    coins: dict[str, tuple[object, str]] = field(default_factory=dict)
    #: The papers' BibTeX entries and JSON records of this build (see
    #: ``exports.PaperEntries``).
    paper_entries: object = None
    #: The by-author list's pages, and the catalog they are of (see
    #: ``author_pages.author_pages``).
    author_pages: tuple[object, Any] | None = None
    #: The papers' ids in the data file's order, and the catalog they are of (see
    #: ``catalog_data.paper_order``).
    paper_order: tuple[object, list[str]] | None = None
    #: The rows of the tables translated whose page is not written yet, by the mark that
    #: stands for them in the page's body (see ``table_html.insert_rows``).
    pending_rows: dict[str, str] = field(default_factory=dict)
    #: What this build's marks start with: catalog text cannot write one (its ``<`` is
    #: escaped) and a page's own HTML cannot guess one.
    mark_start: str = field(
        default_factory=lambda: f"<!--catalog-rows {secrets.token_hex(8)} ")
    #: The numbers of the marks.
    marks: Iterator[int] = field(default_factory=itertools.count)
    #: Paper id -> a digest of what pages show of it, and the catalog they are of (see
    #: ``paper_pages.shown_digests``).
    shown_digests: tuple[object, dict[str, str]] | None = None
    #: Changes made to the catalog domain's data in this build (see ``domain``).
    domain_edits: int = 0
    #: ``domain_edits`` and each paper's row that links take it to (see the domain's
    #: ``paper_targets``).
    paper_targets: tuple[int, dict[str, tuple[str, str, str]]] | None = None
    #: The domain's objects, and (the catalog's id, ``domain_edits``) when listed.
    objects: tuple[tuple[int, int], list[tuple[str, str, str, str, str, int]]] | None = None
    #: Docname -> the id of the area whose feed its head links (see ``feeds``).
    feed_areas: dict[str, str] | None = None
