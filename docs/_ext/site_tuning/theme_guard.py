"""Page titles reach theme templates escaped, even where the theme does not escape them.

Topic pages take their title from the catalog. Sphinx hands titles to templates as
escaped HTML, but pydata-sphinx-theme builds its header navigation
(``generate_header_nav_html``, in its ``toctree.py``) from the text of ``env.titles[page]``
and formats that text into HTML unescaped: a ``<`` in a topic title would be markup on
every page. While that template function runs, it sees the titles already escaped.
Should a theme version escape them itself, titles would come out escaped twice, hence
the tested window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import wraps
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .versions import within

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The theme's ``generate_header_nav_html`` writing title text unescaped.
TESTED = {"pydata-sphinx-theme": ">=0.24,<0.25"}

#: Template functions of themes known to write ``env.titles`` text into HTML unescaped.
UNESCAPED_TITLE_FUNCTIONS = ("generate_header_nav_html",)


class EscapedTitles(Mapping[str, nodes.title]):
    """``env.titles`` as such a theme function reads it: text already escaped for HTML."""

    def __init__(self, titles: Mapping[str, nodes.title]) -> None:
        self._titles = titles

    def __getitem__(self, docname: str) -> nodes.title:
        text = self._titles[docname].astext()
        return nodes.title(text, escape(text, quote=True))

    def __iter__(self) -> Iterator[str]:
        return iter(self._titles)

    def __len__(self) -> int:
        return len(self._titles)


def _escaping_titles(app: Sphinx, function: Callable[..., str]) -> Callable[..., str]:
    @wraps(function)
    def call(*args: Any, **kwargs: Any) -> str:
        env = app.env
        titles = env.titles
        env.titles = EscapedTitles(titles)  # type: ignore[assignment]
        try:
            return function(*args, **kwargs)
        finally:
            env.titles = titles

    return call


def guard_page_context(app: Sphinx, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context`` (after the theme's handlers): wrap the unescaping functions."""
    for name in UNESCAPED_TITLE_FUNCTIONS:
        function = context.get(name)
        if callable(function) and not getattr(function, "catalog_escapes_titles", False):
            wrapped = _escaping_titles(app, function)
            wrapped.catalog_escapes_titles = True  # type: ignore[attr-defined]
            context[name] = wrapped


def setup(app: Sphinx) -> None:
    if within(__name__, TESTED):
        # after the theme's own handlers (priority 500), which put its functions in the
        # context
        app.connect("html-page-context", guard_page_context, priority=900)
