"""A whole-catalog table split into parts, in Chromium with the site's theme: the filter,
facets and sort work over every paper from the data file (from file://, no network),
the URL keeps the view and back restores it, a link to a row on another part leads there,
the keyboard and a phone's width work, every paper is reachable without JavaScript, and
axe finds no violation.

The test catalog's four papers (see test_facets.py), two rows a part: all.html shows
tinyllm and sparse-cut, all-2.html script-title and old-quant.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import PageOpener

pytestmark = pytest.mark.browser

ROOTS = Path(__file__).resolve().parents[1] / "roots"
RESULT_TITLES = """() => Array.from(document.querySelectorAll(
    '#catalog-whole-table tbody tr .catalog-col-title a.reference.external'),
    (a) => a.textContent)"""
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def parts_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from site_build import sphinx_build

    work = tmp_path_factory.mktemp("parts")
    shutil.copytree(ROOTS / "test-catalog", work / "src")
    out = work / "html"
    run = sphinx_build("-q", "-b", "html", "-D", "html_theme=pydata_sphinx_theme",
                       "-D", "catalog_rows_per_part=2", work / "src", out)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture
def open_part(new_page: PageOpener, parts_site: Path) -> Callable[..., tuple[Any, Any]]:
    def open_(name: str = "all.html", query: str = "",
              viewport: dict[str, int] | None = None) -> tuple[Any, Any]:
        page, log = new_page(viewport=viewport)
        page.goto((parts_site / name).as_uri() + query)
        page.wait_for_selector("div.catalog-whole")
        return page, log

    return open_


def titles(page: Any) -> list[str]:
    return list(page.evaluate(RESULT_TITLES))


def test_the_filter_finds_papers_of_every_part_offline(open_part: Callable[..., Any]) -> None:
    page, log = open_part()
    page.fill("#catalog-filter-0", "pruning")
    assert titles(page) == ["Sparse Cut: Pruning at Scale"]
    page.fill("#catalog-filter-0", "quantization")  # two on part 2, one on part 1
    assert len(titles(page)) == 3
    assert page.inner_text(".catalog-filter-status") == "3 of 4 papers"
    assert not page.locator("table.catalog-table--split").first.is_visible()
    assert "filter=quantization" in page.url
    page.fill("#catalog-filter-0", "")
    assert page.locator("table.catalog-table--split").first.is_visible()
    log.assert_only_files()
    log.assert_all_loaded()
    log.assert_no_errors()


def test_sorting_orders_every_paper(open_part: Callable[..., Any]) -> None:
    page, _ = open_part("all-2.html")
    page.locator("table.catalog-table--split th.catalog-col-year button").click()
    years = page.locator("#catalog-whole-table tbody td.catalog-col-year").all_inner_texts()
    assert years == ["2019", "2022", "2023", "2024"]
    assert "sort=0a" in page.url
    assert page.locator("#catalog-whole-table th.catalog-col-year").get_attribute(
        "aria-sort") == "ascending"


def test_facets_count_every_paper_and_back_restores(open_part: Callable[..., Any]) -> None:
    page, _ = open_part()
    icml = page.locator(".catalog-facet-venue label", has_text="ICML")
    assert icml.locator(".catalog-facet-count").inner_text() == "(2)"
    icml.locator("input").check()
    assert sorted(titles(page)) == ["Old Quantization Methods",
                                    "TinyLLM: Quantized Language Models for Phones"]
    # the counts follow the other facets: kind of venue within ICML
    preprints = page.locator(".catalog-facet-kind label", has_text="Preprints")
    assert preprints.locator(".catalog-facet-count").inner_text() == "(0)"
    assert "venue=ICML" in page.url
    page.go_back()
    page.wait_for_function("() => !location.search.includes('venue')")
    assert not icml.locator("input").is_checked()
    assert page.locator("table.catalog-table--split").first.is_visible()
    page.go_forward()
    page.wait_for_function("() => location.search.includes('venue=ICML')")
    assert icml.locator("input").is_checked()
    assert len(titles(page)) == 2


def test_a_shared_view_opens_as_shared(open_part: Callable[..., Any]) -> None:
    page, _ = open_part(query="?filter=pruning&year=2020-")
    assert titles(page) == ["Sparse Cut: Pruning at Scale"]
    assert page.input_value("#catalog-filter-0") == "pruning"


def test_a_link_to_a_row_on_another_part_leads_there(open_part: Callable[..., Any]) -> None:
    page, _ = open_part(query="#row-old-quant")
    page.wait_for_url("**/all-2.html#row-old-quant")
    assert page.locator("#row-old-quant").is_visible()


#: The right edge of the catalog's own parts of a split page (the theme's header is the
#: theme's: with the test project's long default title it is wider than a phone).
CATALOG_RIGHT = """() => Math.max(...Array.from(document.querySelectorAll(
    'div.catalog-whole, nav.catalog-pager, table.catalog-table--split, #catalog-whole-table'),
    (e) => e.getBoundingClientRect().right))"""


@pytest.mark.parametrize("name", ["all.html", "all-2.html"])
def test_keyboard_and_phone_width(open_part: Callable[..., Any], name: str) -> None:
    page, _ = open_part(name, viewport=PHONE)
    assert page.evaluate(CATALOG_RIGHT) <= PHONE["width"]
    page.focus("#catalog-filter-0")
    page.keyboard.type("sparse")
    assert titles(page) == ["Sparse Cut: Pruning at Scale"]
    assert page.evaluate(CATALOG_RIGHT) <= PHONE["width"]  # the drawn rows too
    page.keyboard.press("Shift+Tab")  # back through the facets, to a sort button
    page.fill("#catalog-filter-0", "")
    button = page.locator("table.catalog-table--split th.catalog-col-title button")
    button.focus()
    page.keyboard.press("Enter")
    assert "sort=2a" in page.url
    assert page.evaluate(CATALOG_RIGHT) <= PHONE["width"]


def test_every_paper_is_reachable_without_javascript(
        browser: Any, parts_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((parts_site / "all.html").as_uri())
        seen = set(page.locator("table.catalog-table--split a.catalog-paper-page")
                   .evaluate_all("(links) => links.map((a) => a.href)"))
        page.locator("nav.catalog-pager a[rel=next]").first.click()
        seen |= set(page.locator("table.catalog-table--split a.catalog-paper-page")
                    .evaluate_all("(links) => links.map((a) => a.href)"))
    finally:
        context.close()
    assert sorted(Path(href).stem for href in seen) == ["old-quant", "script-title",
                                                        "sparse-cut", "tinyllm"]


def test_hostile_text_is_shown_as_text(open_part: Callable[..., Any]) -> None:
    page, log = open_part(query="?filter=alert")
    assert titles(page) == ["<script>alert('x')</script> & *Stars* `code`"]
    assert page.locator("#catalog-whole-table script").count() == 0
    log.assert_no_errors()


@pytest.mark.parametrize("query", [
    "", "?filter=quant"])
def test_axe_finds_no_violation(open_part: Callable[..., Any], query: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_part(query=query)
    results = Axe().run(page, context={"include": [["div.catalog-whole"],
                                                   ["nav.catalog-pager"],
                                                   ["table.catalog-table--split"]]})
    assert results.violations_count == 0, results.generate_report()
