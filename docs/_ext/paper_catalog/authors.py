"""Author names: a paper's authors in short form ("Frantar et al.") for the tables."""

from __future__ import annotations

from collections.abc import Sequence

from pybtex.database import Person
from pybtex.exceptions import PybtexError


def family_name(name: str) -> str:
    """The family name of a "Given Family" name, with its particles ("van Beethoven")."""
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
