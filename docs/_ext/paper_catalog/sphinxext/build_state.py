"""The catalog during a Sphinx build: loaded once, tracked per page for rebuilds."""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sphinx.errors import SphinxError
from sphinx.util import logging

from .. import __version__
from ..errors import CatalogError
from ..model import Catalog
from ..paper_cache import Stamp, file_stamp
from ..plural import counted
from ..stored import read_stored, write_stored
from ..views import R, Request, select
from .run_state import CatalogSources, RunState

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import CatalogDomain

logger = logging.getLogger(__name__)

#: The library: the package's top-level modules.
LIBRARY = Path(__file__).resolve().parents[1]


class CatalogBuildError(SphinxError):
    """The catalog is invalid, so the site is not built.

    Each problem has been logged as an error at its file and line; this ends the build
    the way any Sphinx error does (``sphinx-build`` exits with status 2, a program that
    runs Sphinx gets the exception), with a one-line summary.
    """

    category = "Catalog error"

    def __init__(self, error: CatalogError) -> None:
        count = len(error.problems)
        super().__init__(f"{counted(count, 'problem')} in the catalog "
                         "(listed above); the site was not built.")
        self.problems = error.problems


class _FileLocation(str):
    """A catalog file as a log location, shown as written: Sphinx takes a location without
    ':' (a file without a line) for a page name and makes it ``<srcdir>/<name>.rst``."""

    __slots__ = ()

    def __contains__(self, text: object) -> bool:
        return text == ":" or super().__contains__(text)  # type: ignore[operator]


def catalog_domain(env: BuildEnvironment) -> CatalogDomain:
    """The ``catalog`` domain, which keeps the build state: what outlives the build in its
    data, the rest in its ``run`` (see :mod:`.run_state`)."""
    return cast("CatalogDomain", env.get_domain("catalog"))


def run_state(env: BuildEnvironment) -> RunState:
    """What this build holds in memory and never pickles (see :mod:`.run_state`)."""
    return catalog_domain(env).run


def catalog_root(app: Sphinx) -> Path:
    path: str = app.config.catalog_path
    return (Path(app.confdir) / path).resolve()


@functools.cache
def library_digest(folder: Path = LIBRARY) -> str:
    """A digest of the library's source files (loader, model, formats): a new validation
    rule or a changed record makes every cached catalog stale."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def library_key() -> str:
    """The version and code of the library: what stored results were computed by."""
    return f"{__version__}\0{library_digest()}"


def catalog_fingerprint(root: Path, stamps: dict[str, Stamp] | None = None) -> str:
    """Changes whenever a catalog file is added, removed or its bytes change (whatever its
    size and times say), or the library's code or version changes; costs reading and
    hashing each file (see :func:`~paper_catalog.paper_cache.file_stamp`), not a parse.
    ``stamps``, when given, receives each paper file's stamp (for
    :func:`~paper_catalog.load.load_catalog`, which then need not read them again)."""
    entries: list[str] = []

    def scan(folder: str, prefix: str) -> None:
        try:
            found = os.scandir(folder)
        except OSError:  # unreadable: the loader says what is wrong with it
            entries.append(f"{prefix}\0unreadable")
            return
        with found:
            for entry in found:
                # links are not followed (the loader refuses them): no loop, no way out
                if entry.is_dir(follow_symlinks=False):
                    scan(entry.path, f"{prefix}{entry.name}/")
                    continue
                if entry.is_file(follow_symlinks=False):
                    content = file_stamp(entry.path)
                    if content is not None and stamps is not None and prefix == "papers/":
                        stamps[entry.name] = content
                    stamp = content or "unreadable"
                else:  # a link or a special file, which the loader refuses unread
                    stamp = f"{stat.S_IFMT(entry.stat(follow_symlinks=False).st_mode)}"
                entries.append(f"{prefix}{entry.name}\0{stamp}")

    if root.is_dir():  # a missing catalog is reported by the loader
        scan(str(root), "")
    entries.sort()
    return hashlib.sha256("\n".join([__version__, library_digest(), *entries]).encode()
                          ).hexdigest()


def _cached_catalog(cache: Path, fingerprint: str) -> Catalog | None:
    """The catalog validated by an earlier build of the same files, if there is one (see
    :mod:`paper_catalog.stored`: a cache of other files or other code is not read)."""
    catalog = read_stored(cache, fingerprint)
    return catalog if isinstance(catalog, Catalog) else None


def load_for_build(app: Sphinx) -> None:
    """``builder-inited``: read the catalog once for the whole build, or stop the build.

    A catalog whose files have not changed since the last build is taken from a cache in
    the doctree folder instead of being parsed and validated again, when the build first
    needs it (a build that changes nothing may not); when some changed, only the paper
    files that changed are read and checked on their own again (see
    :mod:`paper_catalog.paper_cache`), and the checks across papers run over all.
    """
    root = catalog_root(app)
    state = catalog_domain(app.env)
    stamps: dict[str, Stamp] = {}
    fingerprint = catalog_fingerprint(root, stamps)
    state.changed = state.fingerprint != fingerprint
    cache = Path(app.doctreedir) / "paper-catalog.pickle"
    sources = CatalogSources(root, cache, fingerprint, stamps)
    run = state.run = RunState(sources=sources)
    if state.changed:
        run.catalog = _load(*sources)
        state.fingerprint = fingerprint


def _load(root: Path, cache: Path, fingerprint: str, stamps: dict[str, Stamp]) -> Catalog:
    """The catalog from its cache, or loaded and validated (and cached); a catalog
    error is logged at each problem's file and line and stops the build. ``stamps``:
    the paper files' stamps that :func:`catalog_fingerprint` saw."""
    catalog = _cached_catalog(cache, fingerprint)
    if catalog is not None:
        return catalog
    from ..load import load_catalog  # not imported by builds served from the cache

    try:
        catalog = load_catalog(root, cache=cache.with_name("paper-catalog-files.pickle"),
                               cache_key=library_key(), stamps=stamps)
    except CatalogError as exc:
        for problem in exc.problems:
            where = f"{problem.file}:{problem.line}" if problem.line else problem.file
            message = str(problem).removeprefix(f"{where}: ")
            logger.error(message, location=_FileLocation(where), type="catalog",
                         subtype="invalid")
        raise CatalogBuildError(exc) from None
    write_stored(cache, fingerprint, catalog)
    return catalog


def catalog_of(env: BuildEnvironment) -> Catalog:
    """The catalog of this build (loaded from its cache on first use); KeyError if the
    build has not started."""
    run = run_state(env)
    if run.catalog is None:
        if run.sources is None:
            raise KeyError("the catalog of a build that has not started")
        run.catalog = _load(*run.sources)
    return run.catalog


def load_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the catalog, loaded before pages are read, so that pages
    read in parallel processes share it instead of each loading it."""
    if docnames:
        catalog_of(env)


def use(env: BuildEnvironment, request: Request[R]) -> R:
    """The answer to ``request`` for the current page; remembers what the page showed."""
    catalog = catalog_of(env)
    selection = select(catalog, request)
    catalog_domain(env).note_use(request, selection.digest)
    for name in sorted(selection.files):
        env.note_dependency(str(catalog.root / name))
    return selection.data


def note_written(env: BuildEnvironment, request: Request[Any]) -> None:
    """The current page shows the answer to ``request`` when it is written (see
    :func:`rewritten_pages`); no file dependency, as re-reading would not change it."""
    catalog_domain(env).note_use(request, written_digest(env, request))


def written_digest(env: BuildEnvironment, request: Request[Any]) -> str:
    """The digest of a written request's answer, computed once per build (the whole
    catalog's rows are shown on several pages, and parts of pages share answers too)."""
    digests = run_state(env).written_digests
    if request not in digests:
        digests[request] = select(catalog_of(env), request).digest
    return digests[request]


def rewritten_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: pages to write again, not read, as what their tables' rows show
    changed (a paper's title, say); their stored digests are brought up to date."""
    state = catalog_domain(env)
    if not state.changed:
        return []
    pages = []
    for docname, uses in state.usage.items():
        for request, digest in uses.items():
            if request.written:
                fresh = written_digest(env, request)
                if fresh != digest:
                    uses[request] = fresh
                    pages.append(docname)
    return sorted(set(pages))


def outdated_pages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                   removed: set[str]) -> list[str]:
    """``env-get-outdated``: pages whose catalog data changed, new papers included."""
    state = catalog_domain(env)
    if not state.changed:
        return []
    catalog = catalog_of(env)
    stale = []
    for docname, uses in state.usage.items():
        if docname in changed or docname in removed:
            continue
        for request, digest in uses.items():
            if request.written:  # see rewritten_pages
                continue
            try:
                fresh = select(catalog, request).digest
            except KeyError:  # a topic the page shows is gone: re-read to report it
                fresh = ""
            if fresh != digest:
                stale.append(docname)
                break
    return stale
