"""What's new: the papers added last, by the day they joined the catalog (``added``).

``catalog-whats-new`` lists them by month, newest first (``:months: N``: the last N
months that had additions), or, with ``:limit: N``, the N newest as one list with their
dates (the home page's). Each paper shows its short name, title, venue and year, and
links to its rows on its topic pages. ``:feeds:`` adds links to the Atom feeds.

The page is re-read when its months or their counts change, as other catalog directives
are; the papers of each month are listed when the page is written (a post-transform, for
every builder), so a changed title or venue writes the page again without reading it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..model import Catalog, Paper
from ..plural import counted
from ..views import Request, answer
from .build_state import catalog_of, note_written, use
from .directives import CatalogDirective
from .exports import download_link
from .inline import listing_ref

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
#: Months listed when ``:months:`` is not given.
DEFAULT_MONTHS = 12
#: Papers listed under one month at most, the newest (the page stays small whatever the
#: catalog's size; a month with more says how many more there are).
PER_MONTH = 100


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


@dataclass(frozen=True)
class ListedRequest(WhatsNewRequest):
    """What the months' lists show, drawn when the page is written (see
    :class:`ExpandWhatsNew`): a change of it writes the page again, without reading it.
    At most ``per_month`` papers of each month (0: all), the newest."""

    per_month: int = 0

    written: ClassVar[bool] = True

    def answer(self, catalog: Catalog) -> Additions:
        papers = answer(catalog, WhatsNewRequest(self.months, self.limit)).papers
        if self.per_month:
            listed: dict[str, int] = {}
            papers = tuple(p for p in papers if _listed(listed, _section_id(p)[0],
                                                        self.per_month))
        return Additions(papers,
                         tuple(catalog.topics[t].title for p in papers for t, _ in p.topics),
                         tuple(catalog.venues[p.venue].short for p in papers))


def _listed(counts: dict[str, int], month: str, most: int) -> bool:
    """Whether one more paper of ``month`` is listed, counting it in ``counts``."""
    counts[month] = counts.get(month, 0) + 1
    return counts[month] <= most


@dataclass(frozen=True)
class MonthsRequest(Request[tuple[tuple[str, str, int], ...]]):
    """The months a what's-new page lists (``months`` as :class:`WhatsNewRequest`): the
    id, heading and count of papers of each, newest first."""

    months: int = 0

    files: ClassVar[frozenset[str]] = WhatsNewRequest.files

    def answer(self, catalog: Catalog) -> tuple[tuple[str, str, int], ...]:
        papers = answer(catalog, WhatsNewRequest(self.months)).papers
        return tuple((section_id, month_title(day), _count(papers, day))
                     for section_id, day in _months(papers))


def _section_id(paper: Paper) -> tuple[str, datetime.date]:
    day = paper.added or datetime.date.min
    return f"added-{day.year:04d}-{day.month:02d}", day


def _months(papers: Sequence[Paper]) -> list[tuple[str, datetime.date]]:
    """Each run of papers of one month: its section id and the first paper's day."""
    months: list[tuple[str, datetime.date]] = []
    for paper in papers:
        section_id, day = _section_id(paper)
        if not months or months[-1][0] != section_id:
            months.append((section_id, day))
    return months


def _count(papers: Sequence[Paper], day: datetime.date) -> int:
    return sum(1 for p in papers if p.added and (p.added.year, p.added.month)
               == (day.year, day.month))


class whats_new_papers(nodes.General, nodes.Element):
    """Where a month's list goes (``months``: the directive's option, ``section``: the
    month's section id); replaced by the list when the page is written."""


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
        if limit:
            papers = use(self.env, WhatsNewRequest(months, limit)).papers
        else:  # the months now, their papers when the page is written
            months_shown = use(self.env, MonthsRequest(months))
            note_written(self.env, ListedRequest(months, per_month=PER_MONTH))
        catalog = self.catalog
        result: list[nodes.Element] = []
        if "feeds" in self.options:
            result.append(feed_paragraph(catalog, self.env.docname))
        if limit:
            items = nodes.bullet_list(classes=["catalog-whats-new"])
            items.extend(paper_item(catalog, p, dated=True) for p in papers)
            result.append(items)
        else:
            for section_id, title, count in months_shown:
                section = self.month_section(title, section_id, count)
                section += whats_new_papers(months=months, section=section_id, count=count)
                result.append(section)
        for node in result:
            node["support_smartquotes"] = False  # catalog text as written
            self.set_source_info(node)
        return list(result)

    @staticmethod
    def month_section(title: str, section_id: str, count: int) -> nodes.section:
        """A month's heading and its count of papers."""
        section = nodes.section(ids=[section_id], names=[nodes.fully_normalize_name(title)])
        section += nodes.title(title, title)
        section += nodes.paragraph("", f"{counted(count, 'paper')} added.",
                                   classes=["catalog-count"])
        return section


class ExpandWhatsNew(SphinxPostTransform):
    """Each month's list of papers, from the catalog of this build, before the links in
    it are resolved (the references resolver's priority is 10)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        places = list(self.document.findall(whats_new_papers))
        if not places:
            return
        catalog = catalog_of(self.env)
        by_months: dict[int, dict[str, list[Paper]]] = {}
        for place in places:
            months = place["months"]
            if months not in by_months:
                grouped: dict[str, list[Paper]] = {}
                listed = answer(catalog, ListedRequest(months, per_month=PER_MONTH)).papers
                for paper in listed:
                    grouped.setdefault(_section_id(paper)[0], []).append(paper)
                by_months[months] = grouped
            papers = by_months[months].get(place["section"], [])
            items = nodes.bullet_list(classes=["catalog-whats-new"])
            items.extend(paper_item(catalog, paper, dated=False) for paper in papers)
            self.resolve_listings(items)
            shown: list[nodes.Node] = [items]
            if place.get("count", 0) > len(papers):
                shown.append(nodes.paragraph(
                    "", f"The {len(papers)} newest are listed here; see the topic pages "
                        f"for the other {counted(place['count'] - len(papers), 'paper')} "
                        "added that month.", classes=["catalog-count"]))
            place.replace_self(shown)

    def resolve_listings(self, items: nodes.Element) -> None:
        """Each link to a row resolved as the references resolver would (the domain's own
        answer), without its walk over the page; a link it cannot resolve is left to it
        (and its warning)."""
        from sphinx.errors import NoUri

        domain = self.env.get_domain("catalog")
        docname = self.env.docname
        builder = self.env._app.builder  # as the references resolver gets it
        for xref in list(items.findall(addnodes.pending_xref)):
            try:
                resolved = domain.resolve_xref(self.env, docname, builder, xref["reftype"],
                                               xref["reftarget"], xref,
                                               cast(nodes.Element, xref[0].deepcopy()))
            except NoUri:
                continue
            if resolved is not None:
                xref.replace_self(resolved)
