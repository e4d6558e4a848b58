"""The catalog directives: each renders part of the catalog as docutils nodes."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import DirectiveError, directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import PassthroughTextElement, create_component

from ..model import Catalog, Paper, Topic
from ..plural import counted
from ..query import (
    BROWSE_KINDS,
    SORT_KEYS,
    PaperFilter,
    year_spec_ok,
)
from ..site_urls import row_anchor, topic_anchor
from ..views import (
    BenchmarksRequest,
    BrowseGroup,
    BrowseRequest,
    ChartRequest,
    CountRequest,
    MetricsRequest,
    OverviewRequest,
    PapersRequest,
    RowsRequest,
    SurveyReferenceRequest,
    TableRequest,
    ToolsRequest,
    TopicRequest,
)
from .author_pages import note_author_links
from .build_state import catalog_of, note_written, use
from .chart import stacked_bars
from .columns import COLUMNS
from .domain import CatalogDomain, inventory_text
from .exports import catalog_download_paragraph, topic_download_paragraph
from .glossary import benchmark_item, glossary, metric_item, tool_list
from .inline import catalog_text, topic_ref
from .parts import PartRowsRequest, rows_per_part
from .tables import catalog_rows, paper_table

DEFAULT_COLUMNS = ("year", "keyword", "title", "venue")
#: The catalog files whose ids a directive's options and arguments name.
ID_FILES = ("topics.yaml", "venues.yaml")


class CatalogDirective(SphinxDirective):
    """Shared base: access to the build's catalog and the catalog domain."""

    @property
    def catalog(self) -> Catalog:
        return catalog_of(self.env)

    @property
    def domain(self) -> CatalogDomain:
        return cast(CatalogDomain, self.env.get_domain("catalog"))

    def error(self, message: str) -> DirectiveError:
        """The directive's error, after noting the catalog files an unknown id could be
        added to: the page is read again when one of them changes, not left stale."""
        for name in ID_FILES:
            self.env.note_dependency(str(self.catalog.root / name))
        return super().error(message)

    def topic_arg(self, topic_id: str) -> Topic:
        topic = self.catalog.topics.get(topic_id)
        if topic is None:
            raise self.error(f"unknown topic id '{topic_id}' (see catalog/topics.yaml)")
        return topic

    def topic_docname(self, topic_id: str) -> str:
        pattern: str = self.config.catalog_topic_pages
        return pattern.format(id=topic_id)

    def hidden_toctree(self, docnames: list[str]) -> nodes.compound:
        """Navigation to ``docnames`` in catalog order, as the toctree directive builds it."""
        tree = addnodes.toctree()
        tree["parent"] = self.env.docname
        tree["entries"] = [(None, name) for name in docnames]
        tree["includefiles"] = list(docnames)
        tree["maxdepth"] = -1
        tree["caption"] = None
        tree["glob"] = False
        tree["hidden"] = True
        tree["includehidden"] = False
        tree["numbered"] = 0
        tree["titlesonly"] = False
        self.set_source_info(tree)
        return nodes.compound("", tree, classes=["toctree-wrapper"])

    def table_papers(self, request: PapersRequest, whole: bool = False) -> list[Paper]:
        """The papers of a table of ``request``. The page is re-read when they change
        (or their order), and re-written when only what their rows show changes: of a
        ``whole`` table (every paper), what its first part shows (see :mod:`.parts`)."""
        rows = use(self.env, TableRequest(request))
        note_written(self.env, PartRowsRequest(("table", request.sort),
                                               rows_per_part(self.env))
                     if whole else RowsRequest(request))
        note_author_links(self.env)
        papers = self.catalog.papers
        return [papers[paper_id] for paper_id in rows.ids]

    def papers_table(self, papers: Sequence[Paper], columns: tuple[str, ...], topic: str,
                     sort: str = "-year") -> nodes.table:
        """A sortable table whose rows are link targets, noted in the domain."""
        document = self.state.document
        taken = document.ids
        catalog = self.catalog

        def anchor(paper: Paper) -> str | None:
            name = row_anchor(paper.id)
            if name in taken:
                return None
            taken[name] = document
            self.domain.note_paper(paper.id, paper.title, name,
                                   primary=topic == paper.primary_topic)
            return name

        table = paper_table(catalog, papers, columns, topic, anchor, sort)
        self.set_source_info(table)
        return table


def with_facets(table: nodes.table) -> nodes.table:
    """``table`` with facets: its rows carry their facet values, which the facets script
    offers as filters above it."""
    table["classes"].append("catalog-table--facets")
    for body in table.findall(catalog_rows):
        body["facets"] = True
    return table


def mark_whole(table: nodes.table) -> nodes.table:
    """``table`` as part of a page's tables of every paper, which the HTML pages split
    into parts (see :mod:`.parts`)."""
    for body in table.findall(catalog_rows):
        body["whole"] = True
    return table


def _choice_list(allowed: tuple[str, ...]) -> Any:
    def convert(value: str) -> tuple[str, ...]:
        names = tuple(v.strip() for v in value.replace(",", " ").split())
        for name in names:
            if name not in allowed:
                raise ValueError(f"unknown column '{name}'; use {', '.join(allowed)}")
        return names

    return convert


def _sort_key(value: str) -> str:
    if value.strip().lstrip("-") not in SORT_KEYS:
        raise ValueError(f"unknown sort key '{value}'; use {', '.join(SORT_KEYS)}, "
                         "with a leading '-' for descending")
    return value.strip()


class CatalogTable(CatalogDirective):
    """A table of papers chosen by topic, keyword, venue and year."""

    option_spec: ClassVar[dict[str, Any]] = {
        "topic": directives.unchanged_required,
        "keyword": directives.unchanged_required,
        "venue": directives.unchanged_required,
        "year": directives.unchanged_required,
        "columns": _choice_list(tuple(COLUMNS)),
        "sort": _sort_key,
        "limit": directives.positive_int,
        "facets": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        flt = PaperFilter(**{k: self.options.get(k, "").strip()
                             for k in ("topic", "keyword", "venue", "year")})
        if flt.topic:
            self.topic_arg(flt.topic)
        if flt.venue and flt.venue not in self.catalog.venues:
            raise self.error(f"unknown venue id '{flt.venue}' (see catalog/venues.yaml)")
        if flt.year and not year_spec_ok(flt.year):
            raise self.error(f"year must look like 2024, 2020-2023, 2020- or -2019, "
                             f"not '{flt.year}'")
        default = DEFAULT_COLUMNS if flt.topic and self.catalog.topics[
            flt.topic].is_leaf else (*DEFAULT_COLUMNS, "topics")
        columns = self.options.get("columns", default)
        sort = self.options.get("sort", "-year")
        limit = self.options.get("limit", 0)
        whole = not (flt.topic or flt.keyword or flt.venue or flt.year or limit)
        papers = self.table_papers(PapersRequest(flt.topic, flt.keyword, flt.venue, flt.year,
                                                 sort, limit), whole)
        table = self.papers_table(papers, columns, flt.topic, sort)
        if whole:
            mark_whole(table)
        return [with_facets(table) if "facets" in self.options else table]


class CatalogTopic(CatalogDirective):
    """A topic's page: title, summary, where it sits, its papers or its subtopics."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        page = use(self.env, TopicRequest(self.topic_arg(self.arguments[0]).id))
        topic = page.topic
        catalog = self.catalog
        anchor = topic_anchor(topic.id)
        if not self.domain.note_topic(topic.id, topic.title, anchor):
            raise self.error(f"topic '{topic.id}' already has a page")
        # catalog text is shown as written: no smart quotes in titles, trail or summary
        section = nodes.section(ids=[anchor], names=[nodes.fully_normalize_name(topic.title)],
                                support_smartquotes=False)
        title = inventory_text(topic.title)  # the page's title: an entry of objects.inv
        section += nodes.title(title, title)
        if page.ancestors:
            trail = nodes.paragraph(classes=["catalog-breadcrumb"])
            trail += nodes.Text("Part of ")
            for i, parent in enumerate(reversed(page.ancestors)):
                if i:
                    trail += nodes.Text(" / ")
                trail += topic_ref(catalog, parent.id)
            section += trail
        section += nodes.paragraph("", "", *catalog_text(catalog, topic.summary),
                                   classes=["catalog-summary"])
        if topic.is_leaf:
            papers = self.table_papers(PapersRequest(topic.id))
            count = f"{counted(len(papers), 'paper')}, listed newest first."
            section += nodes.paragraph("", count, classes=["catalog-count"])
            section += with_facets(self.papers_table(papers, DEFAULT_COLUMNS, topic.id))
            section += topic_download_paragraph(self.env.docname, topic.id, len(papers))
        else:
            section += cards(catalog, [(catalog.topics[c], n) for c, n in page.children])
            section += topic_download_paragraph(self.env.docname, topic.id,
                                                sum(n for _, n in page.children))
            section += self.hidden_toctree([self.topic_docname(c) for c, _ in page.children])
        if page.related:
            links = nodes.paragraph(classes=["catalog-related"])
            links += nodes.strong("Related topics: ", "Related topics: ")
            for i, other in enumerate(page.related):
                if i:
                    links += nodes.Text(", ")
                links += topic_ref(catalog, other.id)
            section += links
        return [section]


def cards(catalog: Catalog, topics: Sequence[tuple[Topic, int]]) -> nodes.container:
    """A sphinx-design grid with a card per topic: title link, summary, paper count."""
    row = create_component("grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2",
                                         "sd-row-cols-lg-3", "sd-g-3"])
    for topic, count in topics:
        title = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"],
                                 children=[PassthroughTextElement(
                                     "", "", topic_ref(catalog, topic.id))])
        summary = nodes.paragraph("", "", *catalog_text(catalog, topic.summary),
                                  classes=["sd-card-text"])
        body = create_component("card-body", ["sd-card-body"], children=[title, summary])
        label = counted(count, "paper")
        footer = create_component("card-footer", ["sd-card-footer"], children=[
            nodes.paragraph("", label, classes=["sd-card-text", "catalog-count"])])
        card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-w-100",
                                         "sd-shadow-sm", "catalog-card"],
                                children=[body, footer])
        row += create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
    return create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override",
                                               "sd-mb-4"], children=[row],
                            support_smartquotes=False)


class CatalogCards(CatalogDirective):
    """Cards for the areas (no argument) or for a topic's children, with navigation."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        if self.arguments:
            self.topic_arg(self.arguments[0])
        entries = use(self.env, OverviewRequest(*self.arguments)).entries
        return [cards(self.catalog, entries),
                self.hidden_toctree([self.topic_docname(t.id) for t, _ in entries])]


class CatalogGlossary(CatalogDirective):
    """The metric glossary (by category) or the benchmark glossary."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        which = self.arguments[0]
        document = self.state.document
        if which == "metrics":
            result: list[nodes.Node] = []
            for category in use(self.env, MetricsRequest()):
                section = nodes.section(ids=[f"metrics-{category.id}"],
                                        names=[nodes.fully_normalize_name(category.title)],
                                        support_smartquotes=False)
                section += nodes.title(category.title, category.title)
                section += glossary(self.env, document,
                                    [metric_item(m) for m in category.metrics])
                result.append(section)
            return result
        if which == "benchmarks":
            return [glossary(self.env, document,
                             [benchmark_item(b) for b in use(self.env, BenchmarksRequest())])]
        raise self.error(f"unknown glossary '{which}'; use 'metrics' or 'benchmarks'")


class CatalogTools(CatalogDirective):
    """Energy and carbon tools, grouped by purpose."""

    def run(self) -> list[nodes.Node]:
        return tool_list(use(self.env, ToolsRequest()))


class CatalogReference(CatalogDirective):
    """The survey's BibTeX (copyable) and its formatted citation."""

    def run(self) -> list[nodes.Node]:
        bibtex = use(self.env, SurveyReferenceRequest())
        block = nodes.literal_block(bibtex, bibtex, language="bibtex")
        self.set_source_info(block)
        from ..citation import formatted_reference  # pybtex: loaded when a page needs it

        quotes = [nodes.paragraph("", text) for text in formatted_reference(bibtex)]
        return [nodes.block_quote("", *quotes, classes=["catalog-citation"],
                                  support_smartquotes=False), block]


class CatalogBrowse(CatalogDirective):
    """Every paper grouped by year, venue or keyword: a section and a table per group.

    ``:index:`` puts links to the groups first; ``:page-filter:`` gives the page one
    filter box for all its tables (the table script puts it in the placeholder) instead
    of one per table.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "index": directives.flag,
        "page-filter": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        by = self.arguments[0]
        if by not in BROWSE_KINDS:
            raise self.error(f"cannot browse by '{by}'; use {', '.join(BROWSE_KINDS)}")
        if by == "author":
            return self.author_list()
        groups = use(self.env, BrowseRequest(by)).groups
        # the rows show every paper; the page, those of its first part
        note_written(self.env, PartRowsRequest(("browse", by), rows_per_part(self.env)))
        note_author_links(self.env)
        papers = self.catalog.papers
        # the grouping column would repeat the heading on every row
        columns = tuple(c for c in (*DEFAULT_COLUMNS, "topics") if c != by)
        result: list[nodes.Node] = []
        parent: nodes.Element | None = None
        for group in groups:
            section = nodes.section(ids=[group.id], names=[nodes.fully_normalize_name(
                f"{by} {group.title}")], support_smartquotes=False)
            section += nodes.title(group.title, group.title)
            if group.subtitle:
                section += nodes.paragraph("", group.subtitle, classes=["catalog-venue-name"])
            if group.papers:
                count = len(group.papers)
                section += nodes.paragraph("", counted(count, "paper"),
                                           classes=["catalog-count"])
                section += mark_whole(self.papers_table([papers[i] for i in group.papers],
                                                        columns, ""))
            if group.level and parent is not None:
                parent += section
            else:
                result.append(section)
                parent = section
        head: list[nodes.Node] = []
        if "index" in self.options:
            head.append(group_index(by, [g for g in groups if not g.level]))
        if "page-filter" in self.options:
            head.append(nodes.container(classes=["catalog-page-filter"]))
        return head + result

    def author_list(self) -> list[nodes.Node]:
        """Every author (family name order) with links to their papers' rows, drawn from
        the catalog when the page is written (see :mod:`.author_pages`)."""
        from .author_pages import AuthorListRequest, catalog_author_list, links_per_page

        self.domain.note_author_page()
        note_written(self.env, AuthorListRequest(links_per_page(self.env)))
        return [catalog_author_list(index="index" in self.options)]


def group_index(by: str, groups: Sequence[BrowseGroup]) -> nodes.paragraph:
    """'Keywords: A · B · C', each a link to its group's section."""
    index = nodes.paragraph(classes=["catalog-index"], support_smartquotes=False)
    index += nodes.strong(f"{by.capitalize()}s: ", f"{by.capitalize()}s: ")
    for i, group in enumerate(groups):
        if i:
            index += nodes.Text(" \u00b7 ")
        index += nodes.reference(group.title, group.title, refid=group.id, internal=True)
    return index


class CatalogChart(CatalogDirective):
    """Papers per year by area: an SVG bar chart, with the numbers as a table."""

    def run(self) -> list[nodes.Node]:
        chart = use(self.env, ChartRequest())
        years = chart.years
        series = [(area.title, values) for area, values in chart.areas]
        title = "Papers per year by area"
        totals = [sum(v[i] for _, v in series) for i in range(len(years))]
        alt = f"{title}: " + "; ".join(f"{y}: {t}" for y, t in zip(years, totals, strict=True))
        # the stylesheet shows one: the wide chart, or on phones the narrow one (legend
        # under the bars) whose labels stay legible at a phone's width
        images = [nodes.image(uri="data:image/svg+xml;base64," + base64.b64encode(
            stacked_bars(years, series, title, phone=phone).encode()).decode(), alt=alt,
            classes=["catalog-chart-phone" if phone else "catalog-chart"])
            for phone in (False, True)]
        note = f"{title}; a paper listed in two areas counts in each."
        figure = nodes.figure("", *images, nodes.caption(note, note))
        table = simple_table(["Year", *(name for name, _ in series), "Total"],
                             [[str(y), *(str(v[i]) for _, v in series), str(totals[i])]
                              for i, y in enumerate(years)])
        table["classes"] += ["catalog-chart-data"]
        table["support_smartquotes"] = False  # area titles as written
        return [figure, table]


def simple_table(header: list[str], rows: list[list[str]]) -> nodes.table:
    """A plain text table."""
    table = nodes.table()
    group = nodes.tgroup(cols=len(header))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in header)
    group += nodes.thead("", nodes.row("", *(nodes.entry("", nodes.paragraph("", h))
                                             for h in header)))
    group += nodes.tbody("", *(nodes.row("", *(nodes.entry("", nodes.paragraph("", c))
                                               for c in row)) for row in rows))
    return table


class CatalogDownloads(CatalogDirective):
    """Download links: the whole catalog, or (with a topic id) that topic's BibTeX."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        if self.arguments:
            topic = self.topic_arg(self.arguments[0])
            count = use(self.env, CountRequest(topic.id)).count
            para = topic_download_paragraph(docname, topic.id, count,
                                            f"BibTeX of {topic.title}: ")
            para["support_smartquotes"] = False  # the topic title as written
        else:
            para = catalog_download_paragraph(docname, use(self.env, CountRequest()).count)
        self.set_source_info(para)
        return [para]
