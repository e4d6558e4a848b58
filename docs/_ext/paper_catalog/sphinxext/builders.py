"""Which builders get what: the one place that asks a builder's name, format or class.

The differences between the answers are deliberate:

- **A file per page** (``html``, ``dirhtml``, by name): the sitemap's list of pages.
- **HTML pages** (those two, and only when the builder is a ``StandaloneHTMLBuilder``):
  what needs the HTML builder's machinery, such as skipping the end-of-build files of a
  build that changed nothing.
- **Paper pages** (the HTML pages): single-page HTML, the EPUB, LaTeX and the others
  keep their tables and get no page per paper.
- **Exports and feeds** (``html``, ``dirhtml``, ``singlehtml``): the downloads are files
  beside a website; the EPUB is one file and takes none.
- **Static files** (every builder of format ``html`` but the EPUB, so ``json`` and
  ``pickle`` too): the script and stylesheet, which EPUB readers mostly do not run.
- **Split tables** (the paper-page builders, asked of the class): whole-catalog tables
  in parts of a bounded number of rows, each part a page.
- **Compact HTML rows** (subclasses of ``StandaloneHTMLBuilder`` but the EPUB, asked of
  the builder's class, as post-transforms can): the rows written as HTML when a page is
  written; the EPUB's post-processing of links and ids works on document nodes, so it
  gets docutils rows like every other builder.

The post-transforms of ``formats.py`` pick their builders with Sphinx's own ``builders``,
``formats`` and ``supported_image_types``; ``tests/test_builder_capabilities.py`` checks
that no other module asks a builder's name, format or class by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

#: Builders that write an HTML file per document.
HTML_PAGES = frozenset({"html", "dirhtml"})
#: Builders that write the downloads (BibTeX, JSON) and the feeds.
EXPORTS = frozenset({"html", "dirhtml", "singlehtml"})
#: The builder that writes every document into one file.
SINGLE_PAGE = "singlehtml"


def writes_file_per_page(builder: Builder) -> bool:
    """Whether ``builder`` writes an HTML file per document, asked by name only."""
    return builder.name in HTML_PAGES


def writes_html_pages(builder: Builder) -> TypeGuard[StandaloneHTMLBuilder]:
    """Whether ``builder`` writes an HTML file per document by the HTML builder's
    machinery (a ``StandaloneHTMLBuilder``)."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    return writes_file_per_page(builder) and isinstance(builder, StandaloneHTMLBuilder)


def writes_paper_pages(builder: Builder) -> TypeGuard[StandaloneHTMLBuilder]:
    """Whether ``builder`` writes the page per paper: the HTML builders that write a file
    per document."""
    return writes_html_pages(builder)


def writes_exports(builder: Builder) -> bool:
    """Whether ``builder`` writes the downloads and the feeds."""
    return builder.name in EXPORTS


def writes_single_page(builder: Builder) -> bool:
    """Whether ``builder`` writes every document into one file."""
    return builder.name == SINGLE_PAGE


def ships_static_files(builder: Builder) -> bool:
    """Whether ``builder`` gets the script and stylesheets: HTML but the EPUB."""
    return builder.format == "html" and builder.name != "epub"


def renders_html_rows(builder: type[Builder]) -> bool:
    """Whether builders of class ``builder`` write the compact rows themselves: the HTML
    builders but the EPUB."""
    from sphinx.builders._epub_base import EpubBuilder
    from sphinx.builders.html import StandaloneHTMLBuilder

    return issubclass(builder, StandaloneHTMLBuilder) and not issubclass(builder, EpubBuilder)


def splits_tables(builder: type[Builder]) -> bool:
    """Whether builders of class ``builder`` split whole-catalog tables into pages of a
    bounded number of rows: those that write paper pages (``html``, ``dirhtml``), asked of
    the class as post-transforms and directives can."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    return builder.name in HTML_PAGES and issubclass(builder, StandaloneHTMLBuilder)


def split_bound(env: BuildEnvironment, setting: str, default: int) -> int:
    """How much a page of a split table or list holds in this build: the project's
    ``setting``, at least 1, or ``default`` when it is not a whole number (Sphinx has
    warned of its type); 0 when the builder does not split."""
    if not splits_tables(env._builder_cls):
        return 0
    value = env.config[setting]
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    return max(value, 1)
