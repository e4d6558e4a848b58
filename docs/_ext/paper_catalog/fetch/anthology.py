"""The ACL Anthology's BibTeX (``https://aclanthology.org/ID.bib``), read with pybtex."""

from __future__ import annotations

import re

from pybtex.database import Person, parse_string
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text

from ..normalize import clean_title
from .http import Session, get
from .record import Fetched, FetchError

SERVICE = "the ACL Anthology"
BIB_URL = "https://aclanthology.org/{}.bib"
#: The track of a volume id that is not part of the venue: 2023.acl-long -> acl.
TRACKS = re.compile(r"-(?:long|short|main|demo|demos|srw|industry|tutorials?)$")


def _latex(value: str) -> str:
    """LaTeX text as plain text: braces gone, accents decoded (``{\\'e}`` -> é)."""
    try:
        return clean_title(Text.from_latex(value).render_as("text"))
    except (PybtexError, ValueError):
        return clean_title(value.replace("{", "").replace("}", ""))


def _name(person: Person) -> str:
    """A "Given Family" name from a BibTeX person ("Frantar, Elias")."""
    parts = (*person.first_names, *person.middle_names, *person.prelast_names,
             *person.last_names, *person.lineage_names)
    return _latex(" ".join(parts))


def _volume_venue(identifier: str) -> str | None:
    """The venue a new-style id's volume names: 2023.findings-emnlp.445 -> emnlp-findings."""
    parts = identifier.split(".")
    if len(parts) != 3:
        return None
    volume = TRACKS.sub("", parts[1])
    return f"{volume.removeprefix('findings-')}-findings" if volume.startswith(
        "findings-") else volume


def fetch_anthology(identifier: str) -> Fetched:
    """The facts of the Anthology paper ``identifier`` (2023.acl-long.1, N19-1423)."""
    url = BIB_URL.format(identifier)
    missing = (f"the ACL Anthology has no paper {identifier}: check the id "
               "(as in https://aclanthology.org/2023.acl-long.1/)")
    response = get(Session(), "the ACL Anthology", url, missing)
    try:
        entries = parse_string(response.text, "bibtex").entries
    except PybtexError:
        raise FetchError(f"the ACL Anthology's BibTeX of {identifier} cannot be read: try "
                         "again later, or add the paper without --fetch") from None
    if not entries:
        raise FetchError(f"the ACL Anthology's BibTeX of {identifier} has no entry: add the "
                         "paper without --fetch")
    entry = next(iter(entries.values()))
    fields = entry.fields
    title = _latex(fields.get("title", ""))
    year = fields.get("year", "")
    if not title or not year.isdigit():
        raise FetchError(f"the ACL Anthology's BibTeX of {identifier} has no title or year: "
                         "add the paper without --fetch")
    venue = _latex(fields.get("booktitle") or fields.get("journal") or "")
    names = (venue, _volume_venue(identifier) or "")
    return Fetched(
        service=SERVICE, identifier=identifier, title=title,
        authors=tuple(_name(p) for p in entry.persons.get("author", [])), year=int(year),
        venue_names=tuple(n for n in names if n),
        url=fields.get("url") or f"https://aclanthology.org/{identifier}/",
        doi=fields.get("doi") or None)
