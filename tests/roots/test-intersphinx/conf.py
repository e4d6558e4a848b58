# A project that links to the catalog site with plain Sphinx: no catalog extension.
# The test sets intersphinx_mapping to the catalog's built objects.inv (a local file).
extensions = ["myst_parser", "sphinx.ext.intersphinx"]
myst_enable_extensions: list[str] = []
html_theme = "basic"
