import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[3] / "docs" / "_ext"))

extensions = ["myst_parser", "paper_catalog"]
catalog_path = "catalog"
exclude_patterns = ["_build", "catalog"]
html_theme = "basic"
