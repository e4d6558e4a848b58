"""Every kind of page of the real site opens offline, and the site search works offline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from browser_helpers import (
    KNOWN_PAPER,
    kind_names,
    known_name,
    known_paper,
    page_kinds,
    primary_topic,
    search_label,
    topic_title,
)

if TYPE_CHECKING:
    from conftest import PageLog

pytestmark = pytest.mark.browser

OVER_HTTP = ("landing", "leaf-topic", "all-papers", "by-year", "search")
CASES = [pytest.param(kind, "file", id=f"{kind}-file") for kind in kind_names()] + [
    pytest.param(kind, "http", id=f"{kind}-http") for kind in OVER_HTTP
]
SEARCH_LINKS = "#search-results ul.search li a"


def base_url(scheme: str, site: Path, http_server: Callable[[Path], str]) -> str:
    return site.as_uri() + "/" if scheme == "file" else http_server(site)


@pytest.mark.parametrize(("kind", "scheme"), CASES)
def test_page_kind_opens_offline(
    kind: str,
    scheme: str,
    page: Any,
    page_log: PageLog,
    site: Path,
    http_server: Callable[[Path], str],
) -> None:
    """The page renders completely (theme script, catalog tables, fonts) from local files only."""
    expected = page_kinds()[kind]
    path = site / expected.path
    assert path.is_file(), f"the site has no {expected.path} ({kind} page)"
    page.goto(base_url(scheme, site, http_server) + expected.path, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")

    assert page.locator("h1").first.inner_text().strip().rstrip("#").strip() == expected.title
    for selector in expected.shows:
        assert page.locator(selector).count() >= 1, f"{kind}: nothing matches {selector}"
    assert page.evaluate("document.documentElement.dataset.theme") in {"light", "dark"}, (
        "the theme's script did not run"
    )
    tables = page.locator("table.catalog-table")
    assert page.locator("table.catalog-table--enhanced").count() == tables.count(), (
        "every catalog table is enhanced"
    )
    if scheme == "file":
        page_log.assert_only_files()
    else:
        page_log.assert_offline()
    page_log.assert_all_loaded()
    page_log.assert_no_errors()


def search_results(page: Any) -> list[dict[str, str]]:
    """Wait for Sphinx's search to finish; the result links, absolute, with their text."""
    page.wait_for_function(
        "() => /^Search finished/.test("
        "    document.querySelector('#search-results .search-summary')?.textContent || '')",
        timeout=10_000,
    )
    return page.locator(SEARCH_LINKS).evaluate_all(
        "(links) => links.map((a) => ({ href: a.href, text: a.textContent.trim() }))"
    )


def paper_links(results: list[dict[str, str]]) -> list[dict[str, str]]:
    """Results for the known paper: the search lists a paper as 'Title (year, venue)'."""
    return [link for link in results if link["text"] == search_label(known_paper())]


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_search_finds_a_known_paper_offline(
    scheme: str,
    page: Any,
    page_log: PageLog,
    site: Path,
    http_server: Callable[[Path], str],
) -> None:
    """search.html?q=<its name> (MobileLLM) lists the paper, linking to its primary topic page.

    From file:// Sphinx's search still works (searchindex.js is a script), but the page
    summaries under each result are fetched with fetch(), which Chromium refuses for
    file:// URLs; those failures are Sphinx's and only cost the summaries.
    """
    base = base_url(scheme, site, http_server)
    page.goto(base + "search.html?q=" + known_name())
    results = search_results(page)
    assert page.locator(".bd-search-container input[name=q]").input_value() == known_name()

    topic_page = urljoin(base, f"topics/{primary_topic()}.html")
    found = paper_links(results)
    assert found, f"no result is the paper {known_paper()['title']!r}: {results}"
    assert any(link["href"].split("#")[0] == topic_page for link in found), (topic_page, found)
    assert any(link["href"] == topic_page for link in results), "the topic page is a result"

    if scheme == "file":
        page_log.assert_only_files()
    else:
        page_log.assert_offline()
        page_log.assert_all_loaded()
        page_log.assert_no_errors()
        page.wait_for_selector("#search-results p.context")  # summaries, fetched over HTTP


def test_search_from_the_header_of_a_page(page: Any, page_log: PageLog, site: Path) -> None:
    """A reader on the landing page (file://) searches with the header's search box."""
    page.goto((site / "index.html").as_uri())
    page.locator(".search-button__button:visible").first.click()
    box = page.locator("#pst-search-dialog input[name=q]")
    box.press_sequentially(known_name())
    box.press("Enter")
    page.wait_for_url(f"**/search.html?q={known_name()}*")
    assert paper_links(search_results(page))
    page_log.assert_only_files()


def search_items(page: Any) -> list[str]:
    """The text of each search result: the link and what follows it."""
    return page.locator("#search-results ul.search li").evaluate_all(
        "(items) => items.map((li) => li.textContent.replace(/\\s+/g, ' ').trim())")


def title_words() -> str:
    """Words of the known paper's title after its short name: 'Optimizing Sub-billion ...'."""
    return known_paper()["title"].partition(":")[2].strip()


@pytest.mark.parametrize("words", [3, 0], ids=["three-words", "whole-rest"])
def test_search_finds_a_paper_by_words_of_its_title(page: Any, site: Path,
                                                    words: int) -> None:
    """Words of a title (not its short name, in lower case) find the paper first, shown
    by its title with year and venue and its topic, linking to its row."""
    query = " ".join(title_words().lower().split()[-words:] if words else [title_words()])
    page.goto((site / "search.html").as_uri() + "?" + urlencode({"q": query}))
    results = search_results(page)
    assert results, f"nothing found for {query!r}"
    first = results[0]
    assert first["text"] == search_label(known_paper()), (query, results[:5])
    assert urlsplit(first["href"]).fragment == f"row-{KNOWN_PAPER}"
    assert search_items(page)[0].endswith(f"(paper, in {topic_title(primary_topic())})")


def test_search_result_opens_the_paper_row(page: Any, site: Path) -> None:
    page.goto((site / "search.html").as_uri() + "?q=" + known_name())
    found = paper_links(search_results(page))
    assert found
    assert urlsplit(found[0]["href"]).fragment == f"row-{KNOWN_PAPER}"
    page.locator(SEARCH_LINKS, has_text=known_paper()["title"]).first.click()
    page.wait_for_url(f"**/{primary_topic()}.html#row-{KNOWN_PAPER}")
    row = page.locator(f"tr#row-{KNOWN_PAPER}")
    row.wait_for()
    assert row.is_visible()
    assert page.evaluate("document.querySelector(':target')?.id") == f"row-{KNOWN_PAPER}"


def test_search_lists_topics_once_by_their_pages(page: Any, site: Path) -> None:
    """A topic is a result as its page (by title), not also as an object under its id."""
    topic = primary_topic()
    page.goto((site / "search.html").as_uri() + "?" + urlencode({"q": topic_title(topic)}))
    texts = [link["text"] for link in search_results(page)]
    assert topic_title(topic) in texts
    assert topic not in texts
