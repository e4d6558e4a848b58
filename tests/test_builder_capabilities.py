"""Which builders get what: one table in ``sphinxext/builders.py``, asked everywhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.builders import Builder
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.latex import LaTeXBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.builders.text import TextBuilder
from sphinxcontrib.serializinghtml import JSONHTMLBuilder, PickleHTMLBuilder

from paper_catalog.sphinxext import builders

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"

#: builder class -> (file per page, HTML pages, paper pages, exports, single page,
#: static files, compact HTML rows)
EXPECTED: dict[type[Builder], tuple[bool, ...]] = {
    StandaloneHTMLBuilder: (True, True, True, True, False, True, True),
    DirectoryHTMLBuilder: (True, True, True, True, False, True, True),
    SingleFileHTMLBuilder: (False, False, False, True, True, True, True),
    JSONHTMLBuilder: (False, False, False, False, False, True, True),
    PickleHTMLBuilder: (False, False, False, False, False, True, True),
    Epub3Builder: (False, False, False, False, False, False, False),
    LaTeXBuilder: (False, False, False, False, False, False, False),
    TextBuilder: (False, False, False, False, False, False, False),
}


class NamedHtml(TextBuilder):
    """A builder that takes the HTML builder's name but is no HTML builder."""

    name = "html"


@pytest.mark.parametrize("cls", list(EXPECTED), ids=lambda cls: cls.__name__)
def test_each_builder_gets_what_the_table_says(cls: type[Builder]) -> None:
    builder = object.__new__(cls)  # the answers depend on the class alone
    assert (builders.writes_file_per_page(builder), builders.writes_html_pages(builder),
            builders.writes_paper_pages(builder), builders.writes_exports(builder),
            builders.writes_single_page(builder), builders.ships_static_files(builder),
            builders.renders_html_rows(cls)) == EXPECTED[cls]


def test_a_builder_named_html_that_is_not_one_writes_no_html_pages() -> None:
    builder = object.__new__(NamedHtml)
    assert builders.writes_file_per_page(builder)
    assert not builders.writes_html_pages(builder)
    assert not builders.writes_paper_pages(builder)


#: What asks a builder's name or format outside the table: ``x.name ==``, ``x.name in``,
#: ``x.format !=``, a module-level list of builder names.
ASKS = re.compile(r"builder(?:_cls)?\.(?:name|format)\s*(?:==|!=|in\b|not\s+in\b)"
                  r"|issubclass\([^)]*Builder|isinstance\([^)]*Builder"
                  r"|^[A-Z_]*BUILDERS\s*=", re.MULTILINE)


def test_every_question_about_builders_goes_through_the_table() -> None:
    modules = [*sorted((EXT / "paper_catalog" / "sphinxext").glob("*.py")),
               *sorted((EXT / "site_tuning").glob("*.py"))]
    asking = {f"{path.parent.name}/{path.name}: {match.group(0)}"
              for path in modules if path.name != "builders.py"
              for match in ASKS.finditer(path.read_text(encoding="utf-8"))}
    assert asking == set()


def test_the_check_finds_a_question_asked_by_hand() -> None:
    assert ASKS.search('    if app.builder.name not in ("html", "dirhtml"):')
    assert ASKS.search('    return app.builder.format == "html"')
    assert ASKS.search("EXPORT_BUILDERS = ('html',)")
    assert ASKS.search("    return isinstance(builder, StandaloneHTMLBuilder)")
    assert not ASKS.search('stamp = f"paper-catalog-{app.builder.name}-feeds.stamp"')
