"""The Open Graph title says what the page's title says, whatever characters it holds.

sphinxext-opengraph reads a page's title out of its HTML, entities decoded, and writes it
into ``<meta property="og:title" content="...">`` escaping ``"`` only: a title holding
the text ``&quot;`` or ``&lt;b&gt;`` (a topic title from the catalog, say) reaches a
link preview as ``"`` or ``<b>``, and ``<`` is written raw inside the attribute. No markup
or script comes of it (the attribute does not end), but the preview does not show the
title as written. Once the extension has written a page's tags, this writes that one tag
again with every special character escaped, found as the extension writes it (its own
``get_title`` and ``make_tag``), so a version that writes it otherwise is left alone.
Not yet reported upstream.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from .versions import within

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: ``make_tag`` escaping ``"`` only, and ``get_title`` decoding entities (it returns the
#: text alone before 0.10, and with the text outside tags since).
TESTED = {"sphinxext-opengraph": ">=0.9,<0.14"}


def escape_og_title(app: Sphinx, pagename: str, templatename: str,
                    context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context`` (after sphinxext-opengraph's handler): the title's tag again,
    escaped."""
    metatags = context.get("metatags")
    if not isinstance(metatags, str) or "og:title" not in metatags or "title" not in context:
        return
    from sphinxext.opengraph import get_title, make_tag  # type: ignore[import-untyped]

    found = get_title(context["title"])
    title = found[0] if isinstance(found, tuple) else found
    written = make_tag("og:title", title)
    if written in metatags:
        context["metatags"] = metatags.replace(
            written, f'<meta property="og:title" content="{escape(title, quote=True)}" />')


def setup(app: Sphinx) -> None:
    if within(__name__, TESTED):
        app.connect("html-page-context", escape_og_title, priority=900)
