"""``sitemap.xml`` lists every page after a rebuild too.

sphinx-sitemap lists the pages a build writes, so a rebuild that writes some pages wrote a
sitemap of those alone (jdillard/sphinx-sitemap#13), and a site built with ``nox -s docs``
after an edit was published with most of its pages missing from its sitemap. Before
sphinx-sitemap writes the file, the documents are listed again in the order a clean build
writes them (through sphinx-sitemap's own function, so its options apply), then the other
pages this build wrote (the general index, the search page) and every paper's page. A
build that writes no page leaves the sitemap of the last build as it is.
"""

from __future__ import annotations

import queue
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The pages each build wrote, in order (per application).
_WRITTEN: WeakKeyDictionary[Sphinx, list[str]] = WeakKeyDictionary()


def note_page(app: Sphinx, pagename: str, templatename: str, context: Any,
              doctree: Any) -> None:
    """``html-page-context``: a page is written (the paper pages' shell is not one)."""
    written = _WRITTEN.setdefault(app, [])
    if not context.get("catalog_paper_shell"):
        written.append(pagename)


def list_every_page(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, before sphinx-sitemap's: its list of pages, made complete."""
    links = getattr(app, "sitemap_links", None)
    written = _WRITTEN.pop(app, None)
    if exception is not None or links is None or written is None:
        return
    from sphinx_sitemap import add_html_link  # type: ignore[import-untyped]

    while True:
        try:
            links.get_nowait()
        except queue.Empty:
            break
    from .paper_pages import paper_page_names

    documents = app.env.found_docs
    for pagename in [*sorted(documents), *(p for p in written if p not in documents),
                     *paper_page_names(app)]:
        add_html_link(app, pagename, "", {}, None)


#: Builders that write a file per page.
BUILDERS = frozenset({"html", "dirhtml"})


def start(app: Sphinx) -> None:
    """``builder-inited``: connect the handlers when sphinx-sitemap is in use (it may be
    set up after this extension) by a builder that writes a file per page."""
    if "sphinx_sitemap" in app.extensions and app.builder.name in BUILDERS:
        app.connect("html-page-context", note_page)
        app.connect("build-finished", list_every_page, priority=400)
