"""Layout of the real site at 1400 px (desktop) and 375 px (phone): no empty sidebar
beside the big tables, one site name in the home page's title. Every test writes its
screenshots to test-artifacts/ (kept by CI), passing or not."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_helpers import _heading as page_heading

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
