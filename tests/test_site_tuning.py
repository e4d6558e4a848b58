"""The site's opt-in tuning (``site_tuning``): what each patch does within the versions it
was tested with, and that outside them it is off, saying so in one line."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from test_rebuild import assert_same_site, build, clean_copy

from site_tuning import (
    collection,
    og_title,
    sitemap_pages,
    template_cache,
    theme_guard,
    unchanged_build,
    versions,
)
from site_tuning.collection import YOUNGEST_THRESHOLD

#: The patches that name the versions they were tested with.
PATCHES = (collection, og_title, sitemap_pages, template_cache, theme_guard,
           unchanged_build)


@pytest.fixture
def tuned_project(catalog_project: Path) -> Path:
    """The test project with the tuning extension."""
    conf = catalog_project / "conf.py"
    conf.write_text(conf.read_text().replace('"paper_catalog"]',
                                             '"paper_catalog", "site_tuning"]'))
    assert "site_tuning" in conf.read_text()
    return catalog_project


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector's settings are restored after the test, whatever it did."""
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()


def build_watching_gc(make_app, project: Path, fail: bool = False) -> list[tuple[int, int]]:
    """Build ``project``; the collector's youngest threshold and frozen count as each
    page was read. With ``fail``, the build stops with an error after reading."""
    app = make_app("html", srcdir=project)
    seen: list[tuple[int, int]] = []
    app.connect("doctree-read",
                lambda app, doctree: seen.append((gc.get_threshold()[0], gc.get_freeze_count())))
    if fail:
        def stop(app, env) -> None:  # type: ignore[no-untyped-def]
            raise RuntimeError("stopped")
        app.connect("env-updated", stop)
        with pytest.raises(Exception, match="stopped"):
            app.build()
    else:
        app.build()
    return seen


#: conf.py lines that write the collector's youngest threshold as the builder starts,
#: before the catalog is loaded, to ``threshold-at-start.txt`` beside it.
THRESHOLD_AT_START = """
import gc
def setup(app):
    def note(app):
        (app.srcdir / "threshold-at-start.txt").write_text(str(gc.get_threshold()[0]))
    app.connect("builder-inited", note, priority=1)
"""


@pytest.mark.usefixtures("collector")
@pytest.mark.parametrize("fail", [False, True])
def test_the_collector_is_tuned_during_a_build_and_restored_after(
        make_app, tuned_project: Path, fail: bool) -> None:
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    conf = tuned_project / "conf.py"
    conf.write_text(conf.read_text() + THRESHOLD_AT_START)
    seen = build_watching_gc(make_app, tuned_project, fail)
    # already while the environment and the catalog were loaded
    assert (tuned_project / "threshold-at-start.txt").read_text() == str(YOUNGEST_THRESHOLD)
    assert seen and all(threshold == YOUNGEST_THRESHOLD and frozen > 0
                        for threshold, frozen in seen)
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector")
def test_a_program_that_froze_objects_gets_nothing_more_frozen(
        make_app, tuned_project: Path) -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    seen = build_watching_gc(make_app, tuned_project)
    # (frozen objects that the program drops leave the count: it can only go down)
    assert seen and all(threshold == YOUNGEST_THRESHOLD and count <= frozen
                        for threshold, count in seen)
    assert gc.get_freeze_count() <= frozen


#: conf.py lines that write, once the build is over, how many objects are frozen and
#: whether Python's collector is enabled, to ``frozen-at-end.txt`` beside it.
FROZEN_AT_END = """
import gc
def setup(app):
    def note(app, exception):
        (app.srcdir / "frozen-at-end.txt").write_text(str(gc.get_freeze_count()))
    app.connect("build-finished", note, priority=1000)
"""


def test_sphinx_build_leaves_the_builds_objects_frozen_for_its_exit(
        tuned_project: Path, tmp_path: Path) -> None:
    """In ``python -m sphinx``, which ends with its build, what the build made stays
    frozen when it finishes (an in-process build unfreezes it: see above)."""
    from site_build import sphinx_build

    conf = tuned_project / "conf.py"
    conf.write_text(conf.read_text() + FROZEN_AT_END)
    run = sphinx_build("-q", "-b", "html", tuned_project, tmp_path / "out")
    assert run.returncode == 0, run.stderr
    assert int((tuned_project / "frozen-at-end.txt").read_text()) > 10_000
    conf.write_text(conf.read_text().replace('"site_tuning"]', "]"))
    run = sphinx_build("-q", "-b", "html", tuned_project, tmp_path / "out-untuned")
    assert run.returncode == 0, run.stderr
    assert (tuned_project / "frozen-at-end.txt").read_text() == "0"


@pytest.mark.parametrize(("argv0", "ends"), [("/venv/bin/sphinx-build", True),
                                             ("/venv/Scripts/sphinx-build.exe", True),
                                             ("/venv/bin/pytest", False),
                                             ("/venv/bin/sphinx-autobuild", False)])
def test_the_sphinx_build_script_is_told_from_other_programs(
        monkeypatch: pytest.MonkeyPatch, argv0: str, ends: bool) -> None:
    import types

    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    monkeypatch.setattr(sys, "argv", [argv0, "docs", "out"])
    assert collection.ends_with_build() is ends


#: What an HTML build writes for the whole site at its end.
SITE_WIDE = ("genindex.html", "searchindex.js", "objects.inv", "search.html")


@pytest.fixture
def first_build(make_app, tuned_project: Path) -> SphinxTestApp:
    return build(make_app, tuned_project)[0]


def test_a_no_change_rebuild_keeps_the_site_wide_files(
        make_app, first_build: SphinxTestApp, tuned_project: Path, tmp_path: Path) -> None:
    out = Path(first_build.outdir)
    before = {name: (out / name).stat().st_mtime_ns for name in SITE_WIDE}
    build(make_app, tuned_project)
    assert {name: (out / name).stat().st_mtime_ns for name in SITE_WIDE} == before
    assert_same_site(out, clean_copy(make_app, tuned_project, tmp_path, "c"))


def test_a_no_change_rebuild_does_not_load_the_catalog(
        make_app, first_build: SphinxTestApp, tuned_project: Path, monkeypatch) -> None:
    """With the site-wide files kept, nothing else of a no-change rebuild needs the catalog
    (the by-author list, the feeds, the pages' heads)."""
    from paper_catalog.sphinxext import build_state

    loads: list[Path] = []
    real = build_state._cached_catalog
    monkeypatch.setattr(build_state, "_cached_catalog",
                        lambda cache, fingerprint: loads.append(cache) or real(cache, fingerprint))
    build(make_app, tuned_project)
    assert loads == []


@pytest.mark.parametrize("change", ["edit a paper", "remove a page", "delete the index"])
def test_any_change_writes_the_site_wide_files_again(
        make_app, first_build: SphinxTestApp, tuned_project: Path, tmp_path: Path,
        change: str) -> None:
    out = Path(first_build.outdir)
    if change == "edit a paper":
        paper = tuned_project / "catalog" / "papers" / "sparse-cut.yaml"
        paper.write_text(paper.read_text().replace("at Scale", "at a Larger Scale"))
    elif change == "remove a page":
        (tuned_project / "rst-page.rst").unlink()
    else:
        (out / "genindex.html").unlink()
    before = {name: (out / name).stat().st_mtime_ns for name in SITE_WIDE
              if (out / name).exists()}
    build(make_app, tuned_project)
    after = {name: (out / name).stat().st_mtime_ns for name in SITE_WIDE}
    assert [name for name in before if after[name] == before[name]] == (
        ["searchindex.js", "objects.inv", "search.html"] if change == "delete the index"
        else [])
    if change == "remove a page":  # still in the home page's table of contents
        assert '"rst-page"' not in (out / "searchindex.js").read_text()
    else:
        assert_same_site(out, clean_copy(make_app, tuned_project, tmp_path, "c"))


def test_a_rebuild_reuses_the_compiled_page_templates(
        make_app, first_build: SphinxTestApp, tuned_project: Path, monkeypatch) -> None:
    from jinja2 import Environment

    assert list(Path(first_build.doctreedir).glob("templates-sphinx*-jinja*/*.cache"))
    compiled: list[str] = []
    real = Environment.compile

    def compile_(self: Environment, source: str, name: str | None = None, *args, **kwargs):
        compiled.append(str(name))
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", compile_)
    paper = tuned_project / "catalog" / "papers" / "sparse-cut.yaml"
    paper.write_text(paper.read_text().replace("at Scale", "at a Larger Scale"))
    written: set[str] = set()
    build(make_app, tuned_project, written=written)
    assert "topics/pruning" in written
    # (templates made from strings, which have no name, are not cached by Jinja)
    assert [name for name in compiled if name != "None"] == []


def test_each_patch_names_the_versions_it_was_tested_with() -> None:
    for patch in PATCHES:
        assert patch.TESTED, patch.__name__
        assert all("<" in spec and ">=" in spec for spec in patch.TESTED.values())


@pytest.mark.usefixtures("collector")
@pytest.mark.parametrize("patch", PATCHES, ids=lambda p: p.__name__.rpartition(".")[2])
def test_outside_its_tested_versions_a_patch_is_off_and_says_so_once(
        make_app, tuned_project: Path, monkeypatch: pytest.MonkeyPatch, patch) -> None:
    moved = next(iter(patch.TESTED))  # the first distribution it names, tested elsewhere
    monkeypatch.setitem(patch.TESTED, moved, ">=99.0,<100")
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    app = make_app("html", srcdir=tuned_project)
    connected = [listener.handler for listeners in app.events.listeners.values()
                 for listener in listeners
                 if getattr(listener.handler, "__module__", "") == patch.__name__]
    assert connected == []
    thresholds: set[int] = set()
    app.connect("doctree-read", lambda app, doctree: thresholds.add(gc.get_threshold()[0]))
    app.build()
    lines = [line for line in strip_colors(app.status.getvalue()).splitlines()
             if "site_tuning:" in line]
    assert lines == [f"site_tuning: {patch.__name__} is off: {moved} "
                     f"{versions.installed(moved)} (tested: >=99.0,<100)"]
    if patch is collection:  # not even during the build
        assert thresholds == {700} and gc.get_freeze_count() == 0
    if patch is template_cache:
        assert not list(Path(app.doctreedir).glob("templates-*"))
    assert strip_colors(app.warning.getvalue()) == ""


def test_within_its_tested_versions_no_patch_says_anything(make_app,
                                                           tuned_project: Path) -> None:
    app = make_app("html", srcdir=tuned_project)
    app.build()
    assert "site_tuning:" not in strip_colors(app.status.getvalue())


def test_the_sitemap_is_written_for_a_project_without_the_catalog(
        make_app, tmp_path: Path) -> None:
    project = tmp_path / "plain"
    project.mkdir()
    (project / "conf.py").write_text(
        'extensions = ["site_tuning", "sphinx_sitemap"]\n'
        'html_baseurl = "https://example.org/"\n')
    (project / "index.rst").write_text("Plain\n=====\n\nNo catalog here.\n")
    app = make_app("html", srcdir=project)
    app.build()
    assert "/index.html</loc>" in (Path(app.outdir) / "sitemap.xml").read_text()


@pytest.mark.parametrize("parallel", [0, 2])
def test_the_sitemap_lists_every_page_with_an_in_process_queue(
        make_app, tmp_path: Path, parallel: int) -> None:
    """sphinx-sitemap's queue lives in its own process; the patch swaps it for one in the
    build's process, and the pages that parallel workers write are still listed."""
    project = tmp_path / "plain"
    project.mkdir()
    (project / "conf.py").write_text(
        'extensions = ["site_tuning", "sphinx_sitemap"]\n'
        'html_baseurl = "https://example.org/"\n')
    names = [f"page{i}" for i in range(6)]
    toctree = "\n".join(f"   {name}" for name in names)
    (project / "index.rst").write_text(f"Home\n====\n\n.. toctree::\n\n{toctree}\n")
    for name in names:
        (project / f"{name}.rst").write_text(f"{name}\n{'=' * len(name)}\n\nText.\n")
    app = make_app("html", srcdir=project, parallel=parallel)
    app.build()
    import queue

    assert isinstance(app.sitemap_links, queue.Queue)
    sitemap = (Path(app.outdir) / "sitemap.xml").read_text()
    for name in ["index", *names, "genindex", "search"]:
        assert f"/{name}.html</loc>" in sitemap


#: A page title as catalog text can make it: quotes, and entities and markup as text.
HOSTILE_PAGE_TITLE = 'Pruning "dq" &quot;ent&quot; &lt;b&gt;lt&lt;/b&gt; <i>raw</i> <img src=x>'


def _og_title(html: str) -> str | None:
    """The content of the page's og:title tag, as a browser reads it."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Meta(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            if tag == "meta" and values.get("property") == "og:title":
                found.append(values.get("content") or "")

    Meta().feed(html)
    return found[0] if found else None


@pytest.mark.parametrize("tuned", [True, False])
def test_the_open_graph_title_reads_as_the_page_title(make_app, tmp_path: Path,
                                                      tuned: bool) -> None:
    project = tmp_path / "og"
    project.mkdir()
    extensions = ["sphinxext.opengraph", *(["site_tuning"] if tuned else [])]
    (project / "conf.py").write_text(f"extensions = {extensions!r}\n"
                                     'ogp_site_url = "https://example.org/"\n'
                                     'ogp_social_cards = {"enable": False}\n'
                                     "smartquotes = False\n")
    heading = HOSTILE_PAGE_TITLE
    (project / "index.rst").write_text(f"{heading}\n{'=' * len(heading)}\n\nText.\n")
    app = make_app("html", srcdir=project)
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    if tuned:
        assert _og_title(html) == HOSTILE_PAGE_TITLE
        assert "<img src=x>" not in html.split("<body")[0]
    else:  # what sphinxext-opengraph alone writes: the title's entities read as characters
        assert _og_title(html) != HOSTILE_PAGE_TITLE
