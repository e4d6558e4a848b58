"""COinS: a paper's citation as an OpenURL ContextObject in a span's ``title``, which
reference managers (Zotero's page translator among them) read from a table's rows.

The value is KEV (``key=value&...``, each value percent-encoded); it is plain text, to be
escaped as an attribute value like any other. A conference or workshop paper is a
``book`` ContextObject of genre ``proceeding`` with ``rft.btitle``, a journal article a
``journal`` one with ``rft.jtitle``; preprints and software are ``journal`` ones whose
``rft.jtitle`` names where they are published (e.g. "arXiv preprint arXiv:2401.00002").
An author that is an organization is an ``rft.aucorp``. The curators' note is never
part of it.
"""

from __future__ import annotations

from urllib.parse import quote

from ..model import Catalog, Organization, Paper
from ..normalize import arxiv_id
from .paper_meta import doi_of

#: The class by which readers find the spans.
CLASS = "Z3988"


def _pair(key: str, value: str) -> str:
    return f"{key}={quote(value, safe='')}"


def coins_value(catalog: Catalog, paper: Paper) -> str:
    """The KEV ContextObject of ``paper``."""
    venue = catalog.venues[paper.venue]
    return _kev(venue.kind, venue.name, paper.title, paper.authors, paper.year, paper.url)


def _kev(kind: str, venue_name: str, title: str, authors: tuple[str, ...], year: int,
         url: str) -> str:
    """The KEV of a paper from what it holds."""
    eprint = arxiv_id(url)
    if kind in ("conference", "workshop"):
        pairs = [_pair("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
                 _pair("rft.genre", "proceeding"), _pair("rft.atitle", title),
                 _pair("rft.btitle", venue_name)]
    else:
        where = venue_name
        if kind == "preprint" and eprint:
            where = f"arXiv preprint arXiv:{eprint}"
        genre = "article" if kind in ("journal", "preprint") else "unknown"
        pairs = [_pair("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
                 _pair("rft.genre", genre), _pair("rft.atitle", title),
                 _pair("rft.jtitle", where)]
    pairs += [_pair("rft.aucorp" if isinstance(name, Organization) else "rft.au", name)
              for name in authors]
    pairs.append(_pair("rft.date", str(year)))
    pairs.append(_pair("rft_id", url))
    doi = doi_of(url)
    if doi:
        pairs.append(_pair("rft_id", f"info:doi/{doi}"))
    elif eprint:
        pairs.append(_pair("rft_id", f"info:arxiv/{eprint}"))
    return "&".join(["ctx_ver=Z39.88-2004", *pairs])
