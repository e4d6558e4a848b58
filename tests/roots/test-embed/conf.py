"""A third-party project that lists the catalog extension among its own: the pages and
the catalog of ``test-catalog`` (copied next to this file by the test), another theme,
sphinx-sitemap, and options of its own whose values cannot be pickled."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["myst_parser", "paper_catalog", "sphinx_sitemap", "embed_probe"]
catalog_path = "catalog"
exclude_patterns = ["_build", "catalog"]
html_theme = "pydata_sphinx_theme"
html_baseurl = "https://example.org/"
html_static_path: list[str] = []


def probe_hook(text):
    """An option whose value is a function: it cannot be pickled."""
    return text.upper()


probe_table = {"hook": probe_hook, "lock": __import__("threading").Lock()}
