"""Site tuning: patches of Sphinx, Jinja, sphinx-sitemap, sphinxext-opengraph and
pydata-sphinx-theme that this site opts into (``extensions = [..., "site_tuning"]`` in
``docs/conf.py``), apart from the catalog extension, which changes nothing outside its own
build.

One module per patch. ``page_title`` (the home page's ``<title>``) is the site's own
template and patches nothing; each other module names the versions of what it patches
that it was tested with (``TESTED`` there) and switches itself off, with one line in the
build log, under any other version: a Sphinx or theme upgrade then builds the site without the patch
instead of breaking it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Set up each patch whose tested versions are installed."""
    from . import (
        collection,
        og_title,
        page_title,
        sitemap_pages,
        template_cache,
        theme_guard,
        unchanged_build,
    )

    for patch in (page_title, theme_guard, og_title, sitemap_pages, template_cache,
                  unchanged_build, collection):
        patch.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
