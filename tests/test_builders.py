"""Builders other than HTML get the paper tables as real tables, with working links."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.console import strip_colors

TITLE = "TinyLLM: Quantized Language Models for Phones"


#: Warnings about the test project rather than the tables: the chart is an SVG (which
#: LaTeX cannot show), and EPUB wants metadata and packs the build folder.
UNRELATED = ("suitable image", "unknown mimetype", "should not be empty for EPUB3")


def build(make_app, project: Path, builder: str) -> Path:
    app = make_app(builder, srcdir=project)
    app.build()
    warnings = [line for line in strip_colors(app.warning.getvalue()).splitlines()
                if not any(text in line for text in UNRELATED)]
    assert warnings == []
    return Path(app.outdir)


def test_text_builder_writes_the_rows_as_a_table(make_app, catalog_project: Path) -> None:
    text = (build(make_app, catalog_project, "text") / "topics" / "quantization.txt"
            ).read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| 20")]
    assert [row.split("|")[1].strip() for row in rows] == ["2024", "2022", "2019"]
    assert f"| 2024     | Weight quantization  | {TITLE}" in text
    assert "<script>alert('x')</script> & *Stars* `code`" in text  # text as written


def test_latex_builder_writes_rows_links_and_index_entries(make_app,
                                                           catalog_project: Path) -> None:
    out = build(make_app, catalog_project, "latex")
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    assert f"\\sphinxhref{{https://arxiv.org/abs/2401.00002}}{{{TITLE}}}" in tex
    assert "\\hyperref[\\detokenize{topics/serving:row-tinyllm}]" in tex
    assert f"\\index{{{TITLE}@\\spxentry{{{TITLE}}}}}" in tex
    assert "\\textless{}script\\textgreater{}alert" in tex


def test_epub_builder_writes_rows_with_ids_and_links(make_app, catalog_project: Path
                                                     ) -> None:
    html = (build(make_app, catalog_project, "epub") / "all.xhtml").read_text(encoding="utf-8")
    table = re.search(r"<table.*?</table>", html, re.S)[0]
    assert re.findall(r'<tr class="row-\w+" id="row-([\w-]+)"', table) == [
        "tinyllm", "sparse-cut", "script-title", "old-quant"]
    assert 'href="topics/serving.xhtml#row-tinyllm"' in table
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in table


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_html_rows_join_the_body_after_the_page_event_is_emitted(
        make_app, catalog_project: Path, builder: str) -> None:
    """Sphinx makes a debug message of the ``html-page-context`` arguments whether or not
    it logs it: the body they hold has a mark per table, not its rows (megabytes with
    10,000 papers); the page the handlers pass on, and the file, have the rows."""
    app = make_app(builder, srcdir=catalog_project)
    before: dict[str, str] = {}
    after: dict[str, str] = {}

    def record(seen: dict[str, str]) -> Callable[..., None]:
        def handler(app, page: str, template: str, context: dict[str, Any], doctree) -> None:
            seen.setdefault(page, str(context.get("body", "")))
        return handler

    app.connect("html-page-context", record(before), priority=1)  # the first handler
    app.connect("html-page-context", record(after), priority=999)  # the last
    app.build()
    page = "index" if builder == "singlehtml" else "all"
    assert 'id="row-tinyllm"' not in before[page]
    assert "<!--catalog-rows " in before[page]
    assert 'id="row-tinyllm"' in after[page]
    assert "catalog-rows" not in after[page]
    written = {"html": "all.html", "dirhtml": "all/index.html", "singlehtml": "index.html"}
    html = (Path(app.outdir) / written[builder]).read_text(encoding="utf-8")
    assert '<tr class="row-even" id="row-tinyllm" data-facets="' in html
    assert "catalog-rows" not in html


def test_a_page_cannot_write_a_mark_that_takes_rows(make_app, catalog_project: Path) -> None:
    """A page's own HTML comment that looks like a mark stays as written."""
    page = catalog_project / "all.md"
    comment = "<!--catalog-rows 0-->"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{comment}\n", encoding="utf-8")
    html = (build(make_app, catalog_project, "html") / "all.html").read_text(encoding="utf-8")
    assert comment in html
    assert html.count('id="row-tinyllm"') == 1
