extensions = ["myst_parser", "paper_catalog"]
catalog_path = "catalog"
exclude_patterns = ["_build", "catalog"]
html_theme = "basic"
