"""Selections of the catalog: papers by filter and sort key, related topics, browse
groups, counts per year (the views of :mod:`paper_catalog.views` are built from these)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .authors import family_name
from .model import VENUE_KINDS, Catalog, Paper, Topic, Venue
from .site_urls import author_anchor
from .slug import slugify

#: The orders papers can be sorted in (a table's ``:sort:``), each by the column of that
#: name: the key of a paper, on the page of a topic ('' for none).
SORT_KEYS: dict[str, Callable[[Paper, str], Any]] = {
    "year": lambda paper, topic: paper.year,
    "title": lambda paper, topic: paper.title.casefold(),
    "venue": lambda paper, topic: paper.venue,
    "keyword": lambda paper, topic: (paper.keyword(topic) or paper.topics[0][1]).casefold(),
}

#: The references catalog text may hold: ``{paper}`id```, ``{topic}`id```, ``{term}`Term```.
REFERENCE = re.compile(r"\{(paper|topic|term)\}`([^`]+)`")


@dataclass(frozen=True)
class PaperFilter:
    """A selection of papers; empty fields match everything."""

    topic: str = ""
    keyword: str = ""
    venue: str = ""
    year: str = ""

    def matches(self, paper: Paper, leaves: set[str] | None) -> bool:
        if leaves is not None and not leaves.intersection(dict(paper.topics)):
            return False
        if self.keyword:
            wanted = self.keyword.casefold()
            pairs = [(t, k) for t, k in paper.topics if leaves is None or t in leaves]
            if not any(k.casefold() == wanted for _, k in pairs):
                return False
        if self.venue and paper.venue != self.venue:
            return False
        return not self.year or _in_years(paper.year, self.year)


def _in_years(year: int, spec: str) -> bool:
    """``spec`` is '2024', '2020-2023', '2020-' or '-2019'."""
    if "-" not in spec:
        return year == int(spec)
    low, _, high = spec.partition("-")
    return (not low or year >= int(low)) and (not high or year <= int(high))


def year_spec_ok(spec: str) -> bool:
    low, _, high = spec.partition("-")
    return all(part.isascii() and part.isdigit() for part in (low, high) if part) and bool(
        low or high)


def select_papers(catalog: Catalog, flt: PaperFilter) -> list[Paper]:
    """Papers matching ``flt``, in catalog order (newest first, then by title)."""
    if not flt.topic:
        return [p for p in catalog.papers.values() if flt.matches(p, None)]
    leaves = set(catalog.leaves(flt.topic))
    return [p for p in catalog.papers_in(flt.topic) if flt.matches(p, leaves)]


def sort_papers(papers: list[Paper], key: str, topic: str = "") -> list[Paper]:
    """Stable sort by ``key`` ('year', 'title', ...; a leading '-' for descending)."""
    descending = key.startswith("-")
    getter = SORT_KEYS[key.lstrip("-")]
    return sorted(papers, key=lambda paper: getter(paper, topic), reverse=descending)


def related(catalog: Catalog, topic: Topic) -> list[Topic]:
    """The other children of ``topic``'s parent (or the other areas), then the topics
    that share papers with ``topic``, in taxonomy order."""
    pool = catalog.topics[topic.parent].children if topic.parent else [
        t.id for t in catalog.areas]
    shared = {tid for p in catalog.papers_in(topic.id) for tid, _ in p.topics}
    found = [t for t in pool if t != topic.id]
    found += [t for t in catalog.topics if t in shared and t not in found
              and t not in catalog.leaves(topic.id)]
    return [catalog.topics[t] for t in found]


BROWSE_KINDS = ("year", "venue", "keyword", "author")


def venue_description(catalog: Catalog, venue: Venue) -> str:
    """The venue's full name; a workshop's says which venue it is held at."""
    if venue.parent and venue.parent in catalog.venues:
        return f"{venue.name} (a workshop at {catalog.venues[venue.parent].short})"
    return venue.name


#: What a group holds: the papers themselves (:func:`browse_groups`), or their ids (what a
#: page keeps of them, ``views.BrowseGroup``).
Item = TypeVar("Item")


@dataclass(frozen=True)
class Group(Generic[Item]):
    """A heading of a browse page and the papers under it."""

    id: str
    title: str
    papers: tuple[Item, ...] = ()
    subtitle: str = ""
    level: int = 0


def _grouped(papers: list[Paper], key: Callable[[Paper], Any]) -> dict[Any, tuple[Paper, ...]]:
    """``papers`` by ``key``, each group in the order of ``papers``."""
    found: dict[Any, list[Paper]] = {}
    for paper in papers:
        found.setdefault(key(paper), []).append(paper)
    return {k: tuple(group) for k, group in found.items()}


def author_order(name: str) -> tuple[str, str]:
    """How the by-author page sorts a name: by family name, then the whole name."""
    return family_name(name).casefold(), name.casefold()


def author_anchors(catalog: Catalog) -> dict[str, str]:
    """Each author's anchor on the by-author page ('author-ada-lovelace'), in family name
    order; names that slugify alike get '-2', '-3', ... in that order."""
    names = sorted({a for p in catalog.papers.values() for a in p.authors}, key=author_order)
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = author_anchor(slugify(name) or "unnamed")
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        anchors[name] = anchor
    return anchors


def _author_groups(catalog: Catalog) -> list[Group[Paper]]:
    """Every author (family name order) with their papers in catalog order; papers
    without recorded authors are on the other browse pages only."""
    by_author: dict[str, list[Paper]] = {}
    for paper in catalog.papers.values():
        for name in dict.fromkeys(paper.authors):
            by_author.setdefault(name, []).append(paper)
    return [Group(anchor, name, tuple(by_author[name]))
            for name, anchor in author_anchors(catalog).items()]


def browse_groups(catalog: Catalog, by: str) -> list[Group[Paper]]:
    """The catalog grouped by year (newest first), venue (by kind), keyword or author."""
    if by == "author":
        return _author_groups(catalog)
    papers = list(catalog.papers.values())
    if by == "year":
        by_year = _grouped(papers, lambda p: p.year)
        return [Group(f"year-{y}", str(y), by_year[y]) for y in sorted(by_year, reverse=True)]
    if by == "venue":
        by_venue = _grouped(papers, lambda p: p.venue)
        groups: list[Group[Paper]] = []
        for kind in VENUE_KINDS.values():
            venues = sorted((v for v in catalog.venues.values() if v.kind == kind.id),
                            key=lambda v: v.short.casefold())
            listed = [(v, by_venue[v.id]) for v in venues if v.id in by_venue]
            if listed:
                groups.append(Group(f"venues-{kind.id}", kind.title))
                groups += [Group(f"venue-{v.id}", v.short, ps, venue_description(catalog, v), 1)
                           for v, ps in listed]
        return groups
    keywords: dict[str, list[Paper]] = {}
    for paper in papers:
        for kw in dict.fromkeys(k for _, k in paper.topics):
            keywords.setdefault(kw, []).append(paper)
    groups, taken = [], set()
    for kw in sorted(keywords, key=str.casefold):
        base = "keyword-" + (re.sub(r"[^a-z0-9]+", "-", kw.casefold()).strip("-") or "other")
        anchor, n = base, 1
        while anchor in taken:  # keywords that differ only in punctuation
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        groups.append(Group(anchor, kw, tuple(keywords[kw])))
    return groups


def papers_per_year_by_area(catalog: Catalog) -> tuple[list[int], list[tuple[Topic, list[int]]]]:
    """Years (oldest first) and, per area, how many of its papers each year has."""
    years = sorted({p.year for p in catalog.papers.values()})
    counts = []
    for area in catalog.areas:
        in_area = catalog.papers_in(area.id)
        counts.append((area, [sum(1 for p in in_area if p.year == y) for y in years]))
    return years, counts
