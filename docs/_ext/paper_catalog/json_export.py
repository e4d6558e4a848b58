"""``catalog.json``: the whole catalog as one JSON document.

Shape (version 1); lists keep a fixed order, optional keys are left out when empty::

    {
      "version": 1,
      "papers": [                      # ordered by id
        {"id", "title", "short"?,                  # short: the name people use ("Wanda")
         "authors"?, "year",                       # authors: names, in the paper's order
         "added",                                  # added: the day it joined, "2026-11-27"
         "venue",                                  # venue: an id of "venues"
         "url", "topics": [{"topic", "keyword"}],  # first = primary topic; leaf topic ids
         "code"?,                                  # code: the official repository's URL
         "note"?}
      ],
      "topics": [                      # taxonomy order, parents before their children
        {"id", "title", "summary", "parent",       # parent: null for an area
         "children": [topic ids]}                  # [] for a leaf topic
      ],
      "venues": [{"id", "short", "name", "kind", "aliases": [...],
                  "parent"?}],                 # parent: for a workshop, the venue id it is at
      "metrics": [                     # categories, as in metrics.yaml
        {"id", "title", "metrics": [
          {"term", "full_name"?, "description", "examples": [{"label", "url"}]}]}
      ],
      "benchmarks": [{"term", "full_name"?, "description", "links": [{"label", "url"}],
                      "paper": {"title", "url"}}],
      "tools": [{"name", "url", "purpose", "description"}]
    }

Text is as written in the catalog: summaries keep their ``{paper}`id```, ``{topic}`id```
and ``{term}`Term``` references.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from .model import Benchmark, Catalog, Link, Metric, Organization, Paper, Topic, Venue

VERSION = 1


def _link(link: Link) -> dict[str, str]:
    return {"label": link.label, "url": link.url}


def _optional(record: dict[str, Any], key: str, value: str) -> dict[str, Any]:
    if value:
        record[key] = value
    return record


def paper_record(paper: Paper) -> dict[str, Any]:
    record: dict[str, Any] = _optional({"id": paper.id, "title": paper.title}, "short",
                                       paper.short)
    if paper.authors:
        record["authors"] = list(paper.authors)
        groups = [name for name in paper.authors if isinstance(name, Organization)]
        if groups:
            record["organizations"] = groups
    if paper.added is not None:
        record["year"] = paper.year
        record["added"] = paper.added.isoformat()
    record |= {"year": paper.year, "venue": paper.venue, "url": paper.url,
               "topics": [{"topic": t, "keyword": k} for t, k in paper.topics]}
    _optional(record, "code", paper.code)
    return _optional(record, "note", paper.note)


def topic_record(topic: Topic) -> dict[str, Any]:
    return {"id": topic.id, "title": topic.title, "summary": topic.summary,
            "parent": topic.parent, "children": list(topic.children)}


def venue_record(venue: Venue) -> dict[str, Any]:
    record = {"id": venue.id, "short": venue.short, "name": venue.name, "kind": venue.kind,
              "aliases": list(venue.aliases)}
    return _optional(record, "parent", venue.parent or "")


def metric_record(metric: Metric) -> dict[str, Any]:
    record = _optional({"term": metric.term}, "full_name", metric.full_name)
    record["description"] = metric.description
    record["examples"] = [_link(e) for e in metric.examples]
    return record


def benchmark_record(benchmark: Benchmark) -> dict[str, Any]:
    record = _optional({"term": benchmark.term}, "full_name", benchmark.full_name)
    record["description"] = benchmark.description
    record["links"] = [_link(link) for link in benchmark.links]
    record["paper"] = {"title": benchmark.paper.label, "url": benchmark.paper.url}
    return record


def catalog_data(catalog: Catalog) -> dict[str, Any]:
    """The catalog as plain JSON-ready data, in the documented shape."""
    return {
        "version": VERSION,
        "papers": [paper_record(p) for p in sorted(catalog.papers.values(),
                                                   key=lambda p: p.id)],
        **_after_papers(catalog),
    }


def _after_papers(catalog: Catalog) -> dict[str, Any]:
    """The data's keys after ``papers``."""
    return {
        "topics": [topic_record(t) for t in catalog.topics.values()],
        "venues": [venue_record(v) for v in catalog.venues.values()],
        "metrics": [{"id": c.id, "title": c.title,
                     "metrics": [metric_record(m) for m in c.metrics]}
                    for c in catalog.metric_categories],
        "benchmarks": [benchmark_record(b) for b in catalog.benchmarks],
        "tools": [{"name": t.name, "url": t.url, "purpose": t.purpose,
                   "description": t.description} for t in catalog.tools],
    }


def paper_json(paper: Paper) -> bytes:
    """``paper``'s record as ``catalog.json`` holds it in its list of papers: UTF-8,
    indented."""
    text = orjson.dumps(paper_record(paper), option=orjson.OPT_INDENT_2)
    return b"    " + text.replace(b"\n", b"\n    ")


def catalog_json_bytes(catalog: Catalog, records: Mapping[str, bytes] | None = None
                       ) -> bytes:
    """:func:`catalog_json` as UTF-8, put together once from each paper's record:
    ``records`` holds the papers' :func:`paper_json` made already, by paper id (the others
    are made here)."""
    records = records or {}
    pieces = [b'{\n  "version": %d,\n  "papers": [' % VERSION]
    for paper in sorted(catalog.papers.values(), key=lambda p: p.id):
        pieces += (b",\n" if len(pieces) > 1 else b"\n",
                   records[paper.id] if paper.id in records else paper_json(paper))
    # the object's text after "papers": its other keys, one level deep like them
    rest = orjson.dumps(_after_papers(catalog), option=orjson.OPT_INDENT_2)
    pieces += (b"\n  ],\n" if len(pieces) > 1 else b"],\n", rest[2:], b"\n")
    return b"".join(pieces)


def catalog_json(catalog: Catalog) -> str:
    """``catalog.json``: UTF-8 text (not ASCII-escaped), indented by two spaces, ending
    in a newline: what ``json.dumps(data, ensure_ascii=False, indent=2)`` writes, written
    by orjson in a tenth of the time."""
    return catalog_json_bytes(catalog).decode()
