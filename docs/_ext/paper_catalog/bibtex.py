"""BibTeX of catalog papers: names split by pybtex, entries written as pybtex writes them.

Conventions:

- the citation key is the paper id (unique, kebab-case, stable across edits);
- entries are ordered by key;
- the entry type follows the venue kind: ``conference``/``workshop`` -> ``@inproceedings``
  with ``booktitle`` (for a workshop, its own name, e.g. "... WACV Workshops");
  ``journal`` -> ``@article`` with ``journal``; ``preprint`` and
  ``software`` -> ``@misc`` with ``howpublished`` ("arXiv preprint arXiv:<id>" for an
  arXiv preprint, else the venue's full name);
- a paper whose URL is on arxiv.org (``abs``, ``pdf`` or ``html``, any version) also gets
  ``eprint`` (the id without version) and ``archivePrefix = {arXiv}``, whatever its venue;
- every field is one line: each run of whitespace, line breaks included, is one space,
  so no reader can take a line of a field for the start of another entry;
- text fields are LaTeX: the characters LaTeX treats specially are escaped and other
  characters are kept as UTF-8; the title is wrapped in one extra pair of braces, so
  styles print it exactly as the catalog writes it;
- ``url`` is written verbatim (it is read verbatim by the ``url`` package and biblatex),
  with every character a URL may not hold percent-encoded (the catalog refuses them;
  see :func:`~paper_catalog.text_rules.url_problem`): no backslash, brace or ``^`` that a
  style without the ``url`` package would run as TeX;
- ``author`` lists the paper's authors in order (``A and B``), each name split into its
  parts by pybtex's Person (``Last, First``); a paper without recorded authors has no
  ``author`` field. A name BibTeX cannot split (the catalog refuses them) is written
  braced, as one name;
- the entry is the paper's alone: the curators' ``note`` (and any other catalog-only
  field) never enters it, as citation styles print a ``note`` in the reference list.

:func:`paper_bibtex` writes the text that pybtex's BibTeX writer writes for
:func:`paper_entry` (a test compares them over hostile names and titles), without
building pybtex's data and parsing each value's braces as a tree: 10,000 entries cost
0.1 s instead of 1.4 s. Each author name is split once per process.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

from pybtex.bibtex.exceptions import BibTeXError
from pybtex.database import Entry, Person
from pybtex.exceptions import PybtexError

from .model import VENUE_KINDS, Catalog, Organization, Paper
from .normalize import arxiv_id
from .text_rules import one_line, percent_encoded

#: The LaTeX escape of each character LaTeX treats specially in text.
LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("[" + re.escape("".join(LATEX_ESCAPES)) + "]")

def latex_escape(text: str) -> str:
    """``text`` on one line (whitespace runs as one space), LaTeX's special characters
    escaped; everything else unchanged."""
    return _SPECIAL.sub(lambda m: LATEX_ESCAPES[m[0]], one_line(text))


def protected_title(title: str) -> str:
    """The escaped title in one extra pair of braces, so no style changes its case."""
    text = latex_escape(title)
    # BibTeX reads "{\" at the start of a field as one special character, whose letters
    # styles do change; an empty group first keeps the braces a plain protective group.
    return "{" + ("{}" if text.startswith("\\") else "") + text + "}"


def paper_entry(catalog: Catalog, paper: Paper) -> Entry:
    """The BibTeX entry of ``paper`` as pybtex holds it; field values are LaTeX."""
    fields = entry_fields(catalog, paper)
    persons = {"author": [_person(a) for a in paper.authors]} if paper.authors else {}
    return Entry(VENUE_KINDS[catalog.venues[paper.venue].kind].entry_type, fields,
                 persons=persons)


def entry_fields(catalog: Catalog, paper: Paper) -> list[tuple[str, str]]:
    """The fields of ``paper``'s entry but its authors, in order; values are LaTeX."""
    venue = catalog.venues[paper.venue]
    kind = VENUE_KINDS[venue.kind]
    eprint = arxiv_id(paper.url)
    where = venue.name
    if venue.kind == "preprint" and eprint:
        where = f"arXiv preprint arXiv:{eprint}"
    fields = [
        ("title", protected_title(paper.title)),
        (kind.venue_field, latex_escape(where)),
        ("year", str(paper.year)),
    ]
    if eprint:
        fields += [("eprint", eprint), ("archivePrefix", "arXiv")]
    fields.append(("url", percent_encoded(paper.url)))
    return fields


def bibtex_person(name: str) -> Person:
    """An author name as BibTeX reads it; raises a pybtex error when it cannot split it
    into its parts (see :func:`paper_catalog.authors.name_problem`)."""
    return Person(_name_latex(name))


def _person(name: str) -> Person:
    """An author as pybtex holds it; an organization (or a name BibTeX cannot split,
    whatever its commas) braced, so that BibTeX keeps it whole."""
    if not isinstance(name, Organization):
        try:
            return bibtex_person(name)
        except PybtexError:
            pass
    return Person("{" + latex_escape(name) + "}")


def _name_latex(name: str) -> str:
    """An author name as LaTeX; a word "and" in it is braced so it does not split the list."""
    return re.sub(r"\b(and)\b", r"{\1}", latex_escape(name), flags=re.IGNORECASE)


@lru_cache(maxsize=65536, typed=True)  # typed: an organization is not the same name
def _author_field(name: str) -> str:
    """An author as the ``author`` field lists it (pybtex's writer's ``Last, First``)."""
    person = _person(name)

    def part(kind: str) -> str:
        return str(person.get_part_as_text(kind))

    first, middle, lineage = part("first"), part("middle"), part("lineage")
    text = " ".join(n for n in (part("prelast"), part("last")) if n)
    if lineage:
        text += f", {lineage}"
    if first or middle:
        text += ", " + " ".join(n for n in (first, middle) if n)
    return text


#: The deepest nesting of braces pybtex reads in a value.
MAX_BRACE_LEVEL = 100


def _quoted(value: str) -> str:
    """``value`` delimited as pybtex's writer delimits it: in quotes, or in braces when
    it holds a quote; a value whose braces do not match is refused as pybtex refuses it."""
    if "{" in value or "}" in value:
        level = 0
        for char in value:
            if char == "{":
                level += 1
                if level > MAX_BRACE_LEVEL:
                    raise BibTeXError("too many nested braces")
            elif char == "}" and level:
                level -= 1
        if level:
            raise BibTeXError(f"String has unmatched braces: {value}")
    return f'"{value}"' if '"' not in value else f"{{{value}}}"


def entry_sources(catalog: Catalog) -> dict[str, str]:
    """What each paper's entry is made from (the paper and its venue), by paper id: while
    this text is the same, so is the entry that :func:`paper_bibtex` writes."""
    venues = {vid: hashlib.sha256(repr(venue).encode()).hexdigest()[:16]
              for vid, venue in catalog.venues.items()}
    return {pid: f"{paper.digest}\0{venues[paper.venue]}"
            for pid, paper in catalog.papers.items()}


def paper_bibtex(catalog: Catalog, paper: Paper) -> str:
    """The BibTeX text of ``paper`` alone, keyed by its id."""
    fields = entry_fields(catalog, paper)
    if paper.authors:
        fields.insert(0, ("author", " and ".join(_author_field(a) for a in paper.authors)))
    entry_type = VENUE_KINDS[catalog.venues[paper.venue].kind].entry_type
    body = "".join(f",\n    {name} = {_quoted(value)}" for name, value in fields)
    return f"@{entry_type}{{{paper.id}{body}\n}}\n"


def papers_bibtex(catalog: Catalog, papers: Iterable[Paper],
                  texts: dict[str, str] | None = None) -> str:
    """A BibTeX file with one entry per paper, keyed by paper id, ordered by key.

    ``texts`` keeps each paper's entry once written, for the next file that lists it
    (pybtex writes a file as its entries separated by a blank line).
    """
    texts = {} if texts is None else texts
    parts = []
    for paper in sorted(papers, key=lambda p: p.id):
        if paper.id not in texts:
            texts[paper.id] = paper_bibtex(catalog, paper)
        parts.append(texts[paper.id])
    return "\n".join(parts)


def catalog_bibtex(catalog: Catalog, texts: dict[str, str] | None = None) -> str:
    """``papers.bib``: every paper of the catalog."""
    return papers_bibtex(catalog, catalog.papers.values(), texts)


def topic_bibtex(catalog: Catalog, topic_id: str, texts: dict[str, str] | None = None) -> str:
    """The papers listed under ``topic_id`` (or, for a group, under any topic below it)."""
    return papers_bibtex(catalog, catalog.papers_in(topic_id), texts)
