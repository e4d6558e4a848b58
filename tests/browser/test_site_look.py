"""Tables of the real site stay readable in light and dark mode and on a phone-wide screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_helpers import KNOWN_PAPER, contrast, primary_topic

if TYPE_CHECKING:
    from conftest import PageLog, PageOpener

pytestmark = pytest.mark.browser

AA = 4.5  # WCAG 2 AA, normal-size text
PHONE = {"width": 375, "height": 800}
TABLE = "table.catalog-table"
# What a reader reads in and around a table: (name, selector, pseudo-element).
TEXTS = [
    ("body cell", f"{TABLE} tbody tr:not(.catalog-row-alt):not(:target) td.catalog-col-keyword",
     None),
    ("body cell, striped row", f"{TABLE} tbody tr.catalog-row-alt td.catalog-col-keyword", None),
    ("paper link", f"{TABLE} tbody tr:not(:target) td.catalog-col-title a", None),
    ("header button", f"{TABLE} thead .catalog-sort-button", None),
    ("sorted header button", f"{TABLE} thead th[aria-sort] .catalog-sort-button", None),
    ("filter box text", ".catalog-filter", None),
    ("filter box placeholder", ".catalog-filter", "::placeholder"),
    ("filter label", ".catalog-filter-label", None),
    ("filter status", ".catalog-filter-status", None),
    ("linked row cell", f"{TABLE} tbody tr:target td.catalog-col-keyword", None),
    ("linked row paper link", f"{TABLE} tbody tr:target td.catalog-col-title a", None),
]


def choose_theme(page: Any, mode: str) -> None:
    """Pick a colour mode with the theme's own switch in the header, as a reader does."""
    page.locator(".theme-switch-button:visible").first.click()
    page.locator(f".theme-change-button[data-mode={mode}]:visible").click()
    page.wait_for_function(f"document.documentElement.dataset.theme === '{mode}'")
    page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_tables_are_readable_in_light_and_dark_mode(
    mode: str, page: Any, page_log: PageLog, site: Path
) -> None:
    """Text in and around a topic table keeps WCAG AA contrast against what is behind it.

    The page is opened at a paper's row (as the Topics links do), so the highlighted
    target row is measured too; the table is sorted and the filter box holds text.
    """
    page.goto((site / "topics" / f"{primary_topic()}.html").as_uri() + f"#row-{KNOWN_PAPER}")
    page.wait_for_selector("table.catalog-table--enhanced")
    choose_theme(page, mode)
    assert page.evaluate("localStorage.getItem('theme')") == mode
    page.locator(f"{TABLE} thead .catalog-sort-button").first.click()
    page.locator(".catalog-filter").fill("a")
    page.locator(".catalog-filter").blur()

    ratios = {}
    for name, selector, pseudo in TEXTS:
        element = page.locator(selector).first
        assert element.count(), f"nothing matches {selector} ({name})"
        ratios[name] = contrast(element, pseudo)
    low = {name: found for name, found in ratios.items() if found["ratio"] < AA}
    assert not low, f"{mode} mode, below {AA}:1: {low}"

    page.reload()
    page.wait_for_selector("table.catalog-table--enhanced")
    assert page.evaluate("document.documentElement.dataset.theme") == mode, "the choice is kept"
    page_log.assert_no_errors()


NARROW = {
    "topic": f"topics/{primary_topic()}.html",
    "all-papers": "papers.html",
    "landing": "index.html",
    "browse": "by-year.html",
}
MEASURE = """() => {
    const table = document.querySelector('table.catalog-table');
    const box = table.parentElement;
    const filter = document.querySelector('.catalog-filter');
    return {
        page: document.documentElement.scrollWidth,
        container: box.className,
        overflow: getComputedStyle(box).overflowX,
        scroll: box.scrollWidth,
        client: box.clientWidth,
        right: box.getBoundingClientRect().right,
        filter_right: filter.getBoundingClientRect().right,
    };
}"""


@pytest.mark.parametrize("name", list(NARROW))
def test_narrow_screen_scrolls_tables_not_the_page(
    name: str, new_page: PageOpener, site: Path
) -> None:
    """At 375 px the page does not scroll sideways; the table scrolls inside its container."""
    page, log = new_page(viewport=PHONE)
    page.goto((site / NARROW[name]).as_uri())
    page.wait_for_selector("table.catalog-table--enhanced")
    sizes = page.evaluate(MEASURE)
    assert sizes["page"] <= PHONE["width"], f"the page is wider than the screen: {sizes}"
    assert sizes["overflow"] in {"auto", "scroll"}, sizes
    assert sizes["scroll"] > sizes["client"], f"the table is wider than its container: {sizes}"
    assert sizes["right"] <= PHONE["width"] and sizes["filter_right"] <= PHONE["width"], sizes

    table = page.locator("table.catalog-table").first
    table.locator("tbody tr").first.hover()
    page.mouse.wheel(200, 0)
    page.wait_for_function(
        "document.querySelector('table.catalog-table').parentElement.scrollLeft > 0"
    )
    assert page.evaluate("window.scrollX") == 0, "a sideways swipe moves the table, not the page"
    log.assert_no_errors()
