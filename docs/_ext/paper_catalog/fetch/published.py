"""``paper-catalog check-published``: the arXiv-only papers that now have a published
version on record, as edits of their files (venue, year, URL and a note naming the source).

arXiv's API gives each preprint's DOI and journal reference, as its authors recorded them;
Crossref gives the venue, year and landing page of a DOI.
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import WriteError
from ..errors import CatalogError, Problem
from ..facts import arxiv_year
from ..load import display_path, load_catalog
from ..model import Catalog, Paper
from ..normalize import arxiv_id, normal_title, normal_url
from ..yaml_source import read_text
from .arxiv_api import lookup, published_doi
from .crossref import fetch_doi
from .record import FetchError, UnknownPaper
from .venues import match_venue, venue_entries

ARXIV_VENUE = "arxiv"
#: Seconds between two of Crossref's records, to stay well inside its public rate limit.
CROSSREF_PAUSE = 1.0
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@dataclass(frozen=True)
class Edit:
    """A suggested edit of one paper file."""

    paper: Paper
    path: Path
    venue: str
    year: int
    url: str
    #: Where the facts come from, for the output and the paper's note.
    source: str

    def fields(self) -> dict[str, Any]:
        """The fields the edit writes."""
        note = f"Venue, year and URL from {self.source}; found by paper-catalog check-published."
        return {"venue": self.venue, "year": self.year, "url": self.url,
                "note": f"{self.paper.note} {note}".strip()}

    def lines(self) -> list[str]:
        changes = [(name, old, new) for name, old, new in (
            ("venue", self.paper.venue, self.venue), ("year", self.paper.year, self.year),
            ("url", self.paper.url, self.url)) if old != new]
        return [f"{display_path(self.path)}: published at {self.venue} {self.year}, "
                f"according to {self.source}",
                *(f"    {name}: {old} -> {new}" for name, old, new in changes)]


def paper_path(root: Path, pid: str) -> Path:
    papers = root / "papers"
    return next((p for p in (papers / f"{pid}.yaml", papers / f"{pid}.yml") if p.exists()),
                papers / f"{pid}.yaml")


def find_published(catalog: Catalog) -> tuple[list[Edit], list[str]]:
    """Edits for the arXiv-only papers with a published version on record, and a line for
    each one whose published version cannot be applied (and why)."""
    root = catalog.root
    preprints = {aid: paper for paper in catalog.papers.values()
                 if paper.venue == ARXIV_VENUE and (aid := arxiv_id(paper.url))}
    records = lookup(sorted(preprints)) if preprints else {}
    venues = venue_entries(root)
    edits: list[Edit] = []
    skipped: list[str] = []
    asked = 0
    for aid, paper in sorted(preprints.items(), key=lambda item: item[1].id):
        record = records.get(aid)
        if record is None:
            continue
        path = paper_path(root, paper.id)
        where = display_path(path)
        doi = published_doi(record)
        if doi:
            if asked:
                time.sleep(CROSSREF_PAUSE)
            asked += 1
            try:
                fetched = fetch_doi(doi)
            except UnknownPaper:
                skipped.append(f"{where}: arXiv {aid} links DOI {doi}, which Crossref does "
                               "not have: check that DOI's page by hand")
                continue
            source = f"Crossref, DOI {doi} (linked from arXiv {aid})"
            venue = match_venue(fetched.venue_names, venues)
            if venue is None:
                skipped.append(f"{where}: {source} names the venue "
                               f"'{fetched.venue_names[0] if fetched.venue_names else '?'}', "
                               "which catalog/venues.yaml does not have: add that venue, "
                               "then run this again")
            elif venue != ARXIV_VENUE:
                edits.append(Edit(paper, path, venue, fetched.year, fetched.url, source))
            continue
        reference = record.journal_ref and " ".join(record.journal_ref.split())
        if reference:
            source = f"arXiv's journal reference of {aid}, '{reference}'"
            venue = match_venue((reference,), venues)
            year = YEAR.search(reference)
            if venue is None or year is None or int(year[0]) < arxiv_year(aid):
                skipped.append(f"{where}: {source} names no venue and year of "
                               "catalog/venues.yaml: check it by hand")
            elif venue != ARXIV_VENUE:
                edits.append(Edit(paper, path, venue, int(year[0]), paper.url, source))
    return _without_duplicates(catalog, edits, skipped)


def _without_duplicates(catalog: Catalog, edits: list[Edit], skipped: list[str]
                        ) -> tuple[list[Edit], list[str]]:
    """The edits whose published version is not already another paper of the catalog."""
    kept = []
    for edit in edits:
        other = next((p for p in catalog.papers.values() if p.id != edit.paper.id and (
            normal_url(p.url) == normal_url(edit.url)
            or normal_title(p.title) == normal_title(edit.paper.title))), None)
        if other is None:
            kept.append(edit)
        else:
            skipped.append(f"{display_path(edit.path)}: its published version ({edit.source}) "
                           f"is already in the catalog as "
                           f"{display_path(paper_path(catalog.root, other.id))}: keep one "
                           "of the two files")
    return kept, skipped


def edited_text(text: str, fields: dict[str, Any]) -> str:
    """A paper file's ``text`` with ``fields`` set; its comments, quoting and layout are
    kept (a round-trip YAML library); a new field goes last."""
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    for key, value in fields.items():
        data[key] = value
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a reader sees the old file or the new."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


def apply_edits(root: Path, edits: list[Edit]) -> list[Problem]:
    """Write every edit, or none: the problems the edited files would have, if any.

    Raises FetchError when a file cannot be written (the files written so far are restored).
    """
    from ..readme.importer import staged_problems  # validates a staged copy of the catalog

    originals = {edit.path: read_text(edit.path) for edit in edits}
    writes = {edit.path: edited_text(originals[edit.path], edit.fields()) for edit in edits}
    try:
        problems = staged_problems(root, {path.relative_to(root).as_posix(): text
                                          for path, text in writes.items()})
    except WriteError as exc:
        raise FetchError(f"cannot check the edits: {display_path(exc.path)}: {exc.reason}; "
                         "no paper file was changed") from None
    if problems:
        return problems
    done: list[Path] = []
    try:
        for path, text in writes.items():
            write_atomically(path, text)
            done.append(path)
    except OSError as exc:
        for path in done:
            with suppress(OSError):
                write_atomically(path, originals[path])
        raise FetchError(f"cannot write {display_path(path)}: {exc.strerror}; no paper file "
                         "was changed") from None
    return []


def check_published(root: Path, write: bool) -> int:
    """Print the suggested edits (and apply them with ``write``); the exit status."""
    try:
        catalog = load_catalog(root)
    except CatalogError as exc:
        print(f"error: the catalog has {len(exc.problems)} problem(s): run `paper-catalog "
              "validate` and fix them first; nothing was checked", file=sys.stderr)
        return 1
    edits, skipped = find_published(catalog)
    preprints = sum(p.venue == ARXIV_VENUE for p in catalog.papers.values())
    for edit in edits:
        print(*edit.lines(), sep="\n")
    for line in skipped:
        print(f"note: {line}")
    if not edits:
        print(f"None of the {preprints} arXiv-only papers has a published version to apply.")
        return 0
    if not write:
        print(f"{len(edits)} of {preprints} arXiv-only papers have a published version: run "
              "`paper-catalog check-published --write` to apply these edits.")
        return 0
    problems = apply_edits(root, edits)
    if problems:
        print(*(str(p) for p in problems), sep="\n")
        print("error: these edits would make the catalog invalid, so no file was changed",
              file=sys.stderr)
        return 1
    print(f"Applied {len(edits)} edit(s); review them with `git diff {display_path(root)}`.")
    return 0
