"""Sorting (mouse and keyboard), filtering and shareable state on every kind of real table."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_helpers import (
    KNOWN_PAPER,
    aria_sort,
    column,
    fold,
    initial,
    primary_topic,
    query,
    row_ids,
    sort_button,
    visible_rows,
)

if TYPE_CHECKING:
    from conftest import PageLog, PageOpener

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Table:
    """A catalog table of the site: the page, its position there, the columns to sort."""

    page: str
    index: int  # among the page's catalog tables (0: filter/sort in the URL, 1: filter1/sort1)
    click: str  # column sorted with the mouse
    keys: str  # column sorted with the keyboard

    @property
    def suffix(self) -> str:
        return "" if self.index == 0 else str(self.index)


TABLES = {
    "topic": Table(f"topics/{primary_topic()}.html", 0, click="year", keys="keyword"),
    "all-papers": Table("papers.html", 0, click="year", keys="topics"),
    "browse-second": Table("by-year.html", 1, click="venue", keys="title"),
    # The newest papers may all share one year: sort them by venue and title instead.
    "landing-newest": Table("index.html", 0, click="venue", keys="title"),
}


def open_table(page: Any, url: str, table: Table) -> Any:
    page.goto(url)
    page.wait_for_selector("table.catalog-table--enhanced")
    tables = page.locator("table.catalog-table")
    assert tables.count() > table.index, f"{table.page} has {tables.count()} catalog tables"
    return tables.nth(table.index)


@pytest.fixture(params=list(TABLES))
def case(request: pytest.FixtureRequest) -> Table:
    return TABLES[request.param]


def other_tables(page: Any, table: Table) -> list[Any]:
    return [t for i, t in enumerate(page.locator("table.catalog-table").all()) if i != table.index]


def snapshot(tables: list[Any]) -> list[tuple[list[str], list[str | None]]]:
    """Visible row order and aria-sort of some tables, to show they were left alone."""
    return [(row_ids(t), aria_sort(t)) for t in tables]


def assert_sorted(table: Any, before: list[dict[str, Any]], col: int, descending: bool) -> None:
    """The visible rows are the same rows, ordered by the column (years exactly)."""
    rows = visible_rows(table)
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in before), "same rows"
    values = [r["cells"][col] for r in rows]
    assert len(set(values)) > 1, f"the column must hold more than one value: {values}"
    if all(re.fullmatch(r"\d+", v) for v in values):
        expected = sorted(before, key=lambda r: int(r["cells"][col]) * (-1 if descending else 1))
        assert [r["id"] for r in rows] == [r["id"] for r in expected], "by year, ties stable"
    else:
        letters = [initial(v) for v in values]
        assert letters == sorted(letters, reverse=descending), values


def only_sorted(table: Any, col: int, direction: str) -> None:
    sorts = aria_sort(table)
    assert sorts[col] == direction, sorts
    assert sum(s is not None for s in sorts) == 1, sorts


def test_mouse_sorts(case: Table, page: Any, page_log: PageLog, site: Path) -> None:
    table = open_table(page, (site / case.page).as_uri(), case)
    others = other_tables(page, case)
    untouched = snapshot(others)
    before = visible_rows(table)
    col = column(table, case.click)

    sort_button(table, col).click()
    assert_sorted(table, before, col, descending=False)
    only_sorted(table, col, "ascending")
    assert query(page) == {f"sort{case.suffix}": [f"{col}a"]}

    sort_button(table, col).click()
    assert_sorted(table, before, col, descending=True)
    only_sorted(table, col, "descending")
    assert query(page) == {f"sort{case.suffix}": [f"{col}d"]}
    assert snapshot(others) == untouched, "the page's other tables did not move"
    page_log.assert_only_files()
    page_log.assert_no_errors()


def test_keyboard_sorts(case: Table, page: Any, page_log: PageLog, site: Path) -> None:
    """Tab from the filter box to the header, then Enter and Space sort."""
    table = open_table(page, (site / case.page).as_uri(), case)
    before = visible_rows(table)
    col = column(table, case.keys)
    target = sort_button(table, col)

    page.locator(f"#catalog-filter-{case.index}").focus()
    for _ in range(col + 3):
        if target.evaluate("(el) => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert target.evaluate("(el) => el === document.activeElement"), (
        f"Tab from the filter box did not reach the {case.keys} header: "
        + page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    )
    assert target.evaluate("(el) => getComputedStyle(el).outlineStyle") == "solid", "focus ring"

    page.keyboard.press("Enter")
    assert_sorted(table, before, col, descending=False)
    only_sorted(table, col, "ascending")

    page.keyboard.press("Space")
    assert_sorted(table, before, col, descending=True)
    only_sorted(table, col, "descending")
    page_log.assert_no_errors()


def matching(rows: list[dict[str, Any]], text: str) -> list[str]:
    """Rows holding every typed word in any column (or a tooltip), any case or accent."""
    words = fold(text).split()
    return [row["id"] for row in rows if all(word in fold(row["text"]) for word in words)]


def pick_words(rows: list[dict[str, Any]], col: int) -> str:
    """A word from the table that some rows have and others do not."""
    for row in rows:
        for word in sorted(set(re.findall(r"[A-Za-z]{4,}", row["cells"][col])), key=len)[::-1]:
            if 0 < len(matching(rows, word)) < len(rows):
                return word
    raise AssertionError("no word tells the rows apart")


def test_filter(case: Table, page: Any, page_log: PageLog, site: Path) -> None:
    table = open_table(page, (site / case.page).as_uri(), case)
    others = other_tables(page, case)
    untouched = snapshot(others)
    rows = visible_rows(table)
    total = len(rows)
    box = page.locator(f"#catalog-filter-{case.index}")
    status = page.locator(f"#catalog-filter-{case.index}-status")
    assert box.get_attribute("type") == "search"
    assert page.locator(f"label[for=catalog-filter-{case.index}]").inner_text() == "Filter papers"
    assert status.inner_text() == f"{total} of {total} papers"

    word = pick_words(rows, column(table, "title"))
    expected = matching(rows, word)
    box.press_sequentially(word.upper())
    assert row_ids(table) == expected
    assert status.inner_text() == f"{len(expected)} of {total} paper{'s' if total != 1 else ''}"
    assert table.locator("tbody tr[hidden]").count() == total - len(expected)
    assert query(page) == {f"filter{case.suffix}": [word.upper()]}

    venue = next(r for r in rows if r["id"] == expected[0])["cells"][column(table, "venue")]
    both = f"{word} {venue}"
    box.fill(both)
    assert row_ids(table) == matching(rows, both), "every word must match"
    assert 1 <= len(row_ids(table)) <= len(expected)

    box.fill("no paper has this qqqq")
    assert row_ids(table) == []
    assert status.inner_text() == f"0 of {total} papers"

    box.press("Control+a")
    box.press("Backspace")
    assert row_ids(table) == [row["id"] for row in rows], "all rows, in their first order"
    assert query(page) == {}
    assert snapshot(others) == untouched, "the page's other tables are not filtered"
    page_log.assert_only_files()
    page_log.assert_no_errors()


def shown_ids(table: Any) -> list[str]:
    """The ids of the rows the table script shows (neither the row nor its body hidden)."""
    return table.evaluate("(table) => Array.from(table.querySelectorAll("
                          "':scope > tbody:not([hidden]) > tr:not([hidden])'), (row) => row.id)")


def test_tables_of_a_browse_page_are_independent(page: Any, page_log: PageLog, site: Path) -> None:
    """Filter and sort the second table of a browse page; the first and third stay as built."""
    page.goto((site / "by-venue.html").as_uri())
    page.wait_for_selector("table.catalog-table--enhanced")
    tables = page.locator("table.catalog-table").all()
    assert len(tables) >= 3, "a browse page has many tables"
    first, second, third = tables[:3]
    untouched = snapshot([first, third])
    statuses = [page.locator(f"#catalog-filter-{i}-status").inner_text() for i in (0, 2)]
    rows = visible_rows(second)
    col = column(second, "year")

    word = pick_words(rows, column(second, "title"))
    page.locator("#catalog-filter-1").fill(word)
    sort_button(second, col).click()
    kept = matching(rows, word)
    by_year = sorted(rows, key=lambda r: int(r["cells"][col]))
    expected = [r["id"] for r in by_year if r["id"] in kept]
    # the rows the script shows, by its own marks: a body the browser has not laid out yet
    # (content-visibility) has no boxes to measure; read again until the deal has settled
    deadline = time.monotonic() + 10
    while shown_ids(second) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert shown_ids(second) == expected
    assert query(page) == {"filter1": [word], "sort1": [f"{col}a"]}
    assert snapshot([first, third]) == untouched
    assert [page.locator(f"#catalog-filter-{i}-status").inner_text() for i in (0, 2)] == statuses

    sort_button(first, column(first, "year")).click()
    first_year = column(first, "year")
    assert query(page) == {"filter1": [word], "sort1": [f"{col}a"], "sort": [f"{first_year}a"]}
    only_sorted(second, col, "ascending")
    page_log.assert_no_errors()


def test_landing_page_enhances_only_the_catalog_table(page: Any, site: Path) -> None:
    """The chart's data table on the landing page is not a catalog table: no controls."""
    page.goto((site / "index.html").as_uri())
    page.wait_for_selector("table.catalog-table--enhanced")
    assert page.locator(".catalog-filter").count() == page.locator("table.catalog-table").count()
    assert page.locator("table.catalog-chart-data .catalog-sort-button").count() == 0


SHARED = {
    "topic-file": ("topic", "file"),
    "topic-http": ("topic", "http"),
    "browse-second-file": ("browse-second", "file"),
}


@pytest.mark.parametrize("name", list(SHARED))
def test_url_state_survives_reload_and_shared_link(
    name: str,
    page: Any,
    page_log: PageLog,
    new_page: PageOpener,
    site: Path,
    http_server: Callable[[Path], str],
) -> None:
    """Filter and sort, reload: same view. Open the copied URL in a fresh browser: same view."""
    case = TABLES[SHARED[name][0]]
    base = site.as_uri() + "/" if SHARED[name][1] == "file" else http_server(site)
    table = open_table(page, base + case.page, case)
    rows = visible_rows(table)
    word = pick_words(rows, column(table, "title"))
    col = column(table, case.click)
    page.locator(f"#catalog-filter-{case.index}").press_sequentially(word)
    sort_button(table, col).click()
    sort_button(table, col).click()
    view = row_ids(table), aria_sort(table), word
    assert view[0] and len(view[0]) < len(rows)
    link = page.evaluate("location.href")
    assert query(page) == {f"filter{case.suffix}": [word], f"sort{case.suffix}": [f"{col}d"]}

    def shown(p: Any) -> tuple[list[str], list[str | None], str]:
        t = p.locator("table.catalog-table").nth(case.index)
        return row_ids(t), aria_sort(t), p.locator(f"#catalog-filter-{case.index}").input_value()

    page.reload()
    page.wait_for_selector("table.catalog-table--enhanced")
    assert shown(page) == view, "after a reload"
    status = f"{len(view[0])} of {len(rows)} papers"
    assert page.locator(f"#catalog-filter-{case.index}-status").inner_text() == status

    fresh, fresh_log = new_page()
    fresh.goto(link)
    fresh.wait_for_selector("table.catalog-table--enhanced")
    assert shown(fresh) == view, "from the shared link"
    assert fresh.locator(f"#catalog-filter-{case.index}-status").inner_text() == status
    for other in other_tables(fresh, case):
        assert other.locator("tbody tr[hidden]").count() == 0, "other tables are not filtered"
    search_boxes = fresh.locator("input[name=q]").evaluate_all("(all) => all.map((i) => i.value)")
    assert search_boxes and set(search_boxes) == {""}, "the site search does not take the filter"
    fresh_log.assert_offline()
    fresh_log.assert_no_errors()
    page_log.assert_no_errors()


def test_a_topics_link_lands_on_the_papers_row(page: Any, site: Path) -> None:
    """All papers, filtered to one paper -> its Topics link -> its row on the topic page."""
    page.goto((site / "papers.html").as_uri() + f"?filter={KNOWN_PAPER}")
    page.wait_for_selector("table.catalog-table--enhanced")
    table = page.locator("table.catalog-table").first
    assert row_ids(table) == [f"row-{KNOWN_PAPER}"]
    topics = table.locator(f"tr#row-{KNOWN_PAPER} td.catalog-col-topics a").first
    topics.click()
    page.wait_for_url(f"**/topics/{primary_topic()}.html#row-{KNOWN_PAPER}")
    page.wait_for_selector("table.catalog-table--enhanced")
    row = page.locator(f"tr#row-{KNOWN_PAPER}")
    assert row.is_visible()
    assert row.evaluate("(el) => el.matches(':target')")


ROW_IN_VIEW = """(id) => {
    const row = document.getElementById(id);
    const box = row && row.getBoundingClientRect();
    return Boolean(box) && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}"""


def test_a_link_to_a_row_far_down_shows_it_after_sorting_and_filtering(
        page: Any, site: Path) -> None:
    """On a wide screen the rows far down the all-papers page are not laid out until they
    come near the viewport; a link to one still scrolls to it and shows it: on opening
    the page, after sorting and after filtering."""
    url = (site / "papers.html").as_uri()
    page.goto(url)
    page.wait_for_selector("table.catalog-table--enhanced")
    last = row_ids(page.locator("table.catalog-table").first)[-1]
    page.goto(f"{url}#{last}")
    page.wait_for_selector("table.catalog-table--enhanced")
    page.wait_for_function(ROW_IN_VIEW, arg=last)

    table = page.locator("table.catalog-table").first
    sort_button(table, column(table, "title")).click()
    last = row_ids(table)[-1]
    page.evaluate("(id) => { window.location.hash = id; }", last)
    page.wait_for_function(ROW_IN_VIEW, arg=last)

    page.evaluate("() => window.scrollTo(0, 0)")
    rows = visible_rows(table)
    word = fold(rows[-1]["cells"][column(table, "venue")])
    page.locator("#catalog-filter-0").press_sequentially(word)
    shown = [row for row in row_ids(table) if row != last]  # a new target
    assert 0 < len(shown) < len(rows) - 1
    page.evaluate("(id) => { window.location.hash = id; }", shown[-1])
    page.wait_for_function(ROW_IN_VIEW, arg=shown[-1])
