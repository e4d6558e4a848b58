"""A build's state is the build's own: it lives on the ``catalog`` domain, not in the
modules, so builds of two projects in one process share nothing, and the catalog is not
pickled with the environment."""

from __future__ import annotations

import shutil
import sys
import types
import weakref
from io import StringIO
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent / "roots"

#: Module-level caches that fill during a build, and why they hold no build's data.
PROCESS_CACHES = {
    # keyed by the folder of the library's source files: the same for every build
    "paper_catalog.sphinxext.build_state.library_digest",
    # the Jinja environment of the package's own templates, which no build changes
    "paper_catalog.sphinxext.paper_pages._templates",
}


def project(tmp_path: Path, name: str, title: str | None = None) -> Path:
    """A copy of ``test-catalog``; ``title``: TinyLLM's title there."""
    target = tmp_path / name
    shutil.copytree(ROOTS / "test-catalog", target)
    if title is not None:
        paper = target / "catalog" / "papers" / "tinyllm.yaml"
        paper.write_text(paper.read_text().replace(
            "TinyLLM: Quantized Language Models for Phones", title))
    return target


def build(srcdir: Path, **kwargs: Any) -> SphinxTestApp:
    syspath = sys.path.copy()
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO(),
                        **kwargs)
    try:
        app.build()
    finally:
        sys.path[:] = syspath
        app.cleanup()
    assert app.warning.getvalue() == ""
    return app


def module_state() -> dict[str, object]:
    """What the package's modules hold that a build could change: the contents of their
    containers and objects, and the size of their caches."""
    state: dict[str, object] = {}
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("paper_catalog"):
            continue
        for name, value in vars(module).items():
            key = f"{module_name}.{name}"
            if hasattr(value, "cache_info"):  # functools.cache and lru_cache
                state[key] = ("cache", value.cache_info().currsize)
            elif isinstance(value, (weakref.WeakKeyDictionary, weakref.WeakValueDictionary,
                                    weakref.WeakSet)):
                state[key] = ("weak", dict(value.items()) if hasattr(value, "items")
                              else set(value))
            elif isinstance(value, (types.ModuleType, type, types.FunctionType,
                                    types.BuiltinFunctionType)) or callable(value):
                continue
            elif (isinstance(value, (dict, list, set, bytearray))
                  or type(value).__module__ == "itertools"):  # containers, counters
                state[key] = repr(value)
            elif hasattr(value, "__dict__"):
                state[key] = repr(vars(value))
    return state


def test_no_module_holds_the_state_of_a_build(tmp_path: Path) -> None:
    build(project(tmp_path, "first"))  # every module of the build imported, caches filled
    before = module_state()
    during: list[dict[str, object]] = []

    def snapshot(app: Any, pagename: str, *args: object) -> None:
        if pagename == "all":  # its table's rows are written, not yet in the page
            during.append(module_state())

    second = project(tmp_path, "second", title="Second Project's Own Title")
    syspath = sys.path.copy()
    app = SphinxTestApp("html", srcdir=second, status=StringIO(), warning=StringIO())
    app.connect("html-page-context", snapshot, priority=1)
    try:
        app.build()
    finally:
        sys.path[:] = syspath
        app.cleanup()
    assert len(during) == 1
    after = module_state()
    for seen in (during[0], after):
        changed = sorted(key for key in seen.keys() | before.keys()
                         if seen.get(key) != before.get(key) and key not in PROCESS_CACHES)
        assert changed == []
    weak = sorted(key for key, value in after.items()
                  if isinstance(value, tuple) and value[0] == "weak")
    assert weak == []


def test_two_projects_built_in_one_process_share_nothing(tmp_path: Path) -> None:
    first = build(project(tmp_path, "first", title="First Project's Title"))
    second = build(project(tmp_path, "second", title="Second Project's Title"))
    one = (Path(first.outdir) / "all.html").read_text(encoding="utf-8")
    two = (Path(second.outdir) / "all.html").read_text(encoding="utf-8")
    assert "First Project&#39;s Title" in one or "First Project's Title" in one
    assert "Second Project" not in one
    assert "Second Project&#39;s Title" in two or "Second Project's Title" in two
    assert "First Project" not in two
    runs = [app.env.get_domain("catalog").run for app in (first, second)]  # type: ignore[attr-defined]
    assert runs[0] is not runs[1]
    assert runs[0].catalog is not runs[1].catalog


def test_the_pickled_environment_holds_no_catalog(tmp_path: Path) -> None:
    for parallel in (0, 2):
        app = build(project(tmp_path, f"site-{parallel}"), parallel=parallel)
        pickled = (Path(app.doctreedir) / "environment.pickle").read_bytes()
        assert b"paper_catalog.model" not in pickled
        assert b"paper_catalog.sphinxext.run_state" not in pickled
