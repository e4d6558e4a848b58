"""What a published site offers search engines and link previews: sitemap.xml, og: tags."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from build_helpers import ROOTS
from site_build import sphinx_build

REPO = Path(__file__).resolve().parents[1]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_every_page_under_the_site_url(docs_site: Path) -> None:
    locs = [loc.text for loc in ET.parse(docs_site / "sitemap.xml").iter(f"{SITEMAP}loc")]
    pages = sorted(str(page.relative_to(docs_site)) for page in docs_site.rglob("*.html")
                   if page.name not in {"genindex.html", "search.html"}
                   and "_static" not in page.parts)
    base = "https://resource-efficient-llm-papers.readthedocs.io/en/latest/"
    assert sorted(loc.removeprefix(base) for loc in locs if loc) == pages


def test_every_page_has_open_graph_tags(docs_site: Path) -> None:
    for page in ["index.html", "papers.html", "topics/quantization.html"]:
        html = (docs_site / page).read_text()
        tags = dict(re.findall(r'<meta property="(og:[a-z_:]+)" content="([^"]*)" />', html))
        assert {"og:title", "og:type", "og:url", "og:site_name", "og:description"} <= set(tags)
        assert tags["og:url"].endswith(page)


def test_read_the_docs_address_is_used_when_given(tmp_path: Path) -> None:
    url = "https://example.org/en/v2/"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
           "READTHEDOCS_CANONICAL_URL": url}
    run = subprocess.run([sys.executable, "-c",
                          "import runpy; print(runpy.run_path('docs/conf.py')['html_baseurl'])"],
                         capture_output=True, text=True, env=env, cwd=REPO, check=True)
    assert run.stdout.strip() == url


def sitemap_pages(out: Path) -> list[str]:
    """The addresses of ``out``'s sitemap, in its order, relative to the site."""
    locs = [loc.text or "" for loc in ET.parse(out / "sitemap.xml").iter(f"{SITEMAP}loc")]
    return [loc.removeprefix("https://example.org/") for loc in locs]


def test_the_sitemap_lists_every_page_after_a_rebuild(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-catalog", project)
    with (project / "conf.py").open("a") as conf:
        # sphinx-sitemap with this site's fix of its list (site_tuning.sitemap_pages)
        conf.write('extensions += ["sphinx_sitemap", "site_tuning"]\n'
                   'html_baseurl = "https://example.org/"\nsitemap_url_scheme = "{link}"\n')
    shutil.copytree(project, tmp_path / "clean")

    def built(src: Path) -> Path:
        run = sphinx_build("-q", "-b", "html", src, src / "_build")
        assert run.returncode == 0, run.stderr
        return src / "_build"

    out = built(project)
    pages = sitemap_pages(out)
    assert {"index.html", "all.html", "topics/pruning.html", "genindex.html"} <= set(pages)
    built(project)  # writes no page: the sitemap is kept
    assert sitemap_pages(out) == pages
    paper = project / "catalog" / "papers" / "sparse-cut.yaml"
    paper.write_text(paper.read_text().replace("at Scale", "at a Larger Scale"))
    shutil.copy(paper, tmp_path / "clean" / "catalog" / "papers")
    assert sitemap_pages(built(project)) == sitemap_pages(built(tmp_path / "clean")) == pages


def test_a_rebuild_with_the_same_pages_keeps_the_sitemap_file(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-catalog", project)
    with (project / "conf.py").open("a") as conf:
        conf.write('extensions += ["sphinx_sitemap", "site_tuning"]\n'
                   'html_baseurl = "https://example.org/"\nsitemap_url_scheme = "{link}"\n')

    def built() -> Path:
        run = sphinx_build("-q", "-b", "html", project, project / "_build")
        assert run.returncode == 0, run.stderr
        return project / "_build"

    sitemap = built() / "sitemap.xml"
    before = sitemap.stat().st_mtime_ns
    paper = project / "catalog" / "papers" / "sparse-cut.yaml"
    paper.write_text(paper.read_text().replace("at Scale", "at a Larger Scale"))
    built()  # pages written again, none added or removed
    assert sitemap.stat().st_mtime_ns == before
    (project / "extra.md").write_text("# Extra\n")
    built()
    assert "extra.html" in sitemap_pages(project / "_build")


def test_the_sitemap_lists_the_parts_of_split_tables(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-catalog", project)
    with (project / "conf.py").open("a") as conf:
        conf.write('extensions += ["sphinx_sitemap", "site_tuning"]\n'
                   'html_baseurl = "https://example.org/"\nsitemap_url_scheme = "{link}"\n'
                   "catalog_rows_per_part = 1\n")
    run = sphinx_build("-q", "-b", "html", project, project / "_build")
    assert run.returncode == 0, run.stderr
    parts = sorted(path.name for path in (project / "_build").glob("all-*.html"))
    assert parts and set(parts) <= set(sitemap_pages(project / "_build"))
