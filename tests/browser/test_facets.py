"""Facets in Chromium, on the test catalog built with the site's theme: keyboard, phone
width, URL state, back and forward, counts that follow the other facets, offline from
file://, hostile catalog text, and axe-core on the project's markup.

The test catalog (tests/roots/test-catalog) has four papers:

    tinyllm       2024  ICML   Conferences  Quantization, Serving  3 authors
    sparse-cut    2023  arXiv  Preprints    Pruning
    script-title  2022  arXiv  Preprints    Quantization           keyword "<b>Bold?</b>"
    old-quant     2019  ICML   Conferences  Quantization
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
SHOWN_IDS = """() => Array.from(document.querySelectorAll('table.catalog-table--facets tbody tr'))
    .filter((row) => row.getClientRects().length > 0).map((row) => row.id)"""
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def facets_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test catalog's site, built with pydata-sphinx-theme as the real site is."""
    from site_build import sphinx_build

    work = tmp_path_factory.mktemp("facets")
    shutil.copytree(ROOTS / "test-catalog", work / "src")
    out = work / "html"
    run = sphinx_build("-q", "-b", "html", "-D", "html_theme=pydata_sphinx_theme",
                       work / "src", out)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture
def open_all(new_page: PageOpener, facets_site: Path) -> Callable[..., tuple[Any, Any]]:
    """Open the all-papers page (file://) with a query string; returns (page, log)."""
    def open_(query: str = "", viewport: dict[str, int] | None = None) -> tuple[Any, Any]:
        page, log = new_page(viewport=viewport)
        page.goto((facets_site / "all.html").as_uri() + query)
        page.wait_for_selector("details.catalog-facets")
        return page, log

    return open_


def shown(page: Any) -> list[str]:
    return list(page.evaluate(SHOWN_IDS))


def count_of(page: Any, facet: str, value: str) -> str:
    label = page.locator(f".catalog-facet-{facet} label", has_text=value)
    return str(label.locator(".catalog-facet-count").inner_text())


def href(page: Any) -> str:
    """The page's address now (Playwright's page.url may lag a history.pushState)."""
    return str(page.evaluate("location.href"))


def status(page: Any) -> str:
    return str(page.locator(".catalog-filter-status").first.inner_text())


def test_url_state_filters_rows_on_load(open_all: Callable[..., Any]) -> None:
    page, log = open_all("?kind=Conferences&year=2020-")
    assert shown(page) == ["row-tinyllm"]
    assert status(page) == "1 of 4 papers"
    assert page.locator("#catalog-facets-0-year-from").input_value() == "2020"
    assert page.locator(".catalog-facet-kind input[value='Conferences']").is_checked()
    log.assert_no_errors()


def test_values_within_a_facet_combine_with_or_across_facets_with_and(
        open_all: Callable[..., Any]) -> None:
    page, _ = open_all("?topic=Pruning&topic=Serving")
    assert sorted(shown(page)) == ["row-sparse-cut", "row-tinyllm"]
    page.locator(".catalog-facet-venue label", has_text="ICML").click()
    assert shown(page) == ["row-tinyllm"]


def test_changing_a_facet_updates_the_url_and_the_text_filter_combines(
        open_all: Callable[..., Any]) -> None:
    page, _ = open_all()
    page.locator(".catalog-facet-topic label", has_text="Quantization").click()
    assert "topic=Quantization" in href(page)
    assert sorted(shown(page)) == ["row-old-quant", "row-script-title", "row-tinyllm"]
    page.fill("#catalog-filter-0", "tinyllm")
    assert shown(page) == ["row-tinyllm"]
    assert "filter=tinyllm" in href(page) and "topic=Quantization" in href(page)
    assert status(page) == "1 of 4 papers"


def test_counts_follow_the_other_facets_and_the_words(open_all: Callable[..., Any]) -> None:
    page, _ = open_all()
    assert count_of(page, "venue", "ICML") == "(2)"
    assert count_of(page, "topic", "Quantization") == "(3)"
    page.locator(".catalog-facet-kind label", has_text="Preprints").click()
    # other facets count only preprints now; the kind facet itself still counts all
    assert count_of(page, "venue", "ICML") == "(0)"
    assert count_of(page, "venue", "arXiv") == "(2)"
    assert count_of(page, "topic", "Quantization") == "(1)"
    assert count_of(page, "kind", "Conferences") == "(2)"
    page.fill("#catalog-filter-0", "sparse")
    assert count_of(page, "kind", "Conferences") == "(0)"
    assert count_of(page, "topic", "Pruning") == "(1)"
    assert "2022 (0)" in page.locator("#catalog-facets-0-year-to").inner_text()


def test_back_and_forward_restore_the_facets(open_all: Callable[..., Any]) -> None:
    page, _ = open_all()
    page.locator(".catalog-facet-venue label", has_text="arXiv").click()
    page.select_option("#catalog-facets-0-year-from", "2023")
    assert shown(page) == ["row-sparse-cut"]
    page.go_back()
    assert sorted(shown(page)) == ["row-script-title", "row-sparse-cut"]
    assert page.locator("#catalog-facets-0-year-from").input_value() == ""
    page.go_back()
    assert len(shown(page)) == 4
    assert not page.locator(".catalog-facet-venue input[value='arXiv']").is_checked()
    page.go_forward()
    assert page.locator(".catalog-facet-venue input[value='arXiv']").is_checked()
    assert sorted(shown(page)) == ["row-script-title", "row-sparse-cut"]


def test_back_restores_filter_and_sort_too(open_all: Callable[..., Any]) -> None:
    page, _ = open_all("?filter=quant&sort=2a")
    page.locator(".catalog-facet-venue label", has_text="ICML").click()
    page.go_back()
    assert page.input_value("#catalog-filter-0") == "quant"
    assert "sort=2a" in href(page)


def test_every_control_works_by_keyboard(open_all: Callable[..., Any]) -> None:
    page, _ = open_all()
    page.focus(".catalog-facet-kind input[value='Preprints']")
    page.keyboard.press("Space")
    assert "kind=Preprints" in href(page)
    assert sorted(shown(page)) == ["row-script-title", "row-sparse-cut"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('fieldset').className").endswith(
        "catalog-facet-topic")
    page.focus("#catalog-facets-0-year-from")
    page.keyboard.press("ArrowDown")  # Any -> 2024
    page.keyboard.press("ArrowDown")  # -> 2023
    assert page.locator("#catalog-facets-0-year-from").input_value() == "2023"
    assert shown(page) == ["row-sparse-cut"]
    page.focus(".catalog-facets-clear")
    page.keyboard.press("Enter")
    assert len(shown(page)) == 4
    page.focus(".catalog-facets-summary")
    page.keyboard.press("Enter")
    assert not page.locator("details.catalog-facets").evaluate("d => d.open")


def test_every_control_has_a_label_and_the_count_is_live(open_all: Callable[..., Any]) -> None:
    page, _ = open_all()
    unlabeled = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.catalog-facets input, .catalog-facets select'))
        .filter((el) => !el.labels || !el.labels.length || !el.labels[0].textContent.trim())
        .map((el) => el.outerHTML)""")
    assert unlabeled == []
    live = page.locator(".catalog-filter-status").first
    assert live.get_attribute("aria-live") == "polite"
    assert live.get_attribute("role") == "status"


def test_on_a_phone_the_facets_are_closed_and_open_by_tap(
        browser: Any, facets_site: Path) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto((facets_site / "all.html").as_uri())
        details = page.locator("details.catalog-facets")
        assert not details.evaluate("d => d.open")
        assert not page.locator(".catalog-facet-venue").is_visible()
        page.tap(".catalog-facets-summary")
        assert details.evaluate("d => d.open")
        page.locator(".catalog-facet-venue label", has_text="ICML").tap()
        assert sorted(shown(page)) == ["row-old-quant", "row-tinyllm"]
        width = page.evaluate("document.querySelector('details.catalog-facets')"
                              ".getBoundingClientRect().right")
        assert width <= PHONE["width"]
    finally:
        context.close()


def test_on_a_wide_screen_the_facets_are_open(open_all: Callable[..., Any]) -> None:
    page, _ = open_all()
    assert page.locator("details.catalog-facets").evaluate("d => d.open")


def test_catalog_text_in_facet_labels_stays_text(open_all: Callable[..., Any]) -> None:
    page, log = open_all("?keyword=%3Cb%3EBold%3F%3C%2Fb%3E")
    assert shown(page) == ["row-script-title"]
    names = page.locator(".catalog-facets .catalog-facet-name").all_inner_texts()
    assert "<b>Bold?</b>" in names
    assert "Grace <Hopper> & Co" in names
    assert page.locator(".catalog-facets b, .catalog-facets hopper").count() == 0
    log.assert_no_errors()


def test_works_offline_from_file_with_no_outside_request(
        open_all: Callable[..., Any]) -> None:
    page, log = open_all("?venue=arXiv")
    page.locator(".catalog-facet-topic label", has_text="Pruning").click()
    assert shown(page) == ["row-sparse-cut"]
    log.assert_only_files()
    log.assert_all_loaded()
    log.assert_no_errors()


def test_topic_tables_have_facets(new_page: PageOpener, facets_site: Path) -> None:
    page, log = new_page()
    page.goto((facets_site / "topics" / "quantization.html").as_uri() + "?topic=Serving")
    page.wait_for_selector("details.catalog-facets")
    assert shown(page) == ["row-tinyllm"]
    log.assert_no_errors()


def test_has_code_facet_is_hidden_when_no_row_records_code(
        open_all: Callable[..., Any]) -> None:
    page, _ = open_all()
    assert page.locator(".catalog-facet-code").count() == 0


def test_author_links_land_on_the_author_page(open_all: Callable[..., Any]) -> None:
    page, _ = open_all()
    page.locator("#row-tinyllm .catalog-authors summary").click()  # open the full list
    page.locator("#row-tinyllm .catalog-authors a").first.click()
    page.wait_for_url("**/browse.html#author-ada-lovelace")
    assert page.locator("#author-ada-lovelace").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_facets_and_table(
        open_all: Callable[..., Any], scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_all()
    page.evaluate(f"document.documentElement.dataset.theme = '{scheme}'")
    page.locator(".catalog-facet-author .catalog-facet-count").first.wait_for()
    results = Axe().run(page, context={"include": [[".catalog-facets"], [".catalog-controls"],
                                                   ["table.catalog-table--facets"]]})
    assert results.violations_count == 0, results.generate_report()


def test_a_link_to_a_row_the_facets_hide_clears_them(open_all: Callable[..., Any]) -> None:
    page, _ = open_all("?venue=arXiv#row-tinyllm")
    assert "row-tinyllm" in shown(page)
    assert not page.locator(".catalog-facet-venue input[value='arXiv']").is_checked()
    assert page.locator("#row-tinyllm").is_visible()


def test_has_code_facet_appears_when_rows_record_code(
        new_page: PageOpener, facets_site: Path, tmp_path: Path) -> None:
    """The rows of a catalog with a ``code`` field end their data-facets with 1."""
    import re

    site = tmp_path / "site"
    shutil.copytree(facets_site, site)
    page_file = site / "all.html"
    page_file.write_text(re.sub(r'(id="row-(?:tinyllm|old-quant)" data-facets="[^"]*;)"',
                                r'\g<1>1"', page_file.read_text(encoding="utf-8")),
                         encoding="utf-8")
    page, log = new_page()
    page.goto(page_file.as_uri())
    page.locator(".catalog-facet-code label", has_text="Has code").click()
    assert sorted(shown(page)) == ["row-old-quant", "row-tinyllm"]
    assert "code=1" in href(page)
    assert count_of(page, "code", "Has code") == "(2)"
    log.assert_no_errors()


#: Authors enough that the author facet is narrowed by typing (more than 50 values).
MANY_AUTHORS = [f"Given{n:02d} Family{n:02d}" for n in range(60)]


@pytest.fixture(scope="module")
def many_authors_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from site_build import sphinx_build

    work = tmp_path_factory.mktemp("many-authors")
    shutil.copytree(ROOTS / "test-catalog", work / "src")
    paper = work / "src" / "catalog" / "papers" / "old-quant.yaml"
    paper.write_text(paper.read_text(encoding="utf-8") + "authors:\n"
                     + "".join(f"  - {name}\n" for name in MANY_AUTHORS), encoding="utf-8")
    out = work / "html"
    run = sphinx_build("-q", "-b", "html", "-D", "html_theme=pydata_sphinx_theme",
                       work / "src", out)
    assert run.returncode == 0, run.stderr
    return out


def test_a_facet_of_many_values_is_narrowed_by_typing(
        new_page: PageOpener, many_authors_site: Path) -> None:
    page, log = new_page()
    page.goto((many_authors_site / "all.html").as_uri())
    author = page.locator(".catalog-facet-author")
    author.wait_for()
    assert author.locator(".catalog-facet-more").count() == 0  # no "Show all 63"
    assert author.locator(".catalog-facet-value").count() == 10
    box = author.get_by_label("Find among 63 authors")
    box.focus()
    page.keyboard.type("family4")
    names = author.locator(".catalog-facet-name").all_inner_texts()
    assert names == [f"Given{n} Family{n}" for n in range(40, 50)]
    page.keyboard.type("2")
    assert author.locator(".catalog-facet-name").all_inner_texts() == ["Given42 Family42"]
    page.keyboard.press("Tab")  # to the one value, ticked by keyboard
    page.keyboard.press("Space")
    assert shown(page) == ["row-old-quant"]
    assert "author=Given42+Family42" in page.url
    page.fill(".catalog-facet-author .catalog-facet-find", "")
    # the chosen value stays listed (and ticked) with the first ten
    assert author.locator("input:checked").count() == 1
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [["details.catalog-facets"]]})
    assert results.violations_count == 0, results.generate_report()
    log.assert_no_errors()
