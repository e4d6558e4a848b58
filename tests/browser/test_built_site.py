"""The real site (docs built with Sphinx, or $CATALOG_SITE_DIR) in Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

if TYPE_CHECKING:
    from conftest import PageLog

pytestmark = pytest.mark.browser

COLUMN_TEXTS = """(table, column) => Array.from(table.querySelectorAll(':scope > tbody > tr'))
    .filter((row) => row.getClientRects().length > 0)
    .map((row) => row.cells[column].textContent.trim())"""
YEAR_COLUMN = """(table) => Array.from(table.tHead.rows[table.tHead.rows.length - 1].cells)
    .findIndex((th) => th.classList.contains('catalog-col-year')
        || th.textContent.trim().toLowerCase() === 'year')"""
OVERFLOW_REPORT = """() => {
    const width = document.documentElement.clientWidth;
    const main = document.querySelector('.bd-main') || document.querySelector('main')
        || document.body;
    const scrolls = (el) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
    const clipped = (el) => {
        for (let up = el.parentElement; up && up !== main.parentElement; up = up.parentElement) {
            if (scrolls(up)) return true;
        }
        return false;
    };
    const sticking_out = Array.from(main.querySelectorAll('*'))
        .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !clipped(el))
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    const table = document.querySelector('table.catalog-table');
    const controls = document.querySelector('.catalog-controls');
    return {
        sticking_out,
        scroller_width: table.parentElement.getBoundingClientRect().width,
        controls_width: controls.getBoundingClientRect().width,
        box_width: controls.querySelector('input').getBoundingClientRect().width,
    };
}"""
TITLE_COLUMN = """(table) => Array.from(table.tHead.rows[table.tHead.rows.length - 1].cells)
    .findIndex((th) => th.classList.contains('catalog-col-title'))"""


@pytest.fixture(params=["file", "http"])
def open_site(
    request: pytest.FixtureRequest,
    page: Any,
    site: Path,
    catalog_page: Path,
    http_server: Callable[[Path], str],
) -> Callable[[str], Any]:
    """Open the catalog page by file:// or over the local HTTP server."""
    if request.param == "file":
        url = catalog_page.as_uri()
    else:
        url = http_server(site) + catalog_page.relative_to(site).as_posix()

    def open_(suffix: str = "") -> Any:
        page.goto(url + suffix)
        try:
            page.wait_for_selector("table.catalog-table--enhanced", timeout=5000)
        except Exception:
            pytest.fail(
                f"{catalog_page.name}: the catalog table was not enhanced; "
                "is catalog-table.js included in the page?",
                pytrace=False,
            )
        return page

    return open_


def texts(table: Any, column: int) -> list[str]:
    return table.evaluate(COLUMN_TEXTS, column)


def year_column(table: Any) -> int:
    column = table.evaluate(YEAR_COLUMN)
    assert column >= 0, "the catalog table has no year column"
    return column


def test_site_table_sorts_by_year(open_site: Callable[[str], Any], page_log: PageLog) -> None:
    page = open_site()
    table = page.locator("table.catalog-table").first
    column = year_column(table)
    header = table.locator("thead th").nth(column)
    button = header.get_by_role("button")

    button.click()
    years = [int(year) for year in texts(table, column)]
    assert years == sorted(years)
    assert header.get_attribute("aria-sort") == "ascending"

    button.focus()
    page.keyboard.press("Enter")
    years = [int(year) for year in texts(table, column)]
    assert years == sorted(years, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    page_log.assert_offline()
    page_log.assert_no_errors()


def test_site_table_filters(open_site: Callable[[str], Any], page_log: PageLog) -> None:
    page = open_site()
    table = page.locator("table.catalog-table").first
    total = table.locator("tbody tr").count()
    title = table.evaluate(TITLE_COLUMN)
    sample = texts(table, title if title >= 0 else 0)[0]
    word = max(re.findall(r"[A-Za-z]{4,}", sample) or [sample], key=len)

    box = page.get_by_role("searchbox").first
    box.fill(word.upper())
    rows = table.locator("tbody tr:not([hidden])")
    count = rows.count()
    assert 1 <= count <= total
    for text in rows.all_text_contents():
        assert word.lower() in text.lower()
    status = page.get_by_role("status").first
    assert status.inner_text() == f"{count} of {total} papers"

    box.fill("zzzz no paper has this qqqq")
    assert rows.count() == 0
    assert status.inner_text() == f"0 of {total} papers"
    page_log.assert_offline()
    page_log.assert_no_errors()


def test_site_state_survives_a_reload(open_site: Callable[[str], Any], page_log: PageLog) -> None:
    page = open_site()
    table = page.locator("table.catalog-table").first
    column = year_column(table)
    table.locator("thead th").nth(column).get_by_role("button").click()
    sample = texts(table, column)[0]
    page.get_by_role("searchbox").first.fill(sample)
    assert parse_qs(urlsplit(page.evaluate("location.href")).query) == {
        "filter": [sample],
        "sort": [f"{column}a"],
    }

    page.reload()
    page.wait_for_selector("table.catalog-table--enhanced")
    table = page.locator("table.catalog-table").first
    assert page.get_by_role("searchbox").first.input_value() == sample
    assert table.locator("thead th").nth(column).get_attribute("aria-sort") == "ascending"
    assert set(texts(table, column)) == {sample}
    page_log.assert_no_errors()


def test_site_narrow_screen_scrolls_the_table_not_the_page(
    open_site: Callable[[str], Any], page: Any
) -> None:
    """At 375px nothing in the main content sticks out, except inside a scroller.

    The site header is left out: it belongs to the theme, not to the tables.
    """
    page.set_viewport_size({"width": 375, "height": 800})
    page = open_site()
    report = page.evaluate(OVERFLOW_REPORT)
    assert report["sticking_out"] == [], report
    assert report["controls_width"] == pytest.approx(report["scroller_width"], abs=1)
    assert report["box_width"] == pytest.approx(report["controls_width"], abs=1)


def test_every_site_page_stays_offline(page: Any, page_log: PageLog, site: Path) -> None:
    """Open every built page by file://: only the file system is asked, all of it loads.

    _static/ is left out: the theme copies a Jinja template (webpack-macros.html) there.
    """
    problems: dict[str, list[str]] = {}
    pages = [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] != "_static"]
    assert len(pages) > 10
    for path in pages:
        page_log.requests.clear()
        page_log.failed.clear()
        page_log.errors.clear()
        page.goto(path.as_uri())
        for check in (page_log.assert_only_files, page_log.assert_all_loaded,
                      page_log.assert_no_errors):
            try:
                check()
            except AssertionError as error:
                problems.setdefault(path.relative_to(site).as_posix(), []).extend(
                    str(error).splitlines()[:6]
                )
    assert not problems, f"pages that were not fully offline: {problems}"
