"""A paper's facts from its identifier, read from the service that published it.

The only part of the package that uses the network, and only when a command is asked to
(``paper-catalog add --fetch``, ``paper-catalog check-published``): arXiv's API, Crossref's
REST API, OpenReview's API v2 and the ACL Anthology's BibTeX. Each service has its own
module that returns a :class:`~.record.Fetched` record; every failure is one
:class:`~.record.FetchError` whose message names the service and what to do.
"""

from __future__ import annotations

from .identify import Identifier, identify
from .record import Fetched, FetchError, UnknownPaper, UnreadableIdentifier

__all__ = ["FetchError", "Fetched", "Identifier", "UnknownPaper", "UnreadableIdentifier",
           "fetch_paper", "identify"]


def fetch_paper(text: str) -> Fetched:
    """The facts of the paper that ``text`` (an arXiv id or URL, a DOI, an OpenReview forum
    URL or an ACL Anthology id or URL) identifies, from that identifier's service."""
    identifier = identify(text)
    if identifier.kind == "arxiv":
        from .arxiv_api import fetch_arxiv
        return fetch_arxiv(identifier.value)
    if identifier.kind == "doi":
        from .crossref import fetch_doi
        return fetch_doi(identifier.value)
    if identifier.kind == "openreview":
        from .openreview import fetch_openreview
        return fetch_openreview(identifier.value)
    from .anthology import fetch_anthology
    return fetch_anthology(identifier.value)
