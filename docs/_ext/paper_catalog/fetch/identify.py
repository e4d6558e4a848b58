"""Which service an identifier belongs to: arXiv, a DOI (Crossref), OpenReview or the
ACL Anthology."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from ..facts import ANTHOLOGY_HOSTS
from ..normalize import arxiv_id
from .record import UnreadableIdentifier

#: A bare arXiv id, new style (2402.14905, with a version or an "arXiv:" prefix) or old
#: style (cs/9912012).
ARXIV_ID = re.compile(r"^(?:arxiv:)?(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})"
                      r"(?:v\d+)?$", re.IGNORECASE)
#: A DOI: "10.", a registrant code, a slash and a suffix without spaces.
DOI = re.compile(r"^(?:doi:)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE)
DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
#: DataCite DOIs arXiv mints for its own preprints: 10.48550/arXiv.2402.14905.
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)
OPENREVIEW_HOSTS = frozenset({"openreview.net", "www.openreview.net"})
OPENREVIEW_ID = re.compile(r"^[A-Za-z0-9_-]{5,40}$")
#: An ACL Anthology id: 2023.findings-emnlp.445 (new style) or N19-1423 (old style).
ANTHOLOGY_ID = re.compile(r"^(?:\d{4}\.[a-z0-9]+(?:-[a-z0-9]+)*\.\d+|[A-Z]\d{2}-\d{4})$")

EXAMPLES = ("an arXiv id or URL (2402.14905), a DOI (10.1145/3626772.3657807), an "
            "OpenReview forum URL (https://openreview.net/forum?id=...) or an ACL Anthology "
            "id or URL (2023.acl-long.1)")


@dataclass(frozen=True)
class Identifier:
    """A paper's identifier at one service."""

    #: "arxiv", "doi", "openreview" or "anthology".
    kind: str
    value: str


def identify(text: str) -> Identifier:
    """The identifier ``text`` holds; :class:`UnreadableIdentifier` when it is none."""
    text = text.strip()
    if found := ARXIV_ID.match(text):
        return Identifier("arxiv", found["id"])
    if found := DOI.match(text):
        return _doi(found["doi"])
    if ANTHOLOGY_ID.match(text):
        return Identifier("anthology", text)
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if parts.scheme in ("http", "https"):
        if identifier := arxiv_id(text):
            return Identifier("arxiv", identifier)
        if host in DOI_HOSTS and (found := DOI.match(unquote(parts.path.lstrip("/")))):
            return _doi(found["doi"])
        if host in OPENREVIEW_HOSTS and parts.path.rstrip("/") in ("/forum", "/pdf"):
            ids = parse_qs(parts.query).get("id", [])
            if len(ids) == 1 and OPENREVIEW_ID.match(ids[0]):
                return Identifier("openreview", ids[0])
        if host in ANTHOLOGY_HOSTS:
            name = parts.path.strip("/").removesuffix(".pdf").removesuffix(".bib")
            if ANTHOLOGY_ID.match(name):
                return Identifier("anthology", name)
    raise UnreadableIdentifier(f"--fetch '{text}' is not an identifier paper-catalog can "
                               f"look up: pass {EXAMPLES}")


def _doi(doi: str) -> Identifier:
    """A DOI, or the arXiv id of one of arXiv's own DOIs (Crossref does not hold those)."""
    doi = doi.rstrip(".")
    if (found := ARXIV_DOI.match(doi)) and (bare := ARXIV_ID.match(found["id"])):
        return Identifier("arxiv", bare["id"])
    return Identifier("doi", doi)
