"""What a paper's page says about the paper, as plain text: the meta tags reference
managers and search engines read (Highwire ``citation_*``, Open Graph) and a one-line
citation. The page's template escapes all of it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from ..model import Catalog, Paper
from ..normalize import arxiv_id

_DOI = re.compile(r"^/(10\.\d{4,9}/\S+)$")


def doi_of(url: str) -> str | None:
    """The DOI of a ``https://doi.org/<doi>`` URL, else None."""
    if "doi.org" not in url.lower():  # most URLs: not worth splitting
        return None
    parts = urlsplit(url)
    if parts.hostname not in ("doi.org", "dx.doi.org"):
        return None
    found = _DOI.match(unquote(parts.path))
    return found[1] if found else None


def venue_where(catalog: Catalog, paper: Paper) -> str:
    """Where the paper is published, as its BibTeX entry names it."""
    venue = catalog.venues[paper.venue]
    eprint = arxiv_id(paper.url)
    if venue.kind == "preprint" and eprint:
        return f"arXiv preprint arXiv:{eprint}"
    return venue.name


def highwire_tags(catalog: Catalog, paper: Paper, page_url: str) -> list[tuple[str, str]]:
    """(name, content) of the ``citation_*`` meta tags, in the order Google Scholar's
    inclusion guidelines list them."""
    venue = catalog.venues[paper.venue]
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", name) for name in paper.authors]
    tags.append(("citation_publication_date", str(paper.year)))
    if venue.kind in ("conference", "workshop"):
        tags.append(("citation_conference_title", venue.name))
    elif venue.kind == "journal":
        tags.append(("citation_journal_title", venue.name))
    doi = doi_of(paper.url)
    eprint = arxiv_id(paper.url)
    if doi:
        tags.append(("citation_doi", doi))
    if eprint:
        tags.append(("citation_arxiv_id", eprint))
    if page_url:
        tags.append(("citation_abstract_html_url", page_url))
    return tags


def open_graph_tags(catalog: Catalog, paper: Paper, page_url: str) -> list[tuple[str, str]]:
    """(property, content) of the Open Graph tags."""
    tags = [("og:title", paper.title), ("og:type", "article")]
    if page_url:
        tags.append(("og:url", page_url))
    tags.append(("og:description", description(catalog, paper)))
    return tags


def description(catalog: Catalog, paper: Paper) -> str:
    """"Authors. Venue, year." in a line."""
    venue = catalog.venues[paper.venue]
    who = f"{author_list(paper.authors)}. " if paper.authors else ""
    return f"{who}{venue.name}, {paper.year}."


def author_list(authors: tuple[str, ...]) -> str:
    """"A", "A and B", "A, B, and C": as BibTeX's plain style lists them."""
    if len(authors) <= 2:
        return " and ".join(authors)
    return f"{', '.join(authors[:-1])}, and {authors[-1]}"


def citation_parts(catalog: Catalog, paper: Paper) -> dict[str, str]:
    """A one-line reference in the manner of BibTeX's plain style: the authors, the title,
    "In" before a proceedings' name (shown in italics), where, and the year. Written here
    rather than by pybtex's style, which takes about 10 ms a paper (100 s at 10,000)."""
    venue = catalog.venues[paper.venue]
    return {"authors": author_list(paper.authors), "title": paper.title,
            "prefix": "In " if venue.kind in ("conference", "workshop") else "",
            "where": venue_where(catalog, paper), "year": str(paper.year)}
