"""Builders other than HTML get the paper tables as real tables, with working links."""

from __future__ import annotations

import re
from pathlib import Path

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
