"""What each directive shows: a named, typed request and the result it gets.

A request is a frozen dataclass: hashable and picklable, so a page can remember what it
showed. :func:`select` answers it from the catalog alone, with the shared catalog files
the answer reads and a digest of it; the same request, answered again from a newer
catalog, tells whether a page that showed it is out of date.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar, cast

from .model import Benchmark, Catalog, MetricCategory, Paper, Tool, Topic, Venue
from .query import (
    REFERENCE,
    Group,
    PaperFilter,
    browse_groups,
    papers_per_year_by_area,
    related,
    select_papers,
    sort_papers,
)

R = TypeVar("R", covariant=True)


class Request(Generic[R]):
    """A view of the catalog: its fields say what to show, :meth:`answer` computes it.

    ``files`` are the shared catalog files the view reads. Paper files are not listed:
    10,000 of them per page made every rebuild stat and unpickle them all, while the
    digest of the answer (see :func:`select`) already tells when a page that shows a
    paper is out of date, even for a paper that was just added.
    """

    files: ClassVar[frozenset[str]] = frozenset()
    #: Whether the page shows the answer only when it is written (paper table rows, drawn
    #: from the catalog then): a change of it re-writes the page instead of re-reading it.
    written: ClassVar[bool] = False

    def answer(self, catalog: Catalog) -> R:
        raise NotImplementedError


@dataclass(frozen=True)
class Selection(Generic[R]):
    """The answer to a request, the shared catalog files it read, and its digest."""

    data: R
    files: frozenset[str]
    digest: str


def answer(catalog: Catalog, request: Request[R]) -> R:
    """``request``'s answer from ``catalog``, computed once per catalog: the pages, their
    digests and the files written from the catalog ask for the same views."""
    answers = catalog.answers
    if request not in answers:
        answers[request] = request.answer(catalog)
    return cast("R", answers[request])


def select(catalog: Catalog, request: Request[R]) -> Selection[R]:
    """Answer ``request`` from ``catalog``."""
    data = answer(catalog, request)
    text = data.digest_text() if isinstance(data, PaperList) else repr(data)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Selection(data, request.files, digest)


Mention = Paper | Topic | None


def _reference_target(catalog: Catalog, kind: str, target: str) -> Mention:
    """What a reference to ``kind`` ``target`` shows: the record, or None if unknown."""
    if kind == "paper":
        return catalog.papers.get(target)
    return catalog.topics.get(target) if kind == "topic" else None


def mentions(catalog: Catalog, *texts: str) -> tuple[Mention, ...]:
    """The papers and topics that ``texts`` reference with ``{paper}`` or ``{topic}``."""
    return tuple(_reference_target(catalog, match[1], match[2]) for text in texts
                 for match in REFERENCE.finditer(text) if match[1] != "term")


# -- papers ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PaperList:
    """Papers to show in a table, with the venues and topic titles their rows show."""

    papers: tuple[Paper, ...]
    venues: tuple[Venue, ...]
    topic_titles: tuple[str, ...]

    def digest_text(self) -> str:
        """What the list shows, for its digest: each paper by its own digest, each venue
        once (the rows of 10,000 papers repeat a few dozen venues)."""
        venues = {venue.id: venue for venue in self.venues}
        return repr((tuple(p.digest for p in self.papers), tuple(venues.values()),
                     self.topic_titles))


@dataclass(frozen=True)
class PapersRequest(Request[PaperList]):
    """Papers chosen by topic, keyword, venue and year (empty: any), sorted by ``sort``
    (a leading '-' for descending), at most ``limit`` of them (0: all)."""

    topic: str = ""
    keyword: str = ""
    venue: str = ""
    year: str = ""
    sort: str = "-year"
    limit: int = 0

    files: ClassVar[frozenset[str]] = frozenset({"venues.yaml", "topics.yaml"})

    def answer(self, catalog: Catalog) -> PaperList:
        flt = PaperFilter(self.topic, self.keyword, self.venue, self.year)
        papers = sort_papers(select_papers(catalog, flt), self.sort, self.topic)
        papers = papers[:self.limit] if self.limit else papers
        return PaperList(tuple(papers), tuple(catalog.venues[p.venue] for p in papers),
                         tuple(catalog.topics[t].title for p in papers for t, _ in p.topics))


@dataclass(frozen=True)
class TableRows:
    """The rows of a table as its page is read: the papers' ids in order, and for each
    the title the general index lists it under there ('' if it is not listed there: only
    a table of the paper's home topic lists it)."""

    ids: tuple[str, ...]
    indexed: tuple[str, ...]


@dataclass(frozen=True)
class TableRequest(Request[TableRows]):
    """Which papers a table of ``papers`` lists, and in which order."""

    papers: PapersRequest

    files: ClassVar[frozenset[str]] = frozenset({"topics.yaml"})

    def answer(self, catalog: Catalog) -> TableRows:
        topic = self.papers.topic
        papers = answer(catalog, self.papers).papers
        return TableRows(tuple(p.id for p in papers), tuple(
            p.title if topic and p.primary_topic == topic else "" for p in papers))


@dataclass(frozen=True)
class RowsRequest(Request[PaperList]):
    """What the rows of a table of ``papers`` show; they are drawn from the catalog when
    the page is written, so a change re-writes the page."""

    papers: PapersRequest

    written: ClassVar[bool] = True

    def answer(self, catalog: Catalog) -> PaperList:
        return answer(catalog, self.papers)


# -- topics ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TopicPage:
    """A topic, where it sits, its related topics, its children with their paper counts,
    and what its summary (and its children's) mention."""

    topic: Topic
    ancestors: tuple[Topic, ...]
    related: tuple[Topic, ...]
    children: tuple[tuple[str, int], ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class TopicRequest(Request[TopicPage]):
    """The page of topic ``topic``."""

    topic: str

    files: ClassVar[frozenset[str]] = frozenset({"topics.yaml"})

    def answer(self, catalog: Catalog) -> TopicPage:
        topic = catalog.topics[self.topic]
        return TopicPage(topic, tuple(catalog.ancestors(topic.id)),
                         tuple(related(catalog, topic)),
                         tuple((c, len(catalog.papers_in(c))) for c in topic.children),
                         mentions(catalog, topic.summary,
                                  *(catalog.topics[c].summary for c in topic.children)))


@dataclass(frozen=True)
class Overview:
    """Topics with their paper counts, and what their summaries mention."""

    entries: tuple[tuple[Topic, int], ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class OverviewRequest(Request[Overview]):
    """The children of ``topic``, or the areas if it is empty."""

    topic: str = ""

    files: ClassVar[frozenset[str]] = frozenset({"topics.yaml"})

    def answer(self, catalog: Catalog) -> Overview:
        ids = catalog.topics[self.topic].children if self.topic else [
            t.id for t in catalog.areas]
        entries = tuple((catalog.topics[t], len(catalog.papers_in(t))) for t in ids)
        return Overview(entries, mentions(catalog, *(t.summary for t, _ in entries)))


@dataclass(frozen=True)
class Count:
    """A topic's title (empty for the whole catalog) and how many papers it has."""

    title: str
    count: int


@dataclass(frozen=True)
class CountRequest(Request[Count]):
    """How many papers topic ``topic`` (or, if empty, the whole catalog) has."""

    topic: str = ""

    files: ClassVar[frozenset[str]] = frozenset({"topics.yaml"})

    def answer(self, catalog: Catalog) -> Count:
        if not self.topic:
            return Count("", len(catalog.papers))
        return Count(catalog.topics[self.topic].title, len(catalog.papers_in(self.topic)))


@dataclass(frozen=True)
class ReferenceRequest(Request[Mention]):
    """What a ``{paper}`` or ``{topic}`` reference to ``target`` shows (None: unknown)."""

    kind: str
    target: str

    files: ClassVar[frozenset[str]] = frozenset({"topics.yaml"})

    def answer(self, catalog: Catalog) -> Mention:
        return _reference_target(catalog, self.kind, self.target)


# -- glossaries, tools, the survey's reference ---------------------------------------------

@dataclass(frozen=True)
class MetricsRequest(Request[tuple[MetricCategory, ...]]):
    """The metric glossary, by category."""

    files: ClassVar[frozenset[str]] = frozenset({"metrics.yaml"})

    def answer(self, catalog: Catalog) -> tuple[MetricCategory, ...]:
        return catalog.metric_categories


@dataclass(frozen=True)
class BenchmarksRequest(Request[tuple[Benchmark, ...]]):
    """The benchmark glossary."""

    files: ClassVar[frozenset[str]] = frozenset({"benchmarks.yaml"})

    def answer(self, catalog: Catalog) -> tuple[Benchmark, ...]:
        return catalog.benchmarks


@dataclass(frozen=True)
class ToolsRequest(Request[tuple[Tool, ...]]):
    """The energy and carbon tools."""

    files: ClassVar[frozenset[str]] = frozenset({"tools.yaml"})

    def answer(self, catalog: Catalog) -> tuple[Tool, ...]:
        return catalog.tools


@dataclass(frozen=True)
class SurveyReferenceRequest(Request[str]):
    """The survey's BibTeX entry."""

    files: ClassVar[frozenset[str]] = frozenset({"reference.bib"})

    def answer(self, catalog: Catalog) -> str:
        return catalog.reference


# -- browse pages, the chart ---------------------------------------------------------------

#: A heading of a browse page and the ids of the papers under it (whose rows are drawn
#: when the page is written: see :class:`RowsRequest`).
BrowseGroup = Group[str]


@dataclass(frozen=True)
class Browse:
    """The groups of a browse page."""

    groups: tuple[BrowseGroup, ...]


@dataclass(frozen=True)
class BrowseRequest(Request[Browse]):
    """Every paper grouped by ``by`` (one of :data:`~paper_catalog.query.BROWSE_KINDS`)."""

    by: str

    files: ClassVar[frozenset[str]] = frozenset({"venues.yaml", "topics.yaml"})

    def answer(self, catalog: Catalog) -> Browse:
        return Browse(tuple(BrowseGroup(g.id, g.title, tuple(p.id for p in g.papers),
                                        g.subtitle, g.level)
                            for g in browse_groups(catalog, self.by)))


@dataclass(frozen=True)
class AuthorEntry:
    """An author of the by-author page: the name, its anchor, and each paper's id,
    title and year (the page shows them)."""

    name: str
    anchor: str
    papers: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class AuthorsRequest(Request[tuple[AuthorEntry, ...]]):
    """Every author in family name order with their papers: the page is read again only
    when an author, or a paper that has authors, changes."""

    def answer(self, catalog: Catalog) -> tuple[AuthorEntry, ...]:
        return tuple(AuthorEntry(g.title, g.id, tuple((p.id, p.title, p.year)
                                                      for p in g.papers))
                     for g in browse_groups(catalog, "author"))


@dataclass(frozen=True)
class Chart:
    """Years (oldest first) and, per area, its number of papers in each year."""

    years: tuple[int, ...]
    areas: tuple[tuple[Topic, tuple[int, ...]], ...]


@dataclass(frozen=True)
class ChartRequest(Request[Chart]):
    """Papers per year by area."""

    files: ClassVar[frozenset[str]] = frozenset({"topics.yaml"})

    def answer(self, catalog: Catalog) -> Chart:
        years, counts = papers_per_year_by_area(catalog)
        return Chart(tuple(years), tuple((area, tuple(n)) for area, n in counts))
