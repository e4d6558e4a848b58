"""``paper-catalog add --fetch ID``: the options a contributor did not pass, filled from the
paper's primary service. Options given on the command line win."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import fetch_paper
from .record import FetchError
from .venues import match_venue, venue_entries


def fill_options(args: argparse.Namespace, root: Path) -> list[str]:
    """Fetch ``args.fetch`` and set the title, authors, year, venue and URL options that
    are not given; the notes to show the contributor. Raises FetchError."""
    fetched = fetch_paper(args.fetch)
    filled: list[str] = []
    if args.venue is None:
        venue = match_venue(fetched.venue_names, venue_entries(root))
        if venue is None:
            name = fetched.venue_names[0] if fetched.venue_names else "no venue"
            raise FetchError(f"{fetched.service} names the venue '{name}', which "
                             "catalog/venues.yaml does not have: add that venue there (with "
                             "this spelling among its aliases), or pass --venue ID")
        args.venue = venue
        filled.append("venue")
    for option, value, label in (("title", fetched.title, "title"),
                                 ("year", fetched.year, "year"),
                                 ("url", fetched.url, "URL")):
        if getattr(args, option) is None:
            setattr(args, option, value)
            filled.append(label)
    if not args.author and fetched.authors:
        args.author = list(fetched.authors)
        filled.append("authors")
    notes = [f"note: {', '.join(filled) or 'nothing'} from {fetched.service} "
             f"({fetched.identifier})"]
    if fetched.doi and fetched.service == "arXiv":
        notes.append(f"note: arXiv links this preprint to DOI {fetched.doi}: if that is its "
                     f"published version, add that instead (--fetch {fetched.doi})")
    elif fetched.journal_ref:
        notes.append(f"note: arXiv's journal reference says '{fetched.journal_ref}': if the "
                     "paper was published there, pass --venue and --year")
    return notes
