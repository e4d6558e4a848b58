"""The PDF (LaTeX) and the EPUB: both build without warnings, the PDF compiles with
Debian's TeX Live and the EPUB passes epubcheck.

latexmk and epubcheck are installed by ``.ci/run``; without them the compile and
validation tests are skipped locally with a reason, and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from site_build import build_real_site
from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parents[1]


def unavailable(reason: str) -> None:
    """Skip locally, but fail under CI, where a missing prerequisite is a bug."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def build_site(builder: str, out: Path) -> Path:
    """The real site with ``builder``, as Read the Docs builds it (``-W``)."""
    return build_real_site(out / builder, builder, doctrees=out / "doctrees")


@pytest.fixture
def latex_build(make_app, catalog_project: Path) -> str:
    app = make_app("latex", srcdir=catalog_project)
    app.build()
    assert app.warning.getvalue() == ""
    return next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")


def test_latex_shows_the_chart_as_its_caption_and_numbers(latex_build: str) -> None:
    assert "data:image" not in latex_build
    assert "\\sphinxincludegraphics" not in latex_build
    assert "Papers per year by area; a paper listed in two areas counts in each." in latex_build
    assert "Total" in latex_build  # the numbers table


def test_latex_catalog_tables_are_long_tables_with_column_widths(latex_build: str) -> None:
    tables = re.findall(r"\\begin\{longtable\}.*?\\end\{longtable\}", latex_build, re.S)
    papers = [t for t in tables if "Paper" in t and "TinyLLM" in t]
    assert papers, "no catalog table is a longtable"
    # year, keyword, paper, venue: 8, 20, 52, 12 parts of the line width
    assert any("{\\X{8}{92}\\X{20}{92}\\X{52}{92}\\X{12}{92}}" in t.replace("|", "")
               for t in papers), papers[0][:300]
    assert "(International Conference" not in "".join(papers)  # venues by short name


def test_latex_links_to_rows_have_targets(latex_build: str) -> None:
    links = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*:row-[^}]*)\}\]", latex_build))
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*:row-[^}]*)\}\}", latex_build))
    assert links, "no link to a paper's row"
    assert links <= labels, f"links to rows without a label: {sorted(links - labels)}"


def test_pdf_compiles(tmp_path: Path) -> None:
    latexmk = shutil.which("latexmk")
    if latexmk is None:
        unavailable("latexmk not found: install TeX Live as .ci/run does (apt-get install "
                    "latexmk texlive-latex-recommended texlive-latex-extra "
                    "texlive-fonts-recommended tex-gyre texlive-xetex fonts-freefont-otf)")
    out = build_site("latex", tmp_path)
    tex = next(out.glob("*.tex"))
    result = subprocess.run([latexmk, "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode",
                             "-halt-on-error", tex.name], cwd=out, capture_output=True,
                            text=True, timeout=900, check=False)
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, "\n".join(line for line in log.splitlines()
                                             if line.startswith("!"))[:3000]
    pdf = tex.with_suffix(".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert "undefined on input line" not in log, "links in the PDF that go nowhere"
    # the fonts have every character but emoji (the metric icons in the contributing guide)
    missing = set(re.findall(r"Missing character: There is no (.)", log))
    assert all(ord(c) >= 0x1F000 or 0xFE00 <= ord(c) <= 0xFE0F for c in missing), missing


def epubcheck_command() -> list[str]:
    found = shutil.which("epubcheck")
    if found is None:
        unavailable("epubcheck not found: install it as .ci/run does "
                    "(apt-get install epubcheck)")
    target = Path(found).resolve()
    # Debian's epubcheck is the jar itself, which runs directly only with binfmt support
    return ["java", "-jar", str(target)] if target.suffix == ".jar" else [found]


def test_epub_builds_and_passes_epubcheck(tmp_path: Path) -> None:
    out = build_site("epub", tmp_path)
    epub = next(out.glob("*.epub"))
    command = epubcheck_command()
    result = subprocess.run([*command, str(epub)], capture_output=True, text=True,
                            timeout=900, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_epub_has_no_table_script(tmp_path: Path, make_app, catalog_project: Path) -> None:
    """Most EPUB readers run no script: the EPUB's tables are plain tables."""
    app: SphinxTestApp = make_app("epub", srcdir=catalog_project, confoverrides={
        "version": "1", "copyright": "the authors"})  # EPUB 3 needs both
    app.build()
    assert app.warning.getvalue() == ""
    page = (Path(app.outdir) / "topics" / "quantization.xhtml").read_text(encoding="utf-8")
    assert "catalog-table.js" not in page
    assert 'id="row-tinyllm"' in page
    home = (Path(app.outdir) / "index.xhtml").read_text(encoding="utf-8")
    assert home.count('class="catalog-chart"') == 1  # the wide chart only: no stylesheet
    assert "catalog-chart-phone" not in home
