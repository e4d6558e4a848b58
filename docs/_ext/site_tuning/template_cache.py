"""Compiled page templates kept between builds.

Sphinx compiles the theme's Jinja templates anew in every build, a fixed cost of each
rebuild that writes any page. Jinja can keep their compiled code in a folder and reuses it
while a template's source is unchanged (it checks the source each time); the folder is
in the doctree folder, so a clean build starts without it, and it is named after the
Sphinx and Jinja versions, so an upgrade does not reuse code compiled by another.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

from .versions import installed, within

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Sphinx's ``BuiltinTemplateLoader.environment``; Jinja's bytecode cache.
TESTED = {"sphinx": ">=9.0,<9.1", "jinja2": ">=3.1.2,<3.2"}


def keep_compiled_templates(app: Sphinx) -> None:
    """``builder-inited``: let the builder's template environment cache compiled code."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # a builder without templates
        return
    folder = (Path(app.doctreedir) /
              f"templates-sphinx{installed('sphinx')}-jinja{installed('jinja2')}")
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> None:
    if within(__name__, TESTED):
        app.connect("builder-inited", keep_compiled_templates)
