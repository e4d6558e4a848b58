"""Atom feeds of new papers, and the links to them in every page's head.

HTML builds write ``_feeds/papers.atom`` (every paper) and ``_feeds/<area-id>.atom`` (the
papers of each top-level area), at most :data:`MAX_ENTRIES` each, newest ``added``
first. An entry holds the paper's title, authors, venue, year, link and topics (as
categories); its id is a tag URI of the site's host (or the project's name), the day the
paper joined and its id, so it stays the same while the paper does. Every date is an
``added`` date (the feed's ``updated`` is the newest), so the same catalog gives the same
bytes. A feed is written again only when what it shows changed since it was (its papers,
their venues and topics, the site's address), or when its file is missing: an edit of a
paper too old to be listed rewrites none.

Every page links the whole catalog's feed in its head; an area's page and the pages of
its topics also link the area's feed. With ``html_baseurl`` set the links and the feeds'
own links are absolute, else relative to the page (and to the feed file).
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
import re
from collections.abc import Callable, Collection
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..model import Catalog, Paper
from ..slug import slugify
from ..stored import read_stamp, write_stamp
from ..text_rules import one_line
from .build_state import catalog_domain, catalog_of, library_key, run_state
from .builders import writes_exports
from .columns import escape
from .exports import page_dir
from .whats_new import newest_first

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

FEED_DIR = "_feeds"
#: Entries of one feed: the newest papers (a feed reader shows what is new, not all).
MAX_ENTRIES = 100
ATOM_TYPE = "application/atom+xml"
#: What XML 1.0 cannot hold: controls but tab, line feed and carriage return; surrogates;
#: U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def feed_text(text: str) -> str:
    """Catalog text as one line a feed can hold. The loader refuses line breaks and
    controls; text that gets past it anyway must not fail the build: each run of
    whitespace and line breaks becomes a space, what XML cannot hold U+FFFD."""
    return _NOT_XML.sub("\ufffd", one_line(text))


def feed_path(name: str) -> str:
    """Where feed ``name`` ('papers' or an area id) is written, in the output folder."""
    return f"{FEED_DIR}/{name}.atom"


def _midnight(day: datetime.date | None) -> datetime.datetime:
    day = day or datetime.date.min
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def tag_authority(base_url: str, project: str) -> str:
    """Who mints the entries' tag URIs: the site's host, else the project's name."""
    return urlsplit(base_url).hostname or slugify(project) or "paper-catalog"


def entry_id(authority: str, paper: Paper) -> str:
    """'tag:example.org,2026-11-27:papers/wanda' (RFC 4151)."""
    day = (paper.added or datetime.date.min).isoformat()
    return f"tag:{authority},{day}:papers/{paper.id}"


def feed_xml(catalog: Catalog, papers: list[Paper], *, name: str, title: str,
             base_url: str, project: str, page_url: str) -> bytes:
    """One Atom feed of ``papers`` (newest first, at most :data:`MAX_ENTRIES`).

    ``page_url``: the page the feed follows, absolute or relative to the feed file.
    """
    from feedgen.feed import FeedGenerator  # loaded by the builds that write feeds

    papers = newest_first(papers)[:MAX_ENTRIES]
    authority = tag_authority(base_url, project)
    feed = FeedGenerator()
    own_url = urljoin(base_url, feed_path(name)) if base_url else ""
    feed.id(own_url or f"tag:{authority},{_first_day(catalog)}:{feed_path(name)}")
    feed.title(feed_text(title))
    feed.subtitle(feed_text(f"Papers added to {project}, newest first."))
    feed.link(href=page_url, rel="alternate", type="text/html")
    if own_url:
        feed.link(href=own_url, rel="self", type=ATOM_TYPE)
    feed.generator("paper-catalog", version=__version__)
    feed.updated(_midnight(papers[0].added if papers else None))
    for paper in reversed(papers):  # feedgen puts each new entry first
        venue = catalog.venues[paper.venue]
        topics = [(feed_text(t), feed_text(catalog.topics[t].title)) for t, _ in paper.topics]
        entry = feed.add_entry()
        entry.id(entry_id(authority, paper))
        entry.title(feed_text(paper.title))
        entry.link(href=feed_text(paper.url), rel="alternate")
        for author in paper.authors:
            entry.author(name=feed_text(author))
        for topic_id, topic_title in topics:
            entry.category(term=topic_id, label=topic_title)
        short = f"{paper.short}. " if paper.short else ""
        entry.summary(feed_text(f"{short}{venue.name} ({venue.short}) {paper.year}. Topics: "
                                f"{', '.join(t for _, t in topics)}."))
        entry.published(_midnight(paper.added))
        entry.updated(_midnight(paper.added))
    xml: bytes = feed.atom_str(pretty=True)
    return xml


def _first_day(catalog: Catalog) -> str:
    """The day the catalog's first paper joined (a tag URI's date, stable for a feed)."""
    days = [p.added for p in catalog.papers.values() if p.added is not None]
    return min(days).isoformat() if days else "2000-01-01"


def feed_papers(catalog: Catalog) -> dict[str, list[Paper]]:
    """Each feed's name ("papers", or an area's id) -> the papers it lists, newest first
    (the catalog is sorted once for all feeds)."""
    ordered = newest_first(list(catalog.papers.values()))
    chosen = {"papers": ordered[:MAX_ENTRIES]}
    for area in catalog.areas:
        members = {paper.id for paper in catalog.papers_in(area.id)}
        chosen[area.id] = list(islice((p for p in ordered if p.id in members), MAX_ENTRIES))
    return chosen


def feed_digests(catalog: Catalog, chosen: dict[str, list[Paper]], settings: str
                 ) -> dict[str, str]:
    """Each feed's path -> a digest of all it shows: ``settings`` (the site's), the
    catalog's first day, its title and each listed paper with its venue and topics."""
    first_day = _first_day(catalog)
    titles = {area.id: area.title for area in catalog.areas}
    digests = {}
    for name, papers in chosen.items():
        shown = [(paper.digest, repr(catalog.venues[paper.venue]),
                  [catalog.topics[topic_id].title for topic_id, _ in paper.topics])
                 for paper in papers]
        digests[feed_path(name)] = hashlib.sha256(repr(
            (settings, first_day, titles.get(name), shown)).encode()).hexdigest()
    return digests


def feed_files(catalog: Catalog, chosen: dict[str, list[Paper]], names: Collection[str],
               base_url: str, project: str, page_uri: Callable[[str], str]
               ) -> dict[str, bytes]:
    """The feeds of ``chosen`` (see :func:`feed_papers`) whose path is in ``names``: path in
    the output folder -> bytes. ``page_uri`` gives the output path of a topic's page (by
    topic id; '' for the what's-new page)."""
    def page_url(topic_id: str, feed: str) -> str:
        path = page_uri(topic_id)
        if base_url:
            return urljoin(base_url, path)
        return posixpath.relpath(path or ".", posixpath.dirname(feed)) if path else "../"

    titles = {area.id: f"{project}: new papers in {area.title}" for area in catalog.areas}
    titles["papers"] = f"{project}: new papers"
    files = {}
    for name, papers in chosen.items():
        path = feed_path(name)
        if path in names:
            files[path] = feed_xml(catalog, papers, name=name, title=titles[name],
                                   base_url=base_url, project=project,
                                   page_url=page_url("" if name == "papers" else name, path))
    return files


def _topic_pages(app: Sphinx) -> dict[str, str]:
    """Topic id -> the docname of its page (from the catalog domain)."""
    topics: dict[str, tuple[str, str, str]] = catalog_domain(app.env).data.get("topics", {})
    return {topic_id: entry[0] for topic_id, entry in topics.items()}


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the feeds into an HTML build, unless the output folder
    already has them for this very catalog and address."""
    if exception is not None or not writes_exports(app.builder):
        return
    outdir = Path(app.builder.outdir)
    base_url: str = app.config.html_baseurl or ""
    project: str = app.config.project or ""
    builder = app.builder
    pages = _topic_pages(app)
    whats_new = "whats-new" if "whats-new" in app.env.found_docs else app.config.root_doc

    def page_uri(topic_id: str) -> str:
        docname = pages.get(topic_id) if topic_id else whats_new
        return builder.get_target_uri(docname) if docname else ""

    # the stamp: the catalog files and settings the feeds were written from, then each
    # feed written and the digest of what it shows (one a line)
    stamp_path = Path(app.doctreedir) / f"paper-catalog-{builder.name}-feeds.stamp"
    # the library's version and code too: a feed written by another is written again
    settings = repr((library_key(), base_url, project, sorted(pages.items()), whats_new))
    stamp = hashlib.sha256(repr((catalog_domain(app.env).fingerprint, settings)
                                ).encode()).hexdigest()
    last, written = read_stamp(stamp_path)
    present = {name for name in written if (outdir / name).is_file()}
    if last == stamp and written and present == set(written):
        return  # the same feeds are there: the catalog need not be loaded
    catalog = catalog_of(app.env)
    chosen = feed_papers(catalog)
    digests = feed_digests(catalog, chosen, settings)
    changed = {name for name, digest in digests.items()
               if written.get(name) != digest or name not in present}
    files = feed_files(catalog, chosen, changed, base_url, project, page_uri)
    for name, data in files.items():
        path = outdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for stale in (outdir / FEED_DIR).glob("*.atom"):  # an area removed since the last build
        if f"{FEED_DIR}/{stale.name}" not in digests:
            stale.unlink()
    write_stamp(stamp_path, stamp, digests)


def _page_areas(app: Sphinx) -> dict[str, str]:
    """Each topic page's area (an area's own page included), computed once per build."""
    run = run_state(app.env)
    cached = run.feed_areas
    if cached is None:
        catalog = catalog_of(app.env)
        cached = {}
        for topic_id, docname in _topic_pages(app).items():
            if topic_id in catalog.topics:
                roots = [t.id for t in catalog.ancestors(topic_id)]
                cached[docname] = roots[-1] if roots else topic_id
        run.feed_areas = cached
    return cached


def link_feeds(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    """``html-page-context``: ``<link rel="alternate">`` to the feeds in the page's head."""
    if not writes_exports(app.builder):
        return
    base_url: str = app.config.html_baseurl or ""
    project: str = app.config.project or ""
    feeds = [(feed_path("papers"), f"{project}: new papers")]
    # only a topic's page has its area's feed too (other pages need not load the catalog)
    area = (_page_areas(app).get(pagename) if pagename in _topic_pages(app).values()
            else None)
    if area is not None and area in (catalog := catalog_of(app.env)).topics:
        feeds.append((feed_path(area), f"{project}: new papers in {catalog.topics[area].title}"))
    here = page_dir(app.builder, pagename) or "."
    tags = "".join(
        f'\n<link rel="alternate" type="{ATOM_TYPE}" title="{escape(title)}" '
        f'href="{escape(urljoin(base_url, path) if base_url else posixpath.relpath(path, here))}"'
        " />" for path, title in feeds)
    context["metatags"] = context.get("metatags", "") + tags


#: What a feed link in a page's head looks like (for tests and tools that read pages).
FEED_LINK = re.compile(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" '
                       r'href="([^"]*)" />')
