"""A catalog library for the resource-efficient LLM papers, and its Sphinx extension.

The top level is the library (``load``, ``model``, ``query``, the BibTeX and JSON formats,
``cli``) and imports neither Sphinx nor docutils; ``readme`` reads and writes the
awesome-list README; ``sphinxext`` renders the catalog in Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for the type checker only: the library does not import Sphinx
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the Sphinx extension (``extensions = ["paper_catalog"]``)."""
    from .sphinxext import setup as setup_extension

    return setup_extension(app)
