"""OpenReview's API v2 (``notes?id=``, JSON): the facts of a paper accepted at a venue that
reviews on OpenReview."""

from __future__ import annotations

import re
from typing import Any

from ..normalize import clean_title
from .http import Session, get, json_body
from .record import Fetched, FetchError, UnknownPaper

SERVICE = "OpenReview"
API_URL = "https://api2.openreview.net/notes"
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
#: Venue ids of papers that were not accepted: ICLR.cc/2024/Conference/Rejected_Submission.
NOT_ACCEPTED = re.compile(r"(?:Rejected|Withdrawn|Desk_Rejected)_Submission|/Submission$")


def _value(content: dict[str, Any], key: str) -> Any:
    """A content field: API v2 wraps each value as ``{"value": ...}``."""
    field = content.get(key)
    return field.get("value") if isinstance(field, dict) else field


def fetch_openreview(forum: str) -> Fetched:
    """The facts of the paper whose forum id is ``forum``."""
    missing = (f"OpenReview has no paper with forum id {forum}: check the URL "
               "(https://openreview.net/forum?id=...)")
    answer = json_body(get(Session(), SERVICE, API_URL, missing, params={"id": forum}),
                       SERVICE)
    notes = answer.get("notes") if isinstance(answer, dict) else None
    if not notes or not isinstance(notes[0], dict):
        raise UnknownPaper(missing)
    content = notes[0].get("content") or {}
    title = clean_title(str(_value(content, "title") or ""))
    venue = " ".join(str(_value(content, "venue") or "").split())
    venue_id = str(_value(content, "venueid") or "")
    if not title:
        raise FetchError(f"OpenReview's note {forum} has no title: check the URL")
    if not venue or venue.startswith("Submitted to") or NOT_ACCEPTED.search(venue_id):
        shown = venue or venue_id or "no venue"
        raise FetchError(f"OpenReview lists forum {forum} as '{shown}', not as accepted at "
                         "a venue: add the paper from where it was published (e.g. its "
                         "arXiv id), or pass --venue and --year")
    year = YEAR.search(venue_id) or YEAR.search(venue)
    if year is None:
        raise FetchError(f"OpenReview's note {forum} names no year ('{venue}'): pass --year")
    acronym = YEAR.split(venue, maxsplit=1)[0].strip()
    host = venue_id.split("/", 1)[0].removesuffix(".cc")
    return Fetched(
        service=SERVICE, identifier=f"forum {forum}", title=title,
        authors=tuple(" ".join(str(a).split()) for a in _value(content, "authors") or []),
        year=int(year[0]), venue_names=tuple(dict.fromkeys(n for n in (venue, acronym, host)
                                                            if n)),
        url=f"https://openreview.net/forum?id={forum}")
