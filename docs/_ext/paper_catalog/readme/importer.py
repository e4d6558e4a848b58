"""Import an upstream awesome-list README into ``catalog/``.

The import is idempotent and never overwrites silently: a field of an existing
file that differs from what the README says is kept and reported as a conflict.
Taxonomy summaries, venues and tool descriptions are written by hand; the import
reads ``venues.yaml`` for venue spellings and reports the ones it does not know.

It is all or nothing: every file it would write is first validated together with the
rest of the catalog (in a copy), and nothing is written when anything needs attention.
A new paper never takes the name of a file already in ``papers/``; a file it completes
keeps its comments, quoting and layout.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import Planned, WriteError, refuse_links, write_files
from ..errors import CatalogError, Problem
from ..load import PAPER_FIELDS, display_path, load_catalog
from ..normalize import (
    better_cased,
    canonical_url,
    clean_title,
    fix_keyword,
    normal_title,
    normal_url,
    split_term,
    strip_tracking,
    venue_id,
    venue_index,
)
from ..slug import paper_id
from ..text_rules import text_problem
from ..yaml_source import YamlReadError, read_text, read_yaml
from ..yaml_writer import dump_yaml, paper_yaml
from .order import ORDER_FILE, load_order, order_yaml, row_ids
from .parse import AwesomeReadme, PaperRow, UnparsedRow, parse_readme, strip_links

FACT_FIELDS = ("title", "year", "venue", "url")


@dataclass(frozen=True)
class Resolution:
    """The fact chosen where upstream lists one paper twice with different facts."""

    title: str
    field: str
    value: Any
    note: str


#: Each choice follows what the paper's own URL shows; the note says so in the file.
RESOLUTIONS = (
    Resolution(
        "MobileLLM: Optimizing Sub-billion Parameter Language Models for On-Device Use Cases",
        "venue", "icml",
        "Upstream lists this paper as ArXiv under Efficient Transformer Architecture and as "
        "ICML under Support Infrastructure. arXiv 2402.14905 is the ICML 2024 paper "
        "(PMLR 235), so the venue is ICML.",
    ),
    Resolution(
        "Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism",
        "venue", "arxiv",
        "Upstream lists this paper as Arxiv under Distributed Training and as IEEE SC22 "
        "under Support Infrastructure. arXiv 1909.08053 is a 2019 preprint; the SC paper on "
        "Megatron-LM is a different one (arXiv 2104.04473, SC21), so the venue is arXiv.",
    ),
)


@dataclass(frozen=True)
class Conflict:
    """A file's value that differs from the README's; the file's value was kept."""

    file: str
    field: str
    file_value: Any
    readme_value: Any

    def __str__(self) -> str:
        return (f"{self.file}: field '{self.field}' kept {self.file_value!r}; "
                f"the README says {self.readme_value!r}")


@dataclass(frozen=True)
class UnknownVenue:
    """A venue spelling not found in venues.yaml; the row's paper was not written."""

    venue: str
    line: int
    title: str

    def __str__(self) -> str:
        return f"line {self.line}: unknown venue '{self.venue}' for '{self.title}'"


@dataclass(frozen=True)
class Change:
    """A normalization of form applied to an upstream value."""

    line: int
    field: str
    before: Any
    after: Any

    def __str__(self) -> str:
        return f"line {self.line}: {self.field} {self.before!r} -> {self.after!r}"


@dataclass(frozen=True)
class DuplicateFact:
    """A paper listed more than once with different values of one fact."""

    title: str
    field: str
    values: tuple[tuple[Any, int], ...]  # (value, line) per listing
    chosen: Any
    resolved: bool  # False: no resolution is recorded, the first listing's value was taken

    def __str__(self) -> str:
        seen = ", ".join(f"{v!r} (line {line})" for v, line in self.values)
        how = "resolved" if self.resolved else "UNRESOLVED, first listing taken"
        return f"'{self.title}': {self.field} is {seen}; chose {self.chosen!r} ({how})"


@dataclass
class ImportReport:
    """What an import did and everything it could not do silently."""

    rows: int = 0
    papers: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unparsed: list[UnparsedRow] = field(default_factory=list)
    unknown_venues: list[UnknownVenue] = field(default_factory=list)
    duplicates: list[DuplicateFact] = field(default_factory=list)
    shared_urls: list[tuple[str, str]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    not_in_readme: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # as validate reports them
    written: bool = False  # False: the catalog was left as it was

    @property
    def clean(self) -> bool:
        """True when nothing needs a person's attention."""
        return not (self.conflicts or self.unparsed or self.unknown_venues or self.shared_urls
                    or self.problems or any(not d.resolved for d in self.duplicates))

    def lines(self) -> Iterator[str]:
        """A readable account of the import."""
        counts = (f"{self.rows} rows, {self.papers} papers: {len(self.created)} files created, "
                  f"{len(self.updated)} updated, {len(self.unchanged)} unchanged")
        if not self.written and (self.created or self.updated):
            counts = (f"{self.rows} rows, {self.papers} papers: nothing written (it would "
                      f"create {len(self.created)} files and update {len(self.updated)}; "
                      f"{len(self.unchanged)} unchanged)")
        yield counts
        sections: tuple[tuple[str, Iterable[Any]], ...] = (
            ("catalog problems (nothing written)", self.problems),
            ("conflicts (file value kept)", self.conflicts),
            ("rows not parsed", (f"line {r.line}: {r.reason}: {r.text}" for r in self.unparsed)),
            ("unknown venues (paper not written)", self.unknown_venues),
            ("papers listed twice with different facts", self.duplicates),
            ("different papers with the same URL", (f"{a} / {b}" for a, b in self.shared_urls)),
            ("normalizations", self.changes),
            ("files not in the README (left alone)", self.not_in_readme),
        )
        for title, items in sections:
            texts = [str(item) for item in items]
            if texts:
                yield f"{title}:"
                yield from (f"  {text}" for text in texts)


def _with_fields(text: str, fields: Mapping[str, Any]) -> str:
    """A paper file's ``text`` with ``fields`` filled in or added in the order of
    PAPER_FIELDS. Every other line is kept as it is (comments, quoting, indentation, flow
    lists): a missing field's lines are inserted before the first field that follows it, or
    replace the line of a field left empty (``url:``). A file written as one flow mapping
    (``{title: ..., year: ...}``) is written again by a round-trip YAML library instead."""
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    rank = {name: i for i, name in enumerate(PAPER_FIELDS)}
    if data.fa.flow_style():
        for key, value in fields.items():
            if key in data:
                data[key] = value
                continue
            after = [i for i, name in enumerate(data) if rank.get(name, len(rank)) > rank[key]]
            data.insert(after[0] if after else len(data), key, value)
        out = io.StringIO()
        yaml.dump(data, out)
        return out.getvalue()
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.removeprefix(bom).splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    starts = {key: data.lc.key(key)[0] for key in data}
    added: dict[int, list[tuple[int, str]]] = {}  # line -> (rank, text) inserted before it
    for key, value in fields.items():
        block = dump_yaml({key: value}).replace("\n", newline)
        if key in starts:  # there, without a value: its line gives way
            lines[starts[key]] = block
            continue
        later = [line for name, line in starts.items() if rank.get(name, len(rank)) > rank[key]]
        at = min(later, default=len(lines))
        while later and at > 0 and lines[at - 1].lstrip().startswith("#"):
            at -= 1  # the comment above the next field stays with it
        added.setdefault(at, []).append((rank[key], block))
    for at in sorted(added, reverse=True):
        lines[at:at] = [block for _, block in sorted(added[at])]
    return bom + "".join(lines)


def _rows_by_paper(rows: Iterable[PaperRow]) -> list[list[PaperRow]]:
    """Rows grouped by normalized title, groups in order of first listing."""
    groups: dict[str, list[PaperRow]] = {}
    for row in rows:
        groups.setdefault(normal_title(row.title), []).append(row)
    return list(groups.values())


class _Importer:
    def __init__(self, readme: AwesomeReadme, catalog_dir: Path, source: str = "README.md"
                 ) -> None:
        self.readme = readme
        self.dir = catalog_dir
        self.source = source  # the README, as problems name it
        self.report = ImportReport(rows=len(readme.rows), unparsed=list(readme.unparsed))
        self.writes: dict[str, str] = {}  # file (relative to the catalog) -> its new text
        self.read_bytes: dict[str, bytes] = {}  # an existing file of writes -> what it held
        venues = self.read("venues.yaml")
        entries = venues.get("venues") if isinstance(venues, dict) else None
        if venues is not None and not isinstance(entries, list):
            self.problem("venues.yaml", 1, "venues", "venues",
                         "the file must hold a list under 'venues:'")
        self.venues = venue_index(v for v in entries or [] if isinstance(v, dict) and "id" in v)
        self.resolutions = {(normal_title(r.title), r.field): r for r in RESOLUTIONS}

    def problem(self, name: str, line: int | None, entry: str, field_name: str, reason: str,
                hint: str = "") -> None:
        self.report.problems.append(Problem(display_path(self.dir / name), line, entry,
                                            field_name, reason, hint))

    def read(self, name: str) -> Any:
        """The data of a catalog file; None (and a problem) when it cannot be read."""
        try:
            return read_yaml(self.dir / name).data
        except YamlReadError as exc:
            self.problem(name, exc.line, "file", "", exc.reason, exc.hint)
            return None

    def row_values(self, row: PaperRow) -> dict[str, Any] | None:
        """Normalized facts of one row; None (and reported) if its venue is unknown.

        A title or keyword the catalog refuses (a line break in it) is reported at the
        row, as written: normalizing it, or writing it as YAML, could hide it."""
        for name, text in (("title", row.title), ("keyword", row.keyword)):
            if problem := text_problem(text, name):
                self.report.problems.append(Problem(self.source, row.line, "paper row", name,
                                                    *problem))
        vid = venue_id(row.venue, self.venues)
        if vid is None:
            self.report.unknown_venues.append(UnknownVenue(row.venue, row.line, row.title))
            return None
        values = {"title": clean_title(row.title), "year": row.year, "venue": vid,
                  "url": canonical_url(strip_tracking(row.url)),
                  "keyword": fix_keyword(row.keyword)}
        for name, before in (("title", row.title), ("url", row.url), ("keyword", row.keyword)):
            if values[name] != before:
                self.report.changes.append(Change(row.line, name, before, values[name]))
        return values

    def merge(self, rows: list[PaperRow]) -> dict[str, Any] | None:
        """One paper record from all its listings, in upstream order."""
        listed = [self.row_values(row) for row in rows]
        if any(values is None for values in listed):
            return None
        values_list = [v for v in listed if v is not None]
        record: dict[str, Any] = {}
        notes = []
        title = better_cased(v["title"] for v in values_list)
        key = normal_title(title)
        for name in FACT_FIELDS:
            seen = [(v[name], row.line) for v, row in zip(values_list, rows, strict=True)]
            distinct = list(dict.fromkeys(value for value, _ in seen))
            record[name] = distinct[0]
            if len(distinct) == 1:
                resolution = self.resolutions.get((key, name))
                if resolution and resolution.value == distinct[0]:
                    notes.append(resolution.note)  # e.g. a README exported from the catalog
                continue
            if name == "title":
                record[name] = title
                self.report.changes.append(Change(rows[0].line, "title", distinct, title))
                continue
            resolution = self.resolutions.get((key, name))
            if resolution:
                record[name] = resolution.value
                notes.append(resolution.note)
            self.report.duplicates.append(DuplicateFact(
                title, name, tuple(seen), record[name], resolution is not None))
        topics: dict[str, str] = {}
        for values, row in zip(values_list, rows, strict=True):
            topics.setdefault(row.topic, values["keyword"])
        record["topics"] = topics
        if notes:
            record["note"] = " ".join(notes)
        return record

    def existing(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """Existing paper files keyed by normalized title and by normalized URL."""
        index: dict[str, tuple[str, dict[str, Any]]] = {}
        folder = self.dir / "papers"
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            data = self.read(f"papers/{path.name}")
            if not isinstance(data, dict):
                continue
            for name, keyfn in (("title", normal_title), ("url", normal_url)):
                if isinstance(data.get(name), str):
                    index.setdefault(f"{name}:{keyfn(data[name])}", (path.stem, data))
        return index

    def run(self) -> ImportReport:
        groups = [(rows, record) for rows in _rows_by_paper(self.readme.rows)
                  if (record := self.merge(rows))]
        records = [record for _, record in groups]
        self.report.papers = len(records)
        urls: dict[str, str] = {}
        for record in records:
            other = urls.setdefault(normal_url(record["url"]), record["title"])
            if other != record["title"]:
                self.report.shared_urls.append((other, record["title"]))
        existing = self.existing()
        folder = self.dir / "papers"
        # every name in papers/ is taken, a draft without title or URL included
        taken = {p.stem for p in folder.iterdir()} if folder.is_dir() else set()
        matched: set[str] = set()
        ids: dict[int, str] = {}  # row line -> id of the row's paper
        facts: dict[str, tuple[int, str]] = {}  # id -> the year and title its rows give
        today = datetime.date.today()  # a new paper's 'added'; existing files keep theirs
        for rows, record in groups:
            found = (existing.get(f"title:{normal_title(record['title'])}")
                     or existing.get(f"url:{normal_url(record['url'])}"))
            if found is None:
                pid = paper_id(record["title"], taken, record["year"])
                taken.add(pid)
                self.writes[f"papers/{pid}.yaml"] = paper_yaml({**record, "added": today})
                self.report.created.append(pid)
            else:
                pid, data = found
                self.update(pid, data, record if data.get("added") is not None
                            else {**record, "added": today})
            matched.add(pid)
            ids.update((row.line, pid) for row in rows)
            facts[pid] = (record["year"], record["title"])
        self.report.not_in_readme = sorted(
            {pid for pid, _ in existing.values()} - matched)
        self.glossaries()
        self.row_order(ids, facts)
        return self.report

    def row_order(self, ids: dict[int, str], facts: Mapping[str, tuple[int, str]]) -> None:
        """Write readme-order.yaml (each topic's paper ids in row order), or report how
        the README's order differs from the file's (``facts``: each paper's year and
        title, which place a paper the file does not list)."""
        order: dict[str, list[str]] = {}
        for row in self.readme.rows:
            if row.line in ids and ids[row.line] not in order.get(row.topic, []):
                order.setdefault(row.topic, []).append(ids[row.line])
        path = self.dir / ORDER_FILE
        if not os.path.lexists(path):
            self.writes[ORDER_FILE] = order_yaml(order)
            self.report.created.append(ORDER_FILE)
            return
        try:
            current = load_order(self.dir)
        except CatalogError as exc:
            self.report.problems.extend(exc.problems)
            return
        for topic in dict.fromkeys([*current, *order]):
            rows, listed = order.get(topic, []), current.get(topic, [])
            # the same rows, but for papers the file does not list placed as the export
            # places them (a paper added since the file was written needs no line there)
            if (not set(listed) <= set(rows)
                    or row_ids({pid: facts[pid] for pid in rows}, listed) != rows):
                self.report.conflicts.append(Conflict(
                    ORDER_FILE, topic, current.get(topic), order.get(topic)))
        self.report.unchanged.append(ORDER_FILE)

    def update(self, pid: str, data: dict[str, Any], record: dict[str, Any]) -> None:
        """Fill fields missing from an existing file; report fields that differ."""
        name = f"papers/{pid}.yaml"
        missing = {k: v for k, v in record.items() if data.get(k) is None}
        for key, value in record.items():
            if key in missing:
                continue
            current = data[key]
            if key == "topics" and isinstance(current, dict):
                same = list(current.items()) == list(value.items())
            else:
                same = current == value
            if not same:
                self.report.conflicts.append(Conflict(name, key, current, value))
        if missing:
            text = read_text(self.dir / name)
            self.read_bytes[name] = text.encode("utf-8")  # strict UTF-8: the file's bytes
            self.writes[name] = _with_fields(text, missing)
            self.report.updated.append(pid)
        else:
            self.report.unchanged.append(pid)

    def glossaries(self) -> None:
        """Write metrics.yaml, benchmarks.yaml and reference.bib, or report differences."""
        documents = {
            "metrics.yaml": metrics_document(self.readme),
            "benchmarks.yaml": benchmarks_document(self.readme),
        }
        for name, document in documents.items():
            path = self.dir / name
            if not os.path.lexists(path):
                self.writes[name] = dump_yaml(document)
                self.report.created.append(name)
                continue
            differences = _diff("", self.read(name), document)
            self.report.conflicts.extend(Conflict(name, *d) for d in differences)
            self.report.unchanged.append(name)
        path = self.dir / "reference.bib"
        if not os.path.lexists(path):
            self.writes["reference.bib"] = self.readme.bibtex
            self.report.created.append("reference.bib")
        else:
            try:
                text = read_text(path)
            except YamlReadError as exc:
                self.problem("reference.bib", exc.line, "file", "", exc.reason, exc.hint)
                return
            if text.strip() != self.readme.bibtex.strip():
                self.report.conflicts.append(
                    Conflict("reference.bib", "entry", text, self.readme.bibtex))
            self.report.unchanged.append("reference.bib")


def _diff(path: str, mine: Any, theirs: Any) -> Iterator[tuple[str, Any, Any]]:
    """(path, file value, README value) for each differing leaf of two documents."""
    if isinstance(mine, dict) and isinstance(theirs, dict) and list(mine) == list(theirs):
        for key in mine:
            yield from _diff(f"{path}.{key}" if path else str(key), mine[key], theirs[key])
    elif isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            yield from _diff(f"{path}[{i}]", a, b)
    elif mine != theirs:
        yield path or "(document)", mine, theirs


def _links(links: Iterable[Any]) -> list[dict[str, str]]:
    return [{"label": link.label, "url": strip_tracking(link.url)} for link in links]


def metrics_document(readme: AwesomeReadme) -> dict[str, Any]:
    """The content of metrics.yaml: categories of metrics, as upstream lists them."""
    categories = []
    for section in readme.metric_sections:
        metrics = []
        for row in (m for m in readme.metrics if m.category == section.id):
            term, full_name = split_term(row.name)
            metric: dict[str, Any] = {"term": term}
            if full_name:
                metric["full_name"] = full_name
            metric["description"] = row.description
            metric["examples"] = _links(row.examples)
            metrics.append(metric)
        category: dict[str, Any] = {"id": section.id, "title": section.title}
        if section.icon:
            category["icon"] = section.icon
        categories.append({**category, "metrics": metrics})
    return {"categories": categories}


def benchmarks_document(readme: AwesomeReadme) -> dict[str, Any]:
    """The content of benchmarks.yaml; inline links move from the text to ``links``."""
    benchmarks = []
    for row in readme.benchmarks:
        name, name_links = strip_links(row.name)
        description, text_links = strip_links(row.description)
        term, full_name = split_term(name)
        entry: dict[str, Any] = {"term": term}
        if full_name:
            entry["full_name"] = full_name
        entry["description"] = " ".join(description.split())
        if name_links or text_links:
            entry["links"] = _links((*name_links, *text_links))
        entry["paper"] = {"title": row.paper.label, "url": strip_tracking(row.paper.url)}
        benchmarks.append(entry)
    return {"benchmarks": benchmarks}


def import_readme(readme_path: Path | str, catalog_dir: Path | str) -> ImportReport:
    """Import the README's papers, metrics, benchmarks and BibTeX into ``catalog_dir``.

    One file per distinct paper (listings under several topics are merged, the first
    listing's topic is primary). Existing files are matched by normalized title or
    URL; their differing fields are kept and reported, missing fields are filled.
    ``catalog_dir/venues.yaml`` must exist: it maps venue spellings to ids.
    Nothing is written unless the whole import is clean and the catalog with every file
    it writes has no problem it did not have before (``report.written``). The files are
    written all or none (see :mod:`paper_catalog.atomic`): :class:`WriteError` when they
    could not be, and the catalog is then as it was; :class:`LinkedFolder`, before anything
    is read, when the catalog or its papers folder is a symbolic link.
    """
    root = Path(catalog_dir)
    readme_path = Path(readme_path)
    refuse_links(root, "papers")  # the staged copy would write through it too
    try:
        readme = parse_readme(read_text(readme_path, limit=README_LIMIT))
    except YamlReadError as exc:
        return ImportReport(problems=[Problem(display_path(readme_path), exc.line, "README",
                                              "", exc.reason, exc.hint)])
    importer = _Importer(readme, root, display_path(readme_path))
    report = importer.run()
    if not report.problems and importer.writes:
        report.problems.extend(staged_problems(root, importer.writes))
    if report.clean:
        write_files(root, {name: Planned(text, importer.read_bytes.get(name))
                           for name, text in importer.writes.items()})
        report.written = True
    return report


#: Largest README read, in bytes (upstream's is about 60 KB).
README_LIMIT = 10_000_000


def staged_problems(root: Path, writes: Mapping[str, str]) -> list[Problem]:
    """The problems ``validate`` would report once ``writes`` are written, other than those
    the catalog has now: at the files written, and those they cause at other files (a new
    paper whose title nearly repeats an existing one is reported at the existing one, say).
    Checked in a copy of the catalog, so the catalog itself is not touched."""
    now = {_relative(problem, root) for problem in _catalog_problems(root)}
    with _staging() as stage:
        try:
            _copy_catalog(root, stage)
            for name, text in writes.items():
                path = stage / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        except OSError as exc:  # a full or limited temporary folder, say
            raise _staging_error(exc, stage) from None
        problems = []
        for found in _catalog_problems(stage):
            problem = _relative(found, stage)
            if problem is None or (problem in now and problem.file not in writes):
                continue  # the catalog has it already, at a file the import leaves alone
            problems.append(dataclasses.replace(problem, file=display_path(root / problem.file)))
        return problems


@contextlib.contextmanager
def _staging() -> Iterator[Path]:
    """A temporary folder for a copy of the catalog, removed afterwards."""
    try:
        tmp = tempfile.TemporaryDirectory()
    except OSError as exc:
        raise _staging_error(exc, Path(tempfile.gettempdir())) from None
    with tmp as folder:
        yield Path(folder) / "catalog"


def _staging_error(exc: OSError, where: Path) -> WriteError:
    """The failure to stage a copy of the catalog, as a write that did not happen."""
    return WriteError(Path(exc.filename) if exc.filename else where,
                      f"{exc.strerror or exc} (in the temporary copy of the catalog the "
                      "import is checked in; the catalog itself is untouched)")


def _catalog_problems(root: Path) -> list[Problem]:
    try:
        load_catalog(root)
    except CatalogError as exc:
        return exc.problems
    return []


def _relative(problem: Problem, root: Path) -> Problem | None:
    """``problem`` with its file named relative to ``root``, so that the problems of two
    copies of a catalog compare; None when the file is not in ``root``."""
    try:
        name = Path(os.path.abspath(problem.file)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return None
    return dataclasses.replace(problem, file=name)


def _copy_catalog(source: Path, target: Path) -> None:
    """Regular files, folders and links (as links) of ``source``; nothing else is read."""
    target.mkdir(parents=True)
    if not source.is_dir():
        return
    for entry in os.scandir(source):
        mode = entry.stat(follow_symlinks=False).st_mode
        to = target / entry.name
        if stat.S_ISLNK(mode):
            to.symlink_to(os.readlink(entry.path))
        elif stat.S_ISDIR(mode):
            _copy_catalog(Path(entry.path), to)
        elif stat.S_ISREG(mode):
            shutil.copy2(entry.path, to)
