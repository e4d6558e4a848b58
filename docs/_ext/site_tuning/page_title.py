"""A page whose title is the site's title (the home page) names it once in ``<title>``,
not "Resource-Efficient LLM Papers — Resource-Efficient LLM Papers": this package's
``layout.html`` extends the theme's and changes only that block (``htmltitle``, a block of
Sphinx's basic layout that every theme built on it has)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

TEMPLATES = Path(__file__).parent / "templates"


def add_templates(app: Sphinx, config: Config) -> None:
    """``config-inited``: the package's templates, after the project's own."""
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_templates)
