"""``sitemap.xml`` lists every page after a rebuild too.

sphinx-sitemap lists the pages a build writes, so a rebuild that writes some pages wrote a
sitemap of those alone (jdillard/sphinx-sitemap#13), and a site built with ``nox -s docs``
after an edit was published with most of its pages missing from its sitemap. Before
sphinx-sitemap writes the file, the documents are listed again in the order a clean build
writes them (through sphinx-sitemap's own function, so its options apply), then the other
pages this build wrote (the general index, the search page), every paper's page and the
parts of the catalog's split tables. A
build that writes no page, or whose list of pages and settings are those of the sitemap
the last build wrote, leaves that sitemap as it is (at 10,000 papers, writing it again
costs as much as writing a few pages).

sphinx-sitemap collects the pages in a ``multiprocessing.Manager`` queue, so that pages
written by parallel workers reach it: each page is a round trip to the manager's process
(about 0.1 ms; a second of a build with 10,000 paper pages). Since the list is made again
in the main process before the file is written, the queue is swapped for an in-process one
once the builder is set up (a parallel worker's page then reaches no list, and needs not).
"""

from __future__ import annotations

import hashlib
import queue
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from paper_catalog.sphinxext.builders import writes_file_per_page

from .versions import within

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: ``app.sitemap_links`` (a queue: ``put``, ``empty``, ``get_nowait``) and
#: ``add_html_link(app, pagename, templatename, context, doctree)`` of sphinx-sitemap.
TESTED = {"sphinx": ">=9.0,<9.1", "sphinx-sitemap": ">=2.6,<2.10"}


class WrittenPages:
    """The pages a build wrote, in order."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self.writing = False
        #: The stamp file to write once sphinx-sitemap wrote the file, and its text.
        self.stamp: tuple[Path, str] | None = None

    def note_page(self, app: Sphinx, pagename: str, templatename: str, context: Any,
                  doctree: Any) -> None:
        """``html-page-context``: a page is written (the paper pages' shell is not one)."""
        self.writing = True
        if not context.get("catalog_paper_shell"):
            self.pages.append(pagename)

    def list_every_page(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``, before sphinx-sitemap's: its list of pages, made complete."""
        links = getattr(app, "sitemap_links", None)
        written, self.pages = self.pages, []
        writing, self.writing = self.writing, False
        if exception is not None or links is None or not writing:
            return
        from sphinx_sitemap import add_html_link  # type: ignore[import-untyped]

        while True:
            try:
                links.get_nowait()
            except queue.Empty:
                break
        documents = app.env.found_docs
        pagenames = [*sorted(documents), *(p for p in written if p not in documents),
                     *_paper_pages(app)]
        stamp = _stamp(app, pagenames)
        stamp_file = Path(app.doctreedir) / f"site-tuning-{app.builder.name}-sitemap.stamp"
        sitemap = Path(app.outdir) / str(app.config.sitemap_filename)
        if (stamp is not None and sitemap.is_file() and stamp_file.is_file()
                and stamp_file.read_text(encoding="utf-8") == stamp):
            # an empty list: sphinx-sitemap leaves the file as it is
            logger.info("site_tuning: %s kept as it is: the same pages", sitemap.name)
            return
        stamp_file.unlink(missing_ok=True)  # written again once the sitemap is
        self.stamp = (stamp_file, stamp) if stamp is not None else None
        for pagename in pagenames:
            add_html_link(app, pagename, "", {}, None)

    def note_sitemap_written(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``, after sphinx-sitemap's: what the file lists."""
        pending, self.stamp = self.stamp, None
        if exception is None and pending is not None:
            pending[0].write_text(pending[1], encoding="utf-8")


#: The settings that sphinx-sitemap writes the file from (besides the list of pages).
SETTINGS = ("site_url", "html_baseurl", "version", "language", "html_file_suffix",
            "sitemap_url_scheme", "sitemap_filename", "sitemap_excludes", "sitemap_locales",
            "sitemap_indent")


def _stamp(app: Sphinx, pagenames: list[str]) -> str | None:
    """What the sitemap is made from: the pages, settings and sphinx-sitemap's version;
    None when its dates come from the repository's history (they change without them)."""
    if getattr(app.config, "sitemap_show_lastmod", False):
        return None
    settings = [(name, repr(getattr(app.config, name, None))) for name in SETTINGS]
    version = getattr(app.extensions.get("sphinx_sitemap"), "version", "")
    text = repr((app.builder.name, version, settings, pagenames))
    return hashlib.sha256(text.encode()).hexdigest()


def _paper_pages(app: Sphinx) -> list[str]:
    """The catalog's pages written from the catalog (each paper's, the parts of split
    tables, the by-author list's pages), when the project uses the catalog extension."""
    if "paper_catalog" not in app.extensions:
        return []
    from paper_catalog.sphinxext.author_pages import author_page_names
    from paper_catalog.sphinxext.paper_pages import paper_page_names
    from paper_catalog.sphinxext.part_pages import part_page_names

    return [*paper_page_names(app), *part_page_names(app), *author_page_names(app)]


def local_queue(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs`` (after sphinx-sitemap made its queue at
    ``builder-inited``): an in-process queue in place of the manager's."""
    if not isinstance(getattr(app, "sitemap_links", None), queue.Queue):
        app.sitemap_links = queue.Queue()  # type: ignore[attr-defined]


def connect_if_used(app: Sphinx) -> None:
    """``builder-inited``: connect the handlers when sphinx-sitemap is in use (it may be
    set up after this extension) by a builder that writes a file per page."""
    if "sphinx_sitemap" in app.extensions and writes_file_per_page(app.builder):
        pages = WrittenPages()
        app.connect("env-before-read-docs", local_queue)
        app.connect("html-page-context", pages.note_page)
        # before sphinx-sitemap's own build-finished handler (priority 500)
        app.connect("build-finished", pages.list_every_page, priority=400)
        app.connect("build-finished", pages.note_sitemap_written, priority=600)


def setup(app: Sphinx) -> None:
    if within(__name__, TESTED):
        app.connect("builder-inited", connect_if_used)
