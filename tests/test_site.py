"""The real catalog: it builds with -W, every paper is on each of its topic pages with its
facts, and every upstream row has its paper in the catalog as imported."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from site_build import build_real_site
from upstream import IMPORTED

from paper_catalog.load import load_catalog
from paper_catalog.model import Catalog, Paper
from paper_catalog.normalize import KEYWORD_FIXES, normal_title, normal_url, strip_tracking

REPO = Path(__file__).resolve().parents[1]
UPSTREAM = Path(__file__).resolve().parent / "data" / "upstream-README.md"
HEADING = re.compile(r"^\s*#{2,4}\s+(.+?)\s*$")
ROW = re.compile(r"^\s*\|\s*(\d{4})\s*\|(.*?)\|\s*\[(.+)\]\((\S+)\)\s*\|(.*?)\|")


def upstream_rows() -> list[tuple[str, int, str, str, str, str]]:
    """(topic id, year, keyword, title, url, venue) of every paper row, read independently."""
    rows, topic = [], ""
    for line in UPSTREAM.read_text(encoding="utf-8").splitlines():
        if heading := HEADING.match(line):
            words = re.sub(r"^LLM\s+", "", heading[1])
            topic = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
        elif row := ROW.match(line):
            year, keyword, title, url, venue = row.groups()
            rows.append((topic, int(year), " ".join(keyword.split()), " ".join(title.split()),
                         url, venue.strip()))
    return rows


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(REPO / "catalog")


def test_upstream_has_179_rows_in_15_topics() -> None:
    rows = upstream_rows()
    assert len(rows) == 179
    assert len({r[0] for r in rows}) == 15


def test_real_site_builds_without_warnings(docs_site: Path) -> None:
    for page in ("index.html", "metrics.html", "benchmarks.html", "reference.html",
                 "topics/quantization.html", "topics/inference.html"):
        assert (docs_site / page).is_file(), page


def catalog_paper(catalog: Catalog, title: str, url: str) -> Paper:
    """The catalog's paper for an upstream row: same URL (any arXiv form, or the landing
    page of upstream's PDF link) or same title."""
    def key(link: str) -> str:
        return normal_url(strip_tracking(link)).removesuffix(".pdf")

    for paper in catalog.papers.values():
        if key(paper.url) == key(url):
            return paper
    return next(p for p in catalog.papers.values()
                if normal_title(p.title) == normal_title(title.replace("\\", "")))


@pytest.fixture(scope="module")
def imported() -> Catalog:
    return load_catalog(IMPORTED)


@pytest.mark.parametrize("row", upstream_rows(), ids=lambda r: f"{r[0]}:{r[3][:40]}")
def test_every_upstream_row_has_its_paper(imported: Catalog, row: tuple) -> None:
    """Each upstream row is a paper of the catalog as imported, listed under the row's
    topic with its keyword; where the paper's facts depart from upstream's, its note says
    why."""
    topic, year, keyword, title, url, venue_text = row
    paper = catalog_paper(imported, title, url)
    assert paper.keyword(topic) == KEYWORD_FIXES.get(keyword, keyword)
    venue = imported.venues[paper.venue]
    spellings = {venue.short.casefold(), *(a.casefold() for a in venue.aliases)}
    departs = [what for what, differs in (
        ("year", paper.year != year),
        ("title", paper.title.casefold() != title.replace("\\", "").casefold()),
        ("venue", venue_text.casefold() not in spellings),
        ("url", normal_url(paper.url) != normal_url(strip_tracking(url))))
        if differs]
    # e.g. upstream listed the paper twice with two venues, or got a fact wrong
    assert not departs or paper.note, f"{paper.id}: {departs} changed without a note"


def shown_rows(page: str) -> dict[str, tuple[str, str, str, str]]:
    """(year, keyword, title, venue) of each paper row of a topic page, by the paper's URL."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(?:(?!</tr>).)*?</tr>", page, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        title = re.search(r'class="reference external" href="([^"]*)"[^>]*>(.*?)</a>', row)
        if len(cells) != 4 or not title:
            continue
        year, keyword, _, venue = (html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                                   for c in cells)
        rows[html.unescape(title[1])] = (year, keyword, html.unescape(title[2]), venue)
    return rows


def test_every_paper_is_on_its_topic_pages(docs_site: Path, catalog: Catalog) -> None:
    """Each paper of the catalog is a row of each of its topic pages, with its year,
    keyword, title and venue."""
    pages: dict[str, dict[str, tuple[str, str, str, str]]] = {}
    missing = []
    for paper in catalog.papers.values():
        for topic, keyword in paper.topics:
            if topic not in pages:
                pages[topic] = shown_rows((docs_site / "topics" / f"{topic}.html").read_text(
                    encoding="utf-8"))
            expected = (str(paper.year), keyword, paper.title,
                        catalog.venues[paper.venue].short)
            if pages[topic].get(paper.url) != expected:
                missing.append(f"{paper.id} on topics/{topic}.html: "
                               f"{pages[topic].get(paper.url)} != {expected}")
    assert missing == []
    assert sum(map(len, pages.values())) == sum(len(p.topics) for p in catalog.papers.values())


def test_a_paper_added_with_the_command_reaches_the_site(tmp_path: Path) -> None:
    """What a contributor does: ``paper-catalog add`` on the real catalog, then the site
    builds with -W and shows the paper (no test or page depends on the paper count)."""
    from paper_catalog.cli import main

    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    shutil.copytree(REPO / "docs", tmp_path / "docs",
                    ignore=shutil.ignore_patterns("_ext", "_build"))
    shutil.copy(REPO / "CONTRIBUTING.md", tmp_path / "CONTRIBUTING.md")
    assert main(["--catalog", str(tmp_path / "catalog"), "add",
                 "https://arxiv.org/abs/2401.12345", "--title", "A Newly Added Paper",
                 "--topic", "quantization", "--keyword", "Weight Quantization",
                 "--author", "Ann Smith"]) == 0
    out = tmp_path / "site"
    build_real_site(out, docs=tmp_path / "docs")
    page = (out / "topics" / "quantization.html").read_text(encoding="utf-8")
    assert 'id="row-newly-added-paper"' in page
    assert "A Newly Added Paper" in (out / "_catalog" / "papers.bib").read_text()


def test_a_long_table_is_written_in_bodies_of_a_few_dozen_rows(docs_site: Path,
                                                                catalog: Catalog) -> None:
    """The all-papers table: its rows in bodies of ROWS_PER_BODY (the last one shorter),
    every paper once, stripes by position running on from body to body."""
    from paper_catalog.sphinxext.table_html import ROWS_PER_BODY

    page = (docs_site / "papers.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="catalog-table.*?</table>', page, re.S)[0]
    bodies = re.findall(r"<tbody[^>]*>(.*?)</tbody>", table, re.S)  # the first holds facet values
    rows = [re.findall(r'<tr class="(row-\w+)" id="row-([\w-]+)"', body) for body in bodies]
    assert len(catalog.papers) > ROWS_PER_BODY
    assert [len(body) for body in rows[:-1]] == [ROWS_PER_BODY] * (len(rows) - 1)
    assert 0 < len(rows[-1]) <= ROWS_PER_BODY
    everything = [row for body in rows for row in body]
    assert sorted(paper for _, paper in everything) == sorted(catalog.papers)
    assert [parity for parity, _ in everything] == [
        "row-even" if i % 2 == 0 else "row-odd" for i in range(len(everything))]
