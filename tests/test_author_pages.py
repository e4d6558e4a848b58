"""The by-author list in pages of a bounded number of paper links: which authors each page
holds, the initials and the pager on every page, links from table rows and the data file
to the page that holds an author, escaping, stale pages, and the builders that keep the
whole list."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from build_helpers import build_again, built_project
from sphinx.testing.util import SphinxTestApp

from paper_catalog.sphinxext.author_pages import pages_of
from paper_catalog.views import AuthorEntry

#: One paper link a page: the test catalog's three authors of TinyLLM make three pages.
ONE_A_PAGE = "\ncatalog_author_links_per_page = 1\n"
AUTHOR_PAGES = ["browse.html", "browse-authors-2.html", "browse-authors-3.html"]


def one_a_page(root: Path) -> None:
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(ONE_A_PAGE)


def read(app: SphinxTestApp, page: str) -> str:
    return (Path(app.outdir) / page).read_text(encoding="utf-8")


def authors_on(html: str) -> list[str]:
    return re.findall(r'<dt id="(author-[^"]+)">', html)


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    with built_project(tmp_path_factory.mktemp("authors") / "project", one_a_page) as app:
        yield app


def entry(name: str, papers: int) -> AuthorEntry:
    return AuthorEntry(name, f"author-{name}", tuple((f"p{i}", "T", 2024)
                                                     for i in range(papers)))


def test_pages_hold_at_most_the_bound_of_links_and_an_author_is_never_cut() -> None:
    authors = [entry("a", 2), entry("b", 2), entry("c", 5), entry("d", 1)]
    assert [[a.name for a in page] for page in pages_of(authors, 4)] == [
        ["a", "b"], ["c"], ["d"]]
    assert [[a.name for a in page] for page in pages_of(authors, 0)] == [
        ["a", "b", "c", "d"]]


def test_each_author_is_on_one_page_in_family_name_order(split: SphinxTestApp) -> None:
    pages = [authors_on(read(split, page)) for page in AUTHOR_PAGES]
    assert pages == [["author-grace-hopper-co"], ["author-ada-lovelace"],
                     ["author-alan-van-turing"]]
    assert not (Path(split.outdir) / "browse-authors-4.html").exists()


def test_every_page_has_the_initials_and_a_pager_to_the_others(split: SphinxTestApp) -> None:
    for number, page in enumerate(AUTHOR_PAGES, 1):
        html = read(split, page)
        index = re.search(r'<p class="catalog-index"><strong>Authors: </strong>(.*?)</p>',
                          html, re.S)
        assert index, page
        links = dict((letter, href) for href, letter in
                     re.findall(r'href="([^"]+)">(\w)</a>', index[1]))
        here = "" if number == 1 else page
        assert links["L"] == ("browse-authors-2.html" if number != 2 else "") \
            + "#author-ada-lovelace", (page, here)
        pager = re.search(r'<nav class="catalog-pager catalog-author-pager" '
                          r'aria-label="Author pages">(.*?)</nav>', html, re.S)
        assert pager, page
        assert f"Page {number} of 3" in pager[1]
        assert 'aria-current="page"' in pager[1]


def test_links_to_an_author_go_to_the_page_that_holds_them(split: SphinxTestApp) -> None:
    row = re.search(r'id="row-tinyllm".*?</tr>', read(split, "topics/quantization.html"),
                    re.S)
    assert row
    hrefs = re.findall(r'href="([^"]+#author-[^"]+)"', row[0])
    assert "../browse-authors-2.html#author-ada-lovelace" in hrefs
    assert "../browse.html#author-grace-hopper-co" in hrefs


def test_the_data_file_names_each_authors_page(tmp_path: Path) -> None:
    def split_tables_too(root: Path) -> None:
        one_a_page(root)
        with (root / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write("catalog_rows_per_part = 2\n")

    with built_project(tmp_path / "project", split_tables_too) as app:
        text = read(app, "_catalog/catalog-data.js")
    data = json.loads(text[text.index("{"):text.rindex("}") + 1])
    pages = {row[0]: data["authorPages"][row[3]] for row in data["authors"]}
    assert pages["Ada Lovelace"] == "browse-authors-2.html"
    assert pages["Alan van Turing"] == "browse-authors-3.html"
    assert data["authorPage"] == "browse.html"


def test_names_are_escaped_on_every_page(split: SphinxTestApp) -> None:
    html = read(split, "browse.html")
    assert '<dt id="author-grace-hopper-co">Grace &lt;Hopper&gt; &amp; Co</dt>' in html
    for page in AUTHOR_PAGES:
        assert "<Hopper>" not in read(split, page)


def test_pages_the_list_no_longer_has_are_deleted(tmp_path: Path) -> None:
    with built_project(tmp_path / "project", one_a_page) as app:
        assert (Path(app.outdir) / "browse-authors-3.html").exists()
    conf = tmp_path / "project" / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(ONE_A_PAGE, ""),
                    encoding="utf-8")
    again = build_again(tmp_path / "project")
    out = Path(again.outdir)
    assert not list(out.glob("browse-authors-*.html"))
    assert authors_on((out / "browse.html").read_text(encoding="utf-8")) == [
        "author-grace-hopper-co", "author-ada-lovelace", "author-alan-van-turing"]


@pytest.mark.parametrize("builder", ["singlehtml", "latex"])
def test_other_builders_get_the_whole_list(tmp_path: Path, builder: str) -> None:
    with built_project(tmp_path / "project", one_a_page, builder=builder) as app:
        out = Path(app.outdir)
        text = "".join(path.read_text(encoding="utf-8")
                       for path in [*out.glob("*.html"), *out.glob("*.tex")])
    for name in ("Ada Lovelace", "Alan van Turing"):
        assert name in text
    assert not list(out.glob("browse-authors-*"))


def test_a_rebuild_after_an_edit_writes_the_pages_a_clean_build_writes(tmp_path: Path) -> None:
    with built_project(tmp_path / "project", one_a_page):
        pass
    project = tmp_path / "project"
    paper = project / "catalog" / "papers" / "tinyllm.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("TinyLLM:", "TinierLLM:"),
                     encoding="utf-8")
    again = build_again(project)
    with built_project(tmp_path / "clean", one_a_page):
        pass
    clean_paper = tmp_path / "clean" / "catalog" / "papers" / "tinyllm.yaml"
    assert clean_paper.read_text(encoding="utf-8") != paper.read_text(encoding="utf-8")
    clean_paper.write_text(paper.read_text(encoding="utf-8"), encoding="utf-8")
    fresh = build_again(tmp_path / "clean", force_all=True)
    for page in AUTHOR_PAGES:
        edited = (Path(again.outdir) / page).read_text(encoding="utf-8")
        assert "TinierLLM:" in edited or page != "browse-authors-2.html"
        assert edited == (Path(fresh.outdir) / page).read_text(encoding="utf-8"), page


def test_rows_follow_an_author_who_moves_to_another_page(tmp_path: Path) -> None:
    """A new author who comes first (given to the pruning paper) moves every other author
    one page on: the rows that link those authors are written again, on the topic pages
    and parts that do not show the edited paper too, and the rebuilt site is the site a
    clean build makes."""
    from test_rebuild import site_files

    def split_all(root: Path) -> None:
        """The author list and the whole tables split, and an author for the oldest paper,
        whose rows are on parts 2..N."""
        one_a_page(root)
        with (root / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write("catalog_rows_per_part = 1\n")
        old = root / "catalog" / "papers" / "old-quant.yaml"
        old.write_text(old.read_text(encoding="utf-8").replace(
            "year:", "authors: [Zed Zebra]\nyear:"), encoding="utf-8")

    def edit(root: Path) -> None:
        paper = root / "catalog" / "papers" / "sparse-cut.yaml"
        paper.write_text(paper.read_text(encoding="utf-8").replace(
            "year:", "authors: [Aaron Aardvark]\nyear:"), encoding="utf-8")

    with built_project(tmp_path / "edited", split_all):
        pass
    edit(tmp_path / "edited")
    app = build_again(tmp_path / "edited")
    with built_project(tmp_path / "clean", lambda root: (split_all(root), edit(root))) as fresh:
        sites = [site_files(Path(app.outdir)), site_files(Path(fresh.outdir))]
    edited, clean = sites
    # Ada Lovelace was on page 2, before the new author came first
    assert "browse-authors-3.html#author-ada-lovelace" in clean["topics/quantization.html"].decode()
    parts = [name for name in clean if re.fullmatch(r"(all|browse)-\d+\.html", name)
             and "author-zed-zebra" in clean[name].decode()]
    assert parts and all("browse-authors-5.html#author-zed-zebra" in clean[name].decode()
                         for name in parts)
    assert sorted(edited) == sorted(clean)
    assert [name for name in edited if edited[name] != clean[name]] == []


def test_an_edit_of_a_paper_on_a_later_page_leaves_the_first_page_unwritten(
        tmp_path: Path) -> None:
    """An author whose family name sorts last is alone on the last page: retitling their
    paper writes that page again, not the document's page, whose authors, initials and
    pager are unchanged; the rebuilt pages are a clean build's."""
    def zebra(root: Path) -> None:
        """The list on a page of its own; an author for the oldest paper."""
        one_a_page(root)
        browse = root / "browse.md"
        browse.write_text(browse.read_text(encoding="utf-8").replace(
            "```{catalog-browse} author\n:index:\n```", ""), encoding="utf-8")
        (root / "authors.md").write_text(
            "---\norphan: true\n---\n# Authors\n\n```{catalog-browse} author\n:index:\n```\n",
            encoding="utf-8")
        old = root / "catalog" / "papers" / "old-quant.yaml"
        old.write_text(old.read_text(encoding="utf-8").replace(
            "year:", "authors: [Zed Zebra]\nyear:"), encoding="utf-8")

    def retitle(root: Path) -> None:
        old = root / "catalog" / "papers" / "old-quant.yaml"
        text = old.read_text(encoding="utf-8")
        title = re.search(r"^title: (.*)$", text, re.M)
        assert title is not None
        old.write_text(text.replace(title[0], "title: A Retitled Old Quantizer"),
                       encoding="utf-8")

    with built_project(tmp_path / "edited", zebra) as first:
        out = Path(first.outdir)
    last = sorted(out.glob("authors-authors-*.html"),
                  key=lambda p: int(p.stem.rsplit("-")[-1]))[-1]
    assert "Zed Zebra" in last.read_text(encoding="utf-8")
    later = 4_000_000_000 * 10**9  # a time to come: Sphinx writes a page older than its source
    for page in (out / "authors.html", last):
        os.utime(page, ns=(later, later))
    retitle(tmp_path / "edited")
    build_again(tmp_path / "edited")
    assert (out / "authors.html").stat().st_mtime_ns == later
    assert "A Retitled Old Quantizer" in last.read_text(encoding="utf-8")
    with built_project(tmp_path / "clean", lambda root: (zebra(root), retitle(root))) as fresh:
        for page in ("authors.html", last.name):
            assert (out / page).read_text(encoding="utf-8") == read(fresh, page), page
