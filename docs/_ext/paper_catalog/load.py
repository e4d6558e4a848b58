"""Read and validate ``catalog/`` into a :class:`~paper_catalog.model.Catalog`.

Every rule reports a :class:`~paper_catalog.errors.Problem`; all problems of a run are
raised together in one :class:`~paper_catalog.errors.CatalogError`. No Sphinx here.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from .authors import name_problem
from .citation import parse_reference, reference_urls
from .duplicates import (
    NearTitles,
    keyword_variants,
    near_title_of,
    same_short_name,
    same_work,
    shares_an_identifier,
    title_key,
)
from .errors import CatalogError, Problem
from .facts import fact_problems
from .field_rules import added_date, placeholder_problem, short_problem
from .model import (
    TOOL_PURPOSES,
    VENUE_KINDS,
    Benchmark,
    Catalog,
    Link,
    Metric,
    MetricCategory,
    Organization,
    Paper,
    Tool,
    Topic,
    Venue,
    leaf_ids,
)
from .normalize import normal_title, normal_url
from .paper_cache import PaperCache, PaperRecord, Stamp, context_digest, file_stamp
from .query import REFERENCE
from .slug import is_reserved
from .text_rules import escaped, text_problem, url_problem
from .yaml_source import (
    LINK_HINT,
    LINK_REASON,
    MissingFileError,
    YamlDocument,
    YamlReadError,
    read_text,
    read_yaml,
)

#: A kebab-case id; always used with ``fullmatch`` (a ``$`` would accept a final newline).
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EARLIEST_YEAR = 1950
RESERVED_REASON = ("file name is a device name on Windows (con, prn, aux, nul, com1-com9, "
                   "lpt1-lpt9), so the file cannot be checked out there")

# Field specs: name -> (type, required).
# ``added``: a date or its text, checked by field_rules.added_date.
PAPER_FIELDS = {"title": (str, True), "short": (str, False), "authors": (list, False),
                "year": (int, True), "added": (object, True), "venue": (str, True),
                "url": (str, True), "code": (str, False), "topics": (dict, True),
                "note": (str, False)}
TOPIC_FIELDS = {"id": (str, True), "title": (str, True), "summary": (str, True),
                "topics": (list, False)}
VENUE_FIELDS = {"id": (str, True), "short": (str, True), "name": (str, True),
                "kind": (str, True), "aliases": (list, False), "parent": (str, False)}
CATEGORY_FIELDS = {"id": (str, True), "title": (str, True), "icon": (str, False),
                   "metrics": (list, True)}
ICON_MAX = 8  # characters: an emoji with its modifiers and joiners
METRIC_FIELDS = {"term": (str, True), "full_name": (str, False), "description": (str, True),
                 "examples": (list, False)}
BENCHMARK_FIELDS = {"term": (str, True), "full_name": (str, False),
                    "description": (str, True), "links": (list, False),
                    "paper": (dict, True)}
TOOL_FIELDS = {"name": (str, True), "url": (str, True), "purpose": (str, True),
               "description": (str, True)}
LINK_FIELDS = {"label": (str, True), "url": (str, True)}
LINK_FIELDS_PAPER = {"title": (str, True), "url": (str, True)}

TYPE_NAMES = {str: "text", int: "a whole number", dict: "a mapping", list: "a list",
              object: "a date written YYYY-MM-DD"}  # object: only 'added' (a bool gets here)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when inside it, else as given; what
    does not print in it escaped (see :func:`~paper_catalog.text_rules.escaped`), so a
    file name cannot break the line of a message or forge another."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return escaped(str(path))
    return escaped(str(path) if rel.startswith("..") else rel)


def suggest(value: str, choices: Any) -> str:
    """A "did you mean" hint for a misspelt id, or ""."""
    choices = list(choices)
    same_letters = [c for c in choices if c.casefold() == value.casefold()]
    close = same_letters or difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class _Source:
    """One catalog file being checked: its display name, its lines, its problems."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.doc = YamlDocument(None)
        self.unreadable = False

    @functools.cached_property
    def name(self) -> str:
        """The file as problems name it (computed when one is reported)."""
        return display_path(self.path)

    def read(self) -> Any:
        self.unreadable = True
        try:
            self.doc = read_yaml(self.path)
        except MissingFileError:
            self.report(None, "file", "", "file is missing",
                        "restore it from version control")
            return None
        except YamlReadError as exc:
            self.problems.append(Problem(self.name, exc.line, "file", "", exc.reason, exc.hint))
            return None
        self.unreadable = False
        return self.doc.data

    def report(self, path: tuple[str | int, ...] | None, entry: str, field: str,
               reason: str, hint: str = "") -> None:
        line = self.doc.line(*path) if path is not None else None
        self.problems.append(Problem(self.name, line, entry, field, reason, hint))

    def fields(self, value: Any, path: tuple[str | int, ...], entry: str,
               spec: Mapping[str, tuple[type, bool]]) -> dict[str, Any] | None:
        """Check a record's fields against ``spec``; return the well-typed ones."""
        if not isinstance(value, dict):
            self.report(path, entry, "", f"must be a mapping of fields, got {_shown(value)}",
                        f"write it as 'field: value' lines ({', '.join(spec)})")
            return None
        good: dict[str, Any] = {}
        for name in value:
            if name not in spec:
                hint = suggest(str(name), spec) or f"allowed fields: {', '.join(spec)}"
                self.report((*path, name), entry, str(name), "unknown field", hint)
        for name, (kind, required) in spec.items():
            if name not in value or value[name] is None:
                if required:
                    self.report(path, entry, name, "required field is missing",
                                f"add '{name}: ...'")
                continue
            item = value[name]
            if not isinstance(item, kind) or isinstance(item, bool):
                self.report((*path, name), entry, name,
                            f"must be {TYPE_NAMES[kind]}, got {_shown(item)}")
                continue
            if isinstance(item, str) and not item.strip():
                self.report((*path, name), entry, name, "must not be empty")
                continue
            # a URL has its own checks (url_problem)
            problem = text_problem(item, name) if isinstance(item, str) and name != "url" else None
            if problem:
                self.report((*path, name), entry, name, *problem)
                continue
            good[name] = item.strip() if isinstance(item, str) else item
        return good

    def items(self, data: Any, key: str, entry: str) -> list[Any]:
        """The list under the file's single top-level ``key``."""
        if self.unreadable:
            return []
        if not isinstance(data, dict) or not isinstance(data.get(key), list):
            self.report(() if data is None else (key,), entry, key,
                        f"the file must hold a list under '{key}:'")
            self.unreadable = True  # its entries are unknown, as if it could not be read
            return []
        unknown = sorted(set(data) - {key})
        for name in unknown:
            self.report((name,), entry, str(name), "unknown top-level key",
                        f"only '{key}:' is allowed here")
        found: list[Any] = data[key]
        return found

    def url(self, value: str, path: tuple[str | int, ...], entry: str, field: str) -> bool:
        """Report a URL that is not absolute http(s) or carries tracking parameters."""
        problem = url_problem(value)
        if problem:
            self.report(path, entry, field, *problem)
        return problem is None


class _PaperSources(dict[str, _Source]):
    """The sources of the valid papers (id -> source), for the checks across papers to
    report at their lines; each is made when a problem is reported at it."""

    def __init__(self, folder: Path, problems: list[Problem]) -> None:
        super().__init__()
        self.folder = folder
        self.problems = problems
        #: paper id -> (file name, the lines of what the checks report at)
        self.found: dict[str, tuple[str, dict[tuple[str | int, ...], int]]] = {}

    def __missing__(self, paper_id: str) -> _Source:
        name, lines = self.found[paper_id]
        source = self[paper_id] = _Source(self.folder / name, self.problems)
        source.doc = YamlDocument(None, dict(lines))
        return source


def _entry_name(kind: str, raw: Any, key: str, index: int) -> str:
    """"tool 'CodeCarbon'" when the record names itself, else "tool #3"."""
    if isinstance(raw, dict) and isinstance(raw.get(key), str):
        return f"{kind} '{raw[key]}'"
    return f"{kind} #{index + 1}"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def load_catalog(root: Path | str, cache: Path | None = None, cache_key: str = "",
                 stamps: Mapping[str, Stamp] | None = None) -> Catalog:
    """Read and validate the catalog in ``root``; raise CatalogError listing every problem.

    With ``cache``, a store of checked paper files (see :mod:`paper_catalog.paper_cache`),
    only the paper files that changed since it was written are read and checked; the
    checks across papers run over all of them. ``cache_key`` names the library's code;
    ``stamps``, the paper files' stamps (by file name) when the caller has them.
    """
    root = Path(root)
    problems: list[Problem] = []
    def source(name: str) -> _Source:
        return _Source(root / name, problems)

    venues_src = source("venues.yaml")
    venues = _load_venues(venues_src)
    topics_src = source("topics.yaml")
    topics, topic_lines = _load_topics(topics_src)
    # Without a readable venues or topics file, every paper would repeat that problem.
    known_venues = None if venues_src.unreadable else venues
    known_topics = None if topics_src.unreadable else topics
    metrics_src, benchmarks_src = source("metrics.yaml"), source("benchmarks.yaml")
    categories = _load_metrics(metrics_src)
    benchmarks = _load_benchmarks(benchmarks_src)
    tools = _load_tools(source("tools.yaml"))
    reference = _load_reference(root / "reference.bib", problems)
    papers: dict[str, Paper] = {}
    paper_sources = _PaperSources(root / "papers", problems)
    keys: dict[str, tuple[str, str, str]] = {}  # see paper_keys
    listed: set[str] = set()  # topic ids named by any paper file, valid or not
    paper_files: set[str] = set()  # ids of the paper files, valid or not
    store: PaperCache | None = None
    paper_dir = root / "papers"
    papers_read = paper_dir.is_dir() and not paper_dir.is_symlink()
    if paper_dir.is_symlink():
        problems.append(Problem(display_path(paper_dir), None, "folder", "", LINK_REASON,
                                LINK_HINT))
    elif not paper_dir.is_dir():
        problems.append(Problem(display_path(paper_dir), None, "folder", "",
                                "the papers folder is missing"))
    else:
        store = None if cache is None else PaperCache(cache, context_digest(
            cache_key, known_venues, known_topics, datetime.date.today()))
        with os.scandir(paper_dir) as found:  # one lstat per file, none for its kind
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                # editor swap files and .DS_Store are not papers; a .yaml here looks like one
                if Path(name).suffix in (".yaml", ".yml"):
                    problems.append(Problem(display_path(paper_dir / name), None, "file", "",
                                            "file name starts with a dot, so it is not read",
                                            "rename it to <id>.yaml or remove it"))
                continue
            if entry.is_symlink():
                problems.append(Problem(display_path(paper_dir / name), None, "file", "",
                                        LINK_REASON, LINK_HINT))
                continue
            if not name.endswith(".yaml") or not entry.is_file(follow_symlinks=False):
                problems.append(Problem(display_path(paper_dir / name), None, "file", "",
                                        "not a paper file",
                                        "paper files are named <id>.yaml"))
                continue
            paper_files.add(name.removesuffix(".yaml"))
            stamp = stamps.get(name) if stamps is not None else None
            if stamp is None and store is not None:
                stamp = _stamp(entry)
            record = _paper_record(paper_dir, name, stamp, store,
                                   known_venues, known_topics)
            problems.extend(record.problems)
            listed |= record.listed
            if record.paper is not None:
                papers[record.paper.id] = record.paper
                keys[record.paper.id] = record.keys or paper_keys(record.paper)
                paper_sources.found[record.paper.id] = (name, record.lines)
        if store is not None:
            store.save()
    apart = _check_unique_papers(papers, paper_sources, keys,
                                 store.titles_apart if store is not None else None)
    if store is not None:
        store.save_titles_apart(apart)
    _check_keywords(papers, paper_sources)
    topics = known_topics or {}
    for tid, topic in topics.items():
        # Without a papers folder, every topic would repeat that problem.
        if topic.is_leaf and tid not in listed and papers_read:
            problems.append(Problem(topics_src.name, topic_lines[tid], f"topic '{tid}'", "",
                                    "no paper is listed under this topic",
                                    "add a paper with this topic or remove the topic"))
    if not topics_src.unreadable:
        named = [(m.term, m.full_name) for c in categories for m in c.metrics]
        named += [(b.term, b.full_name) for b in benchmarks]
        terms = None if metrics_src.unreadable or benchmarks_src.unreadable else {
            name.casefold() for pair in named for name in pair if name}
        _check_summary_references(topics_src, topics, paper_files if papers_read else None,
                                  terms)
    if problems:
        raise CatalogError(problems)
    ordered = dict(sorted(papers.items(), key=lambda kv: (-kv[1].year, kv[1].title.casefold())))
    return Catalog(root=root, papers=ordered, topics=topics, venues=venues,
                   metric_categories=tuple(categories), benchmarks=tuple(benchmarks),
                   tools=tuple(tools), reference=reference)


def _load_venues(src: _Source) -> dict[str, Venue]:
    venues: dict[str, Venue] = {}
    spellings: dict[str, str] = {}
    positions: dict[str, int] = {}  # venue id -> its index in the file
    for i, raw in enumerate(src.items(src.read(), "venues", "venues")):
        entry = _entry_name("venue", raw, "id", i)
        rec = src.fields(raw, ("venues", i), entry, VENUE_FIELDS)
        if rec is None or "id" not in rec:
            continue
        vid = rec["id"]
        if not ID_PATTERN.fullmatch(vid):
            src.report(("venues", i, "id"), entry, "id", "must be a kebab-case id",
                       "use lowercase letters, digits and dashes, e.g. 'neurips'")
        if vid in venues:
            src.report(("venues", i, "id"), entry, "id", "duplicate venue id")
        if rec.get("kind") and rec["kind"] not in VENUE_KINDS:
            src.report(("venues", i, "kind"), entry, "kind",
                       f"unknown kind '{rec['kind']}'", f"use one of: {', '.join(VENUE_KINDS)}")
        aliases = rec.get("aliases", [])
        for j, alias in enumerate(aliases):
            if not isinstance(alias, str) or not alias.strip():
                src.report(("venues", i, "aliases", j), entry, "aliases",
                           f"alias must be text, got {_shown(alias)}")
                continue
            if problem := text_problem(alias, "aliases"):
                src.report(("venues", i, "aliases", j), entry, "aliases", *problem)
                continue
            owner = spellings.setdefault(alias.casefold(), vid)
            if owner != vid:
                src.report(("venues", i, "aliases", j), entry, "aliases",
                           f"alias '{alias}' is also an alias of venue '{owner}'")
        if {"short", "name", "kind"} <= set(rec):
            venues[vid] = Venue(vid, rec["short"], rec["name"], rec["kind"],
                                tuple(a for a in aliases if isinstance(a, str)),
                                rec.get("parent"))
            positions[vid] = i
    for vid, i in positions.items():
        _check_parent(src, venues, venues[vid], i)
    return venues


def _check_parent(src: _Source, venues: dict[str, Venue], venue: Venue, index: int) -> None:
    """A workshop's ``parent`` names a venue that is not a workshop; others have none."""
    entry = f"venue '{venue.id}'"
    path = ("venues", index, "parent")
    if venue.parent is None:
        return
    if venue.kind != "workshop":
        src.report(path, entry, "parent", f"only a workshop has a parent, not a {venue.kind}",
                   "remove 'parent:' or set 'kind: workshop'")
    elif venue.parent not in venues:
        hint = suggest(venue.parent, venues) or "use a venue id from this file"
        src.report(path, entry, "parent", f"unknown venue '{venue.parent}'", hint)
    elif venues[venue.parent].kind == "workshop":
        src.report(path, entry, "parent", f"'{venue.parent}' is a workshop itself",
                   "name the conference the workshop is held at")


def _load_topics(src: _Source) -> tuple[dict[str, Topic], dict[str, int | None]]:
    """The taxonomy in order, and the line of each topic."""
    topics: dict[str, Topic] = {}
    lines: dict[str, int | None] = {}

    def visit(items: Any, path: tuple[str | int, ...], parent: str | None, depth: int) -> list[str]:
        ids: list[str] = []
        for i, raw in enumerate(items):
            here = (*path, i)
            entry = _entry_name("topic", raw, "id", i)
            rec = src.fields(raw, here, entry, TOPIC_FIELDS)
            if rec is None or "id" not in rec:
                continue
            tid = rec["id"]
            if not ID_PATTERN.fullmatch(tid):
                src.report((*here, "id"), entry, "id", "must be a kebab-case id",
                           "use lowercase letters, digits and dashes, e.g. 'quantization'")
            if tid in topics:
                src.report((*here, "id"), entry, "id", "duplicate topic id")
                continue
            children: list[str] = []
            lines[tid] = src.doc.line(*here)
            topics[tid] = Topic(tid, "", "", parent)  # reserve the id and its order
            if "topics" in rec:
                if not rec["topics"]:
                    src.report((*here, "topics"), entry, "topics",
                               "must list at least one topic", "or remove 'topics:'")
                children = visit(rec["topics"], (*here, "topics"), tid, depth + 1)
            topics[tid] = Topic(tid, rec.get("title", tid), rec.get("summary", ""), parent,
                                tuple(children), depth)
            ids.append(tid)
        return ids

    visit(src.items(src.read(), "areas", "topics"), ("areas",), None, 0)
    return topics, lines


def _links(src: _Source, raw: list[Any], path: tuple[str | int, ...], entry: str,
           field: str) -> tuple[Link, ...]:
    links = []
    for j, item in enumerate(raw):
        rec = src.fields(item, (*path, field, j), entry, LINK_FIELDS)
        if rec and {"label", "url"} <= set(rec) and src.url(
                rec["url"], (*path, field, j, "url"), entry, field):
            links.append(Link(rec["label"], rec["url"]))
    return tuple(links)


def _load_metrics(src: _Source) -> list[MetricCategory]:
    categories = []
    terms: set[str] = set()
    for i, raw in enumerate(src.items(src.read(), "categories", "metrics")):
        entry = f"category #{i + 1}"
        rec = src.fields(raw, ("categories", i), entry, CATEGORY_FIELDS)
        if rec is None or not {"id", "title", "metrics"} <= set(rec):
            continue
        metrics = []
        for j, item in enumerate(rec["metrics"]):
            path = ("categories", i, "metrics", j)
            name = f"metric '{item['term']}'" if isinstance(item, dict) and isinstance(
                item.get("term"), str) else f"metric #{j + 1} of '{rec['id']}'"
            m = src.fields(item, path, name, METRIC_FIELDS)
            if m is None or not {"term", "description"} <= set(m):
                continue
            if m["term"].casefold() in terms:
                src.report((*path, "term"), name, "term", "duplicate glossary term")
            terms.add(m["term"].casefold())
            metrics.append(Metric(m["term"], m["description"], rec["id"],
                                  m.get("full_name", ""),
                                  _links(src, m.get("examples", []), path, name, "examples")))
        icon = rec.get("icon", "")
        if icon and not _is_icon(icon):
            src.report(("categories", i, "icon"), f"category '{rec['id']}'", "icon",
                       f"must be one emoji or symbol of at most {ICON_MAX} characters, "
                       "without letters, digits, spaces or ASCII",
                       "write an emoji, such as 'icon: ⚡️', or remove the field")
            icon = ""
        categories.append(MetricCategory(rec["id"], rec["title"], tuple(metrics), icon))
    return categories


def _is_icon(text: str) -> bool:
    """Short, and only symbols, marks and format characters beyond ASCII (an emoji, its
    variation selector, modifiers and joiners): the README's heading reads it back."""
    return len(text) <= ICON_MAX and all(
        ord(c) > 127 and (unicodedata.category(c)[0] in "SM" or unicodedata.category(c) == "Cf")
        for c in text)


def _load_benchmarks(src: _Source) -> list[Benchmark]:
    benchmarks = []
    for i, raw in enumerate(src.items(src.read(), "benchmarks", "benchmarks")):
        path: tuple[str | int, ...] = ("benchmarks", i)
        entry = _entry_name("benchmark", raw, "term", i)
        rec = src.fields(raw, path, entry, BENCHMARK_FIELDS)
        if rec is None or not {"term", "description", "paper"} <= set(rec):
            continue
        paper = src.fields(rec["paper"], (*path, "paper"), entry, LINK_FIELDS_PAPER)
        if not paper or not {"title", "url"} <= set(paper):
            continue
        if not src.url(paper["url"], (*path, "paper", "url"), entry, "paper"):
            continue
        benchmarks.append(Benchmark(rec["term"], rec["description"],
                                    Link(paper["title"], paper["url"]),
                                    rec.get("full_name", ""),
                                    _links(src, rec.get("links", []), path, entry, "links")))
    return benchmarks


def _load_tools(src: _Source) -> list[Tool]:
    tools = []
    for i, raw in enumerate(src.items(src.read(), "tools", "tools")):
        path: tuple[str | int, ...] = ("tools", i)
        entry = _entry_name("tool", raw, "name", i)
        rec = src.fields(raw, path, entry, TOOL_FIELDS)
        if rec is None or len(rec) < len(TOOL_FIELDS):
            continue
        if rec["purpose"] not in TOOL_PURPOSES:
            src.report((*path, "purpose"), entry, "purpose",
                       f"unknown purpose '{rec['purpose']}'",
                       f"use one of: {', '.join(TOOL_PURPOSES)}")
            continue
        if src.url(rec["url"], (*path, "url"), entry, "url"):
            tools.append(Tool(rec["name"], rec["url"], rec["purpose"], rec["description"]))
    return tools


def _load_reference(path: Path, problems: list[Problem]) -> str:
    if not os.path.lexists(path):
        problems.append(Problem(display_path(path), None, "file", "", "file is missing",
                                "restore it from version control"))
        return ""
    try:
        raw = read_text(path)
    except YamlReadError as exc:
        problems.append(Problem(display_path(path), exc.line, "file", "", exc.reason, exc.hint))
        return ""
    text = raw.strip()
    if not text.startswith("@"):
        problems.append(Problem(display_path(path), 1, "reference", "",
                                "must hold one BibTeX entry starting with '@'"))
        return text
    try:  # as the build reads it
        data = parse_reference(text)
        if not data.entries:
            raise ValueError("no entry found")
    except Exception as exc:  # pybtex raises many kinds, each a problem of the file
        problems.append(Problem(display_path(path), getattr(exc, "lineno", None), "reference",
                                "", f"not valid BibTeX: {exc}",
                                "check the braces, commas and the fields of the entry"))
        return text
    for key, url in reference_urls(data):
        problem = url_problem(url)
        if problem:
            problems.append(Problem(display_path(path), _field_line(raw, "url"),
                                    f"reference '{key}'", "url", *problem))
    return text


def _field_line(bibtex: str, field: str) -> int | None:
    """The line of ``bibtex`` where ``field = ...`` starts (the first), else None."""
    match = re.search(rf"(?i)(?<![\w-]){field}\s*=", bibtex)
    return bibtex.count("\n", 0, match.start()) + 1 if match else None


def _stamp(entry: os.DirEntry[str]) -> Stamp | None:
    return file_stamp(entry.path)


def paper_keys(paper: Paper) -> tuple[str, str, str]:
    """What the checks across papers compare (see :func:`_check_unique_papers`): the
    normalized title and URL, and the title's key of one work."""
    return normal_title(paper.title), normal_url(paper.url), title_key(paper.title)


def _paper_record(folder: Path, name: str, stamp: Stamp | None, store: PaperCache | None,
                  venues: dict[str, Venue] | None, topics: dict[str, Topic] | None
                  ) -> PaperRecord:
    """Paper file ``name`` of ``folder`` checked on its own: from ``store`` when it holds
    the file unchanged (``stamp``: see :func:`~paper_catalog.paper_cache.file_stamp`)."""
    if store is not None and stamp is not None:
        found = store.get(name, stamp)
        if found is not None:
            return found
    path = folder / name
    problems: list[Problem] = []
    listed: set[str] = set()
    src = _Source(path, problems)
    paper = _load_paper(src, venues, topics, listed)
    # the paths the checks across papers report at (see _check_unique_papers, _check_keywords)
    paths: list[tuple[str | int, ...]] = [("title",), ("url",), ("short",)]
    paths += [("topics", tid) for tid, _ in paper.topics] if paper else []
    lines = {p: line for p in paths if (line := src.doc.line(*p)) is not None}
    if paper is not None and store is not None:
        _ = paper.digest  # computed now, so that the stores keep it with the paper
    record = PaperRecord(paper, tuple(problems), frozenset(listed), lines,
                         paper_keys(paper) if paper else None)
    if store is not None and stamp is not None:
        store.put(name, stamp, record)
    return record


def _load_paper(src: _Source, venues: dict[str, Venue] | None,
                topics: dict[str, Topic] | None, listed: set[str]) -> Paper | None:
    """One paper; ``venues``/``topics`` are None when unknown (their file is unreadable).

    Adds the topic ids the file names to ``listed``, even when the paper is invalid.
    """
    pid = src.path.stem
    entry = f"paper '{pid}'"
    before = len(src.problems)
    data = src.read()
    file_problem = (("file name is not a kebab-case id",
                     "rename it to lowercase letters, digits and dashes, e.g. 'mobilellm.yaml'")
                    if not ID_PATTERN.fullmatch(pid) else
                    (RESERVED_REASON, f"rename it, e.g. '{pid}-paper.yaml'")
                    if is_reserved(pid) else None)
    if file_problem:
        # The problems of one file must all have a line or all have none to be sorted.
        line = src.doc.line() if not src.unreadable else 1 if src.problems[-1].line else None
        src.problems.append(Problem(src.name, line, entry, "", *file_problem))
    if data is None:
        if len(src.problems) == before:
            src.report((), entry, "", "file is empty",
                       "see CONTRIBUTING.md for the fields of a paper")
        return None
    rec = src.fields(data, (), entry, PAPER_FIELDS)
    if rec is None:
        return None
    ok = len(rec) == len([f for f in PAPER_FIELDS if f in data and data[f] is not None])
    ok = ok and {"title", "year", "added", "venue", "url", "topics"} <= set(rec)
    added = added_date(rec["added"], datetime.date.today()) if "added" in rec else None
    for field, problem in (("added", added if isinstance(added, tuple) else None),
                           ("title", placeholder_problem(rec.get("title", ""))),
                           ("short", short_problem(rec.get("short", "")))):
        if problem:
            src.report((field,), entry, field, *problem)
            ok = False
    if "year" in rec:
        this_year = datetime.date.today().year
        if rec["year"] > this_year:
            src.report(("year",), entry, "year", f"{rec['year']} is in the future",
                       "use the year the paper was published")
            ok = False
        elif rec["year"] < EARLIEST_YEAR:
            src.report(("year",), entry, "year", f"{rec['year']} is not a plausible year",
                       f"use a year from {EARLIEST_YEAR} to {this_year}")
            ok = False
    if "url" in rec:
        ok = src.url(rec["url"], ("url",), entry, "url") and ok
    if "code" in rec:  # the official repository: a URL by the same rules as ``url``
        ok = src.url(rec["code"], ("code",), entry, "code") and ok
    authors = _authors(src, rec["authors"], entry) if "authors" in rec else ()
    ok = ok and authors is not None
    if "venue" in rec and venues is not None and rec["venue"] not in venues:
        hint = suggest(rec["venue"], venues) or "use an id from catalog/venues.yaml or add one"
        src.report(("venue",), entry, "venue", f"unknown venue '{rec['venue']}'", hint)
        ok = False
    pairs: list[tuple[str, str]] = []
    if "topics" in rec:
        if not rec["topics"]:
            src.report(("topics",), entry, "topics", "must list at least one topic",
                       "add 'topic-id: Keyword' under 'topics:'")
            ok = False
        for tid, keyword in rec["topics"].items():
            tid = str(tid)
            listed.add(tid)
            if topics is None:
                pass
            elif tid not in topics:
                hint = suggest(tid, [t for t in topics if topics[t].is_leaf])
                src.report(("topics", tid), entry, "topics", f"unknown topic '{tid}'",
                           hint or "use a leaf topic id from catalog/topics.yaml")
                ok = False
            elif not topics[tid].is_leaf:
                src.report(("topics", tid), entry, "topics",
                           f"'{tid}' groups other topics; list the paper under a leaf topic",
                           f"one of: {', '.join(leaf_ids(topics, tid))}")
                ok = False
            if not isinstance(keyword, str) or not keyword.strip():
                src.report(("topics", tid), entry, "topics",
                           f"keyword for '{tid}' must be non-empty text, got {_shown(keyword)}",
                           f"write '{tid}: Keyword shown in the table'")
                ok = False
            elif problem := text_problem(keyword, "keyword"):
                src.report(("topics", tid), entry, "topics", f"keyword for '{tid}': {problem[0]}",
                           problem[1])
                ok = False
            else:
                pairs.append((tid, keyword.strip()))
    if not ok or not isinstance(added, datetime.date):
        return None
    paper = Paper(pid, rec["title"], rec["year"], rec["venue"], rec["url"], tuple(pairs),
                  rec.get("note", ""), authors or (), added, rec.get("short", ""),
                  rec.get("code", ""))
    for field, reason, hint in fact_problems(paper, venues):
        src.report((field,), entry, field, reason, hint)
    return paper


@functools.lru_cache(maxsize=65536)  # a name recurs on each of its author's papers
def _author_problem(name: str, organization: bool) -> tuple[str, str] | None:
    """What is wrong with an author's name: a text rule, or for a person a name BibTeX
    cannot split."""
    return text_problem(name, "authors") or (None if organization else name_problem(name))


def _authors(src: _Source, raw: list[Any], entry: str) -> tuple[str, ...] | None:
    """The author names, each trimmed (an ``organization:`` item as an
    :class:`~paper_catalog.model.Organization`); None (and reported) when one is not a
    name."""
    if not raw:
        src.report(("authors",), entry, "authors", "must list at least one author",
                   "or remove 'authors:'")
        return None
    names: list[str] = []
    for i, item in enumerate(raw):
        organization = isinstance(item, dict)
        name = item.get("organization") if organization and item.keys() == {
            "organization"} else item
        if not isinstance(name, str) or not name.strip():
            src.report(("authors", i), entry, "authors",
                       f"author #{i + 1} must be a name, got {_shown(item)}",
                       "write one name per item, e.g. '- Elias Frantar', or "
                       "'- organization: BigScience Workshop' for a group")
            continue
        problem = _author_problem(name, organization)
        if problem:
            src.report(("authors", i), entry, "authors", f"author #{i + 1}: {problem[0]}",
                       problem[1])
            continue
        name = " ".join(name.split())
        names.append(Organization(name) if organization else name)
    return tuple(names) if len(names) == len(raw) else None


def _check_summary_references(src: _Source, topics: Mapping[str, Topic],
                              paper_ids: set[str] | None, terms: set[str] | None) -> None:
    """Each ``{paper}``, ``{topic}`` and ``{term}`` in a topic summary names something that
    exists, as the site needs to link it (None: that file could not be read)."""
    known: dict[str, tuple[set[str] | None, str]] = {
        "paper": (paper_ids, "use a paper id: the name of a file in catalog/papers without "
                             "'.yaml'"),
        "topic": (set(topics), "use a topic id from catalog/topics.yaml"),
        "term": (terms, "use a term of catalog/metrics.yaml or catalog/benchmarks.yaml"),
    }

    for path, raw, _ in raw_topics(src.doc.data):
        summary = raw.get("summary")
        entry = _entry_name("topic", raw, "id", cast("int", path[-1]))
        for kind, target in REFERENCE.findall(summary if isinstance(summary, str) else ""):
            names, hint = known[kind]
            key = target.casefold() if kind == "term" else target
            if names is not None and key not in names:
                src.report((*path, "summary"), entry, "summary",
                           f"{{{kind}}}`{target}` names no {kind} of the catalog", hint)


#: Where a topic is in topics.yaml, its mapping as read, and the mappings of its groups.
RawTopic = tuple[tuple[str | int, ...], dict[str, Any], tuple[dict[str, Any], ...]]


def raw_topics(data: Any) -> Iterator[RawTopic]:
    """Every topic of topics.yaml as read, valid or not, in file order (a group before its
    topics): the one walk of the file's tree. Entries that are not mappings are skipped
    with what is under them."""

    def visit(items: Any, path: tuple[str | int, ...],
              above: tuple[dict[str, Any], ...]) -> Iterator[RawTopic]:
        for i, raw in enumerate(items if isinstance(items, list) else []):
            if isinstance(raw, dict):
                yield (*path, i), raw, above
                yield from visit(raw.get("topics"), (*path, i, "topics"), (*above, raw))

    yield from visit(data.get("areas") if isinstance(data, dict) else None, ("areas",), ())


#: At most this many papers changed since the titles were last found apart are compared
#: on their own with every other (see :func:`_check_unique_papers`); more, and all are
#: compared.
NEAR_CHANGED = 64

#: A paper as the comparison of nearly equal titles sees it: id, year and title key.
TitleFacts = tuple[str, int, str]


def _check_unique_papers(papers: dict[str, Paper], sources: dict[str, _Source],
                         keys: dict[str, tuple[str, str, str]],
                         apart: frozenset[TitleFacts] | None = None
                         ) -> frozenset[TitleFacts] | None:
    """Two files for one paper (same title or URL) or for one work (see duplicates.py);
    ``keys``: each paper's :func:`paper_keys`. ``apart``: papers whose titles an earlier
    check found apart, every pair of candidates compared. Returns the papers whose titles
    are now known apart that way (None when that is not known)."""
    reported: set[str] = set()
    # the paper added later is the one reported (on a tie, the one whose file sorts later)
    ordered = sorted(papers.values(), key=lambda p: p.added or datetime.date.min)
    for index, what in enumerate(("title", "url")):
        first: dict[str, Paper] = {}
        for paper in ordered:
            other = first.setdefault(keys[paper.id][index], paper)
            if other is not paper:
                reported.add(paper.id)
                sources[paper.id].report(
                    (what,), f"paper '{paper.id}'", what,
                    f"same {what} as paper '{other.id}' (papers/{other.id}.yaml)",
                    "a paper is stored once; list both topics in one file")
    title_keys = {pid: key[2] for pid, key in keys.items()}
    known = frozenset((p.id, p.year, title_keys[p.id]) for p in ordered)
    changed = None if apart is None else known - apart
    facts: frozenset[TitleFacts] | None = known
    near = NearTitles()
    if (changed is not None and len(changed) <= NEAR_CHANGED
            and not shares_an_identifier(ordered, title_keys)
            and near_title_of([papers[pid] for pid, _, _ in changed], ordered,
                              title_keys) is None):
        # no two of the others were alike, nor is a changed paper like one: what
        # same_work would find is only papers of one short name
        found: Iterable[tuple[Paper, Paper, str]] = same_short_name(ordered)
    else:
        found = list(same_work(ordered, title_keys, near))
        if near.capped or any(not why.startswith("both are named") for _, _, why in found):
            facts = None
    for paper, other, why in found:
        if paper.id in reported:
            continue
        reported.add(paper.id)
        field = ("url" if why.startswith("both are arXiv")
                 else "short" if why.startswith("both are named") else "title")
        sources[paper.id].report(
            (field,), f"paper '{paper.id}'", field,
            f"same work as paper '{other.id}' (papers/{other.id}.yaml): {why}",
            "one work is one entry: merge the two files, keep the main publication's "
            "facts and name the other version in 'note'")
    return facts


def _check_keywords(papers: dict[str, Paper], sources: dict[str, _Source]) -> None:
    """A keyword spelled two ways in one topic."""
    for paper, topic, keyword, other, main in keyword_variants(papers.values()):
        sources[paper.id].report(
            ("topics", topic), f"paper '{paper.id}'", "topics",
            f"keyword '{keyword}' of topic '{topic}' is another spelling of '{main}', "
            f"which paper '{other.id}' (papers/{other.id}.yaml) uses there",
            f"use '{main}'")
