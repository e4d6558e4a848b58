"""A page per paper, ``papers/<id>.html`` (``papers/<id>/`` in ``dirhtml``), and its BibTeX,
``_catalog/papers/<id>.bib``: written from the catalog, not read as documents.

At ``html-collect-pages`` the theme's page layout is rendered once, through the builder
like any other page (``catalog-paper.html`` extends the theme's ``page.html``: the site's
header, colour modes and phone layout), around marks that stand for the paper's id, title,
head and body. Each paper's page is that shell with the marks replaced by the paper's own
text, its head and body rendered by small Jinja templates with autoescaping on, so every
catalog text is escaped on its way in. A page is written only when what it shows changed:
the shell (theme, settings, navigation), the paper, its venue or where its topics' rows
are; pages of removed papers are deleted. Only the ``html`` and ``dirhtml`` builders write
them: LaTeX, EPUB and single-page HTML keep their tables and get no page per paper.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import escape as _markup_escape

from ..model import VENUE_KINDS, Catalog, Paper, Venue
from ..site_urls import PAGES_DIR, page_name
from ..stored import read_stored, write_stored
from . import paper_meta
from .build_state import catalog_domain, catalog_of, library_key, run_state
from .builders import writes_paper_pages
from .exports import EXPORT_DIR
from .page_shell import TEMPLATES, Shell, render_shell, shell_name, write_page

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: The paper's parts (the page layout is :mod:`.page_shell`'s).
BODY_TEMPLATE = "paper.html"
HEAD_TEMPLATE = "paper-head.html"
BIB_DIR = f"{EXPORT_DIR}/papers"
#: The page name of the shell, in the paper pages' folder.
SHELL_NAME = shell_name(PAGES_DIR, "catalog-paper")


def bib_path(paper_id: str) -> str:
    """Where the paper's BibTeX is written, relative to the output folder."""
    return f"{BIB_DIR}/{paper_id}.bib"


def paper_page_names(app: Sphinx) -> list[str]:
    """The names of the paper pages this build's site has, in id order."""
    if not writes_paper_pages(app.builder):
        return []
    return [page_name(pid) for pid in sorted(catalog_of(app.env).papers)]


@cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


#: Stands for a paper id in a page's file name or link (ids are lower case).
_ANY_ID = "PAPER-ID"


class _Site:
    """What every paper page of this build shares: the shell, links, the site's URL."""

    def __init__(self, app: Sphinx, shell: str) -> None:
        self.builder = app.builder
        self.shell = Shell(shell, SHELL_NAME)
        self.digest = hashlib.sha256(shell.encode()).hexdigest()
        self.base = (app.config.html_baseurl or "").rstrip("/")
        self.env = app.env
        domain = catalog_domain(app.env)
        self.rows = domain.papers
        self.topics = domain.topics
        #: Every paper page is as deep as the others: a link from one is a link from any.
        self._uris: dict[str, str] = {}
        pagename = page_name(_ANY_ID)
        self.bib_href = posixpath.relpath(bib_path(_ANY_ID), _page_dir(self.builder, pagename))
        #: fetched once: each fetch asks the loader whether the file changed
        self.body = _templates().get_template(BODY_TEMPLATE)
        self.head = _templates().get_template(HEAD_TEMPLATE)

    def uri(self, target: str, anchor: str = "") -> str:
        """The link from a paper page to ``target`` (a page other than a paper's)."""
        uri = self._uris.get(target)
        if uri is None:
            uri = self._uris[target] = self.builder.get_relative_uri(page_name(_ANY_ID),
                                                                     target)
        return f"{uri}#{anchor}" if anchor else uri

    def page_url(self, paper_id: str) -> str:
        if not self.base:
            return ""
        return f"{self.base}/{self.builder.get_target_uri(page_name(paper_id))}"

    def topic_links(self, paper: Paper) -> list[tuple[str, str, str]]:
        """(topic title, keyword, href of the paper's row on the topic's page) per topic;
        the href is "" when the topic has no page."""
        links = []
        for topic_id, keyword in paper.topics:
            topic = self.topics.get(topic_id)
            row = self.rows.get(paper.id, {}).get(topic[0]) if topic else None
            href = self.uri(topic[0], row[0]) if topic and row else ""
            links.append((topic[2] if topic else topic_id, keyword, href))
        return links

    def page_digests(self) -> dict[str, str]:
        """Paper id -> a digest that changes whenever the paper's page would: the shell,
        how the builder names pages and the site's URL (once for all pages), and what the
        page shows of the paper (:func:`shown_digests`). No link is made for it: a link
        follows from the builder and the names in the digest."""
        config = self.builder.config
        site = hashlib.sha256(repr((
            self.digest, self.builder.name, getattr(self.builder, "out_suffix", ""),
            getattr(self.builder, "link_suffix", ""), config.html_file_suffix,
            config.html_link_suffix, self.base)).encode()).hexdigest()[:20]
        return {paper_id: site + shown for paper_id, shown in shown_digests(self.env).items()}


def shown_digests(env: BuildEnvironment) -> dict[str, str]:
    """Paper id -> a digest of what a page or a table row shows of the paper, whatever the
    page: the paper, its venue's record and description, and per topic the topic's page
    (name, anchor, title) and the paper's row there. Made once per build, for the paper
    pages and the parts of split tables."""
    catalog = catalog_of(env)
    run = run_state(env)
    if run.shown_digests is not None and run.shown_digests[0] is catalog:
        return run.shown_digests[1]
    domain = catalog_domain(env)
    rows_of, topics_of = domain.papers, domain.topics
    venues = {venue_id: repr(venue) + _venue_description(catalog, venue)
              for venue_id, venue in catalog.venues.items()}
    digests = {}
    for paper_id, paper in catalog.papers.items():
        rows = rows_of.get(paper_id, {})
        topics = []
        for topic_id, _ in paper.topics:
            topic = topics_of.get(topic_id)
            row = rows.get(topic[0]) if topic else None
            topics.append((topic, row[0] if row else None))
        parts = [paper_id, paper.digest, venues[paper.venue], repr(topics)]
        digests[paper_id] = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]
    run.shown_digests = (catalog, digests)
    return digests


def page_html(site: _Site, catalog: Catalog, paper: Paper, bibtex: str) -> str:
    """The whole page of ``paper``."""
    venue = catalog.venues[paper.venue]
    page_url = site.page_url(paper.id)
    context = {
        "paper": paper, "venue": venue, "kind": VENUE_KINDS[venue.kind].title.rstrip("s"),
        "venue_description": _venue_description(catalog, venue),
        "topics": site.topic_links(paper), "bibtex": bibtex,
        "bib_href": site.bib_href.replace(_ANY_ID, paper.id),
        "bib_name": f"{paper.id}.bib",
        "citation": paper_meta.citation_parts(catalog, paper),
        "highwire": paper_meta.highwire_tags(catalog, paper, page_url),
        "open_graph": paper_meta.open_graph_tags(catalog, paper, page_url),
    }
    body = site.body.render(context)
    head = site.head.render(context)
    title = escape(paper.title)
    return site.shell.fill(paper.id, title=title, head=head, body=body)


def escape(text: str) -> str:
    """``text`` escaped for HTML text and quoted attribute values."""
    return str(_markup_escape(text))


def _venue_description(catalog: Catalog, venue: Venue) -> str:
    from ..query import venue_description

    return venue_description(catalog, venue)


def _page_dir(builder: Builder, pagename: str) -> str:
    return posixpath.dirname(builder.get_target_uri(pagename)) or "."


def _state_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / f"paper-catalog-{app.builder.name}-pages.pickle"


def start(app: Sphinx) -> None:
    """``builder-inited``: no page has been read, removed or written in this build yet;
    the builder finds the shell's template (see :func:`_add_templates`)."""
    catalog_domain(app.env).data["pages_touched"] = False
    if writes_paper_pages(app.builder):
        _add_templates(app.builder)


def _add_templates(builder: Builder) -> None:
    """This package's templates, searched after the project's and the theme's by this
    builder's template loader alone (the project's ``templates_path`` stays as it is)."""
    from sphinx.jinja2glue import SphinxFileSystemLoader

    loaders: list[Any] | None = getattr(getattr(builder, "templates", None), "loaders", None)
    if loaders is not None and not any(getattr(loader, "searchpath", None) == [str(TEMPLATES)]
                                       for loader in loaders):
        loaders.append(SphinxFileSystemLoader(str(TEMPLATES)))


def note_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                  removed: set[str]) -> list[str]:
    """``env-get-outdated``: pages are added, changed or removed, and each paper page
    shows the site's navigation (a changed setting makes every page changed too)."""
    if added or changed or removed:
        catalog_domain(env).data["pages_touched"] = True
    return []


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: a page is written."""
    catalog_domain(app.env).data["pages_touched"] = True


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: write the pages of the papers whose page changed (nothing
    is handed back to Sphinx: the pages are written here, each from the shell)."""
    if not writes_paper_pages(app.builder):
        return iter(())
    state_file = _state_file(app)
    stored = read_stored(state_file, library_key())
    written: dict[str, str] = stored if isinstance(stored, dict) else {}
    outdir = Path(app.builder.outdir)
    state = catalog_domain(app.env)
    if (written and not state.changed and not state.data.get("pages_touched", True)
            and (outdir / PAGES_DIR).is_dir()):
        return iter(())  # no page, setting or catalog file changed since they were written
    site = _Site(app, render_shell(app, SHELL_NAME))
    catalog = catalog_of(app.env)
    fresh = site.page_digests()
    present = {os.path.join(folder, name)
               for folder, _, names in os.walk(outdir / PAGES_DIR) for name in names}
    outfile = _outfiles(app.builder)
    stale = [pid for pid, digest in fresh.items() if written.get(pid) != digest
             or outfile(pid) not in present]
    entries = _bibtex(app, stale)
    folders: set[str] = set()
    outdir_text = os.fspath(outdir)
    for pid in sorted(stale):
        entry = entries[pid].decode()
        write_page(outfile(pid), page_html(site, catalog, catalog.papers[pid], entry), folders)
        write_page(os.path.join(outdir_text, bib_path(pid)), entry, folders)
    for pid in set(written) - set(fresh):  # removed from the catalog
        for path in (_outfile(app.builder, pid), os.path.join(outdir_text, bib_path(pid))):
            Path(path).unlink(missing_ok=True)
    write_stored(state_file, library_key(), fresh)
    return iter(())


def _outfile(builder: Builder, paper_id: str) -> str:
    return os.fspath(builder.get_outfilename(page_name(paper_id)))  # type: ignore[attr-defined]


def _outfiles(builder: Builder) -> Callable[[str], str]:
    """The file name of a paper's page by its id, made from one name the builder makes
    (paper ids are lower-case letters, digits and dashes)."""
    base = os.fspath(builder.outdir)
    template = _outfile(builder, _ANY_ID)
    tail = template[len(base):]
    if not template.startswith(base) or tail.count(_ANY_ID) != 1:
        return lambda paper_id: _outfile(builder, paper_id)
    return lambda paper_id: base + tail.replace(_ANY_ID, paper_id)


def _bibtex(app: Sphinx, paper_ids: list[str]) -> dict[str, bytes]:
    """The BibTeX entries (UTF-8), those of ``paper_ids`` made where missing; shared with
    the downloads of the whole catalog (each entry is made once)."""
    from .exports import PaperEntries

    entries = PaperEntries.of(app)
    entries.make(paper_ids)
    entries.save()
    return entries.entries
