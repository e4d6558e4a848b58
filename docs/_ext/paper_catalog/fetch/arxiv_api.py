"""arXiv's API (an Atom feed) through the ``arxiv`` client: a preprint's facts, and the DOI
and journal reference its authors recorded once the paper was published."""

from __future__ import annotations

import re
from collections.abc import Sequence

import arxiv

from ..normalize import clean_title
from .http import Session, service_errors, status_error
from .record import Fetched, FetchError, UnknownPaper

SERVICE = "arXiv"
API_URL = "https://export.arxiv.org/api/query"
#: arXiv's terms of use ask for one request every three seconds.
DELAY_SECONDS = 3.0
VERSION = re.compile(r"v\d+$")
DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)


def _client() -> arxiv.Client:
    """A client that does not retry (a failure is reported, not hidden behind minutes of
    retries) and whose requests have a timeout and the project's User-Agent, which the
    client library sets neither of."""
    client = arxiv.Client(page_size=100, delay_seconds=DELAY_SECONDS, num_retries=0)
    client._session = Session()
    return client


def lookup(ids: Sequence[str]) -> dict[str, arxiv.Result]:
    """arXiv's records of ``ids`` (without version) by id, in pages of 100 ids; an id
    arXiv does not have is left out."""
    client = _client()
    found: dict[str, arxiv.Result] = {}
    for start in range(0, len(ids), client.page_size):
        search = arxiv.Search(id_list=list(ids[start:start + client.page_size]),
                              max_results=None)
        with service_errors(SERVICE, API_URL):
            try:
                results = list(client.results(search))
            except arxiv.HTTPError as exc:
                raise status_error(SERVICE, exc.status, f"arXiv has no paper {ids[0]}: "
                                   "check the identifier") from None
            except arxiv.ArxivError:
                raise FetchError("arXiv answered with an empty page: try again later"
                                 ) from None
        for result in results:
            if "/api/errors" not in result.entry_id:  # an error entry of a malformed id
                found[VERSION.sub("", result.get_short_id())] = result
    return found


def published_doi(result: arxiv.Result) -> str | None:
    """The DOI of the published version that the authors linked on arXiv, if any."""
    doi = DOI_URL.sub("", (result.doi or "").strip())
    return doi or None


def fetch_arxiv(identifier: str) -> Fetched:
    """The preprint's facts; its year is that of its first version, as the catalog wants."""
    result = lookup([identifier]).get(identifier)
    if result is None:
        raise UnknownPaper(f"arXiv has no paper {identifier}: check the identifier")
    return Fetched(
        service=SERVICE, identifier=f"arXiv {identifier}", title=clean_title(result.title),
        authors=tuple(" ".join(a.name.split()) for a in result.authors),
        year=result.published.year, venue_names=("arXiv",),
        url=f"https://arxiv.org/abs/{identifier}", doi=published_doi(result),
        journal_ref=" ".join((result.journal_ref or "").split()) or None)
