"""Incremental, parallel and repeated builds give the same site as a clean build."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

#: Build bookkeeping, not site content.
IGNORED = {".buildinfo", ".buildinfo.bak"}

NEW_PAPER = """title: "Fresh Pruning Results"
year: 2024
added: 2026-11-26
venue: arxiv
url: https://example.org/fresh
topics:
  pruning: Structured pruning
"""


def site_files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): _content(p) for p in sorted(outdir.rglob("*"))
            if p.is_file() and p.name not in IGNORED and ".doctrees" not in p.parts}


def _content(path: Path) -> bytes:
    if path.name != "searchindex.js":
        return path.read_bytes()
    # Sphinx itself drops the index entries of pages it does not rewrite from the search
    # index of an incremental build (sphinx-doc/sphinx#12599): compare the rest.
    text = path.read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    index.pop("indexentries")
    # and it keeps words of removed text as empty entries, which match nothing
    for key in ("terms", "titleterms"):
        index[key] = {word: docs for word, docs in index[key].items() if docs != []}
    return json.dumps(index, sort_keys=True).encode()


def assert_same_site(left: Path, right: Path) -> None:
    a, b = site_files(left), site_files(right)
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert differing == []


def build(make_app, srcdir: Path, outdir: Path | None = None,
          written: set[str] | None = None, **kwargs) -> tuple[SphinxTestApp, set[str]]:
    """Build ``srcdir``; return the app and the documents that were (re-)read; the
    documents written go to ``written``."""
    kwargs.setdefault("builddir", outdir or srcdir / "_build")
    app = make_app("html", srcdir=srcdir, **kwargs)
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    if written is not None:
        app.connect("doctree-resolved", lambda app, doctree, docname: written.add(docname))
    try:
        app.build()
    finally:
        app.cleanup()  # so that the next app in this test starts from a clean registry
    assert app.warning.getvalue() == ""
    return app, read


def clean_copy(make_app, project: Path, tmp_path: Path, name: str) -> Path:
    """A clean build of ``project``'s current sources; returns its HTML folder."""
    copy = tmp_path / name
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("_build"))
    app, _ = build(make_app, copy)
    return Path(app.outdir)


@pytest.fixture
def first_build(make_app, catalog_project: Path) -> SphinxTestApp:
    return build(make_app, catalog_project)[0]


def test_editing_a_paper_rewrites_only_the_pages_that_show_it(
        make_app, first_build: SphinxTestApp, catalog_project: Path, tmp_path: Path) -> None:
    paper = catalog_project / "catalog" / "papers" / "sparse-cut.yaml"
    paper.write_text(paper.read_text().replace("Sparse Cut: Pruning at Scale",
                                               "Sparse Cut: Pruning at a Larger Scale"))
    written: set[str] = set()
    app, read = build(make_app, catalog_project, written=written)
    # the pages that show it, and (as Sphinx does for any page it writes) the pages whose
    # table of contents lists one of them: pruning's parents
    assert written == {"topics/pruning", "all", "browse", "rst-page",
                       "topics/compression", "index"}
    # re-read: the paper's home page, where the general index lists its title, and the
    # page that mentions it; the others only draw its row again
    assert read == {"topics/pruning", "rst-page"}
    html = (Path(app.outdir) / "topics" / "pruning.html").read_text()
    assert "Sparse Cut: Pruning at a Larger Scale" in html
    assert_same_site(Path(app.outdir), clean_copy(make_app, catalog_project, tmp_path, "c"))


def test_adding_a_paper_rereads_its_pages_and_the_counts(
        make_app, first_build: SphinxTestApp, catalog_project: Path, tmp_path: Path) -> None:
    (catalog_project / "catalog" / "papers" / "fresh-pruning.yaml").write_text(NEW_PAPER)
    app, read = build(make_app, catalog_project)
    # the pruning table, the cards and downloads that count papers, the chart, the lists
    assert read == {"topics/pruning", "topics/compression", "topics/inference", "index",
                    "all", "browse", "rst-page", "metrics"}
    assert 'id="row-fresh-pruning"' in (Path(app.outdir) / "topics/pruning.html").read_text()
    assert_same_site(Path(app.outdir), clean_copy(make_app, catalog_project, tmp_path, "c"))


def test_removing_a_paper_leaves_no_trace(
        make_app, first_build: SphinxTestApp, catalog_project: Path, tmp_path: Path) -> None:
    (catalog_project / "catalog" / "papers" / "old-quant.yaml").unlink()
    app, _ = build(make_app, catalog_project)
    out = Path(app.outdir)
    assert "old-quant" not in (out / "topics/quantization.html").read_text()
    assert "old-quant" not in (out / "all.html").read_text()
    assert_same_site(out, clean_copy(make_app, catalog_project, tmp_path, "c"))


def test_no_change_rebuild_reads_nothing(make_app, first_build: SphinxTestApp,
                                         catalog_project: Path) -> None:
    written: set[str] = set()
    _, read = build(make_app, catalog_project, written=written)
    assert read == set()
    assert written == set()


def test_editing_a_venue_rewrites_the_rows_that_show_it(
        make_app, first_build: SphinxTestApp, catalog_project: Path, tmp_path: Path) -> None:
    venues = catalog_project / "catalog" / "venues.yaml"
    venues.write_text(venues.read_text().replace("International Conference on Machine "
                                                 "Learning", "Intl. Conf. on Machine Learning"))
    written: set[str] = set()
    app, _ = build(make_app, catalog_project, written=written)
    assert {"topics/quantization", "all", "browse"} <= written
    html = (Path(app.outdir) / "all.html").read_text()
    assert '<abbr title="Intl. Conf. on Machine Learning">ICML</abbr>' in html
    assert_same_site(Path(app.outdir), clean_copy(make_app, catalog_project, tmp_path, "c"))


def test_parallel_build_equals_serial_build(make_app, catalog_project: Path,
                                            tmp_path: Path) -> None:
    serial, _ = build(make_app, catalog_project, tmp_path / "serial")
    parallel, _ = build(make_app, catalog_project, tmp_path / "parallel", parallel=2)
    assert_same_site(Path(serial.outdir), Path(parallel.outdir))


def test_pages_read_in_parallel_share_one_catalog_load(
        make_app, first_build: SphinxTestApp, catalog_project: Path, tmp_path: Path,
        monkeypatch) -> None:
    from paper_catalog.sphinxext import build_state

    loads = tmp_path / "loads"
    real = build_state._load

    def counted(*args):  # type: ignore[no-untyped-def]
        with loads.open("a") as log:  # a file: the reading processes are forks
            log.write("load\n")
        return real(*args)

    monkeypatch.setattr(build_state, "_load", counted)
    for page in ("all.md", "browse.md", "metrics.md", "index.md"):
        (catalog_project / page).touch()  # pages to read; the catalog is unchanged
    _, read = build(make_app, catalog_project, parallel=2)
    assert len(read) == 4
    assert loads.read_text() == "load\n"


def test_two_clean_builds_are_byte_identical(make_app, catalog_project: Path,
                                             tmp_path: Path) -> None:
    one, _ = build(make_app, catalog_project, tmp_path / "one")
    two, _ = build(make_app, catalog_project, tmp_path / "two")
    assert_same_site(Path(one.outdir), Path(two.outdir))


def test_unchanged_catalog_is_not_parsed_again(make_app, first_build: SphinxTestApp,
                                               catalog_project: Path, monkeypatch) -> None:
    from paper_catalog import load

    calls: list[Path] = []
    real = load.load_catalog
    monkeypatch.setattr(load, "load_catalog",
                        lambda root, **kw: calls.append(root) or real(root, **kw))
    bib = Path(first_build.outdir) / "_catalog" / "papers.bib"
    written = bib.stat().st_mtime_ns
    build(make_app, catalog_project)
    assert calls == []
    assert bib.stat().st_mtime_ns == written  # the exports were not rewritten
    paper = catalog_project / "catalog" / "papers" / "tinyllm.yaml"
    paper.write_text(paper.read_text().replace("Phones", "Watches"))
    app, _ = build(make_app, catalog_project)
    assert len(calls) == 1
    assert "Watches" in (Path(app.outdir) / "_catalog" / "papers.bib").read_text()


def test_standard_labels_are_set_again_only_after_a_change(
        make_app, first_build: SphinxTestApp, catalog_project: Path, monkeypatch) -> None:
    from paper_catalog.sphinxext import labels

    seen: list[str] = []
    real = labels.is_paper_label
    monkeypatch.setattr(labels, "is_paper_label", lambda name: seen.append(name) or real(name))
    inventory = (Path(first_build.outdir) / "objects.inv").read_bytes()
    app, _ = build(make_app, catalog_project)
    assert seen == []
    assert (Path(app.outdir) / "objects.inv").read_bytes() == inventory
    page = catalog_project / "browse.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    app, _ = build(make_app, catalog_project)
    assert "paper-tinyllm" in seen
    assert (Path(app.outdir) / "objects.inv").read_bytes() == inventory


@pytest.mark.parametrize("edit", ["paper", "venue", "damaged store"])
def test_bibtex_entries_and_json_records_are_made_again_only_for_what_changed(
        make_app, first_build: SphinxTestApp, catalog_project: Path, tmp_path: Path,
        monkeypatch, edit: str) -> None:
    from paper_catalog import bibtex, json_export

    written: list[str] = []
    records: list[str] = []
    real = bibtex.paper_bibtex
    monkeypatch.setattr(bibtex, "paper_bibtex",
                        lambda catalog, paper: written.append(paper.id) or real(catalog, paper))
    real_record = json_export.paper_json
    monkeypatch.setattr(json_export, "paper_json",
                        lambda paper: records.append(paper.id) or real_record(paper))
    if edit == "paper":
        paper = catalog_project / "catalog" / "papers" / "tinyllm.yaml"
        paper.write_text(paper.read_text().replace("Phones", "Watches"))
        expected = ["tinyllm"]
    elif edit == "venue":  # the venue of TinyLLM and OldQuant
        venues = catalog_project / "catalog" / "venues.yaml"
        venues.write_text(venues.read_text().replace("International Conference on Machine "
                                                     "Learning", "Intl. Conf. on ML"))
        expected = ["old-quant", "tinyllm"]
    else:
        store = Path(first_build.doctreedir) / "paper-catalog-entries.pickle"
        store.write_bytes(b"not a pickle")
        paper = catalog_project / "catalog" / "papers" / "tinyllm.yaml"
        paper.write_text(paper.read_text() + "# a comment: the paper is the same\n")
        expected = ["old-quant", "script-title", "sparse-cut", "tinyllm"]
    app, _ = build(make_app, catalog_project)
    assert sorted(written) == sorted(records) == expected
    assert_same_site(Path(app.outdir), clean_copy(make_app, catalog_project, tmp_path, "c"))


def test_build_state_lives_in_the_catalog_domain(make_app, first_build: SphinxTestApp,
                                                 catalog_project: Path) -> None:
    env = first_build.env
    assert not any(name.startswith("catalog_") for name in vars(env))
    state = env.domaindata["catalog"]
    assert "topics/pruning" in state["usage"]
    assert state["fingerprint"] and state["changed"] is True
    (catalog_project / "rst-page.rst").unlink()
    app, read = build(make_app, catalog_project)
    state = app.env.domaindata["catalog"]
    assert read == set()
    assert "rst-page" not in state["usage"]  # the removed page's uses are cleared
    assert "topics/pruning" in state["usage"]
    assert state["changed"] is False


@pytest.mark.parametrize("damage", [
    b"not a pickle",
    b"",
    # a pickle of a class that no longer exists
    b"\x80\x04\x95\x1c\x00\x00\x00\x00\x00\x00\x00\x8c\x0bgone_module\x94\x8c\x04Gone\x94\x93\x94.",
    pickle.dumps(("fingerprint", "not a catalog")),
])
def test_a_cache_that_cannot_be_read_back_is_ignored(
        make_app, first_build: SphinxTestApp, catalog_project: Path, damage: bytes) -> None:
    cache = Path(first_build.doctreedir) / "paper-catalog.pickle"
    cache.write_bytes(damage)
    paper = catalog_project / "catalog" / "papers" / "tinyllm.yaml"
    paper.write_text(paper.read_text().replace("Phones", "Watches"))
    app, _ = build(make_app, catalog_project)
    assert "Watches" in (Path(app.outdir) / "_catalog" / "papers.bib").read_text()


def test_a_cache_cut_after_its_fingerprint_is_ignored(
        make_app, first_build: SphinxTestApp, catalog_project: Path, monkeypatch) -> None:
    from paper_catalog import load

    cache = Path(first_build.doctreedir) / "paper-catalog.pickle"
    with cache.open("rb") as stream:
        fingerprint = pickle.load(stream)
    cache.write_bytes(pickle.dumps(fingerprint))  # the right fingerprint, no catalog
    calls: list[Path] = []
    real = load.load_catalog
    monkeypatch.setattr(load, "load_catalog",
                        lambda root, **kw: calls.append(root) or real(root, **kw))
    (catalog_project / "all.md").touch()  # a page to read, which needs the catalog
    app, read = build(make_app, catalog_project)
    assert read == {"all"}
    assert len(calls) == 1
    assert 'id="row-tinyllm"' in (Path(app.outdir) / "all.html").read_text()


def test_a_change_of_the_library_code_loads_the_catalog_again(
        make_app, first_build: SphinxTestApp, catalog_project: Path, monkeypatch) -> None:
    from paper_catalog import load
    from paper_catalog.sphinxext import build_state

    calls: list[Path] = []
    real = load.load_catalog
    monkeypatch.setattr(load, "load_catalog",
                        lambda root, **kw: calls.append(root) or real(root, **kw))
    monkeypatch.setattr(build_state, "library_digest", lambda: "a new validation rule")
    build(make_app, catalog_project)
    assert len(calls) == 1


def test_the_library_digest_follows_its_source_files(tmp_path: Path) -> None:
    from paper_catalog.sphinxext.build_state import LIBRARY, library_digest

    copy = tmp_path / "library"
    shutil.copytree(LIBRARY, copy, ignore=shutil.ignore_patterns("readme", "sphinxext"))
    before = library_digest(copy)
    assert before == library_digest.__wrapped__(LIBRARY)
    load = copy / "load.py"
    load.write_text(load.read_text() + "\n# a new rule\n")
    assert library_digest.__wrapped__(copy) != before


def test_a_page_that_failed_on_an_unknown_id_is_read_again_once_the_id_exists(
        make_app, catalog_project: Path) -> None:
    page = catalog_project / "by-venue.md"
    page.write_text("# By venue\n\n```{catalog-table}\n:venue: newvenue\n```\n")
    index = catalog_project / "index.md"
    index.write_text(index.read_text().replace("rst-page\n", "rst-page\nby-venue\n"))
    app = make_app("html", srcdir=catalog_project, builddir=catalog_project / "_build")
    app.build()
    assert "unknown venue id 'newvenue' (see catalog/venues.yaml)" in app.warning.getvalue()
    app.cleanup()

    venues = catalog_project / "catalog" / "venues.yaml"
    venues.write_text(venues.read_text() + "  - id: newvenue\n    short: NewVenue\n"
                      "    name: A New Venue\n    kind: conference\n")
    app, read = build(make_app, catalog_project)  # no warning left
    assert "by-venue" in read
    assert "catalog-table" in (Path(app.outdir) / "by-venue.html").read_text()


def test_the_domain_lists_its_objects_once_while_it_stays_the_same(
        make_app, first_build: SphinxTestApp, monkeypatch) -> None:
    """The inventory and the search index both ask for the catalog domain's objects:
    they are listed once, and again after the domain changed."""
    domain = first_build.env.get_domain("catalog")
    listed: list[int] = []
    real = type(domain)._objects
    monkeypatch.setattr(type(domain), "_objects",
                        lambda self, catalog: listed.append(1) or real(self, catalog))
    domain.run.objects = None
    first = list(domain.get_objects())
    assert any(name == "tinyllm" for name, *_ in first)
    assert list(domain.get_objects()) == first and len(listed) == 1
    page = domain.papers["tinyllm"]
    for docname in list(page):
        domain.clear_doc(docname)
    after = list(domain.get_objects())
    assert len(listed) == 2
    assert not any(name == "tinyllm" for name, *_ in after)
