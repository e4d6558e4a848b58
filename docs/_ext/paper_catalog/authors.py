"""Author names: which ones BibTeX can read, and a paper's authors in short form
("Frantar et al.") for the tables."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pybtex.database import Person
from pybtex.exceptions import PybtexError

from .bibtex import bibtex_person
from .model import Organization

NAME_HINT = ("write it as 'Given Family', or as 'Family, Given' ('Family, Jr, Given' with "
             "a suffix)")


def name_problem(name: str) -> tuple[str, str] | None:
    """(reason, hint) when BibTeX cannot split ``name`` into its parts, as the export
    writes it (more than two commas, an empty part between commas), else None."""
    parts = name.split(",")
    if len(parts) > 3:
        return (f"name has {len(parts) - 1} commas, and BibTeX reads at most two", NAME_HINT)
    if len(parts) > 1 and any(not part.strip() for part in parts):
        return ("name has an empty part before, between or after its commas", NAME_HINT)
    try:
        person = bibtex_person(name)
    except PybtexError as exc:
        return (f"BibTeX cannot read the name: {exc}", NAME_HINT)
    if not person.last_names:
        return ("BibTeX finds no family name in it", NAME_HINT)
    return None


@lru_cache(maxsize=65536, typed=True)  # typed: an organization is not split
def family_name(name: str) -> str:
    """The family name of a "Given Family" name, with its particles ("van Beethoven");
    an organization's whole name."""
    if isinstance(name, Organization):
        return str(name)
    try:
        person = Person(name)
    except PybtexError:  # e.g. an unbalanced brace: take the last word
        return name.split()[-1]
    return " ".join((*person.prelast_names, *person.last_names)) or name


def compact_authors(authors: Sequence[str]) -> str:
    """"Lee" for one author, "Smith and Lee" for two, "Frantar et al." for more, "" for none."""
    if len(authors) > 2:
        return f"{family_name(authors[0])} et al."
    return " and ".join(family_name(a) for a in authors)
