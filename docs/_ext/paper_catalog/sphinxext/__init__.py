"""The Sphinx glue: the ``catalog`` domain, directives, roles, downloads and static files.

It changes nothing outside the build of the project that lists it: no process-wide
setting, no patch of Sphinx, of the theme or of another extension, and the project's
configuration stays as ``conf.py`` set it. What this site tunes beyond that is the
separate ``site_tuning`` extension.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Bump when the pickled environment data of this extension changes shape.
ENV_VERSION = 7


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension with Sphinx."""
    from . import (
        assets,
        author_pages,
        build_state,
        directives,
        domain,
        exports,
        feeds,
        formats,
        labels,
        paper_pages,
        part_pages,
        parts,
        table_html,
        tables,
        whats_new,
    )

    app.setup_extension("sphinx_design")
    app.add_config_value("catalog_path", "../catalog", "env", types=frozenset({str}))
    app.add_config_value("catalog_topic_pages", "topics/{id}", "env", types=frozenset({str}))
    app.add_config_value(parts.CONFIG, parts.ROWS_PER_PART, "env", types=frozenset({int}))
    app.add_config_value(author_pages.CONFIG, author_pages.LINKS_PER_PAGE, "env",
                         types=frozenset({int}))
    app.add_domain(domain.CatalogDomain)
    app.add_role("paper", domain.shortcut_role("paper"))
    app.add_role("topic", domain.shortcut_role("topic"))
    app.add_directive("catalog-table", directives.CatalogTable)
    app.add_directive("catalog-topic", directives.CatalogTopic)
    app.add_directive("catalog-cards", directives.CatalogCards)
    app.add_directive("catalog-glossary", directives.CatalogGlossary)
    app.add_directive("catalog-tools", directives.CatalogTools)
    app.add_directive("catalog-reference", directives.CatalogReference)
    app.add_directive("catalog-downloads", directives.CatalogDownloads)
    app.add_directive("catalog-browse", directives.CatalogBrowse)
    app.add_directive("catalog-chart", directives.CatalogChart)
    app.add_directive("catalog-whats-new", whats_new.CatalogWhatsNew)
    app.add_post_transform(exports.DropDownloadLinks)
    app.add_post_transform(whats_new.ExpandWhatsNew)
    app.add_post_transform(formats.ChartWithoutSvg)
    app.add_post_transform(formats.ChartWithoutStylesheet)
    app.add_post_transform(formats.LatexTables)
    app.add_node(tables.catalog_rows, html=(table_html.visit_catalog_rows, None))
    app.add_post_transform(tables.ExpandCatalogRows)
    app.add_node(author_pages.catalog_author_list,
                 html=(author_pages.visit_catalog_author_list, None))
    app.add_post_transform(author_pages.ExpandAuthorList)
    app.add_post_transform(author_pages.AddAuthorWords)
    app.add_post_transform(parts.SplitWholeTables)
    app.add_post_transform(table_html.AddSearchWords)
    # Handlers, in the order Sphinx runs them within an event (priority 500 unless named).
    # This build's in-memory state is the catalog domain's ``run`` (see run_state), set
    # afresh by load_for_build, which therefore comes first:
    # builder-inited        load_for_build (the catalog), add_static_files, paper pages' start
    #                       (their shell's template)
    # env-get-outdated      outdated_pages, paper pages' note_outdated
    # env-before-read-docs  load_before_reading
    # env-updated           add_standard_labels, rewritten_pages, copy_static_files
    # doctree-resolved      resolve_download_links, paper pages' note_written
    # html-collect-pages    collect_pages (a page per paper), collect_parts (the parts of
    #                       whole-catalog tables, the catalog's data file),
    #                       collect_author_pages (the by-author list's pages 2..N)
    # html-page-context     link_feeds, insert_rows, link_moved_groups (contents of part 1)
    # build-finished        write_exports, write_feeds
    app.connect("builder-inited", build_state.load_for_build)
    app.connect("builder-inited", assets.add_static_files)
    app.connect("builder-inited", paper_pages.start)
    app.connect("env-get-outdated", build_state.outdated_pages)
    app.connect("env-get-outdated", paper_pages.note_outdated)
    app.connect("env-before-read-docs", build_state.load_before_reading)
    app.connect("env-updated", labels.add_standard_labels)
    app.connect("env-updated", build_state.rewritten_pages)
    app.connect("env-updated", assets.copy_static_files)
    app.connect("doctree-resolved", exports.resolve_download_links)
    app.connect("doctree-resolved", paper_pages.note_written)
    app.connect("html-collect-pages", paper_pages.collect_pages)
    app.connect("html-collect-pages", part_pages.collect_parts)
    app.connect("html-collect-pages", author_pages.collect_author_pages)
    app.connect("html-page-context", feeds.link_feeds)
    app.connect("html-page-context", table_html.insert_rows)
    app.connect("html-page-context", parts.link_moved_groups)
    app.connect("build-finished", exports.write_exports)
    app.connect("build-finished", feeds.write_feeds)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
