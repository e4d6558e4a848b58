"""Sphinx configuration of the Resource-Efficient LLM Papers site."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

# sphinxext-opengraph prints a note on import when matplotlib, which only its social-card
# images need, is missing; the cards are off (ogp_social_cards below), so it says nothing.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Resource-Efficient LLM Papers"
author = "The Resource-Efficient LLM Papers contributors"
copyright = "the contributors; catalog data released under CC0 1.0"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "paper_catalog",
    # this site's patches of Sphinx, the theme and sphinx-sitemap, each switched off by
    # itself outside the versions it was tested with (see docs/_ext/site_tuning/)
    "site_tuning",
    "sphinx_sitemap",
    "sphinxext.opengraph",
]

catalog_path = "../catalog"
catalog_topic_pages = "topics/{id}"

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]
suppress_warnings: list[str] = []

# The site's address, for sitemap.xml and the Open Graph tags: Read the Docs gives it to
# its builds; elsewhere set SITE_URL, or the default below is used.
site_url = (os.environ.get("READTHEDOCS_CANONICAL_URL") or os.environ.get("SITE_URL")
            or "https://resource-efficient-llm-papers.readthedocs.io/en/latest/")
html_baseurl = site_url
sitemap_url_scheme = "{link}"  # html_baseurl already names the language and version
sitemap_show_lastmod = False  # the same catalog gives the same sitemap
sitemap_excludes = ["search.html", "genindex.html"]
ogp_site_url = site_url
ogp_site_name = project
ogp_social_cards = {"enable": False}  # no generated images: they need matplotlib

html_theme = "pydata_sphinx_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_last_updated_fmt = None
html_theme_options = {
    "navigation_with_keys": False,
    "header_links_before_dropdown": 4,  # What's new, then the first areas
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
# No left sidebar where it would be empty: the home page and the pages of one big table
html_sidebars = {page: [] for page in ("index", "papers", "by-year", "by-venue", "by-keyword")}
html_copy_source = False
html_show_sourcelink = False

copybutton_prompt_text = ""

# Catalog text is shown as written; prose keeps straight quotes too (and building is faster).
smartquotes = False

# Link checking (`nox -s linkcheck`): every external link of the site, which includes
# every catalog URL (papers, metric examples, benchmarks, tools). The report is written
# to docs/_build/linkcheck/output.txt and output.json.
linkcheck_timeout = 30  # seconds per request
linkcheck_retries = 2  # each link is tried up to twice before it counts as broken
linkcheck_rate_limit_timeout = 120.0  # longest wait, in seconds, after a 429 Retry-After
linkcheck_workers = 5
linkcheck_report_timeouts_as_broken = False  # reported apart as "timeout"
# Hosts that answer automated clients with 403 or a challenge page although the link
# works in a browser; their links are reported as "ignored", not checked.
linkcheck_ignore = [
    r"https://dl\.acm\.org/",  # ACM Digital Library: 403 behind a bot challenge
    r"https://ieeexplore\.ieee\.org/",  # IEEE Xplore: 418/403 to non-browser clients
]

# The PDF (LaTeX) and the EPUB, which Read the Docs offers next to the site. EPUB 3 needs
# a version: the catalog package's. In the EPUB a paper's title is its link: no URL after it.
version = release = "0.1.0"
epub_show_urls = "no"
# XeLaTeX with its Unicode fonts (FreeFont) compiles any catalog text; pdfLaTeX stops at
# the first character it has no definition for (an emoji, a Greek letter). makeindex,
# not xindy, sorts the index: one TeX package less to install.
latex_engine = "xelatex"
latex_use_xindy = False
# Read the Docs serves a version's downloads under /_/downloads/<language>/<version>/:
# docs/offline.md links them.
_site = urlsplit(site_url)
_downloads = f"{_site.scheme}://{_site.netloc}/_/downloads{_site.path}"
myst_substitutions = {
    "offline_zip": f"[the site as a zip file]({_downloads}htmlzip/)",
    "offline_pdf": f"[PDF]({_downloads}pdf/)",
    "offline_epub": f"[EPUB]({_downloads}epub/)",
}



def _without_myst_config_dump(record: logging.LogRecord) -> bool:
    """myst-parser logs its whole configuration on every build; the build log skips it."""
    return "myst v" not in str(record.msg)[:20]


_myst_logger = logging.getLogger("sphinx.myst_parser.sphinx_ext.main")
if not any(getattr(f, "__name__", "") == _without_myst_config_dump.__name__
           for f in _myst_logger.filters):
    _myst_logger.addFilter(_without_myst_config_dump)
