"""Layout of the real site at 1400 px (desktop) and 375 px (phone): no empty sidebar
beside the big tables, one site name in the home page's title. Every test writes its
screenshots to test-artifacts/ (kept by CI), passing or not."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_helpers import _heading as page_heading
from browser_helpers import known_name

if TYPE_CHECKING:
    from conftest import PageOpener

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 375, "height": 800}
SITE_NAME = "Resource-Efficient LLM Papers"
BIG_TABLES = ["papers", "by-year", "by-venue", "by-keyword"]


def save_artifact(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("doc", BIG_TABLES)
def test_big_table_pages_have_no_left_sidebar(doc: str, new_page: PageOpener,
                                              site: Path) -> None:
    """At 1400 px the left column is not there, so the table gets its width."""
    page, log = new_page(viewport=DESKTOP)
    page.goto((site / f"{doc}.html").as_uri())
    page.wait_for_selector("table.catalog-table--enhanced")
    sidebar = page.locator(".bd-sidebar-primary")
    assert sidebar.count() == 0 or not sidebar.first.is_visible()
    width = page.evaluate(
        "document.querySelector('table.catalog-table').getBoundingClientRect().width")
    assert width >= 850, f"the table is {width}px wide"
    save_artifact(page, f"desktop-{doc}")
    log.assert_no_errors()


def test_topic_pages_keep_their_sidebar(new_page: PageOpener, site: Path) -> None:
    page, _ = new_page(viewport=DESKTOP)
    page.goto((site / "topics" / "quantization.html").as_uri())
    assert page.locator(".bd-sidebar-primary").first.is_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_page_title_names_the_site_once(viewport: dict[str, int],
                                             new_page: PageOpener, site: Path) -> None:
    page, _ = new_page(viewport=viewport)
    page.goto((site / "index.html").as_uri())
    assert page.title() == SITE_NAME
    page.goto((site / "papers.html").as_uri())
    assert page.title() == f"{page_heading('papers.md')} \u2014 {SITE_NAME}"
    page.goto((site / "index.html").as_uri())
    save_artifact(page, f"{'desktop' if viewport is DESKTOP else 'phone'}-home")


CHART = """(selector) => {
    const image = document.querySelector(selector);
    if (!image || image.getClientRects().length === 0) return null;
    const svg = atob(image.src.split(',')[1]);
    const width = Number(/<svg[^>]* width="(\\d+)"/.exec(svg)[1]);
    const fontSize = Number(/font-size="(\\d+)"/.exec(svg)[1]);
    return {shown: image.getBoundingClientRect().width, width,
            text_px: fontSize * image.getBoundingClientRect().width / width};
}"""


@pytest.mark.parametrize(("viewport", "shown", "hidden"), [
    (DESKTOP, "img.catalog-chart", "img.catalog-chart-phone"),
    (PHONE, "img.catalog-chart-phone", "img.catalog-chart"),
], ids=["desktop", "phone"])
def test_home_chart_labels_are_legible(viewport: dict[str, int], shown: str, hidden: str,
                                       new_page: PageOpener, site: Path) -> None:
    """The chart's text (labels, legend) is drawn at 10 px or more: on phones the
    narrow chart, legend under the bars, replaces the wide one."""
    page, log = new_page(viewport=viewport)
    page.goto((site / "index.html").as_uri())
    chart = page.evaluate(CHART, shown)
    assert chart is not None, f"{shown} is not shown"
    assert page.evaluate(CHART, hidden) is None, f"{hidden} is shown too"
    assert chart["text_px"] >= 10, chart
    page.locator(shown).scroll_into_view_if_needed()
    save_artifact(page, f"{'desktop' if viewport is DESKTOP else 'phone'}-chart")
    log.assert_no_errors()


def test_by_keyword_has_one_filter_and_a_keyword_index(new_page: PageOpener,
                                                       site: Path) -> None:
    """One filter box for the page's tables, after an index of the keywords; filtering
    hides the sections without a match and is kept in the address."""
    page, log = new_page(viewport=DESKTOP)
    page.goto((site / "by-keyword.html").as_uri())
    page.wait_for_selector("table.catalog-table--enhanced")
    tables = page.locator("table.catalog-table")
    assert tables.count() > 10
    boxes = page.get_by_role("searchbox", name="Filter papers")
    assert boxes.count() == 1
    assert page.locator(".catalog-page-filter .catalog-filter").count() == 1
    index = page.locator("p.catalog-index a")
    sections = page.locator("main section section")
    assert index.count() == sections.count() == tables.count()
    hrefs = index.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    ids = sections.evaluate_all("(all) => all.map((s) => '#' + s.id)")
    assert hrefs == ids
    total = page.locator(".catalog-filter-status").inner_text()
    save_artifact(page, "desktop-by-keyword-index")

    word = known_name()
    boxes.fill(word)
    shown = page.locator("main section section:not([hidden])")
    assert 1 <= shown.count() < sections.count()
    rows = page.locator("table.catalog-table tbody tr:not([hidden])")
    assert rows.count() == shown.count()  # one listing per keyword of the paper
    assert all(word in text for text in rows.all_text_contents())
    status = page.locator(".catalog-filter-status").inner_text()
    assert status.startswith(f"{rows.count()} of ") and status.endswith(total.split(" of ")[1])
    assert f"filter={word}" in page.url

    fresh, _ = new_page(viewport=PHONE)
    fresh.goto(page.url)
    fresh.wait_for_selector("table.catalog-table--enhanced", state="attached")
    assert fresh.get_by_role("searchbox", name="Filter papers").input_value() == word
    assert fresh.locator("main section section:not([hidden])").count() == shown.count()
    save_artifact(fresh, "phone-by-keyword-filtered")

    boxes.fill("")
    assert page.locator("main section section[hidden]").count() == 0
    assert page.locator(".catalog-filter-status").inner_text() == total
    log.assert_no_errors()
