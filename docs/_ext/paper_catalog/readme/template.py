"""The README template: the hand-written text around the generated parts.

``catalog/readme-template.md`` holds the README's header and footer as a maintainer
writes them (title, badges, introduction, citation request), with one marker line,
such as ``<!-- catalog:topics -->``, where each generated part goes. A catalog without
the file gets :func:`default_template`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CatalogError, Problem
from ..load import display_path

TEMPLATE_FILE = "readme-template.md"

#: Each generated part, by the name its marker gives it, and what it holds.
MARKERS = {
    "contents": "the table of contents (a link to every heading of the README)",
    "topics": "the topic sections with their tables of papers",
    "metrics": "the section of metrics, tools and benchmarks",
    "reference": "the survey's BibTeX entry",
}
MARKER = re.compile(r"^(?P<indent>[ \t]*)<!--\s*catalog:(?P<name>[^\s>]*)\s*-->\s*$")
# A comment that names the catalog but is no marker line (e.g. a misspelt one).
MARKER_LIKE = re.compile(r"<!--\s*catalog\b")

DEFAULT_HEADER = """\
# Awesome Resource-Efficient LLM Papers [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

A curated list of high-quality papers on resource-efficient LLMs.
"""
DEFAULT_BODY = """\
## Table of Contents

<!-- catalog:contents -->

<!-- catalog:topics -->

<!-- catalog:metrics -->

## Reference

If you find this paper list useful in your research, please consider citing:

<!-- catalog:reference -->
"""


@dataclass(frozen=True)
class Marker:
    """Where a generated part goes; ``indent`` is the marker line's own indentation."""

    name: str
    indent: str = ""


#: The template as text lines and markers, in order.
Template = tuple[str | Marker, ...]


def marker_line(name: str) -> str:
    return f"<!-- catalog:{name} -->"


def default_template(survey: str = "") -> Template:
    """The built-in template; ``survey`` is the survey's title as Markdown (a link)."""
    intro = f"\nThis is the paper list of the survey {survey}.\n" if survey else ""
    return parse_template(DEFAULT_HEADER + intro + "\n" + DEFAULT_BODY, "built-in template")


def parse_template(text: str, name: str) -> Template:
    """The template's lines and markers; every problem is reported at once.

    Raises :class:`CatalogError` for an unknown, misspelt, repeated or missing marker.
    """
    parts: list[str | Marker] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    known = ", ".join(marker_line(m) for m in MARKERS)
    for number, line in enumerate(text.splitlines(), start=1):
        found = MARKER.match(line)
        if found and found["name"] in MARKERS:
            if found["name"] in seen:
                problems.append(Problem(
                    name, number, f"marker {marker_line(found['name'])}", "",
                    f"appears twice (first on line {seen[found['name']]})",
                    "keep one of the two lines"))
            seen.setdefault(found["name"], number)
            parts.append(Marker(found["name"], found["indent"]))
        elif found or MARKER_LIKE.search(line):
            shown = marker_line(found["name"]) if found else line.strip()
            close = difflib.get_close_matches(found["name"], MARKERS, n=1) if found else []
            guess = f"did you mean {marker_line(close[0])}? " if close else ""
            problems.append(Problem(
                name, number, f"marker {shown}", "", "unknown marker",
                f"{guess}the markers are {known}, each alone on its line"))
        else:
            parts.append(line)
    for marker, what in MARKERS.items():
        if marker not in seen:
            problems.append(Problem(
                name, None, f"marker {marker_line(marker)}", "", "missing",
                f"add the line {marker_line(marker)} where {what} should go"))
    if problems:
        raise CatalogError(problems)
    return tuple(parts)


def load_template(root: Path, survey: str = "") -> Template:
    """The template of the catalog at ``root``: its file, or the built-in one."""
    path = root / TEMPLATE_FILE
    if not path.is_file():
        return default_template(survey)
    return parse_template(path.read_text(encoding="utf-8"), display_path(path))
