"""The Sphinx glue: the ``catalog`` domain, directives, roles, downloads and static files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Bump when the pickled environment data of this extension changes shape.
ENV_VERSION = 3


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension with Sphinx."""
    from . import (
        assets,
        build_state,
        collection,
        directives,
        domain,
        exports,
        formats,
        labels,
        page_title,
        paper_pages,
        pristine_config,
        sitemap_pages,
        table_html,
        tables,
        template_cache,
        theme_guard,
        unchanged_build,
    )

    app.setup_extension("sphinx_design")
    app.add_config_value("catalog_path", "../catalog", "env", types=frozenset({str}))
    app.add_config_value("catalog_topic_pages", "topics/{id}", "env", types=frozenset({str}))
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
    app.add_post_transform(exports.DropDownloadLinks)
    app.add_post_transform(formats.ChartWithoutSvg)
    app.add_post_transform(formats.ChartWithoutStylesheet)
    app.add_post_transform(formats.LatexTables)
    app.add_node(tables.catalog_rows, html=(table_html.visit_catalog_rows, None))
    app.add_post_transform(tables.ExpandCatalogRows)
    app.add_post_transform(table_html.AddSearchWords)
    app.add_directive("catalog-browse", directives.CatalogBrowse)
    app.add_directive("catalog-chart", directives.CatalogChart)
    app.connect("builder-inited", build_state.load_for_build)
    app.connect("env-before-read-docs", build_state.load_before_reading)
    app.connect("builder-inited", assets.add_static_files)
    app.connect("builder-inited", unchanged_build.start)
    app.connect("builder-inited", template_cache.keep_compiled_templates)
    app.connect("builder-inited", sitemap_pages.start)
    app.connect("env-get-outdated", unchanged_build.note_outdated)
    app.connect("doctree-resolved", unchanged_build.note_written)
    pristine_config.setup(app)
    app.connect("env-get-outdated", build_state.outdated_pages)
    app.connect("env-updated", labels.add_standard_labels)
    app.connect("config-inited", page_title.add_templates)
    app.connect("env-updated", build_state.rewritten_pages)
    app.connect("doctree-resolved", exports.resolve_download_links)
    app.connect("build-finished", exports.write_exports)
    app.connect("html-collect-pages", paper_pages.collect_pages)
    # after the theme's own handlers (priority 500), which put its functions in the context
    app.connect("html-page-context", theme_guard.guard_page_context, priority=900)
    app.connect("html-page-context", table_html.insert_rows)
    # after the catalog is loaded (priority 500), and when the build is done
    app.connect("builder-inited", collection.start, priority=900)
    app.connect("build-finished", collection.finish, priority=900)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
