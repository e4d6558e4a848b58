"""A build that changes nothing: what it can leave as it is.

Sphinx's HTML builders write the general index, the search index and ``objects.inv``
at the end of every build, also when no page was read or written: at 10,000 papers
these are most of a no-change rebuild (the general index alone lists every paper).
When neither a page, the set of pages, nor the catalog changed, and no page was written,
these files would come out byte for byte as they are, so they are kept as they are (and
the search index is not read, only to be written again).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from paper_catalog.sphinxext.build_state import catalog_domain
from paper_catalog.sphinxext.builders import writes_html_pages

from .versions import within

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The names and arguments of the five ``StandaloneHTMLBuilder`` methods it wraps.
TESTED = {"sphinx": ">=9.0,<9.1"}

#: The builder methods that write the site-wide files.
METHODS = ("write_genindex", "dump_search_index", "dump_inventory", "gen_additional_pages",
           "load_indexer")


class Activity:
    """Whether this build has read, removed or written a page."""

    def __init__(self) -> None:
        self.active = True

    def note_outdated(self, app: Sphinx, env: BuildEnvironment, added: set[str],
                      changed: set[str], removed: set[str]) -> list[str]:
        """``env-get-outdated``: pages are added, changed or removed."""
        if added or changed or removed:
            self.active = True
        return []

    def note_written(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """``doctree-resolved``: a page is written."""
        self.active = True

    def unchanged(self, app: Sphinx) -> bool:
        """So far, this build has neither read, removed nor written a page, and the
        catalog's files are those of the last build."""
        return not self.active and not catalog_domain(app.env).changed

    def start(self, app: Sphinx) -> None:
        """``builder-inited``: track the build; in HTML builds that change nothing, skip
        reading the search index and writing it, the general index, the inventory and the
        search page, when the last build wrote them."""
        builder = app.builder
        # (the catalog's state says whether its files changed: without it, unknown)
        self.active = "paper_catalog" not in app.extensions
        # the HTML builders that write a file per document: their end-of-build outputs
        # depend on the environment alone
        if self.active or not writes_html_pages(builder):
            return
        if not all(callable(getattr(builder, method, None)) for method in METHODS):
            logger.info("site_tuning: %s is off: the HTML builder lacks one of %s",
                        __name__, ", ".join(METHODS))
            return
        search_index = builder.outdir / builder.searchindex_filename
        outputs: dict[str, list[Path]] = {
            "write_genindex": [Path(builder.get_outfilename("genindex"))],
            "dump_search_index": [search_index],
            "dump_inventory": [builder.outdir / "objects.inv"],
            # the search page and any page of html_additional_pages: templates and settings
            # alone make them, and a change of either makes Sphinx write every page
            "gen_additional_pages": [Path(builder.get_outfilename(name)) for name in
                                     ("search", *app.config.html_additional_pages)],
        }
        for method, files in outputs.items():
            setattr(builder, method, self._unless_unchanged(app, getattr(builder, method),
                                                            files))
        builder.load_indexer = self._unless_unchanged(  # type: ignore[method-assign]
            app, builder.load_indexer, [search_index], quiet=True)

    def _unless_unchanged(self, app: Sphinx, write: Callable[..., Any], outputs: list[Path],
                          quiet: bool = False) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            # load_indexer is given the pages to be written: in a build that changes
            # nothing, none (the other methods take no argument)
            if self.unchanged(app) and not any(args) and all(p.is_file() for p in outputs):
                if not quiet:
                    logger.info("kept as they are, as nothing changed: %s",
                                ", ".join(path.name for path in outputs))
                return None
            return write(*args)

        return run


def setup(app: Sphinx) -> None:
    if not within(__name__, TESTED):
        return
    activity = Activity()
    app.connect("builder-inited", activity.start)
    app.connect("env-get-outdated", activity.note_outdated)
    app.connect("doctree-resolved", activity.note_written)
