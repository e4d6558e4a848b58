"""On a phone, a tap on a row's short author list shows the full list; the row's link
leads to the paper's page, which shows the authors and the BibTeX without script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def _topic_page_with_long_author_list(site: Path) -> Path:
    for page in sorted((site / "topics").glob("*.html")):
        if '<details class="catalog-authors">' in page.read_text(encoding="utf-8"):
            return page
    pytest.skip("no paper with more than two authors in the built site")


def test_a_tap_shows_every_author_on_a_phone(browser: Any, site: Path) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(_topic_page_with_long_author_list(site).as_uri())
        authors = page.locator("details.catalog-authors").first
        authors.scroll_into_view_if_needed()
        full = authors.locator("p")
        assert not full.is_visible()
        authors.locator("summary").tap()
        assert full.is_visible()
        names = full.inner_text().split(", ")
        assert len(names) > 2
        # the row's link to the paper's page, where the authors are listed in full
        row = authors.locator("xpath=ancestor::tr")
        with page.expect_navigation():
            row.locator("a.catalog-paper-page").tap()
        assert "/papers/" in page.url
        assert page.locator(".catalog-paper-authors").inner_text() == ", ".join(names)
    finally:
        context.close()


def test_a_paper_page_reads_without_script(browser: Any, site: Path) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        first = sorted((site / "papers").glob("*.html"))[0]
        page.goto(first.as_uri())
        assert page.locator("h1").first.is_visible()
        assert page.locator("pre").first.inner_text().startswith("@")
        assert page.locator("a[download]").count() == 1
        # the page fits the phone's width: no sideways scrolling of the page itself
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
    finally:
        context.close()
