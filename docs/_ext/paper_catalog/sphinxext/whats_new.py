"""What's new: the papers added last, by the day they joined the catalog (``added``).

``catalog-whats-new`` lists them by month, newest first (``:months: N``: the last N
months that had additions), or, with ``:limit: N``, the N newest as one list with their
dates (the home page's). Each paper shows its short name, title, venue and year, and
links to its rows on its topic pages. ``:feeds:`` adds links to the Atom feeds. The page
is re-read when what it lists changes, as other catalog directives are.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives

from ..model import Catalog, Paper
from ..plural import counted
from ..views import Request
from .build_state import use
from .directives import CatalogDirective
from .exports import download_link
from .inline import listing_ref

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
#: Months listed when ``:months:`` is not given.
DEFAULT_MONTHS = 12


def newest_first(papers: Sequence[Paper]) -> list[Paper]:
    """Papers by the day they joined, newest first (then by title and id: a stable order)."""
    return sorted(papers, key=lambda p: (-(p.added or datetime.date.min).toordinal(),
                                         p.title.casefold(), p.id))


def month_title(day: datetime.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Additions:
    """The papers a what's-new list shows, and the titles of their topics (link labels)."""

    papers: tuple[Paper, ...]
    topic_titles: tuple[str, ...]
    venues: tuple[str, ...]


@dataclass(frozen=True)
class WhatsNewRequest(Request[Additions]):
    """The newest papers: those of the last ``months`` months with additions (0: any),
    at most ``limit`` of them (0: all)."""

    months: int = 0
    limit: int = 0

    files: ClassVar[frozenset[str]] = frozenset({"topics.yaml", "venues.yaml"})

    def answer(self, catalog: Catalog) -> Additions:
        papers = newest_first(list(catalog.papers.values()))
        if self.months:
            shown: set[tuple[int, int]] = set()
            kept = []
            for paper in papers:
                month = (paper.added.year, paper.added.month) if paper.added else (0, 0)
                if month not in shown and len(shown) == self.months:
                    break
                shown.add(month)
                kept.append(paper)
            papers = kept
        if self.limit:
            papers = papers[:self.limit]
        return Additions(tuple(papers),
                         tuple(catalog.topics[t].title for p in papers for t, _ in p.topics),
                         tuple(catalog.venues[p.venue].short for p in papers))


def paper_item(catalog: Catalog, paper: Paper, dated: bool) -> nodes.list_item:
    """'Wanda — A Simple and Effective Pruning Approach … (ICLR 2024) · Pruning, …'."""
    para = nodes.paragraph(classes=["catalog-new-paper"])
    if dated and paper.added is not None:
        day = paper.added.isoformat()
        para += nodes.inline(day, day, classes=["catalog-added"])
        para += nodes.Text(" ")
    if paper.short and not paper.title.casefold().startswith(paper.short.casefold()):
        para += nodes.strong(paper.short, paper.short, classes=["catalog-short"])
        para += nodes.Text(" \u2014 ")
    para += nodes.reference(paper.title, paper.title, refuri=paper.url)
    venue = catalog.venues[paper.venue].short
    para += nodes.Text(f" ({venue} {paper.year}) \u00b7 ")
    for i, (topic_id, _) in enumerate(paper.topics):
        if i:
            para += nodes.Text(", ")
        para += listing_ref(catalog, topic_id, paper.id)
    return nodes.list_item("", para)


def feed_paragraph(catalog: Catalog, docname: str) -> nodes.paragraph:
    """Links to the feeds: every paper, and each area's."""
    from .feeds import feed_path  # the feeds module needs feedgen only to write

    para = nodes.paragraph(classes=["catalog-downloads", "catalog-feeds"])
    para += nodes.Text("Follow new papers in a feed reader: ")
    para += download_link(docname, feed_path("papers"), "all papers")
    para += nodes.Text(" (Atom); by area: ")
    for i, area in enumerate(catalog.areas):
        if i:
            para += nodes.Text(", ")
        para += download_link(docname, feed_path(area.id), area.title)
    para += nodes.Text(".")
    return para


class CatalogWhatsNew(CatalogDirective):
    """The newest papers, by month or (``:limit:``) as one dated list."""

    option_spec: ClassVar[dict[str, Any]] = {
        "months": directives.positive_int,
        "limit": directives.positive_int,
        "feeds": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        limit = self.options.get("limit", 0)
        months = self.options.get("months", 0 if limit else DEFAULT_MONTHS)
        papers = use(self.env, WhatsNewRequest(months, limit)).papers
        catalog = self.catalog
        result: list[nodes.Element] = []
        if "feeds" in self.options:
            result.append(feed_paragraph(catalog, self.env.docname))
        if limit:
            items = nodes.bullet_list(classes=["catalog-whats-new"])
            items.extend(paper_item(catalog, p, dated=True) for p in papers)
            result.append(items)
        else:
            sections: list[nodes.section] = []
            for paper in papers:
                day = paper.added or datetime.date.min
                section_id = f"added-{day.year:04d}-{day.month:02d}"
                if not sections or sections[-1]["ids"] != [section_id]:
                    sections.append(self.month_section(day, section_id, papers))
                cast(nodes.bullet_list, sections[-1][-1]).append(
                    paper_item(catalog, paper, dated=False))
            result.extend(sections)
        for node in result:
            node["support_smartquotes"] = False  # catalog text as written
            self.set_source_info(node)
        return list(result)

    @staticmethod
    def month_section(day: datetime.date, section_id: str, papers: Sequence[Paper]
                      ) -> nodes.section:
        """A month's heading, its count of papers and an empty list for them."""
        title = month_title(day)
        section = nodes.section(ids=[section_id], names=[nodes.fully_normalize_name(title)])
        section += nodes.title(title, title)
        count = sum(1 for p in papers if p.added and (p.added.year, p.added.month)
                    == (day.year, day.month))
        section += nodes.paragraph("", f"{counted(count, 'paper')} added.",
                                   classes=["catalog-count"])
        section += nodes.bullet_list(classes=["catalog-whats-new"])
        return section
