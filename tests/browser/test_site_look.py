"""Tables of the real site stay readable in light and dark mode and on a phone-wide screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_helpers import KNOWN_PAPER, contrast, primary_topic

if TYPE_CHECKING:
    from conftest import PageLog, PageOpener

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

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


#: The page's theme once it is ``mode`` (the argument), or after 5 seconds.
THEME_SETTLED = """(mode) => new Promise(resolve => {
    const end = Date.now() + 5000;
    (function check() {
        const theme = document.documentElement.dataset.theme;
        if (theme === mode || Date.now() > end) resolve(theme); else setTimeout(check, 50);
    })();
})"""


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
    # the theme's deferred script applies the stored choice, maybe after the table's
    # script has run: the theme as it is once it is the choice, or after 5 s
    assert page.evaluate(THEME_SETTLED, mode) == mode, "the choice is kept"
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
def test_narrow_screen_stacks_table_rows(name: str, new_page: PageOpener, site: Path) -> None:
    """At 375 px nothing scrolls sideways: each row is a card whose title spans the
    screen's width, with the other cells under it; the header's sort buttons still work."""
    page, log = new_page(viewport=PHONE)
    page.goto((site / NARROW[name]).as_uri())
    page.wait_for_selector("table.catalog-table--enhanced")
    sizes = page.evaluate(MEASURE)
    assert sizes["page"] <= PHONE["width"], f"the page is wider than the screen: {sizes}"
    assert sizes["scroll"] <= sizes["client"], f"the table scrolls sideways: {sizes}"
    assert sizes["right"] <= PHONE["width"] and sizes["filter_right"] <= PHONE["width"], sizes
    rows = page.evaluate(ROWS)
    assert rows["title_width"] >= 0.8 * sizes["client"], f"a narrow title column: {rows}"
    assert rows["title_bottom"] <= rows["other_top"], "the title first, the other cells under it"
    assert rows["height"] < 160, f"rows taller than a few lines: {rows}"
    table = page.locator("table.catalog-table").first
    header = table.locator("thead .catalog-sort-button").first
    assert header.is_visible()
    header.click()
    assert table.locator("thead th[aria-sort]").count() == 1
    save_artifact(page, f"phone-{name}")
    log.assert_no_errors()


ROWS = """() => {
    const row = document.querySelector('table.catalog-table tbody tr:not([hidden])');
    const title = row.querySelector('td.catalog-col-title').getBoundingClientRect();
    const other = row.querySelector('td:not(.catalog-col-title)').getBoundingClientRect();
    return {title_width: title.width, title_bottom: title.bottom, other_top: other.top,
            height: row.getBoundingClientRect().height};
}"""


def save_artifact(page: Any, name: str) -> None:
    """A screenshot of the page in test-artifacts/ (kept by CI), failing or not."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
