"""The table and facets scripts and the stylesheets, shipped in the package and added to
HTML builds."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .builders import ships_static_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

STATIC = Path(__file__).parent / "static"
SCRIPT = "catalog-table.js"
#: The facet controls that the facets script and the whole-catalog mode share.
FACET_CONTROLS_SCRIPT = "catalog-facet-controls.js"
#: Runs after the table and the facet controls scripts (all deferred, in this order),
#: whose hooks it uses.
FACETS_SCRIPT = "catalog-facets.js"
STYLESHEET = "catalog-table.css"
FACETS_STYLESHEET = "catalog-facets.css"
#: The whole-catalog mode: linked only by the pages of split tables (see ``parts``).
WHOLE_SCRIPT = "catalog-whole.js"


def add_static_files(app: Sphinx) -> None:
    """``builder-inited``: link the files from every page (the project's configuration,
    ``html_static_path`` included, stays as ``conf.py`` set it)."""
    if ships_static_files(app.builder):
        app.add_css_file(STYLESHEET)
        app.add_css_file(FACETS_STYLESHEET)
        app.add_js_file(SCRIPT, loading_method="defer")
        app.add_js_file(FACET_CONTROLS_SCRIPT, loading_method="defer")
        app.add_js_file(FACETS_SCRIPT, loading_method="defer")


def copy_static_files(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the files, in the ``_static`` folder the pages link, before any
    page is written: the builder links a file that is there with its checksum
    (``catalog-table.js?v=...``), so a clean build writes the same links as a rebuild."""
    if ships_static_files(app.builder):
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        for name in (SCRIPT, STYLESHEET, FACET_CONTROLS_SCRIPT, FACETS_SCRIPT,
                     FACETS_STYLESHEET, WHOLE_SCRIPT):
            shutil.copyfile(STATIC / name, static / name)
