"""A whole-catalog table split into parts, in Chromium with the site's theme: the filter,
facets and sort work over every paper from the data file (from file://, no network),
the URL keeps the view and back restores it, a link to a row on another part leads there,
the keyboard and a phone's width work, every paper is reachable without JavaScript, and
axe finds no violation.

The test catalog's four papers (see test_facets.py), two rows a part: all.html shows
tinyllm and sparse-cut, all-2.html script-title and old-quant. The site has a short
project title, so that the theme's header fits a phone as the real site's does, and a
page by year, venue and keyword with its group index. A second site of 150 papers has
results long enough for "Show more".
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
RESULT_TITLES = """() => Array.from(document.querySelectorAll(
    '#catalog-whole-table tbody tr .catalog-col-title a.reference.external'),
    (a) => a.textContent)"""
PHONE = {"width": 390, "height": 844}


#: Pages of the site by year, venue and keyword, each with its group index.
BROWSE_PAGES = ("year", "venue", "keyword")


def split_source(work: Path, papers: int = 0) -> Path:
    """The test project with its browse pages, and ``papers`` more papers if asked (each
    a copy of old-quant with its own id, title and year)."""
    src = work / "src"
    shutil.copytree(ROOTS / "test-catalog", src)
    for by in BROWSE_PAGES:
        (src / f"by-{by}.md").write_text(
            f"# Papers by {by}\n\n```{{catalog-browse}} {by}\n:index:\n```\n",
            encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "browse\n", "browse\n" + "".join(f"by-{by}\n" for by in BROWSE_PAGES), 1),
        encoding="utf-8")
    model = (src / "catalog" / "papers" / "old-quant.yaml").read_text(encoding="utf-8")
    for n in range(papers):
        (src / "catalog" / "papers" / f"copy-{n:03}.yaml").write_text(
            model.replace("Old Quantization Methods", f"Copied Quantization {n:03}")
            .replace("year: 2019", f"year: {2000 + n % 20}")
            .replace("example.org/old", f"example.org/copy-{n:03}"), encoding="utf-8")
    return src


def build_split(work: Path, builder: str = "html", rows: int = 2, papers: int = 0) -> Path:
    from site_build import sphinx_build

    out = work / builder
    run = sphinx_build("-q", "-b", builder, "-D", "html_theme=pydata_sphinx_theme",
                       "-D", "project=Papers", "-D", f"catalog_rows_per_part={rows}",
                       split_source(work, papers), out)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def parts_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_split(tmp_path_factory.mktemp("parts"))


@pytest.fixture(scope="module")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 papers, 50 rows a part: all.html, all-2.html and all-3.html."""
    return build_split(tmp_path_factory.mktemp("many"), rows=50, papers=146)


@pytest.fixture
def open_part(new_page: PageOpener, parts_site: Path) -> Callable[..., tuple[Any, Any]]:
    """Open a page of ``site`` (the four papers' by default) by file://."""
    def open_(name: str = "all.html", query: str = "",
              viewport: dict[str, int] | None = None,
              site: Path | None = None) -> tuple[Any, Any]:
        page, log = new_page(viewport=viewport)
        page.goto(((site or parts_site) / name).as_uri() + query)
        page.wait_for_selector("div.catalog-whole")
        return page, log

    return open_


def titles(page: Any) -> list[str]:
    return list(page.evaluate(RESULT_TITLES))


def test_the_filter_finds_papers_of_every_part_offline(open_part: Callable[..., Any]) -> None:
    page, log = open_part()
    page.fill("#catalog-filter-0", "pruning")
    assert titles(page) == ["Sparse Cut: Pruning at Scale"]
    page.fill("#catalog-filter-0", "quantization")  # two on part 2, one on part 1
    assert len(titles(page)) == 3
    assert page.inner_text(".catalog-filter-status") == "3 of 4 papers"
    assert not page.locator("table.catalog-table--split").first.is_visible()
    assert "filter=quantization" in page.url
    page.fill("#catalog-filter-0", "")
    assert page.locator("table.catalog-table--split").first.is_visible()
    log.assert_only_files()
    log.assert_all_loaded()
    log.assert_no_errors()


def test_sorting_orders_every_paper(open_part: Callable[..., Any]) -> None:
    page, _ = open_part("all-2.html")
    page.locator("table.catalog-table--split th.catalog-col-year button").click()
    years = page.locator("#catalog-whole-table tbody td.catalog-col-year").all_inner_texts()
    assert years == ["2019", "2022", "2023", "2024"]
    assert "sort=0a" in page.url
    assert page.locator("#catalog-whole-table th.catalog-col-year").get_attribute(
        "aria-sort") == "ascending"


def test_facets_count_every_paper_and_back_restores(open_part: Callable[..., Any]) -> None:
    page, _ = open_part()
    icml = page.locator(".catalog-facet-venue label", has_text="ICML")
    assert icml.locator(".catalog-facet-count").inner_text() == "(2)"
    icml.locator("input").check()
    assert sorted(titles(page)) == ["Old Quantization Methods",
                                    "TinyLLM: Quantized Language Models for Phones"]
    # the counts follow the other facets: kind of venue within ICML
    preprints = page.locator(".catalog-facet-kind label", has_text="Preprints")
    assert preprints.locator(".catalog-facet-count").inner_text() == "(0)"
    assert "venue=ICML" in page.url
    page.go_back()
    page.wait_for_function("() => !location.search.includes('venue')")
    assert not icml.locator("input").is_checked()
    assert page.locator("table.catalog-table--split").first.is_visible()
    page.go_forward()
    page.wait_for_function("() => location.search.includes('venue=ICML')")
    assert icml.locator("input").is_checked()
    assert len(titles(page)) == 2


def test_a_shared_view_opens_as_shared(open_part: Callable[..., Any]) -> None:
    page, _ = open_part(query="?filter=pruning&year=2020-")
    assert titles(page) == ["Sparse Cut: Pruning at Scale"]
    assert page.input_value("#catalog-filter-0") == "pruning"


def test_a_link_to_a_row_on_another_part_leads_there(open_part: Callable[..., Any]) -> None:
    page, _ = open_part(query="#row-old-quant")
    page.wait_for_url("**/all-2.html#row-old-quant")
    assert page.locator("#row-old-quant").is_visible()


PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.mark.parametrize("name", ["all.html", "all-2.html", "by-year-2.html"])
def test_keyboard_and_phone_width(open_part: Callable[..., Any], name: str) -> None:
    page, _ = open_part(name, viewport=PHONE)
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    page.click(".catalog-facets-summary")  # closed on a phone: opened, they fit too
    assert page.locator(".catalog-facet-venue").is_visible()
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    page.focus("#catalog-filter-0")
    page.keyboard.type("sparse")
    assert titles(page) == ["Sparse Cut: Pruning at Scale"]
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]  # the drawn rows too
    page.fill("#catalog-filter-0", "")
    button = page.locator("table.catalog-table--split th.catalog-col-title button").first
    button.focus()
    page.keyboard.press("Enter")
    assert "sort=2a" in page.url
    assert len(titles(page)) == 4
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]


def test_every_paper_is_reachable_without_javascript(
        browser: Any, parts_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((parts_site / "all.html").as_uri())
        seen = set(page.locator("table.catalog-table--split a.catalog-paper-page")
                   .evaluate_all("(links) => links.map((a) => a.href)"))
        page.locator("nav.catalog-pager a[rel=next]").first.click()
        seen |= set(page.locator("table.catalog-table--split a.catalog-paper-page")
                    .evaluate_all("(links) => links.map((a) => a.href)"))
    finally:
        context.close()
    assert sorted(Path(href).stem for href in seen) == ["old-quant", "script-title",
                                                        "sparse-cut", "tinyllm"]


def test_hostile_text_is_shown_as_text(open_part: Callable[..., Any]) -> None:
    page, log = open_part(query="?filter=alert")
    assert titles(page) == ["<script>alert('x')</script> & *Stars* `code`"]
    assert page.locator("#catalog-whole-table script").count() == 0
    log.assert_no_errors()


@pytest.mark.parametrize("query", [
    "", "?filter=quant"])
def test_axe_finds_no_violation(open_part: Callable[..., Any], query: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_part(query=query)
    results = Axe().run(page, context={"include": [["div.catalog-whole"],
                                                   ["nav.catalog-pager"],
                                                   ["table.catalog-table--split"]]})
    assert results.violations_count == 0, results.generate_report()


BACKGROUNDS = """(sel) => Array.from(document.querySelectorAll(sel),
    (tr) => getComputedStyle(tr).backgroundColor)"""
BODY_SIZES = """() => Array.from(document.querySelectorAll('#catalog-whole-table tbody'),
    (b) => b.rows.length)"""


def test_drawn_rows_stripe_and_group_as_the_servers(
        open_part: Callable[..., Any], many_site: Path) -> None:
    page, _ = open_part(site=many_site)
    written = page.evaluate(BACKGROUNDS, "table.catalog-table--split tbody tr")
    assert len(written) == 50
    assert written[0] != written[1], "the part's rows are striped"
    assert written == [written[i % 2] for i in range(50)]  # across its bodies of 32
    page.locator("table.catalog-table--split th.catalog-col-year button").click()
    drawn = page.evaluate(BACKGROUNDS, "#catalog-whole-table tbody tr")
    assert len(drawn) == 100
    assert drawn == [written[i % 2] for i in range(100)]
    assert page.evaluate(BODY_SIZES) == [32, 32, 32, 4]


def test_drawn_cells_are_the_servers_cells(open_part: Callable[..., Any]) -> None:
    for name in ("all.html", "all-2.html"):
        page, _ = open_part(name, query="?sort=0a")
        differ = page.evaluate("""() => {
          const norm = (h) => h.replace(/\\s+/g, ' ').replace(/> </g, '><').trim();
          const drawn = Array.from(document.querySelectorAll('#catalog-whole-table tbody tr'));
          const rows = Array.from(document.querySelectorAll('table.catalog-table--split tbody tr'));
          return rows.map((written) => {
            const id = written.id.replace(/^row-/, '');
            const same = drawn.find((tr) => tr.querySelector('a.catalog-paper-page')
              .getAttribute('href').endsWith('/' + id + '.html'));
            if (!same) return id + ': not drawn';
            return Array.from(written.cells).filter((cell) => {
              const other = same.querySelector('td.' + cell.className);
              return !other || norm(other.innerHTML) !== norm(cell.innerHTML);
            }).map((cell) => id + ': ' + cell.className);
          }).flat();
        }""")
        assert differ == [], name
        assert page.locator("table.catalog-table--split tbody tr").count() == 2


def test_show_more_by_keyboard(open_part: Callable[..., Any], many_site: Path) -> None:
    page, log = open_part("all-3.html", query="?filter=copied", site=many_site)
    assert len(titles(page)) == 100
    more = page.locator("button.catalog-whole-more")
    assert more.inner_text() == "Show more (46 of 46 left)"
    page.locator("#catalog-whole-table tbody tr").last.locator("a").last.focus()
    page.keyboard.press("Tab")  # from the last drawn row to the button
    assert page.evaluate("document.activeElement.className") == "catalog-whole-more"
    page.keyboard.press("Enter")
    assert len(titles(page)) == 146
    assert not more.is_visible()
    assert page.evaluate(BODY_SIZES) == [32, 32, 32, 32, 18]
    # the focus is on the first new row, not lost with the button
    focused = page.evaluate("""() => {
        const rows = Array.from(document.querySelectorAll('#catalog-whole-table tbody tr'));
        return rows.indexOf(document.activeElement.closest('tr'));
    }""")
    assert focused == 100
    assert page.inner_text(".catalog-filter-status") == "146 of 150 papers"
    log.assert_no_errors()


def test_the_pager_by_keyboard(open_part: Callable[..., Any]) -> None:
    page, _ = open_part()
    page.focus("#catalog-filter-0")
    for _ in range(60):  # back through the facets to the last link of the top pager
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.closest('nav.catalog-pager') !== null"):
            break
    focused = page.evaluate("""() => [document.activeElement.textContent,
        document.activeElement.matches(':focus-visible'),
        getComputedStyle(document.activeElement).outlineStyle]""")
    assert focused == ["Next", True, "solid"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/all-2.html")
    page.wait_for_selector("div.catalog-whole")
    page.focus("nav.catalog-pager a[rel=prev]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/all.html")
    assert page.locator("#row-tinyllm").is_visible()


def test_the_status_announces_the_count_after_a_facet_click(
        open_part: Callable[..., Any]) -> None:
    page, _ = open_part("all-2.html")
    status = page.locator(".catalog-filter-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert page.locator("#catalog-filter-0").get_attribute("aria-describedby") == \
        status.get_attribute("id")
    assert status.inner_text() == "4 of 4 papers"
    page.locator(".catalog-facet-venue label", has_text="arXiv").click()
    assert status.inner_text() == "2 of 4 papers"
    page.locator(".catalog-facet-topic label", has_text="Pruning").click()
    assert status.inner_text() == "1 of 4 papers"
    assert titles(page) == ["Sparse Cut: Pruning at Scale"]
@pytest.mark.parametrize("by", BROWSE_PAGES)
def test_the_group_index_leads_to_the_part_holding_the_group(
        open_part: Callable[..., Any], parts_site: Path, by: str) -> None:
    page, log = open_part(f"by-{by}.html")
    links = page.locator("p.catalog-index a").evaluate_all(
        "(links) => links.map((a) => [a.textContent, a.getAttribute('href')])")
    assert len(links) >= 2
    assert any(href.startswith("#") for _, href in links), "a group on this part"
    assert any(not href.startswith("#") for _, href in links), "a group on a later part"
    for text, href in links:
        page.goto((parts_site / f"by-{by}.html").as_uri())
        page.locator("p.catalog-index a", has_text=text).first.click()
        anchor = href.split("#")[1]
        page.wait_for_function("(id) => location.hash === '#' + id", arg=anchor)
        assert page.url.split("#")[0].endswith(href.split("#")[0] or f"by-{by}.html")
        heading = page.locator(f"section[id='{anchor}'] > :is(h2, h3)").first
        assert heading.inner_text().startswith(text)
        assert heading.is_visible() and heading.evaluate(
            "(h) => h.getBoundingClientRect().top < window.innerHeight")
        assert page.locator(f"section[id='{anchor}'] table.catalog-table--split").count()
    log.assert_no_errors()  # the theme's scroll spy finds every id its contents link to


@pytest.mark.parametrize("name", ["by-year.html", "browse.html"])
def test_the_contents_lead_to_the_part_holding_each_group(
        open_part: Callable[..., Any], parts_site: Path, name: str) -> None:
    page, log = open_part(name)
    links = page.locator("#pst-page-toc-nav a").evaluate_all(
        "(links) => links.map((a) => a.getAttribute('href'))")
    assert any(not href.startswith("#") for href in links), "a group on a later part"
    for href in links:
        target, anchor = href.split("#")
        html = (parts_site / (target or name)).read_text(encoding="utf-8")
        assert f'<section id="{anchor}">' in html, href
    log.assert_no_errors()


@pytest.fixture(scope="module")
def dirhtml_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four papers' site by ``dirhtml``: all/index.html, all-2/index.html."""
    return build_split(tmp_path_factory.mktemp("dirhtml"), "dirhtml")


def test_dirhtml_parts_work_from_files(
        open_part: Callable[..., Any], dirhtml_site: Path) -> None:
    page, log = open_part("all-2/index.html", site=dirhtml_site)
    cite = "table.catalog-table--split tr#row-old-quant a.catalog-paper-page"
    written = page.locator(cite).evaluate("(a) => a.href")
    page.fill("#catalog-filter-0", "quantization")  # from the data file in ../_catalog/
    assert sorted(titles(page)) == [
        "<script>alert('x')</script> & *Stars* `code`", "Old Quantization Methods",
        "TinyLLM: Quantized Language Models for Phones"]
    drawn = page.locator("#catalog-whole-table tbody tr", has_text="Old Quantization")
    assert drawn.locator("a.catalog-paper-page").evaluate("(a) => a.href") == written
    assert Path(written.removeprefix("file://")).joinpath("index.html").is_file()
    topic = drawn.locator("td.catalog-col-topics a").first.evaluate("(a) => a.href")
    assert Path(topic.removeprefix("file://").split("#")[0]).joinpath("index.html").is_file()
    log.assert_only_files()
    log.assert_all_loaded()
    log.assert_no_errors()


def test_dirhtml_pager_and_row_links_lead_to_the_parts(
        new_page: PageOpener, dirhtml_site: Path, http_server: Callable[[Path], str]
) -> None:
    base = http_server(dirhtml_site)
    page, log = new_page()
    page.goto(base + "all/")
    page.locator("nav.catalog-pager").first.get_by_role("link", name="Part 2").click()
    page.wait_for_url(base + "all-2/")
    assert page.locator("#row-old-quant").is_visible()
    page.locator("nav.catalog-pager a[rel=prev]").last.click()
    page.wait_for_url(base + "all/")
    assert page.locator("#row-tinyllm").is_visible()
    page.goto(base + "all/#row-script-title")  # a row of part 2
    page.wait_for_url(base + "all-2/#row-script-title")
    assert page.locator("#row-script-title").is_visible()
    log.assert_offline()
    log.assert_all_loaded()
    log.assert_no_errors()


def test_the_benchmarks_sorts_order_every_paper_of_a_split_page(
        open_part: Callable[..., Any], many_site: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOTS.parents[1] / "benchmarks"))
    try:
        from bench_build import BROWSER_SCRIPT
    finally:
        sys.path.pop(0)
    page, log = open_part(site=many_site)
    result = page.evaluate(BROWSER_SCRIPT, {"word": "quant"})
    assert (result["split"], result["rows"], result["drawn"]) == (True, 150, 100)
    labels = [label for label, _ in result["timings"]]
    assert "sort Year again" in labels and "facet Venue on" in labels
    assert page.locator("#catalog-whole-table").is_visible()
    assert not page.locator("table.catalog-table--split").first.is_visible()
    log.assert_no_errors()
