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
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)


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
