"""A built copy of the ``test-catalog`` project, shared by the read-only tests of a module."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent / "roots"


@contextmanager
def built_project(target: Path, prepare: Callable[[Path], None] | None = None,
                  builder: str = "html") -> Iterator[SphinxTestApp]:
    """Copy ``test-catalog`` to ``target``, let ``prepare`` edit it, build it once.

    For a module-scoped fixture: the tests that use it only read the output.
    """
    shutil.copytree(ROOTS / "test-catalog", target)
    if prepare is not None:
        prepare(target)
    syspath = sys.path.copy()
    app = SphinxTestApp(builder, srcdir=target, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        # Sphinx's global registrations are undone now, so that the other builds of the
        # module start clean; the output, the environment and the warnings stay readable
        sys.path[:] = syspath
        app.cleanup()
    yield app


def build_again(project: Path, force_all: bool = False) -> SphinxTestApp:
    """Build a project of :func:`built_project` again (only what changed, unless
    ``force_all``); its output and environment stay readable."""
    app = SphinxTestApp("html", srcdir=project)
    try:
        app.build(force_all=force_all)
    finally:
        app.cleanup()
    return app
