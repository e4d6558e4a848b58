"""The page per paper, its meta tags and the rows' COinS, read back and compared with the
catalog of the test project (with a hostile paper added)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from build_helpers import built_project
from pybtex.database import parse_string
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from paper_catalog.load import load_catalog
from paper_catalog.model import Catalog, Organization

BASE = "https://example.org/site/"
HOSTILE_TITLE = 'Quotes "double" & \'single\' <b>bold</b> </title><script>x()</script>'
HOSTILE_SHORT = "Q<i>&amp;</i>"
HOSTILE = f"""title: '{HOSTILE_TITLE.replace("'", "''")}'
short: '{HOSTILE_SHORT}'
authors: ["Ann \\"Q\\" <Lee>", {{organization: "Bo & Co <Lab>"}}, Cy Dee]
year: 2023
added: 2024-05-06
venue: icml
url: https://doi.org/10.1000/xyz-1
code: https://github.com/o/r?a=1&b=2
topics:
  pruning: Structured <pruning>
note: "Curators' remark: <i>not</i> for citing & never in BibTeX"
"""


def _prepare(root: Path) -> None:
    (root / "catalog" / "papers" / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\nhtml_baseurl = {BASE!r}\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    with built_project(tmp_path_factory.mktemp("pages") / "p", _prepare) as app:
        yield app


@pytest.fixture(scope="module")
def catalog(built: SphinxTestApp) -> Catalog:
    return load_catalog(Path(built.srcdir) / "catalog")


class _Tags(HTMLParser):
    """The meta tags, COinS spans, links and the text of elements by id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.coins: list[str] = []
        self.hrefs: list[str] = []
        self.pre: list[str] = []
        self._in_pre = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in a or "property" in a):
            key = a.get("name") or a.get("property", "")
            if key.startswith(("citation_", "og:")):
                self.meta.append((key, a.get("content", "")))
        if tag == "span" and "Z3988" in a.get("class", "").split():
            self.coins.append(a.get("title", ""))
        if tag == "a":
            self.hrefs.append(a.get("href", ""))
        if tag == "pre":
            self._in_pre = True
            self.pre.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_pre = False

    def handle_data(self, data: str) -> None:
        if self._in_pre:
            self.pre[-1] += data
        self.text.append(data)


def read(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_paper_has_a_page_and_a_bib(built: SphinxTestApp, catalog: Catalog) -> None:
    out = Path(built.outdir)
    assert sorted(p.stem for p in (out / "papers").glob("*.html")) == sorted(catalog.papers)
    for pid in catalog.papers:
        entries = parse_string((out / "_catalog" / "papers" / f"{pid}.bib").read_text(),
                               "bibtex").entries
        assert list(entries) == [pid]
        assert "note" not in entries[pid].fields


def test_meta_tags_are_the_catalogs(built: SphinxTestApp, catalog: Catalog) -> None:
    out = Path(built.outdir)
    for pid, paper in catalog.papers.items():
        venue = catalog.venues[paper.venue]
        meta = read(out / "papers" / f"{pid}.html").meta
        url = f"{BASE}papers/{pid}.html"
        expected = [("citation_title", paper.title),
                    *[("citation_author", name) for name in paper.authors],
                    ("citation_publication_date", str(paper.year))]
        if venue.kind == "conference":
            expected.append(("citation_conference_title", venue.name))
        if pid == "hostile":
            expected.append(("citation_doi", "10.1000/xyz-1"))
        if paper.url.startswith("https://arxiv.org/abs/"):
            expected.append(("citation_arxiv_id", paper.url.rsplit("/", 1)[1]))
        expected += [("citation_abstract_html_url", url), ("og:title", paper.title),
                     ("og:type", "article"), ("og:url", url)]
        assert meta[:-1] == expected, pid
        assert meta[-1][0] == "og:description"
        assert venue.name in meta[-1][1] and str(paper.year) in meta[-1][1]


def test_the_hostile_page_escapes_everything(built: SphinxTestApp, catalog: Catalog) -> None:
    html = (Path(built.outdir) / "papers" / "hostile.html").read_text(encoding="utf-8")
    assert "<script>x()" not in html and "<b>bold" not in html and "<i>not" not in html
    assert "<Lee>" not in html and "<pruning>" not in html and "<Lab>" not in html
    page = read(Path(built.outdir) / "papers" / "hostile.html")
    text = "".join(page.text)
    paper = catalog.papers["hostile"]
    assert paper.title in text and paper.note in text and "Structured <pruning>" in text
    assert 'Ann "Q" <Lee>, Bo & Co <Lab>, Cy Dee' in text
    assert "https://github.com/o/r?a=1&b=2" in page.hrefs
    # the note is on the page, under its heading, never in the BibTeX shown
    assert "Curators' note" in text
    assert len(page.pre) == 1 and "Curators" not in page.pre[0]
    assert list(parse_string(page.pre[0], "bibtex").entries) == ["hostile"]


def _kev(value: str) -> dict[str, list[str]]:
    return parse_qs(value, keep_blank_values=True, strict_parsing=True)


def test_rows_carry_coins_of_their_papers(built: SphinxTestApp, catalog: Catalog) -> None:
    page = read(Path(built.outdir) / "all.html")
    assert len(page.coins) >= len(catalog.papers)
    found = {}
    for value in page.coins:
        kev = _kev(value)
        found[kev["rft.atitle"][0]] = kev
    assert set(found) == {p.title for p in catalog.papers.values()}
    for paper in catalog.papers.values():
        kev = found[paper.title]
        venue = catalog.venues[paper.venue]
        assert kev["ctx_ver"] == ["Z39.88-2004"]
        assert kev.get("rft.au", []) == [a for a in paper.authors
                                         if not isinstance(a, Organization)]
        assert kev.get("rft.aucorp", []) == [a for a in paper.authors
                                             if isinstance(a, Organization)]
        assert kev["rft.date"] == [str(paper.year)]
        assert paper.url in kev["rft_id"]
        if venue.kind == "conference":
            assert kev["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:book"]
            assert kev["rft.btitle"] == [venue.name]
        else:
            assert kev["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:journal"]
            assert "rft.jtitle" in kev
        assert not any(paper.note and paper.note in v for vs in kev.values() for v in vs)


def test_rows_link_to_the_paper_pages(built: SphinxTestApp, catalog: Catalog) -> None:
    hrefs = read(Path(built.outdir) / "topics" / "pruning.html").hrefs
    assert "../papers/hostile.html" in hrefs
    hrefs = read(Path(built.outdir) / "all.html").hrefs
    assert {f"papers/{pid}.html" for pid in catalog.papers} <= set(hrefs)


def test_a_page_links_the_rows_of_its_topics(built: SphinxTestApp) -> None:
    hrefs = read(Path(built.outdir) / "papers" / "tinyllm.html").hrefs
    assert "../topics/quantization.html#row-tinyllm" in hrefs
    assert "../topics/serving.html#row-tinyllm" in hrefs
    assert "../_catalog/papers/tinyllm.bib" in hrefs


def test_the_paper_label_lands_on_the_page(built: SphinxTestApp) -> None:
    with (Path(built.outdir) / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, BASE, os.path.join)
    location = inventory["std:label"]["paper-tinyllm"].uri
    assert location == f"{BASE}papers/tinyllm.html"


def test_latex_gets_no_paper_pages(tmp_path: Path) -> None:
    with built_project(tmp_path / "p", builder="latex") as app:
        out = Path(app.outdir)
        assert not (out / "papers").exists()
        tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
        assert "TinyLLM" in tex  # the tables are still there


def test_one_edit_rewrites_only_that_papers_page(make_app, catalog_project: Path) -> None:
    app = make_app("html", srcdir=catalog_project)
    app.build()
    pages = Path(app.outdir) / "papers"
    before = {p.name: p.stat().st_mtime_ns for p in pages.iterdir()}
    paper = catalog_project / "catalog" / "papers" / "sparse-cut.yaml"
    paper.write_text(paper.read_text().replace("Sparse Cut:", "Sparse Cuts:"))
    again = make_app("html", srcdir=catalog_project)
    again.build()
    after = {p.name: p.stat().st_mtime_ns for p in pages.iterdir()}
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "sparse-cut.html"]
    assert "Sparse Cuts:" in (pages / "sparse-cut.html").read_text()
    (catalog_project / "catalog" / "papers" / "old-quant.yaml").unlink()
    make_app("html", srcdir=catalog_project).build()
    assert not (pages / "old-quant.html").exists()
    assert not (Path(app.outdir) / "_catalog" / "papers" / "old-quant.bib").exists()


def test_dirhtml_pages_and_links(tmp_path: Path) -> None:
    with built_project(tmp_path / "p", builder="dirhtml") as app:
        out = Path(app.outdir)
        page = read(out / "papers" / "tinyllm" / "index.html")
        assert "../../_catalog/papers/tinyllm.bib" in page.hrefs
        assert "../../topics/quantization/#row-tinyllm" in page.hrefs
        assert "../../papers/tinyllm/" in read(out / "topics" / "serving" / "index.html").hrefs


def test_a_page_shows_the_short_name_escaped(built: SphinxTestApp) -> None:
    """The name people use for the work, under the title, as text."""
    page = (Path(built.outdir) / "papers" / "hostile.html").read_text(encoding="utf-8")
    assert ('<p class="catalog-paper-short">Known as <strong>Q&lt;i&gt;&amp;amp;&lt;/i&gt;'
            "</strong></p>") in page
    without = (Path(built.outdir) / "papers" / "tinyllm.html").read_text(encoding="utf-8")
    assert "catalog-paper-short" not in without  # a paper without a short name


def test_a_workshops_paper_page_follows_its_parent_venue(make_app, catalog_project: Path
                                                         ) -> None:
    """The page says which venue the workshop is held at: renaming that venue writes it
    again, though neither the paper nor its own venue changed."""
    catalog = catalog_project / "catalog"
    venues = catalog / "venues.yaml"
    venues.write_text(venues.read_text(encoding="utf-8") + (
        "  - id: edge-workshop\n    short: EdgeW\n    name: Workshop on Edge Models\n"
        "    kind: workshop\n    parent: icml\n"), encoding="utf-8")
    paper = catalog / "papers" / "tinyllm.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("venue: icml",
                                                               "venue: edge-workshop"),
                     encoding="utf-8")
    app = make_app("html", srcdir=catalog_project)
    app.build()
    page = Path(app.outdir) / "papers" / "tinyllm.html"
    assert "(a workshop at ICML)" in page.read_text(encoding="utf-8")
    venues.write_text(venues.read_text(encoding="utf-8").replace("short: ICML\n",
                                                                 "short: ICML-X\n"),
                      encoding="utf-8")
    make_app("html", srcdir=catalog_project).build()
    assert "(a workshop at ICML-X)" in page.read_text(encoding="utf-8")


def test_a_page_is_its_shell_with_its_own_text_put_in_once() -> None:
    """The text put in place of a mark is not searched for marks again: a title that
    holds a mark's letters is shown as written."""
    from paper_catalog.sphinxext.page_shell import MARK_BODY, MARK_HEAD, MARK_TITLE, Shell

    stem = "catalog-paper-c4t4l0g7e1a"
    shell = Shell(f"<title>{MARK_TITLE}</title>{MARK_HEAD}<a href='{stem}.html'>"
                  f"{MARK_BODY}</a>", f"papers/{stem}")
    text = shell.fill("tinyllm", title=MARK_TITLE, head=stem, body=MARK_HEAD)
    assert text == (f"<title>{MARK_TITLE}</title>{stem}<a href='tinyllm.html'>"
                    f"{MARK_HEAD}</a>")


@pytest.mark.parametrize(("url", "doi"), [
    ("https://doi.org/10.1145/3605573.3605613", "10.1145/3605573.3605613"),
    ("https://DX.DOI.ORG/10.1109/JIOT.2024.3524255", "10.1109/JIOT.2024.3524255"),
    ("https://doi.org/10.18653%2Fv1%2F2023.acl-long.1", "10.18653/v1/2023.acl-long.1"),
    ("https://doi.org/10.1000/a%20b", None),
    ("https://example.org/doi.org/10.1145/1", None),
    ("https://doi.org.example.org/10.1145/1", None),
    ("https://arxiv.org/abs/2306.02272", None),
])
def test_a_doi_is_read_only_from_a_doi_org_url(url: str, doi: str | None) -> None:
    from paper_catalog.sphinxext.paper_meta import doi_of

    assert doi_of(url) == doi
