"""Venue kinds, tool purposes and the paper fields are defined once (in the model and the
loader), and everything that groups or orders by them handles every value."""

from __future__ import annotations

from pathlib import Path

import yaml
from catalog_factory import MOBILELLM, paper_yaml, write_catalog
from docutils import nodes

from paper_catalog.bibtex import catalog_bibtex
from paper_catalog.load import PAPER_FIELDS, load_catalog
from paper_catalog.model import TOOL_PURPOSES, VENUE_KINDS, Catalog
from paper_catalog.query import browse_groups
from paper_catalog.readme.render import render_readme
from paper_catalog.sphinxext.glossary import tool_list
from paper_catalog.yaml_writer import paper_yaml as written_paper


def every_kind_and_purpose(root: Path) -> Catalog:
    """A catalog with a venue of every kind, a paper at each, a tool of every purpose."""
    venues = [{"id": f"{kind}-venue", "short": f"{kind.title()} Venue",
               "name": f"A {kind} venue", "kind": kind} for kind in VENUE_KINDS]
    tools = [{"name": f"{purpose.title()} Tool", "url": f"https://example.org/{purpose}",
              "purpose": purpose, "description": f"A tool for {purpose}."}
             for purpose in TOOL_PURPOSES]
    papers = {f"papers/{kind}-paper.yaml": paper_yaml(
        MOBILELLM, title=f'"A {kind.title()} Paper"', venue=f"{kind}-venue",
        url=f"https://example.org/{kind}",
        topics={"efficient-attention": "Kinds", "state-space-models": "Kinds"})
        for kind in VENUE_KINDS}
    return load_catalog(write_catalog(root, {
        "venues.yaml": yaml.safe_dump({"venues": venues}),
        "tools.yaml": yaml.safe_dump({"tools": tools}),
        "papers/mobilellm.yaml": None, "papers/mamba.yaml": None, **papers}))


def test_the_by_venue_page_lists_every_kind_and_every_paper(tmp_path: Path) -> None:
    catalog = every_kind_and_purpose(tmp_path)
    groups = browse_groups(catalog, "venue")
    assert [g.title for g in groups if not g.level] == [k.title for k in VENUE_KINDS.values()]
    assert sorted(p.id for g in groups for p in g.papers) == sorted(catalog.papers)


def test_the_bibtex_export_cites_a_paper_of_every_kind(tmp_path: Path) -> None:
    bibtex = catalog_bibtex(every_kind_and_purpose(tmp_path))
    for kind in VENUE_KINDS.values():
        assert f"@{kind.entry_type}{{{kind.id}-paper," in bibtex


def test_the_site_and_the_readme_list_tools_of_every_purpose(tmp_path: Path) -> None:
    catalog = every_kind_and_purpose(tmp_path)
    shown = tool_list(catalog.tools)
    assert [n.astext() for n in shown if isinstance(n, nodes.rubric)] == list(
        TOOL_PURPOSES.values())
    readme = render_readme(catalog)
    for tool in catalog.tools:
        assert tool.name in "".join(n.astext() for n in shown)
        assert f"[{tool.name}]({tool.url})" in readme


def test_paper_files_are_written_in_the_loaders_field_order() -> None:
    record = {name: "x" for name in reversed(PAPER_FIELDS)}
    assert [line.split(":")[0] for line in written_paper(record).splitlines()] == list(
        PAPER_FIELDS)
