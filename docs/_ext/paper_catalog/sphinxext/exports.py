"""Downloads in the built site: ``_catalog/`` (BibTeX, JSON) and the links to it.

HTML builds write, into the output folder, ``_catalog/papers.bib`` (every paper),
``_catalog/topics/<topic-id>.bib`` (one per topic: its papers, or for a group every paper
below it) and ``_catalog/catalog.json``. Links to them are reference nodes marked with
the file they point to; once a page is resolved, each link is made relative to the page as
the builder writes it, or dropped in builders that do not write the files.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..model import Catalog
from ..stored import read_stamp, read_stored, write_stamp, write_stored
from .build_state import catalog_domain, catalog_of, library_key, run_state
from .builders import writes_exports, writes_single_page

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

EXPORT_DIR = "_catalog"
PAPERS_BIB = f"{EXPORT_DIR}/papers.bib"
CATALOG_JSON = f"{EXPORT_DIR}/catalog.json"
#: The attribute of a reference node naming the file it downloads.
TARGET = "catalog_download"


def topic_bib(topic_id: str) -> str:
    """Where a topic's BibTeX is written, relative to the output folder."""
    return f"{EXPORT_DIR}/topics/{topic_id}.bib"


def bibtex_files(catalog: Catalog) -> dict[str, list[str]]:
    """Each BibTeX file: its path in the output folder -> the ids of its papers, in the
    file's order (by id, as :func:`paper_catalog.bibtex.papers_bibtex` writes them)."""
    files = {PAPERS_BIB: sorted(catalog.papers)}
    for topic_id in catalog.topics:
        files[topic_bib(topic_id)] = sorted(p.id for p in catalog.papers_in(topic_id))
    return files


def export_files(catalog: Catalog) -> dict[str, str]:
    """Every exported file: its path in the output folder -> its text, as the library
    writes each (:func:`write_exports` puts the same files together from stored entries)."""
    # pybtex is loaded only by builds that write the files
    from ..bibtex import catalog_bibtex, topic_bibtex
    from ..json_export import catalog_json

    texts: dict[str, str] = {}
    files = {PAPERS_BIB: catalog_bibtex(catalog, texts), CATALOG_JSON: catalog_json(catalog)}
    for topic_id in catalog.topics:
        files[topic_bib(topic_id)] = topic_bibtex(catalog, topic_id, texts)
    return files


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the files of :func:`export_files` into an HTML build,
    unless the output folder already has them for these very catalog files; of the BibTeX
    files, only those whose papers or entries changed. Each file is put together once, as
    UTF-8, from the papers' entries and records."""
    if exception is not None or not writes_exports(app.builder):
        return
    outdir = Path(app.builder.outdir)
    # the stamp stays out of the site, which must not depend on file times: the catalog
    # files the downloads were written from, then each BibTeX file and a digest of its
    # entries
    stamp = Path(app.doctreedir) / f"paper-catalog-{app.builder.name}-exports.stamp"
    fingerprint = catalog_domain(app.env).fingerprint or ""
    last, written = read_stamp(stamp)
    if last == fingerprint and (outdir / PAPERS_BIB).is_file():
        return
    from ..json_export import catalog_json_bytes

    entries = PaperEntries.of(app)
    catalog = entries.catalog
    entries.make(catalog.papers)
    entries.save()
    digests = {}
    for name, ids in bibtex_files(catalog).items():
        digests[name] = hashlib.blake2b(b"".join(entries.digests[pid] for pid in ids),
                                        digest_size=16).hexdigest()
        if written.get(name) != digests[name] or not (outdir / name).is_file():
            _write(outdir / name, b"\n".join(entries.entries[pid] for pid in ids))
    _write(outdir / CATALOG_JSON, catalog_json_bytes(catalog, entries.records))
    topics_dir = outdir / EXPORT_DIR / "topics"
    for stale in topics_dir.glob("*.bib"):  # a topic removed since the last build
        if f"{EXPORT_DIR}/topics/{stale.name}" not in digests:
            stale.unlink()
    write_stamp(stamp, fingerprint, digests)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


class PaperEntries:
    """Each paper's BibTeX entry (with a digest of it) and record of ``catalog.json`` in
    this build, as UTF-8, from the store of the last build's made from the same paper and
    venue (``paper-catalog-entries.pickle``, none from a store of other library code);
    :meth:`save` writes the store when it changed."""

    def __init__(self, app: Sphinx) -> None:
        from ..bibtex import entry_sources

        self.catalog = catalog_of(app.env)
        self.store = Path(app.doctreedir) / "paper-catalog-entries.pickle"
        self.sources = entry_sources(self.catalog)
        stored = read_stored(self.store, library_key())
        #: paper id -> its BibTeX entry, a digest of the entry, its record of catalog.json
        self.entries: dict[str, bytes] = {}
        self.digests: dict[str, bytes] = {}
        self.records: dict[str, bytes] = {}
        for paper_id, source in self.sources.items():
            found = stored.get(paper_id) if isinstance(stored, dict) else None
            if isinstance(found, tuple) and len(found) == 4 and found[0] == source:
                _, self.entries[paper_id], self.digests[paper_id], self.records[paper_id] = found
        self.saved = isinstance(stored, dict) and len(stored) == len(self.entries)

    @classmethod
    def of(cls, app: Sphinx) -> PaperEntries:
        """This build's entries, read once (the paper pages and the downloads share them)."""
        run = run_state(app.env)
        found = run.paper_entries
        if not isinstance(found, cls) or found.catalog is not catalog_of(app.env):
            found = run.paper_entries = cls(app)
        return found

    def make(self, paper_ids: Iterable[str]) -> None:
        """Make the entries (with their digests and records) of ``paper_ids`` that are
        missing."""
        from ..bibtex import paper_bibtex
        from ..json_export import paper_json

        for paper_id in paper_ids:
            if paper_id not in self.entries:
                paper = self.catalog.papers[paper_id]
                entry = self.entries[paper_id] = paper_bibtex(self.catalog, paper).encode()
                self.digests[paper_id] = hashlib.blake2b(entry, digest_size=16).digest()
                self.records[paper_id] = paper_json(paper)
                self.saved = False

    def save(self) -> None:
        """Keep the entries for the next build, unless the store holds them already."""
        if not self.saved:
            write_stored(self.store, library_key(), {
                paper_id: (self.sources[paper_id], entry, self.digests[paper_id],
                           self.records[paper_id])
                for paper_id, entry in self.entries.items() if paper_id in self.sources})
            self.saved = True


def download_link(docname: str, target: str, text: str) -> nodes.reference:
    """A link to ``target`` (a path in the output folder) from page ``docname``.

    Its ``refuri`` is right for the ``html`` builder; :func:`resolve_download_links`
    recomputes it for the builder that writes the page.
    """
    refuri = posixpath.relpath(target, posixpath.dirname(docname) or ".")
    return nodes.reference(text, text, refuri=refuri, classes=["catalog-download"],
                           **{TARGET: target})


def _entries(count: int) -> str:
    return f"{count} entr{'ies' if count != 1 else 'y'}"


def topic_download_paragraph(docname: str, topic_id: str, count: int | None = None,
                             label: str = "Cite these papers: ") -> nodes.paragraph:
    """A paragraph linking the BibTeX of ``topic_id`` from page ``docname``.

    ``count``, when given, is the number of entries the file holds (the topic's papers).
    """
    para = nodes.paragraph(classes=["catalog-downloads"])
    para += nodes.Text(label)
    para += download_link(docname, topic_bib(topic_id), f"{topic_id}.bib")
    details = "BibTeX" if count is None else f"BibTeX, {_entries(count)}"
    para += nodes.Text(f" ({details}).")
    return para


def catalog_download_paragraph(docname: str, count: int) -> nodes.paragraph:
    """A paragraph linking ``papers.bib`` and ``catalog.json`` from page ``docname``."""
    para = nodes.paragraph(classes=["catalog-downloads"])
    para += nodes.Text("Download the whole catalog: ")
    para += download_link(docname, PAPERS_BIB, "papers.bib")
    para += nodes.Text(f" (BibTeX, {_entries(count)}) and ")
    para += download_link(docname, CATALOG_JSON, "catalog.json")
    para += nodes.Text(" (JSON).")
    return para


def page_dir(builder: Builder, docname: str) -> str:
    """The folder, relative to the output folder, of the file the page is written to."""
    if writes_single_page(builder):  # every page is part of the root document's file
        root_doc: str = builder.config.root_doc
        return posixpath.dirname(root_doc)
    return posixpath.dirname(builder.get_target_uri(docname))


def _download_links(doctree: nodes.Node) -> list[nodes.reference]:
    return [n for n in doctree.findall(nodes.reference) if TARGET in n.attributes]


def _drop_download_paragraphs(doctree: nodes.Node) -> None:
    paragraphs = {id(link.parent): link.parent for link in _download_links(doctree)}
    for para in paragraphs.values():
        if (isinstance(para, nodes.paragraph) and "catalog-downloads" in para["classes"]
                and para.parent is not None):
            para.parent.remove(para)


def resolve_download_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: links relative to the page as the builder writes it; no links
    (their paragraphs dropped) in builders that do not write the files."""
    if not writes_exports(app.builder):
        _drop_download_paragraphs(doctree)
        return
    base = page_dir(app.builder, docname) or "."
    for link in _download_links(doctree):
        link["refuri"] = posixpath.relpath(link[TARGET], base)


class DropDownloadLinks(SphinxPostTransform):
    """The link checker collects links before ``doctree-resolved``: drop them first, as
    the files they point to are not part of its output."""

    builders = ("linkcheck",)
    default_priority = 100  # before the link checker's collector (800)

    def run(self, **kwargs: Any) -> None:
        _drop_download_paragraphs(self.document)
