"""Whole-catalog tables split into parts: the pages, their pager and rows, the group index,
what one edit rewrites, stale parts, the builders that do not split, and the catalog's
data file (its content and that no catalog text can break out of it)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from paper_catalog.load import load_catalog
from paper_catalog.sphinxext.catalog_data import GLOBAL, PATH, catalog_data, script_text
from paper_catalog.sphinxext.parts import partition

#: Two rows a part: the test catalog's four papers make two parts of the all-papers page.
SPLIT_CONF = "\ncatalog_rows_per_part = 2\n"
#: A browse page with its group index, to check where the index links.
INDEXED = "# By keyword\n\n```{catalog-browse} keyword\n:index:\n```\n"
SPLIT_TABLE = re.compile(r'<table class="[^"]*catalog-table--split[^"]*">.*?</table>', re.S)
HOSTILE_TITLE = "</script><script>alert(1)</script>\u2028 & more"


def prepare(project: Path, bound: int = 2) -> Path:
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\ncatalog_rows_per_part = {bound}\n")
    (project / "bykw.md").write_text(INDEXED, encoding="utf-8")
    index = project / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("all\n", "all\nbykw\n", 1),
                     encoding="utf-8")
    return project


def build(make_app, srcdir: Path, builder: str = "html", written: set[str] | None = None,
          **kwargs) -> SphinxTestApp:
    app = make_app(builder, srcdir=srcdir, builddir=srcdir / "_build", **kwargs)
    if written is not None:
        app.connect("doctree-resolved", lambda app, doctree, docname: written.add(docname))
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = app.warning.getvalue()
    assert "catalog" not in warnings and "ERROR" not in warnings, warnings
    return app


def cited(html: str) -> list[str]:
    """The papers whose rows the split tables of ``html`` show, by their cite link."""
    return [pid for table in SPLIT_TABLE.findall(html)
            for pid in re.findall(r'href="(?:\.\./)*papers/([\w-]+)(?:\.html|/)"', table)]


@pytest.fixture
def split_site(make_app, catalog_project: Path) -> Path:
    return Path(build(make_app, prepare(catalog_project)).outdir)


def test_partition_cuts_rows_in_order_across_tables() -> None:
    assert partition([3, 1, 2], 2) == [[(0, 0, 2)], [(0, 2, 3), (1, 0, 1)], [(2, 0, 2)]]
    assert partition([3], 5) == [[(0, 0, 3)]]
    assert partition([3], 0) == [[(0, 0, 3)]]


def test_each_paper_is_on_exactly_one_part_with_a_pager_on_every_part(
        split_site: Path) -> None:
    pages = [split_site / "all.html", split_site / "all-2.html"]
    assert not (split_site / "all-3.html").exists()
    shown = [cited(page.read_text(encoding="utf-8")) for page in pages]
    assert [len(ids) for ids in shown] == [2, 2]
    assert sorted(shown[0] + shown[1]) == ["old-quant", "script-title", "sparse-cut",
                                           "tinyllm"]
    assert shown[0] == ["tinyllm", "sparse-cut"]  # newest first, as the whole table
    for number, page in enumerate(pages, 1):
        html = page.read_text(encoding="utf-8")
        assert html.count('<nav class="catalog-pager"') == 2
        assert 'aria-label="Table parts"' in html
        assert f'data-catalog-part="{number}"' in html
        assert f'aria-current="page" title="rows {2 * number - 1}\u2013{2 * number}">' \
               f"{number}</span>" in html
        # the data and the script, by a relative path that works from file://
        assert '<script defer src="_catalog/catalog-data.js"></script>' in html
        assert '<script defer src="_static/catalog-whole.js"></script>' in html
    first = pages[0].read_text(encoding="utf-8")
    assert 'rel="next" href="all-2.html"' in first
    assert 'rel="prev" href="all.html"' in pages[1].read_text(encoding="utf-8")
    # the table that is not every paper stays whole, with no pager of its own
    assert "since-2023-at-icml" in first


def test_browse_parts_keep_their_groups_and_the_index_points_at_them(
        split_site: Path) -> None:
    first = (split_site / "bykw.html").read_text(encoding="utf-8")
    parts = sorted(split_site.glob("bykw-*.html"))
    assert parts, "the keyword page has more than two rows: it is split"
    links = re.findall(r'<p class="catalog-index">.*?</p>', first, re.S)[0]
    targets = re.findall(r'href="([^"]*)"', links)
    assert targets and all("#keyword-" in t for t in targets)
    for target in targets:
        page, anchor = target.split("#")
        html = (split_site / page).read_text(encoding="utf-8") if page else first
        assert f'<section id="{anchor}">' in html, target
    assert any(not t.startswith("#") for t in targets)  # some group starts on a later part
    rows = [pid for page in [split_site / "bykw.html", *parts]
            for pid in cited(page.read_text(encoding="utf-8"))]
    assert len(rows) == sum(len(dict.fromkeys(k for _, k in p.topics))
                            for p in load_catalog(split_site.parents[1] / "catalog")
                            .papers.values())


def test_parts_escape_catalog_text(split_site: Path) -> None:
    html = "".join(p.read_text(encoding="utf-8") for p in split_site.glob("*-*.html"))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html or \
        "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<b>Bold?</b>" not in html


def test_one_edit_rewrites_only_the_part_that_shows_the_paper(
        make_app, catalog_project: Path, tmp_path: Path) -> None:
    project = prepare(catalog_project)
    out = Path(build(make_app, project).outdir)
    before = {name: (out / name).read_bytes() for name in ("all.html", "all-2.html")}
    stamps = {name: (out / name).stat().st_mtime_ns for name in before}
    paper = project / "catalog" / "papers" / "old-quant.yaml"  # the oldest: part 2
    paper.write_text(paper.read_text().replace("Old Quantization Methods",
                                               "Older Quantization Methods"))
    written: set[str] = set()
    build(make_app, project, written=written)
    assert "all" not in written
    assert (out / "all.html").stat().st_mtime_ns == stamps["all.html"]
    assert "Older Quantization Methods" in (out / "all-2.html").read_text(encoding="utf-8")
    # and the same site as a clean build of the edited sources
    copy = tmp_path / "clean"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("_build"))
    clean = Path(build(make_app, copy).outdir)
    for name in ("all.html", "all-2.html", "bykw.html", PATH):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_a_part_is_written_again_in_a_build_that_writes_no_document(
        make_app, catalog_project: Path) -> None:
    """A missing part (or, after an upgrade, every part) is written in a build where
    Sphinx writes no page: the builder then has no numbers of its own for the tables."""
    out = Path(build(make_app, prepare(catalog_project)).outdir)
    part = out / "all-2.html"
    text = part.read_text(encoding="utf-8")
    part.unlink()
    written: set[str] = set()
    build(make_app, catalog_project, written=written)
    assert written == set()
    assert part.read_text(encoding="utf-8") == text


def test_one_edit_of_part_one_rewrites_the_page(make_app, catalog_project: Path) -> None:
    project = prepare(catalog_project)
    build(make_app, project)
    paper = project / "catalog" / "papers" / "tinyllm.yaml"  # the newest: part 1
    paper.write_text(paper.read_text().replace("TinyLLM:", "TinierLLM:"))
    written: set[str] = set()
    out = Path(build(make_app, project, written=written).outdir)
    assert "all" in written
    assert "TinierLLM:" in (out / "all.html").read_text(encoding="utf-8")


def test_parts_a_page_no_longer_has_are_deleted(make_app, catalog_project: Path) -> None:
    project = prepare(catalog_project)
    out = Path(build(make_app, project).outdir)
    assert (out / "all-2.html").exists()
    conf = project / "conf.py"
    conf.write_text(conf.read_text().replace("catalog_rows_per_part = 2",
                                             "catalog_rows_per_part = 100"))
    build(make_app, project)
    assert not list(out.glob("*-[0-9]*.html"))
    assert "catalog-pager" not in (out / "all.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("builder", ["singlehtml", "latex"])
def test_only_the_html_pages_split(make_app, catalog_project: Path, builder: str) -> None:
    app = build(make_app, prepare(catalog_project), builder)
    out = Path(app.outdir)
    text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.*")
                   if p.suffix in (".html", ".tex"))
    assert "catalog-pager" not in text
    assert not list(out.glob("all-2*"))
    assert "Old Quantization Methods" in text and "Sparse Cut" in text


def test_dirhtml_parts_are_folders(make_app, catalog_project: Path) -> None:
    out = Path(build(make_app, prepare(catalog_project), "dirhtml").outdir)
    part = (out / "all-2" / "index.html").read_text(encoding="utf-8")
    assert 'rel="prev" href="../all/"' in part
    assert '<script defer src="../_catalog/catalog-data.js"></script>' in part
    assert sorted(cited(part)) == ["old-quant", "script-title"]


def test_a_document_named_like_a_part_is_not_overwritten(
        make_app, catalog_project: Path) -> None:
    project = prepare(catalog_project)
    (project / "all-2.md").write_text("# Mine\n", encoding="utf-8")
    app = make_app("html", srcdir=project, builddir=project / "_build")
    app.build()
    app.cleanup()
    assert "not split into parts: page all-2 exists" in app.warning.getvalue()
    assert "Mine" in (Path(app.outdir) / "all-2.html").read_text(encoding="utf-8")


# -- the data file ---------------------------------------------------------------------

def read_data(path: Path) -> dict:
    text = path.read_text(encoding="ascii")
    prefix = f"window.{GLOBAL} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


def test_the_data_file_holds_every_paper_in_the_table_order(split_site: Path) -> None:
    data = read_data(split_site / PATH)
    catalog = load_catalog(split_site.parents[1] / "catalog")
    fields = data["fields"]
    papers = {row[fields.index("id")]: row for row in data["papers"]}
    assert list(papers) == ["tinyllm", "sparse-cut", "script-title", "old-quant"]
    for pid, paper in catalog.papers.items():
        row = papers[pid]
        assert row[fields.index("title")] == paper.title
        assert row[fields.index("year")] == paper.year
        assert row[fields.index("url")] == paper.url
        assert [data["authors"][i][0] for i in row[fields.index("authors")]] == \
            list(paper.authors)
        assert [data["topics"][i][0] for i in row[fields.index("topics")]] == \
            [catalog.topics[t].title for t, _ in paper.topics]
        assert data["venues"][row[fields.index("venue")]][0] == \
            catalog.venues[paper.venue].short
    assert data["paperPage"] == "papers/PAPER-ID.html"
    assert data["topics"][0][1].startswith("topics/")


def test_the_data_file_is_written_only_when_it_changes(make_app, catalog_project: Path
                                                     ) -> None:
    project = prepare(catalog_project)
    out = Path(build(make_app, project).outdir)
    stamp = (out / PATH).stat().st_mtime_ns
    (project / "index.md").write_text((project / "index.md").read_text() + "\nMore.\n")
    build(make_app, project)
    assert (out / PATH).stat().st_mtime_ns == stamp


def test_hostile_text_in_the_data_file_is_inert() -> None:
    text = script_text({"title": HOSTILE_TITLE})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and text.isascii()
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    run = subprocess.run([node, "-e", "const window = {};\n" + text
                          + f"process.stdout.write(JSON.stringify(window.{GLOBAL}.title))"],
                         capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == HOSTILE_TITLE


class _Name(str):
    """A str subclass, as an organization's name is."""


#: Values as the data file holds them: text of every class (controls, DEL, line breaks,
#: characters beyond U+FFFF, lone surrogates), numbers, lists and objects.
DATA_VALUES = st.recursive(
    st.text(st.characters(codec=None)) | st.integers(-2**53, 2**53)
    | st.builds(_Name, st.text()),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(DATA_VALUES)
@example(["\x00\x1f\x7f", "\U0001f600 \u00e9 \u2028\u2029", "\ud800 alone", "</script> &"])
def test_the_data_file_is_the_json_modules_ascii_text(value: object) -> None:
    """orjson writes it; the text is what json.dumps writes with ASCII output, so that the
    script reads every value back, and nothing in it can end the script."""
    text = json.dumps({"value": value}, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    assert script_text({"value": value}) == f"window.{GLOBAL} = {text};\n"


def test_the_data_of_a_catalog_without_a_site(tmp_path: Path) -> None:
    from catalog_factory import paper_yaml, write_catalog

    title = HOSTILE_TITLE.replace("\u2028", " ")
    root = write_catalog(tmp_path / "catalog", {"papers/mobilellm.yaml": paper_yaml(
        title=json.dumps(title))})
    data = catalog_data(load_catalog(root))
    fields = data["fields"]
    titles = {row[fields.index("id")]: row[fields.index("title")] for row in data["papers"]}
    assert titles["mobilellm"] == title
    assert data["paperPage"] == "" and data["authorPage"] == ""
    assert "<" not in script_text(data)


def test_one_edit_renders_again_only_the_parts_that_change(
        make_app, catalog_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A part is rendered again only when what it shows changed: after one paper's title
    is edited, exactly the parts whose page changes, among them those that show it."""
    from paper_catalog.sphinxext import part_pages

    project = prepare(catalog_project, bound=1)
    out = Path(build(make_app, project).outdir)
    before = {path.stem: path.read_bytes() for path in out.glob("*-[0-9]*.html")}
    rendered: list[str] = []
    render = part_pages._render
    monkeypatch.setattr(part_pages, "_render", lambda app, page, docname, tree: (
        rendered.append(page), render(app, page, docname, tree))[1])
    paper = project / "catalog" / "papers" / "old-quant.yaml"
    paper.write_text(paper.read_text().replace("Old Quantization Methods",
                                               "Older Quantization Methods"))
    build(make_app, project)
    changed = {page for page, text in before.items()
               if (out / f"{page}.html").read_bytes() != text}
    showing = {page for page in before
               if "old-quant" in cited((out / f"{page}.html").read_text(encoding="utf-8"))}
    assert showing and showing <= changed and len(changed) < len(before)
    assert sorted(rendered) == sorted(changed)
    rendered.clear()
    build(make_app, project)  # nothing changed: nothing rendered
    assert rendered == []


def test_split_rows_carry_no_facet_values(split_site: Path) -> None:
    """The split pages' script facets from the data file: the rows of split tables carry
    no facet values of their own (page weight), topic tables keep theirs."""
    for name in ("all.html", "all-2.html"):
        html = (split_site / name).read_text(encoding="utf-8")
        tables = SPLIT_TABLE.findall(html)
        assert tables and not any("data-facet" in table for table in tables), name
    topic = (split_site / "topics" / "quantization.html").read_text(encoding="utf-8")
    assert "data-facets=" in topic


def test_the_contents_of_part_one_lead_to_the_groups_of_later_parts(
        split_site: Path) -> None:
    """The page's contents list every group; those not on part 1 link to their part."""
    first = (split_site / "bykw.html").read_text(encoding="utf-8")
    toc = re.findall(r'<a class="reference internal" href="([^"]*#keyword-[^"]*)"',
                     first.split('class="sphinxsidebar"', 1)[1])
    assert toc and any(not href.startswith("#") for href in toc)
    for href in toc:
        page, anchor = href.split("#")
        html = (split_site / page).read_text(encoding="utf-8") if page else first
        assert f'<section id="{anchor}">' in html, href


@pytest.mark.parametrize(("setting", "value"), [
    ("catalog_rows_per_part", '"many"'), ("catalog_rows_per_part", "True"),
    ("catalog_author_links_per_page", '"many"'), ("catalog_author_links_per_page", "2.5"),
])
def test_a_bound_that_is_not_a_whole_number_gets_the_default(
        make_app, catalog_project: Path, setting: str, value: str) -> None:
    """Sphinx warns of the setting's type; the build goes on with the default bound (the
    test catalog then fits on one page), with no crash report."""
    with (catalog_project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\n{setting} = {value}\n")
    app = make_app("html", srcdir=catalog_project, builddir=catalog_project / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = app.warning.getvalue().splitlines()
    assert len(warnings) == 1 and f"The config value `{setting}' has type" in warnings[0]
    out = Path(app.outdir)
    assert (out / "all.html").exists()
    assert not list(out.glob("*-[0-9].html")) and not list(out.glob("*-authors-*.html"))
