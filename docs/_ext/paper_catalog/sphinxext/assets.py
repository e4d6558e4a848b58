"""The table and facets scripts and the stylesheets, shipped in the package and added to
HTML builds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
SCRIPT = "catalog-table.js"
#: Runs after the table script (both deferred, in this order), whose hooks it uses.
FACETS_SCRIPT = "catalog-facets.js"
STYLESHEET = "catalog-table.css"
FACETS_STYLESHEET = "catalog-facets.css"


def add_static_files(app: Sphinx) -> None:
    """``builder-inited``: publish the files for HTML builders only, not for the EPUB,
    whose readers mostly run no script (its tables are plain tables)."""
    if app.builder.format != "html" or app.builder.name == "epub":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file(STYLESHEET)
    app.add_css_file(FACETS_STYLESHEET)
    app.add_js_file(SCRIPT, loading_method="defer")
    app.add_js_file(FACETS_SCRIPT, loading_method="defer")
