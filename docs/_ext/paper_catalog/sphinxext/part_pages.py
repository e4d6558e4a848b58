"""Parts 2..N of a split whole-catalog page (see :mod:`.parts`), written from the catalog
at ``html-collect-pages``: each part the theme's page around the same rows, groups and
pagers, rendered again only when what it shows changed (a digest of its papers, their
venues, topics and rows, its groups, pager and the page layout), and the parts a page no
longer has deleted. The catalog's data file, which the pagers load, is written with them.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .author_pages import AuthorPlacesRequest, links_per_page
from .build_state import catalog_domain, written_digest
from .builders import writes_paper_pages
from .catalog_data import paper_order, write_data
from .columns import escape
from .page_shell import Shell, WrittenPages, render_shell, shell_name, write_if_changed
from .paper_pages import shown_digests
from .parts import (
    KIND,
    Layout,
    PartRowsRequest,
    as_split,
    group_sections,
    layout_of,
    names_free,
    pager_html,
    pager_node,
    part_name,
    placements,
    rows_per_part,
    sliced,
    table_of,
    top_section,
)
from .tables import catalog_rows

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _part_tree(layout: Layout, number: int, pager_top: str, pager_bottom: str
               ) -> nodes.section:
    """The body of part ``number`` as nodes: a section titled after the page, the
    pagers, and each of its tables under its groups' headings."""
    top = top_section(layout.tables[0])
    first_part = layout.section_parts()
    heading = f"{layout.title} ({number} of {layout.count})"
    root = nodes.section(ids=[f"part-{number}"], names=[], support_smartquotes=False)
    root += nodes.title(heading, heading)
    root += pager_node(pager_top)
    made: dict[int, nodes.Element] = {}
    for index, start, end in layout.parts[number - 1]:
        rows = layout.tables[index]
        parent: nodes.Element = root
        for section in group_sections(rows, top):
            out = made.get(id(section))
            if out is None:
                here = any(first_part.get(i) == number for i in section["ids"])
                # a group continued from the part before: its own id (a heading needs
                # one), the group's stays on the part it starts on
                out = nodes.section(ids=list(section["ids"]) if here else [
                    f"{ident}-continued" for ident in section["ids"][:1]],
                    support_smartquotes=False)
                for child in section.children:
                    if isinstance(child, nodes.title):
                        text = child.astext() + ("" if here else " (continued)")
                        out += nodes.title(text, text)
                    elif isinstance(child, nodes.paragraph):
                        out += child.deepcopy()
                    elif isinstance(child, nodes.section | nodes.table):
                        break
                parent += out
                made[id(section)] = out
            parent = out
        table = table_of(rows).deepcopy()
        copy = next(table.findall(catalog_rows))
        as_split(table, copy)
        sliced(copy, start, end)
        parent += table
    root += pager_node(pager_bottom)
    return root


def _section_text(section: nodes.section) -> str:
    """What a part copies of a group's section: its heading and paragraphs, and ids."""
    return repr((section["ids"], [child.astext() for child in section.children
                                  if isinstance(child, nodes.title | nodes.paragraph)]))


def part_digest(keys: Mapping[str, str], layout: Layout, number: int, page: str,
                pagers: tuple[str, str]) -> str:
    """A digest that changes whenever part ``number`` would (given the same shell): its
    pagers, and per table slice its groups, columns and each row's anchor and what the
    row shows (``keys``: see :func:`.paper_pages.shown_digests`)."""
    top = top_section(layout.tables[0])
    digest = hashlib.sha256(repr((page, layout.title, number, *pagers)).encode())
    for index, start, end in layout.parts[number - 1]:
        rows = layout.tables[index]
        digest.update(repr((index, [_section_text(s) for s in group_sections(rows, top)],
                            rows["columns"], rows["topic"], rows.get("facets"))).encode())
        digest.update("\0".join(keys[pid] for pid in rows["papers"][start:end]).encode())
        digest.update("\0".join(rows["anchors"][start:end]).encode())
    return digest.hexdigest()


def _render(app: Sphinx, pagename: str, docname: str, tree: nodes.Node) -> str:
    """``tree`` (taken from document ``docname``) as HTML, written by the builder as if on
    page ``pagename``: with the section and figure numbers of ``docname``, which the
    builder otherwise has only after writing a document in this build."""
    from .table_html import fill_rows

    builder: Any = app.builder
    state = {name: getattr(builder, name) for name in ("current_docname", "secnumbers",
                                                        "fignumbers") if hasattr(builder, name)}
    builder.current_docname = pagename
    builder.secnumbers = app.env.toc_secnumbers.get(docname, {})
    builder.fignumbers = app.env.toc_fignumbers.get(docname, {})
    try:
        fragment: str = builder.render_partial(tree)["fragment"]
    finally:
        for name in ("current_docname", "secnumbers", "fignumbers"):
            if name in state:
                setattr(builder, name, state[name])
            else:
                delattr(builder, name)
    return fill_rows(app.env, fragment)


def part_page_names(app: Sphinx) -> list[str]:
    """The names of the part pages (2..N) this build's site has, as written last."""
    return WrittenPages(app, KIND).names() if writes_paper_pages(app.builder) else []


def split_pages(env: BuildEnvironment) -> list[str]:
    """The documents that show a whole-catalog table, whose first part the page shows."""
    return sorted(docname for docname, uses in catalog_domain(env).usage.items()
                  if any(isinstance(request, PartRowsRequest) for request in uses))


def collect_parts(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: write the parts 2..N of each split page whose text changed,
    delete the parts a page no longer has, and write the catalog's data file."""
    builder = app.builder
    #: part page -> the digest of what it showed, with the shell's
    written = WrittenPages.to_write(app, KIND)
    if written is None:
        return iter(())
    outfile = written.outfile
    bound = rows_per_part(app.env)
    fresh: dict[str, str] = {}
    keys = shown_digests(app.env)
    # rows link their authors to the by-author list: an author's move there is a change
    places = written_digest(app.env, AuthorPlacesRequest(links_per_page(app.env)))
    shells: dict[str, tuple[Shell, str]] = {}
    split = False
    for docname in split_pages(app.env):
        if docname not in app.env.all_docs:
            continue
        doctree = app.env.get_doctree(docname)
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        layout = layout_of(doctree, docname, title, bound)
        if layout is None or not names_free(app.env, layout):
            continue
        split = True
        folder = posixpath.dirname(docname)
        if folder not in shells:
            name = shell_name(folder, "catalog-part")
            shell = render_shell(app, name)
            shells[folder] = (Shell(shell, name), hashlib.sha256(shell.encode()).hexdigest())
        filler, shell_digest = shells[folder]
        where = placements(paper_order(app.env), layout)
        for number in range(2, layout.count + 1):
            page = part_name(docname, number)
            pagers = (pager_html(builder, layout, number, top=True, placements=where),
                      pager_html(builder, layout, number, top=False))
            path = outfile(page)
            fresh[page] = shell_digest + places + part_digest(keys, layout, number, page,
                                                              pagers)
            if written.last.get(page) == fresh[page] and os.path.exists(path):
                continue  # shows what it showed
            body = _render(app, page, docname, _part_tree(layout, number, *pagers))
            text = filler.fill(page.rsplit("/", 1)[-1],
                               title=escape(f"{title} ({number} of {layout.count})"),
                               head="", body=body)
            write_if_changed(path, text)
    written.keep(fresh)
    if split:
        write_data(app)
    return iter(())
