"""A build that changes nothing: what it can leave as it is.

Sphinx's HTML builders write the general index, the search index and ``objects.inv``
at the end of every build, also when no page was read or written: at 10,000 papers
these are most of a no-change rebuild (the general index alone lists every paper).
When neither a page, the set of pages, nor the catalog changed, and no page was written,
these files would come out byte for byte as they are, so they are kept as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from .build_state import catalog_domain

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Builders whose end-of-build outputs depend on the environment alone.
BUILDERS = frozenset({"html", "dirhtml"})

#: Whether this build has read, removed or written a page (per application).
_ACTIVE: WeakKeyDictionary[Sphinx, bool] = WeakKeyDictionary()


def note_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                  removed: set[str]) -> list[str]:
    """``env-get-outdated``: pages are added, changed or removed."""
    if added or changed or removed:
        _ACTIVE[app] = True
    return []


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: a page is written."""
    _ACTIVE[app] = True


def unchanged(app: Sphinx) -> bool:
    """So far, this build has neither read, removed nor written a page, and the catalog's
    files are those of the last build."""
    return not _ACTIVE.get(app, True) and not catalog_domain(app.env).changed


def start(app: Sphinx) -> None:
    """``builder-inited``: track the build; in HTML builds that change nothing, skip
    writing the general index, the search index and the inventory when they exist."""
    _ACTIVE[app] = False
    builder = app.builder
    if builder.name not in BUILDERS or not isinstance(builder, StandaloneHTMLBuilder):
        return
    outputs = {
        "write_genindex": Path(builder.get_outfilename("genindex")),
        "dump_search_index": builder.outdir / builder.searchindex_filename,
        "dump_inventory": builder.outdir / "objects.inv",
    }
    for method, output in outputs.items():
        setattr(builder, method, _unless_unchanged(app, getattr(builder, method), output))


def _unless_unchanged(app: Sphinx, write: Callable[[], Any], output: Path
                      ) -> Callable[[], Any]:
    def run() -> Any:
        if unchanged(app) and output.is_file():
            logger.info("%s kept: nothing changed", output.name)
            return None
        return write()

    return run
