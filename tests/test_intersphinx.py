"""Another Sphinx project links to papers and topics of the site with plain Sphinx:
intersphinx and MyST's ``inv:`` links read the site's objects.inv (a local file here)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

ROOTS = Path(__file__).resolve().parent / "roots"
SITE = "https://papers.example/"


@pytest.fixture
def catalog_site(make_app, catalog_project: Path) -> Path:
    """The test catalog's site, built; its output folder."""
    app = make_app("html", srcdir=catalog_project)
    app.build()
    assert app.warning.getvalue() == ""
    app.cleanup()  # the next app registers Sphinx's nodes again, without warnings
    return Path(app.outdir)


@pytest.fixture
def linking_project(make_app, catalog_site: Path, tmp_path: Path) -> SphinxTestApp:
    """The second project, built against the catalog's objects.inv, without network."""
    srcdir = tmp_path / "other"
    shutil.copytree(ROOTS / "test-intersphinx", srcdir)
    inventory = str(catalog_site / "objects.inv")
    app = make_app("html", srcdir=srcdir,
                   confoverrides={"intersphinx_mapping": {"papers": (SITE, inventory)}})
    app.build()
    return app


def links(html: str) -> dict[str, str]:
    """Text of each external link -> its address."""
    return {re.sub(r"<[^>]+>", "", text).strip(): href for href, text in re.findall(
        r'<a class="reference external" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)}


def test_papers_and_topics_are_standard_labels_in_the_inventory(catalog_site: Path) -> None:
    inv = InventoryFile.loads((catalog_site / "objects.inv").read_bytes(), uri=SITE)
    labels = inv.data["std:label"]
    paper = labels["paper-tinyllm"]
    assert paper.uri == SITE + "papers/tinyllm.html"  # the paper's page
    assert paper.display_name.startswith("TinyLLM: Quantized ")
    topic = labels["topic-quantization"]
    assert topic.uri == SITE + "topics/quantization.html#topic-quantization"
    assert topic.display_name == "Quantization"


def test_a_plain_sphinx_project_links_papers_and_topics(linking_project: SphinxTestApp
                                                        ) -> None:
    assert linking_project.warning.getvalue() == ""
    out = Path(linking_project.outdir)
    index = links((out / "index.html").read_text(encoding="utf-8"))
    row = SITE + "papers/tinyllm.html"  # the label lands on the paper's page
    topic = SITE + "topics/quantization.html#topic-quantization"
    title = next(text for text in index if text.startswith("TinyLLM: Quantized "))
    assert index[title] == row  # the paper's title as the link text
    assert index["the topic"] == topic
    assert index["quantized models"] == topic
    assert any(href.endswith("papers/sparse-cut.html") for href in index.values())
    rst = links((out / "rst-page.html").read_text(encoding="utf-8"))
    assert rst[title] == row
    assert rst["Pruning"] == SITE + "topics/pruning.html#topic-pruning"


def test_an_unknown_paper_is_a_warning_in_the_linking_project(
        make_app, catalog_site: Path, tmp_path: Path) -> None:
    srcdir = tmp_path / "other"
    shutil.copytree(ROOTS / "test-intersphinx", srcdir)
    (srcdir / "index.md").write_text("# Ours\n\n{external+papers:ref}`paper-no-such`\n",
                                     encoding="utf-8")
    (srcdir / "rst-page.rst").unlink()
    app = make_app("html", srcdir=srcdir, confoverrides={
        "intersphinx_mapping": {"papers": (SITE, str(catalog_site / "objects.inv"))}})
    app.build()
    assert "paper-no-such" in app.warning.getvalue()


def test_the_labels_work_within_the_site(make_app, catalog_project: Path) -> None:
    (catalog_project / "rst-page.rst").write_text(
        "Links\n=====\n\n:ref:`paper-tinyllm` and :ref:`topic-pruning`.\n", encoding="utf-8")
    app = make_app("html", srcdir=catalog_project)
    app.build()
    assert app.warning.getvalue() == ""
    html = (Path(app.outdir) / "rst-page.html").read_text(encoding="utf-8")
    assert re.search(r'href="papers/tinyllm.html"><span class="std '
                     r'std-ref">TinyLLM: Quantized ', html)
    assert 'href="topics/pruning.html#topic-pruning"><span class="std std-ref">Pruning' in html
