"""The survey's citation: its BibTeX and a formatted reference (through pybtex)."""

from __future__ import annotations

from collections.abc import Iterator

from pybtex.database import BibliographyData, parse_string
from pybtex.exceptions import PybtexError
from pybtex.plugin import find_plugin


def parse_reference(bibtex: str) -> BibliographyData:
    """The entries of ``bibtex``; raises a pybtex error when it is not valid BibTeX."""
    return parse_string(bibtex, "bibtex")


def reference_urls(data: BibliographyData) -> Iterator[tuple[str, str]]:
    """(entry key, URL) of each entry of ``data`` that has a ``url`` field."""
    for key, entry in data.entries.items():
        url = entry.fields.get("url")  # pybtex's fields ignore the case of names
        if url is not None:
            yield str(key), str(url)


def formatted_reference(bibtex: str, style: str = "plain") -> list[str]:
    """Each entry of ``bibtex`` formatted as plain text in a pybtex ``style``; none when the
    style cannot format it (a field it needs is missing): the BibTeX is shown regardless."""
    data = parse_reference(bibtex)
    formatter = find_plugin("pybtex.style.formatting", style)()
    try:
        return [entry.text.render_as("text") for entry in formatter.format_bibliography(data)]
    except PybtexError:
        return []
