"""Pages written from the catalog, not read as documents: the theme's page layout rendered
once by the builder around marks, each page that shell with the marks replaced.

The shell is rendered through the builder like any other page (the site's header, colour
modes, phone layout and ``html-page-context`` handlers), into a file outside the site.
Marks are letters and dashes only, so no escaping or quoting alters them; the text put
in their place is escaped by whoever makes it. A page is written only when its text
differs from what its file holds.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TEMPLATES = Path(__file__).parent / "templates"
#: The page layout: the theme's ``page.html`` with a head mark in ``extrahead``.
SHELL_TEMPLATE = "catalog-paper.html"
_TOKEN = "c4t4l0g7e1a"
MARK_TITLE = f"catalogpapertitle{_TOKEN}"
MARK_HEAD = f"<!--catalog-paper-head-{_TOKEN}-->"
MARK_BODY = f"<!--catalog-paper-body-{_TOKEN}-->"
#: The context key telling this package's other handlers that a page is the shell.
SHELL_KEY = "catalog_paper_shell"


def shell_name(folder: str, stem: str) -> str:
    """The page name a shell is rendered under: ``stem`` and the token, in ``folder``
    (where its pages are, so that its links are relative to theirs)."""
    name = f"{stem}-{_TOKEN}"
    return f"{folder}/{name}" if folder else name


def render_shell(app: Sphinx, pagename: str) -> str:
    """The theme's page around the marks, rendered by the builder (its templates, context
    and ``html-page-context`` handlers) as page ``pagename``, into a file outside the
    site."""
    builder: Any = app.builder
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "shell.html"
        builder.handle_page(pagename, {
            "title": MARK_TITLE, "body": MARK_BODY, "catalog_paper_head": MARK_HEAD,
            SHELL_KEY: True, "sidebars": [], "toc": "", "display_toc": False,
            "metatags": "", "sourcename": "", "parents": [], "rellinks": [],
            "prev": None, "next": None, "meta": {},
        }, SHELL_TEMPLATE, outfilename=out)
        return out.read_text(encoding="utf-8")


class Shell:
    """A rendered shell (rendered as page ``name``) cut once at its marks, so that each
    page is the pieces joined with its own: its name, escaped title, head and body HTML
    (the text put in is not searched for marks again)."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.stem = name.rsplit("/", 1)[-1]
        marks = (MARK_BODY, MARK_HEAD, MARK_TITLE, self.stem)
        self.pieces = re.split("(" + "|".join(map(re.escape, marks)) + ")", text)

    def fill(self, page: str, *, title: str, head: str, body: str) -> str:
        """The page named ``page`` (its last path part)."""
        values = {MARK_BODY: body, MARK_HEAD: head, MARK_TITLE: title, self.stem: page}
        pieces = self.pieces.copy()
        for index in range(1, len(pieces), 2):
            pieces[index] = values[pieces[index]]
        return "".join(pieces)


def write_page(path: str, text: str, folders: set[str] | None = None) -> None:
    """Write ``text`` to ``path`` (its folders made as needed; ``folders``: those made
    already, for a writer of many pages)."""
    folder = os.path.dirname(path)
    if folders is None or folder not in folders:
        os.makedirs(folder, exist_ok=True)
        if folders is not None:
            folders.add(folder)
    # a plain descriptor: no text stream is built for each of thousands of pages
    data = memoryview(text.encode("utf-8"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                 0o666)
    try:
        while data:
            data = data[os.write(fd, data):]
    finally:
        os.close(fd)


def write_if_changed(path: str, text: str) -> bool:
    """Write ``text`` to ``path`` unless the file holds it already; whether it wrote."""
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            if stream.read() == text:
                return False
    except OSError:
        pass
    write_page(path, text)
    return True


class WrittenPages:
    """The pages one writer wrote from the catalog in the last build (page name -> the
    digest of what each showed), kept in the doctree folder as ``paper-catalog-<builder>-
    <kind>.pickle``; :meth:`keep` records this build's and deletes the pages it no longer
    has."""

    def __init__(self, app: Sphinx, kind: str) -> None:
        from ..stored import read_stored
        from .build_state import library_key

        self.builder: Any = app.builder
        self.path = Path(app.doctreedir) / f"paper-catalog-{app.builder.name}-{kind}.pickle"
        stored = read_stored(self.path, library_key())
        #: whether the last build recorded its pages (possibly none)
        self.recorded = isinstance(stored, dict)
        self.last: dict[str, str] = stored if isinstance(stored, dict) else {}

    @classmethod
    def to_write(cls, app: Sphinx, kind: str) -> WrittenPages | None:
        """The record, when this build's builder writes such pages and something they
        show may have changed; else None."""
        from .builders import writes_paper_pages

        if not writes_paper_pages(app.builder):
            return None
        written = cls(app, kind)
        return None if written.unchanged(app) else written

    def outfile(self, page: str) -> str:
        name: str = os.fspath(self.builder.get_outfilename(page))
        return name

    def unchanged(self, app: Sphinx) -> bool:
        """Whether nothing they show can have changed since: no catalog file, page or
        setting, and every page is there."""
        from .build_state import catalog_domain

        state = catalog_domain(app.env)
        return self.recorded and not state.changed and not state.data.get(
            "pages_touched", True) and all(os.path.exists(self.outfile(p)) for p in self.last)

    def keep(self, fresh: dict[str, str]) -> None:
        from ..stored import write_stored
        from .build_state import library_key

        for page in self.last:
            if page not in fresh:
                Path(self.outfile(page)).unlink(missing_ok=True)
        write_stored(self.path, library_key(), fresh)
        self.last = fresh

    def names(self) -> list[str]:
        """The pages as written last."""
        return sorted(self.last)


def pager_links(hrefs: list[str], labels: list[str], number: int, noun: str) -> str:
    """The list of a pager's links: previous, each page (``noun`` and its number; the
    current one marked) with its label, next; ``hrefs`` and ``labels`` are escaped here."""
    from .columns import escape

    items = []
    if number > 1:
        items.append(f'<li><a class="catalog-pager-prev" rel="prev" '
                     f'href="{escape(hrefs[number - 2])}">Previous</a></li>')
    for n, (href, text) in enumerate(zip(hrefs, labels, strict=True), 1):
        if n == number:
            items.append(f'<li><span class="catalog-pager-current" aria-current="page" '
                         f'title="{escape(text)}">{n}</span></li>')
        else:
            items.append(f'<li><a href="{escape(href)}" title="{escape(text)}" '
                         f'aria-label="{noun} {n}: {escape(text)}">{n}</a></li>')
    if number < len(hrefs):
        items.append(f'<li><a class="catalog-pager-next" rel="next" '
                     f'href="{escape(hrefs[number])}">Next</a></li>')
    return f'<ul class="catalog-pager-links">{"".join(items)}</ul>\n'

