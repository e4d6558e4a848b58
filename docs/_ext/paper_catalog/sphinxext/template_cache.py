"""Compiled page templates kept between builds.

Sphinx compiles the theme's Jinja templates anew in every build, a fixed cost of each
rebuild that writes any page. Jinja can keep their compiled code in a folder and reuses it
while a template's source is unchanged (it checks the source each time); the folder is
in the doctree folder, so a clean build starts without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def keep_compiled_templates(app: Sphinx) -> None:
    """``builder-inited``: let the builder's template environment cache compiled code."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # a builder without templates
        return
    folder = Path(app.doctreedir) / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
