"""The survey's citation: its BibTeX and a formatted reference (through pybtex)."""

from __future__ import annotations

from pybtex.database import parse_string
from pybtex.plugin import find_plugin


def formatted_reference(bibtex: str, style: str = "plain") -> list[str]:
    """Each entry of ``bibtex`` formatted as plain text in a pybtex ``style``."""
    data = parse_string(bibtex, "bibtex")
    formatter = find_plugin("pybtex.style.formatting", style)()
    return [entry.text.render_as("text") for entry in formatter.format_bibliography(data)]
