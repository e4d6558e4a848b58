"""Crossref's REST API (``works/{doi}``) through the ``crossrefapi`` client: a published
paper's facts from its DOI."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from crossref.restful import Etiquette, Works

from ..model import Organization
from ..normalize import clean_title
from .http import PROJECT, TIMEOUT, VERSION, service_errors, status_error
from .record import Fetched, FetchError

if TYPE_CHECKING:
    import requests

SERVICE = "Crossref"
API_URL = "https://api.crossref.org/works"
TAG = re.compile(r"<[^>]+>")


def _works() -> Works:
    """A Works endpoint that names the project, has a timeout and does not pause after each
    request (one request is made per paper), whose errors are raised, not parsed as JSON."""
    works = Works(etiquette=Etiquette(PROJECT, VERSION, "paper-catalog"), timeout=TIMEOUT,
                  throttle=False)
    send = works.do_http_request

    def checked(*args: Any, **kwargs: Any) -> requests.Response:
        response: requests.Response = send(*args, **kwargs)
        if response.status_code != 200:
            raise _StatusError(response.status_code)
        return response

    works.do_http_request = checked
    return works


class _StatusError(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def work(doi: str) -> dict[str, Any]:
    """Crossref's record of ``doi`` (the ``message`` of ``works/{doi}``)."""
    with service_errors(SERVICE, API_URL):
        try:
            message = _works().doi(doi)
        except _StatusError as exc:
            raise status_error(SERVICE, exc.status, f"Crossref has no DOI {doi}: check it "
                               "(a DOI of DataCite, e.g. Zenodo's, is not in Crossref)"
                               ) from None
        except ValueError:  # the body was not JSON
            raise FetchError("Crossref answered with something other than JSON: try again "
                             "later") from None
    if not isinstance(message, dict) or not message.get("title"):
        raise FetchError(f"Crossref's record of DOI {doi} has no title: add the paper "
                         "without --fetch")
    return message


def _text(value: str) -> str:
    """Crossref text without its markup (JATS or MathML tags, HTML entities)."""
    return clean_title(html.unescape(TAG.sub("", value)))


def _first(message: dict[str, Any], key: str) -> str:
    values = message.get(key) or []
    return _text(values[0]) if isinstance(values, list) and values else ""


def _year(message: dict[str, Any]) -> int | None:
    """The year of print publication, else the earliest one (``issued``)."""
    for key in ("published-print", "issued", "published"):
        parts = (message.get(key) or {}).get("date-parts") or [[None]]
        if parts[0] and isinstance(parts[0][0], int):
            return int(parts[0][0])
    return None


def _author(person: dict[str, Any]) -> str:
    """A person's "Given Family"; a group, which Crossref gives only a ``name``, as an
    organization."""
    name = " ".join(str(person.get(k) or "") for k in ("given", "family")).strip()
    if name:
        return _text(name)
    group = _text(str(person.get("name") or ""))
    return Organization(group) if group else ""


def landing_page(message: dict[str, Any], doi: str) -> str:
    """The publisher's landing page when Crossref has one (not a PDF), else the DOI."""
    primary = str(((message.get("resource") or {}).get("primary") or {}).get("URL") or "")
    if primary.startswith("https://") and not primary.lower().endswith(".pdf"):
        return primary
    return f"https://doi.org/{doi}"


def venue_names(message: dict[str, Any]) -> tuple[str, ...]:
    """The venue's names in the record: proceedings or journal title, event, acronyms."""
    event = message.get("event") or {}
    names = (_first(message, "container-title"), _text(str(event.get("name") or "")),
             _text(str(event.get("acronym") or "")), _first(message, "short-container-title"))
    return tuple(dict.fromkeys(n for n in names if n))


def record(doi: str, message: dict[str, Any]) -> Fetched:
    """The facts of Crossref's record of ``doi``."""
    title, subtitle = _first(message, "title"), _first(message, "subtitle")
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    year = _year(message)
    if year is None:
        raise FetchError(f"Crossref's record of DOI {doi} has no year: pass --year")
    return Fetched(
        service=SERVICE, identifier=f"DOI {doi}", title=title,
        authors=tuple(a for a in map(_author, message.get("author") or []) if a),
        year=year, venue_names=venue_names(message), url=landing_page(message, doi), doi=doi)


def fetch_doi(doi: str) -> Fetched:
    """The facts of the paper with DOI ``doi``."""
    return record(doi, work(doi))
