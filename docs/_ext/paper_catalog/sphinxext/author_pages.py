"""The by-author list, written from the catalog when its page is written, in pages of a
bounded number of paper links.

Every author (family name order) is a term with an anchor, and their papers (newest
first) are links to each paper's row on its home topic page. The HTML builders that write
a file per page (``html``, ``dirhtml``) write the list themselves when the page is written:
no docutils node per author or link, and no cross-reference for Sphinx to resolve, so an
edit of a paper rewrites the page instead of reading it again. When the authors' papers
outnumber :data:`LINKS_PER_PAGE`, the document's page holds the first authors and the
others are pages of their own (``by-author-authors-2.html``...), written from the catalog
around the theme's page layout, each with the initials' index and a pager: every author is
reachable without JavaScript, and links to an author (table rows, the data file) go to the
page that holds them. Other builders (single-page HTML, EPUB, LaTeX, text) get the whole
list as docutils nodes.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..authors import family_name
from ..views import AuthorEntry, AuthorsRequest, Request, answer
from .build_state import catalog_domain, catalog_of, note_written, run_state
from .builders import split_bound, splits_tables, writes_paper_pages
from .columns import escape
from .inline import xref
from .page_shell import (
    Shell,
    WrittenPages,
    pager_links,
    render_shell,
    shell_name,
    write_if_changed,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..model import Catalog

#: Paper links per page (a link is about 150 bytes: a page of them about 0.6 MB).
LINKS_PER_PAGE = 4000
#: The configuration value that overrides it (tests split a few authors).
CONFIG = "catalog_author_links_per_page"
#: The name of the pages' record (see :class:`.page_shell.WrittenPages`).
KIND = "author-pages"


class catalog_author_list(nodes.General, nodes.Element):
    """The by-author list: drawn from the catalog when the page is written."""


Places = tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class AuthorPlacesRequest(Request[Places]):
    """Where each author's entry is in the by-author list (name, anchor, page number):
    table rows link their authors there, so a page of rows is written again when an
    author moves to another page of the list or gets another anchor."""

    #: the list's links per page (see :func:`links_per_page`)
    bound: int
    written: ClassVar[bool] = True

    def answer(self, catalog: Catalog) -> Places:
        pages = pages_of(answer(catalog, AuthorsRequest()), self.bound)
        return tuple((author.name, author.anchor, number)
                     for number, page in enumerate(pages, 1) for author in page)


@dataclass(frozen=True)
class AuthorListRequest(Request[tuple[Places, tuple[AuthorEntry, ...]]]):
    """What the by-author document's page shows, drawn when it is written (see
    :func:`~.build_state.rewritten_pages`): where each author is (its initials and pager)
    and the authors of its own page, the first of the list, with their papers; so an edit
    of a paper listed on another page of the list does not write it again."""

    #: the list's links per page, 0 where the list is one page (see :func:`links_per_page`)
    bound: int
    written: ClassVar[bool] = True

    def answer(self, catalog: Catalog) -> tuple[Places, tuple[AuthorEntry, ...]]:
        first = pages_of(answer(catalog, AuthorsRequest()), self.bound)[0]
        return answer(catalog, AuthorPlacesRequest(self.bound)), tuple(first)


def links_per_page(env: BuildEnvironment) -> int:
    """The paper links a page of the list holds in this build (0: the list is one page)."""
    return split_bound(env, CONFIG, LINKS_PER_PAGE)


def note_author_links(env: BuildEnvironment) -> None:
    """The current page's rows link their authors to the by-author list."""
    note_written(env, AuthorPlacesRequest(links_per_page(env)))


# -- the pages -----------------------------------------------------------------------------

def pages_of(authors: Sequence[AuthorEntry], bound: int) -> list[list[AuthorEntry]]:
    """The authors, in order, cut into pages of at most ``bound`` paper links (an author
    with more papers than that has a page alone); one page when ``bound`` is 0."""
    pages: list[list[AuthorEntry]] = [[]]
    links = 0
    for author in authors:
        if bound and pages[-1] and links + len(author.papers) > bound:
            pages.append([])
            links = 0
        pages[-1].append(author)
        links += len(author.papers)
    return pages


def page_name(docname: str, number: int) -> str:
    """The page name of page ``number`` of the list (1: the document itself)."""
    return docname if number == 1 else f"{docname}-authors-{number}"


@dataclass
class AuthorPages:
    """The by-author list of this build: its document, authors and pages."""

    docname: str
    authors: tuple[AuthorEntry, ...]
    pages: list[list[AuthorEntry]]

    def __post_init__(self) -> None:
        self.number = {author.anchor: n for n, page in enumerate(self.pages, 1)
                       for author in page}
        #: Author name -> its anchor.
        self.anchor_of = {author.name: author.anchor for author in self.authors}
        #: Each initial and the anchor of the first author whose family name starts with it.
        self.initials: dict[str, str] = {}
        for author in self.authors:
            self.initials.setdefault(family_name(author.name)[:1].upper(), author.anchor)
        self.initials.pop("", None)
        #: Paper id -> the page of its row and its link's HTML after the page's URI
        #: (None: no row, the text alone), for the domain's state of ``links_edits``.
        self.links: dict[str, tuple[str | None, str]] = {}
        self.links_edits = -1

    def page_of(self, anchor: str) -> str:
        """The page name of the page that holds the author ``anchor``."""
        return page_name(self.docname, self.number.get(anchor, 1))


def author_pages(env: BuildEnvironment) -> AuthorPages | None:
    """This build's by-author pages (once per build), None when no page lists the authors."""
    docname = catalog_domain(env).author_page
    if not docname:
        return None
    run, catalog = run_state(env), catalog_of(env)
    found = run.author_pages
    if isinstance(found, tuple) and found[0] is catalog and found[1].docname == docname:
        pages: AuthorPages = found[1]
        return pages
    authors = answer(catalog, AuthorsRequest())
    pages = AuthorPages(docname, authors, pages_of(authors, links_per_page(env)))
    run.author_pages = (catalog, pages)
    return pages


# -- the list as HTML ------------------------------------------------------------------------

def _initials(pages: AuthorPages, href: Callable[[str], str]) -> str:
    """'Authors: A · B · C', each letter a link to the first author whose family name
    starts with it."""
    links = [f'<a class="reference internal" href="{escape(href(anchor))}">{escape(initial)}</a>'
             for initial, anchor in pages.initials.items()]
    return ('<p class="catalog-index"><strong>Authors: </strong>'
            + " \u00b7 ".join(links) + "</p>\n")


def _label(page: list[AuthorEntry]) -> str:
    first, last = page[0].name, page[-1].name
    return first if first == last else f"{first} to {last}"


def _pager(builder: Builder, pages: AuthorPages, number: int, end: bool) -> str:
    """Previous, next and a link to each page, with the authors it holds."""
    if len(pages.pages) < 2:
        return ""
    here = page_name(pages.docname, number)
    hrefs = [builder.get_relative_uri(here, page_name(pages.docname, n))
             for n in range(1, len(pages.pages) + 1)]
    name = "Author pages (end of page)" if end else "Author pages"
    return (f'<nav class="catalog-pager catalog-author-pager" aria-label="{name}">\n'
            f'<p class="catalog-pager-range">Page {number} of {len(pages.pages)}: '
            f"{escape(_label(pages.pages[number - 1]))}</p>\n"
            f"{pager_links(hrefs, [_label(p) for p in pages.pages], number, 'Page')}</nav>\n")


def _paper_links(env: BuildEnvironment, pages: AuthorPages
                 ) -> dict[str, tuple[str | None, str]]:
    """Each listed paper's link, made once per build: the page of its row and the HTML
    that follows the page's URI (for a paper with no row, no page and its text)."""
    domain = catalog_domain(env)
    if pages.links_edits != domain.run.domain_edits:
        catalog = catalog_of(env)
        targets = domain.paper_targets()
        links = pages.links = {}
        pages.links_edits = domain.run.domain_edits
        for author in pages.authors:
            for paper_id, title, year in author.papers:
                if paper_id in links:
                    continue
                target = targets.get(paper_id)
                if target is None or paper_id not in catalog.papers:
                    links[paper_id] = (None, f"{escape(title)} ({year})")
                else:
                    links[paper_id] = (target[0], f'#{escape(target[1])}">{escape(title)}</a>'
                                                  f" ({year})")
    return pages.links


def list_html(builder: Builder, pages: AuthorPages, number: int, index: bool = True) -> str:
    """Page ``number`` of the list: the initials (``index``; always on pages 2..N), the
    pager and the authors with links to their papers' rows, every text escaped."""
    here = page_name(pages.docname, number)
    links = _paper_links(builder.env, pages)
    #: docname -> the start of a link to it from this page
    starts: dict[str, str] = {}

    def start(docname: str) -> str:
        if docname not in starts:
            uri = "" if docname == here else builder.get_relative_uri(here, docname)
            starts[docname] = f'<a class="reference internal" href="{escape(uri)}'
        return starts[docname]

    def author_href(anchor: str) -> str:
        page = pages.page_of(anchor)
        return f"#{anchor}" if page == here else f"{builder.get_relative_uri(here, page)}#{anchor}"

    out = [_initials(pages, author_href) if index or number > 1 else "",
           _pager(builder, pages, number, end=False), '<dl class="simple catalog-author-list">\n']
    for author in pages.pages[number - 1]:
        shown = []
        for paper_id, _, _ in sorted(author.papers, key=lambda p: -p[2]):
            docname, rest = links[paper_id]
            shown.append(rest if docname is None else start(docname) + rest)
        out.append(f'<dt id="{escape(author.anchor)}">{escape(author.name)}</dt>'
                   f'<dd><p>{"; ".join(shown)}</p>\n</dd>\n')
    out.append("</dl>\n")
    out.append(_pager(builder, pages, number, end=True))
    return "".join(out)


def visit_catalog_author_list(self: Any, node: catalog_author_list) -> None:
    """HTML translator: the first page of the list."""
    pages = author_pages(self.builder.env)
    if pages is not None:
        self.body.append(list_html(self.builder, pages, 1, bool(node.get("index"))))
    raise nodes.SkipNode


# -- other builders: docutils nodes ---------------------------------------------------------

def list_nodes(authors: Sequence[AuthorEntry], index: bool) -> list[nodes.Node]:
    """The whole list as docutils nodes: the initials' index (``index``), then a
    definition list of each author and cross-references to their papers."""
    initials = nodes.paragraph(classes=["catalog-index"], support_smartquotes=False)
    initials += nodes.strong("Authors: ", "Authors: ")
    seen: set[str] = set()
    for author in authors:
        initial = family_name(author.name)[:1].upper()
        if not initial or initial in seen:
            continue
        if seen:
            initials += nodes.Text(" \u00b7 ")
        seen.add(initial)
        initials += nodes.reference(initial, initial, refid=author.anchor, internal=True)
    listing = nodes.definition_list(classes=["catalog-author-list"], support_smartquotes=False)
    for author in authors:
        term = nodes.term(author.name, author.name, ids=[author.anchor])
        papers = nodes.paragraph()
        for i, (paper_id, title, year) in enumerate(sorted(author.papers, key=lambda p: -p[2])):
            if i:
                papers += nodes.Text("; ")
            papers += xref("catalog", "paper", paper_id, title)
            papers += nodes.Text(f" ({year})")
        listing += nodes.definition_list_item("", term, nodes.definition("", papers))
    return [initials, listing] if index else [listing]


class ExpandAuthorList(SphinxPostTransform):
    """The whole list as docutils nodes where the builder does not write it itself;
    before the references are resolved, so that its links resolve with them."""

    default_priority = 5

    def is_supported(self) -> bool:
        return not splits_tables(self.env._builder_cls)

    def run(self, **kwargs: object) -> None:
        pages = author_pages(self.env)
        for node in list(self.document.findall(catalog_author_list)):
            node.replace_self(list_nodes(pages.authors if pages else (),
                                         bool(node.get("index"))))


class AddAuthorWords(SphinxPostTransform):
    """The authors' names under the list's node, which the search index reads (the HTML
    translator does not), so that searching for an author finds the list. The papers'
    titles are left to their topic pages."""

    default_priority = 900

    def is_supported(self) -> bool:
        return splits_tables(self.env._builder_cls)

    def run(self, **kwargs: object) -> None:
        pages = author_pages(self.env)
        for node in self.document.findall(catalog_author_list):
            node += nodes.Text(", ".join(pages.anchor_of if pages else ()))


# -- pages 2..N ----------------------------------------------------------------------------

def author_page_names(app: Sphinx) -> list[str]:
    """The names of the by-author list's pages 2..N, as written last."""
    return WrittenPages(app, KIND).names() if writes_paper_pages(app.builder) else []


def collect_author_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: write the list's pages 2..N whose text changed, and delete
    the pages it no longer has."""
    builder: Any = app.builder
    #: page -> the digest of its text
    written = WrittenPages.to_write(app, KIND)
    if written is None:
        return iter(())
    outfile = written.outfile
    pages = author_pages(app.env)
    fresh: dict[str, str] = {}
    if pages is not None and len(pages.pages) > 1:
        folder = posixpath.dirname(pages.docname)
        name = shell_name(folder, "catalog-authors")
        shell = Shell(render_shell(app, name), name)
        titles = app.env.titles
        title = titles[pages.docname].astext() if pages.docname in titles else "Authors"
        for number in range(2, len(pages.pages) + 1):
            page = page_name(pages.docname, number)
            heading = f"{title} ({number} of {len(pages.pages)})"
            body = (f'<section id="authors-{number}">\n<h1>{escape(heading)}</h1>\n'
                    f"{list_html(builder, pages, number)}</section>\n")
            text = shell.fill(page.rsplit("/", 1)[-1], title=escape(heading), head="",
                              body=body)
            fresh[page] = hashlib.sha256(text.encode()).hexdigest()
            if written.last.get(page) != fresh[page] or not os.path.exists(outfile(page)):
                write_if_changed(outfile(page), text)
    written.keep(fresh)
    return iter(())

