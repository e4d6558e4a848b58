"""The table script and stylesheet, driven in Chromium on static fixture pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

if TYPE_CHECKING:
    from conftest import PageLog

pytestmark = pytest.mark.browser

YEAR, KEYWORD, PAPER, VENUE = range(4)
SERVER_ORDER = [
    "paper-mobilellm",
    "paper-dora",
    "paper-quip-sharp",
    "paper-qlora",
    "paper-flashattention-2",
    "paper-lora",
    "paper-synthetic",
]
ROWS_SHOWN = """(table, column) => Array.from(table.querySelectorAll(':scope > tbody > tr'))
    .filter((row) => row.getClientRects().length > 0)
    .map((row) => column === null ? row.id : row.cells[column].textContent.trim())"""

Opener = Callable[..., Any]


@pytest.fixture(params=["file", "http"])
def open_page(
    request: pytest.FixtureRequest,
    page: Any,
    fixture_site: Path,
    http_server: Callable[[Path], str],
) -> Opener:
    """Open a fixture page by file:// or over the local HTTP server."""
    base = fixture_site.as_uri() + "/" if request.param == "file" else http_server(fixture_site)

    def open_(name: str = "table.html", suffix: str = "") -> Any:
        page.goto(base + name + suffix)
        page.wait_for_selector("table.catalog-table--enhanced")
        return page

    return open_


def shown(table: Any, column: int | None = None) -> list[str]:
    """Texts of one column (or row ids) of the rows a reader can see, top to bottom."""
    return table.evaluate(ROWS_SHOWN, column)


def sort_button(table: Any, column: int) -> Any:
    return table.locator("thead th").nth(column).get_by_role("button")


def aria_sort(table: Any) -> list[str | None]:
    return [th.get_attribute("aria-sort") for th in table.locator("thead th").all()]


def query(page: Any) -> dict[str, list[str]]:
    """The page's query now (page.url lags behind history.replaceState)."""
    return parse_qs(urlsplit(page.evaluate("location.href")).query)


def test_click_sorts_year_ascending_then_descending(open_page: Opener, page_log: PageLog) -> None:
    page = open_page()
    table = page.locator("table.catalog-table")
    assert shown(table) == SERVER_ORDER
    assert aria_sort(table) == [None, None, None, None]

    sort_button(table, YEAR).click()
    assert shown(table, YEAR) == ["999", "2022", "2023", "2023", "2024", "2024", "2024"]
    assert aria_sort(table) == ["ascending", None, None, None]

    sort_button(table, YEAR).click()
    assert shown(table, YEAR) == ["2024", "2024", "2024", "2023", "2023", "2022", "999"]
    assert aria_sort(table) == ["descending", None, None, None]

    sort_button(table, VENUE).click()
    assert aria_sort(table) == [None, None, None, "ascending"]
    page_log.assert_offline()
    page_log.assert_no_errors()


def test_headers_are_buttons_with_the_header_text(open_page: Opener) -> None:
    page = open_page()
    table = page.locator("table.catalog-table")
    names = [sort_button(table, i).inner_text().strip() for i in range(4)]
    assert names == ["Year", "Keyword", "Paper", "Venue"]
    assert table.locator("thead th p").count() == 0, "<p> must not stay inside a <button>"
    for i in range(4):
        assert sort_button(table, i).get_attribute("type") == "button"
    assert page.get_by_role("button", name="Year", exact=True).count() == 1


def test_keyboard_sorts_with_enter_and_space(open_page: Opener, page_log: PageLog) -> None:
    page = open_page()
    table = page.locator("table.catalog-table")
    page.get_by_label("Filter papers").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Year", "Tab from the filter box reaches the first header"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "a keyboard-focused header shows a focus ring"

    page.keyboard.press("Enter")
    assert aria_sort(table)[YEAR] == "ascending"
    assert shown(table, YEAR)[0] == "999"

    page.keyboard.press("Space")
    assert aria_sort(table)[YEAR] == "descending"
    assert shown(table, YEAR)[0] == "2024"

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert aria_sort(table) == [None, "ascending", None, None]
    assert shown(table, KEYWORD)[0] == "Attention"
    page_log.assert_no_errors()


def test_year_sorts_as_numbers_not_text(open_page: Opener) -> None:
    page = open_page()
    table = page.locator("table.catalog-table")
    sort_button(table, YEAR).click()
    years = shown(table, YEAR)
    assert years[0] == "999", "as text, '999' would sort after '2024'"
    assert years == sorted(years, key=int)


def test_number_column_without_class_is_detected(open_page: Opener) -> None:
    page = open_page("two-tables.html")
    scores = page.locator("table.catalog-table").nth(1)
    sort_button(scores, 0).click()
    assert shown(scores, 0) == ["2.25", "2.5", "9", "10", "100"], "numbers, not text"
    sort_button(scores, 0).click()
    assert shown(scores, 0) == ["100", "10", "9", "2.5", "2.25"]
    sort_button(scores, 1).click()
    assert shown(scores, 1) == ["item 2", "item 2b", "Item 9", "item 10", "item 100"]


def test_sort_is_stable(open_page: Opener) -> None:
    page = open_page()
    table = page.locator("table.catalog-table")
    icml = ["paper-mobilellm", "paper-dora", "paper-quip-sharp"]
    low_rank = ["paper-dora", "paper-qlora", "paper-lora"]

    sort_button(table, YEAR).click()
    assert shown(table)[-3:] == icml
    sort_button(table, YEAR).click()
    assert shown(table)[:3] == icml

    sort_button(table, VENUE).click()
    assert shown(table, VENUE) == [
        "arXiv",
        "ICLR",
        "ICML",
        "ICML",
        "ICML",
        "NeurIPS",
        "Zürich Workshop",
    ]
    assert shown(table)[2:5] == icml
    sort_button(table, VENUE).click()
    assert shown(table)[2:5] == icml, "ties keep their order in both directions"

    sort_button(table, KEYWORD).click()
    assert [row for row in shown(table) if row in low_rank] == low_rank

    sort_button(table, PAPER).click()
    sort_button(table, PAPER).click()
    assert [row for row in shown(table) if row in icml] == [icml[2], icml[0], icml[1]]
    sort_button(table, VENUE).click()
    assert shown(table)[2:5] == icml, "ties keep the original order, not the previous one"


def test_filter_narrows_rows_and_updates_status(open_page: Opener, page_log: PageLog) -> None:
    page = open_page()
    table = page.locator("table.catalog-table")
    box = page.get_by_label("Filter papers")
    status = page.get_by_role("status")
    assert box.get_attribute("type") == "search"
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "7 of 7 papers"

    box.press_sequentially("low-rank")
    assert shown(table) == ["paper-dora", "paper-qlora", "paper-lora"]
    assert status.inner_text() == "3 of 7 papers"
    assert table.locator("tbody tr[hidden]").count() == 4

    cases = {
        "LORA 2023": ["paper-qlora"],  # every word, any column, any case
        "  flash   attention ": ["paper-flashattention-2"],
        "machine learning": ["paper-mobilellm", "paper-dora", "paper-quip-sharp"],  # venue title
        "zurich": ["paper-synthetic"],  # accents folded
        "no such paper": [],
        "": SERVER_ORDER,
    }
    for text, expected in cases.items():
        box.fill(text)
        assert shown(table) == expected, text
        assert status.inner_text() == f"{len(expected)} of 7 papers"
    assert table.locator("tbody tr[hidden]").count() == 0
    page_log.assert_no_errors()


def test_filter_and_sort_survive_a_reload(open_page: Opener, page_log: PageLog) -> None:
    page = open_page(suffix="#catalog")
    table = page.locator("table.catalog-table")
    page.get_by_label("Filter papers").fill("low rank")
    sort_button(table, YEAR).click()
    sort_button(table, YEAR).click()
    assert query(page) == {"filter": ["low rank"], "sort": ["0d"]}
    assert urlsplit(page.evaluate("location.href")).fragment == "catalog", (
        "the Sphinx anchor is kept"
    )

    page.reload()
    page.wait_for_selector("table.catalog-table--enhanced")
    table = page.locator("table.catalog-table")
    assert page.get_by_label("Filter papers").input_value() == "low rank"
    assert shown(table) == ["paper-dora", "paper-qlora", "paper-lora"]
    assert aria_sort(table) == ["descending", None, None, None]
    assert page.get_by_role("status").inner_text() == "3 of 7 papers"

    page.get_by_label("Filter papers").fill("")
    assert query(page) == {"sort": ["0d"]}, "an empty filter leaves the URL"
    page_log.assert_offline()
    page_log.assert_no_errors()


def test_state_from_a_shared_link(open_page: Opener) -> None:
    page = open_page(suffix="?filter=icml&sort=2a&highlight=lora")
    table = page.locator("table.catalog-table")
    assert shown(table) == ["paper-dora", "paper-mobilellm", "paper-quip-sharp"]
    assert aria_sort(table) == [None, None, "ascending", None]
    sort_button(table, PAPER).click()
    assert query(page) == {"filter": ["icml"], "sort": ["2d"], "highlight": ["lora"]}


def test_bad_url_state_is_ignored(open_page: Opener, page_log: PageLog) -> None:
    page = open_page(suffix="?sort=9a&sort1=x")
    table = page.locator("table.catalog-table")
    assert shown(table) == SERVER_ORDER
    assert aria_sort(table) == [None, None, None, None]
    page_log.assert_no_errors()


def test_two_tables_keep_separate_state(open_page: Opener, page_log: PageLog) -> None:
    page = open_page("two-tables.html")
    first, scores = page.locator("table.catalog-table").all()
    boxes = page.get_by_role("searchbox").all()
    statuses = page.get_by_role("status").all()
    assert len(boxes) == len(statuses) == 2, "one filter per catalog table, none for others"
    assert page.locator("table#plain thead button").count() == 0

    boxes[0].fill("low-rank")
    sort_button(scores, 0).click()
    assert query(page) == {"filter": ["low-rank"], "sort1": ["0a"]}
    assert shown(first) == ["paper-dora", "paper-qlora"]
    assert shown(scores, 0) == ["2.25", "2.5", "9", "10", "100"]
    assert [s.inner_text() for s in statuses] == ["2 of 4 papers", "5 of 5 papers"]

    page.reload()
    page.wait_for_selector("table.catalog-table--enhanced")
    first, scores = page.locator("table.catalog-table").all()
    assert shown(first) == ["paper-dora", "paper-qlora"]
    assert aria_sort(first) == ["descending", None, None, None], "server order, unchanged"
    assert shown(scores, 0) == ["2.25", "2.5", "9", "10", "100"]
    assert aria_sort(scores) == ["ascending", None]
    assert page.get_by_role("searchbox").nth(1).input_value() == ""
    page_log.assert_offline()
    page_log.assert_no_errors()


def test_server_sort_hint_sets_the_initial_aria_sort(open_page: Opener) -> None:
    page = open_page("two-tables.html")
    first = page.locator("table.catalog-table").first
    assert aria_sort(first) == ["descending", None, None, None]
    assert shown(first, YEAR) == ["2024", "2024", "2024", "2023"]
    assert query(page) == {}, "a hint alone does not touch the URL"
    sort_button(first, YEAR).click()
    assert aria_sort(first) == ["ascending", None, None, None]
    assert shown(first, YEAR) == ["2023", "2024", "2024", "2024"]


def test_filter_controls_come_before_the_scroll_container(open_page: Opener) -> None:
    page = open_page()
    previous = page.evaluate(
        """() => document.querySelector('.pst-scrollable-table-container')
            .previousElementSibling.className"""
    )
    assert previous == "catalog-controls"


def test_link_to_a_filtered_out_row_shows_it(open_page: Opener) -> None:
    page = open_page()
    table = page.locator("table.catalog-table")
    page.get_by_label("Filter papers").fill("mobile")
    assert shown(table) == ["paper-mobilellm"]
    page.get_by_role("link", name="LoRA", exact=True).click()
    assert "paper-lora" in shown(table)
    assert page.get_by_label("Filter papers").input_value() == ""
    assert page.locator("#paper-lora").is_visible()


def test_narrow_screen_stacks_rows_instead_of_scrolling(open_page: Opener, page: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    open_page()
    sizes = page.evaluate(
        """() => {
            const scroller = document.querySelector('.pst-scrollable-table-container');
            const box = document.querySelector('.catalog-filter');
            return {
                page: document.documentElement.scrollWidth,
                scroller: [scroller.scrollWidth, scroller.clientWidth],
                box: box.getBoundingClientRect().width,
                controls: box.parentElement.getBoundingClientRect().width,
            };
        }"""
    )
    assert sizes["page"] <= 375, sizes
    assert sizes["scroller"][0] <= sizes["scroller"][1], "rows stack: nothing scrolls sideways"
    assert sizes["box"] == pytest.approx(sizes["controls"], abs=1), "full-width filter box"


def test_no_outside_requests(open_page: Opener, page_log: PageLog) -> None:
    page = open_page("two-tables.html")
    page.get_by_role("searchbox").first.fill("attention")
    sort_button(page.locator("table.catalog-table").first, YEAR).click()
    assert any(url.endswith("/_static/catalog-table.js") for url in page_log.requests)
    page_log.assert_offline()
    page_log.assert_no_errors()


def test_without_javascript_the_table_is_complete(browser: Any, fixture_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((fixture_site / "table.html").as_uri())
        table = page.locator("table.catalog-table")
        assert shown(table) == SERVER_ORDER
        assert page.locator(".catalog-controls, .catalog-sort-button").count() == 0
    finally:
        context.close()


def test_a_crafted_long_filter_in_the_url_is_cut_and_the_page_stays_responsive(
        open_page: Opener) -> None:
    """A 1.8 MB ?filter= used to take seconds; the script reads at most 200 characters."""
    page = open_page(suffix="?filter=" + "icml%20" * 40 + "x" * 200)
    box = page.locator("input.catalog-filter")
    assert box.get_attribute("maxlength") == "200"
    assert box.input_value() == ("icml " * 40)[:200]
    assert shown(page.locator("table.catalog-table")) != []  # every word is 'icml'


def test_a_query_string_longer_than_any_shared_view_is_ignored(page: Any,
                                                                fixture_site: Path) -> None:
    # file:// only: a web server refuses a request line this long before the script runs
    page.goto((fixture_site / "table.html").as_uri() + "?filter=" + "a%20" * 450_000
              + "&sort=0a")  # 1.8 MB
    page.wait_for_selector("table.catalog-table--enhanced")
    assert page.locator("input.catalog-filter").input_value() == ""
    assert shown(page.locator("table.catalog-table")) == SERVER_ORDER
