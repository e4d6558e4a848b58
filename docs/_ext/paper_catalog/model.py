"""The catalog's data: frozen records built by :mod:`paper_catalog.load`."""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class VenueKind:
    """A kind of venue: its heading on the by-venue page and how BibTeX cites its papers."""

    id: str
    #: The heading of its venues on the by-venue page.
    title: str
    #: The BibTeX entry type of its papers, and the field that names the venue.
    entry_type: str
    venue_field: str


#: Every kind of venue, in the order the by-venue page lists them: the one definition.
VENUE_KINDS: dict[str, VenueKind] = {kind.id: kind for kind in (
    VenueKind("conference", "Conferences", "inproceedings", "booktitle"),
    VenueKind("journal", "Journals", "article", "journal"),
    VenueKind("workshop", "Workshops", "inproceedings", "booktitle"),
    VenueKind("preprint", "Preprints", "misc", "howpublished"),
    VenueKind("software", "Software", "misc", "howpublished"),
)}

#: Every purpose of a tool -> the heading of its tools on the site, in that order.
TOOL_PURPOSES: dict[str, str] = {
    "tracking": "Real-time tracking of energy use and carbon emissions",
    "estimation": "Estimating energy use and carbon footprint before training",
}


@dataclass(frozen=True)
class Venue:
    """Where a paper appeared."""

    id: str
    short: str
    name: str
    #: A key of :data:`VENUE_KINDS`.
    kind: str
    aliases: tuple[str, ...] = ()
    #: For a workshop: the id of the venue it is held at (e.g. ``wacv`` for WACV Workshops).
    parent: str | None = None


@dataclass(frozen=True)
class Topic:
    """A node of the taxonomy: an area, a middle group or a leaf topic."""

    id: str
    title: str
    summary: str
    parent: str | None = None
    children: tuple[str, ...] = ()
    depth: int = 0

    @property
    def is_leaf(self) -> bool:
        return not self.children


class Organization(str):
    """An author that is a group or a body ("BigScience Workshop", "NVIDIA"), not a
    person: its name is one whole, never split into given and family names."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Organization({str.__repr__(self)})"


@dataclass(frozen=True)
class Paper:
    """One paper, stored once, listed under one or more leaf topics."""

    id: str
    title: str
    year: int
    venue: str
    url: str
    #: (topic id, keyword) pairs; the first is the paper's primary topic.
    topics: tuple[tuple[str, str], ...]
    note: str = ""
    #: Author names in the paper's order ("Given Family", or an :class:`Organization`);
    #: empty when not recorded.
    authors: tuple[str, ...] = ()
    #: The day the paper joined the catalog (every paper file has one; None only for a
    #: paper made in code).
    added: datetime.date | None = None
    #: The name people use for the work ("Wanda", "GPTQ"), or "".
    short: str = ""
    #: The official code repository's URL, as the paper or its page links it; "" if none.
    code: str = ""

    @property
    def primary_topic(self) -> str:
        return self.topics[0][0]

    @functools.cached_property
    def digest(self) -> str:
        """Changes whenever a field does: a page or a file made from the paper is up to
        date while it is the same. Kept with the paper when it is pickled."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]

    def keyword(self, topic: str) -> str | None:
        """The keyword this paper has in ``topic``'s table, if listed there."""
        return dict(self.topics).get(topic)


@dataclass(frozen=True)
class Link:
    """A labelled external link."""

    label: str
    url: str


@dataclass(frozen=True)
class Metric:
    """An efficiency metric of the glossary."""

    term: str
    description: str
    category: str
    full_name: str = ""
    examples: tuple[Link, ...] = ()


@dataclass(frozen=True)
class MetricCategory:
    """A group of metrics (computation, memory, energy, ...)."""

    id: str
    title: str
    metrics: tuple[Metric, ...]
    #: A symbol shown before the title in the README (an emoji such as "⚡️"), or "".
    icon: str = ""


@dataclass(frozen=True)
class Benchmark:
    """A benchmark of the glossary, with the paper that introduces it."""

    term: str
    description: str
    paper: Link
    full_name: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Tool:
    """A tool that tracks or estimates energy use and carbon emissions."""

    name: str
    url: str
    #: A key of :data:`TOOL_PURPOSES`.
    purpose: str
    description: str


@dataclass(frozen=True)
class Catalog:
    """The whole validated catalog."""

    root: Path
    papers: dict[str, Paper]
    topics: dict[str, Topic]
    venues: dict[str, Venue]
    metric_categories: tuple[MetricCategory, ...]
    benchmarks: tuple[Benchmark, ...]
    tools: tuple[Tool, ...]
    reference: str

    @property
    def areas(self) -> list[Topic]:
        """Top-level topics, in taxonomy order."""
        return [t for t in self.topics.values() if t.parent is None]

    @property
    def metrics(self) -> list[Metric]:
        return [m for c in self.metric_categories for m in c.metrics]

    def leaves(self, topic_id: str) -> list[str]:
        """Leaf topic ids under ``topic_id`` (itself if it is a leaf), in order."""
        return leaf_ids(self.topics, topic_id)

    def ancestors(self, topic_id: str) -> Iterator[Topic]:
        """The parents of ``topic_id``, nearest first."""
        parent = self.topics[topic_id].parent
        while parent is not None:
            yield self.topics[parent]
            parent = self.topics[parent].parent

    def papers_in(self, topic_id: str) -> list[Paper]:
        """Papers listed under ``topic_id`` or any topic below it, each once, in catalog
        order."""
        found = self._papers_in.get(topic_id)
        if found is None:
            leaves = self.leaves(topic_id)
            if len(leaves) == 1:
                found = self._papers_by_leaf.get(leaves[0], [])
            else:
                wanted = {p.id for leaf in leaves for p in self._papers_by_leaf.get(leaf, ())}
                found = [p for p in self.papers.values() if p.id in wanted]
            self._papers_in[topic_id] = found
        return list(found)

    @functools.cached_property
    def _papers_in(self) -> dict[str, list[Paper]]:
        """What :meth:`papers_in` found per topic (the catalog is read-only)."""
        return {}

    @functools.cached_property
    def answers(self) -> dict[object, object]:
        """The answers of the views asked of this catalog, by request (see
        :func:`paper_catalog.views.answer`): computed once, as the catalog is read-only."""
        return {}

    def __getstate__(self) -> dict[str, object]:
        """The catalog's fields, without what was derived from them (made again on use)."""
        return {name: value for name, value in self.__dict__.items()
                if name not in ("answers", "_papers_in", "_papers_by_leaf")}

    @functools.cached_property
    def _papers_by_leaf(self) -> dict[str, list[Paper]]:
        """Each topic's papers, in catalog order (computed once: the catalog is read-only)."""
        found: dict[str, list[Paper]] = {}
        for paper in self.papers.values():
            for topic_id in dict(paper.topics):
                found.setdefault(topic_id, []).append(paper)
        return found


def leaf_ids(topics: Mapping[str, Topic], topic_id: str) -> list[str]:
    """Leaf topic ids under ``topic_id`` (itself if it is a leaf), in order: the one walk
    of the taxonomy, for a catalog and for the topics read while it loads."""
    topic = topics[topic_id]
    if topic.is_leaf:
        return [topic_id]
    return [leaf for child in topic.children for leaf in leaf_ids(topics, child)]
