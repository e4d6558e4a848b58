"""Facts a paper's own URL gives away, and checks that a paper's facts agree with them.

A proceedings URL names the year and often the venue of the paper it links: NeurIPS
(``/paper/2022/``), the ACL Anthology (``2023.findings-acl.375``, ``N19-1423``), PMLR
volumes of ICML (``/v202/``), the CVF open access site (``CVPR2023``, ``WACV2023W``). An
arXiv identifier gives the month the preprint was first posted, so the paper cannot be
older. OpenReview ids say nothing, so OpenReview URLs are never checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .model import Paper, Venue
from .normalize import arxiv_id, canonical_url

#: PMLR volumes that hold ICML proceedings -> the year of that ICML.
ICML_VOLUMES = {80: 2018, 97: 2019, 119: 2020, 139: 2021, 162: 2022, 202: 2023, 235: 2024}
NEURIPS_HOSTS = frozenset({"proceedings.neurips.cc", "papers.nips.cc", "papers.neurips.cc",
                           "nips.cc", "neurips.cc"})
NEURIPS_PATH = re.compile(r"^/(?:paper_files/)?paper/(?P<year>\d{4})/")
ANTHOLOGY_HOSTS = frozenset({"aclanthology.org", "www.aclweb.org", "aclweb.org"})
#: A new-style Anthology id: 2023.findings-acl.375, 2022.acl-short.1.
ANTHOLOGY_ID = re.compile(r"(?:^|/)(?P<year>\d{4})\.(?P<volume>[a-z0-9]+(?:-[a-z0-9]+)*)\.\d+")
#: An old-style Anthology id: N19-1423 (letter, two-digit year, number).
ANTHOLOGY_OLD_ID = re.compile(r"(?:^|/)(?P<letter>[A-Z])(?P<yy>\d{2})-\d{4}(?:\.pdf)?/?$")
PMLR_PATH = re.compile(r"^/v(?P<volume>\d+)/")
#: openaccess.thecvf.com/content/CVPR2023/... or content/WACV2023W/...; older
#: content_cvpr_2018/ and content_ICCV_2019_workshops/ paths.
CVF_PATH = re.compile(r"^/content/(?P<conf>[A-Za-z]+)(?P<year>\d{4})(?P<w>W?)/"
                      r"|^/content_(?P<conf2>[A-Za-z]+)_(?P<year2>\d{4})(?P<w2>_workshops)?/")


@dataclass(frozen=True)
class UrlFacts:
    """What a URL says about its paper; None where it says nothing."""

    year: int | None = None
    #: Where the year and venue come from, for messages: "NeurIPS proceedings", ...
    source: str = ""
    findings: bool | None = None  # an ACL Anthology Findings volume, or not
    icml: bool = False  # a PMLR volume of ICML
    workshop: bool | None = None  # a CVF workshop path, or not


def arxiv_year(identifier: str) -> int:
    """The year an arXiv id was issued: ``2402.14905`` -> 2024, ``cs/9912012`` -> 1999."""
    digits = identifier.rsplit("/", 1)[-1]
    yy = int(digits[:2])
    return 1900 + yy if yy >= 91 else 2000 + yy  # arXiv started in August 1991


def url_facts(url: str) -> UrlFacts:
    """The year (and Findings, ICML or workshop status) a proceedings URL names."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path
    if host in NEURIPS_HOSTS and (m := NEURIPS_PATH.match(path)):
        return UrlFacts(int(m["year"]), f"NeurIPS proceedings /paper/{m['year']}/")
    if host in ANTHOLOGY_HOSTS:
        if m := ANTHOLOGY_ID.search(path):
            return UrlFacts(int(m["year"]), f"ACL Anthology {m[0].lstrip('/')}",
                            findings=m["volume"].startswith("findings"))
        if m := ANTHOLOGY_OLD_ID.search(path):
            yy = int(m["yy"])
            name = m[0].lstrip("/").removesuffix("/").removesuffix(".pdf")
            return UrlFacts(1900 + yy if yy >= 50 else 2000 + yy, f"ACL Anthology {name}",
                            findings=False)
    if host == "proceedings.mlr.press" and (m := PMLR_PATH.match(path)):
        volume = int(m["volume"])
        if volume in ICML_VOLUMES:
            return UrlFacts(ICML_VOLUMES[volume],
                            f"PMLR volume {volume}, ICML {ICML_VOLUMES[volume]}", icml=True)
    if host == "openaccess.thecvf.com" and (m := CVF_PATH.match(path)):
        conf = (m["conf"] or m["conf2"]).upper()
        year = m["year"] or m["year2"]
        workshop = bool(m["w"] or m["w2"])
        return UrlFacts(int(year), f"CVF {conf}{year}{'W' if workshop else ''}",
                        workshop=workshop)
    return UrlFacts()


def fact_problems(paper: Paper, venues: Mapping[str, Venue] | None
                  ) -> list[tuple[str, str, str]]:
    """(field, reason, hint) for each fact of ``paper`` that its URL contradicts.

    ``venues`` is None when the venue registry could not be read (venue checks are skipped).
    """
    problems = []
    identifier = arxiv_id(paper.url)
    if identifier is not None:
        canonical = canonical_url(paper.url)
        if paper.url != canonical:
            problems.append(("url", "an arXiv URL must be the abstract page, without "
                             "version, www or http", f"use {canonical}"))
        issued = arxiv_year(identifier)
        if paper.year < issued:
            problems.append((
                "year", f"{paper.year} is before arXiv {identifier} was first posted ({issued})",
                f"use the year of publication, {issued} or later"))
    facts = url_facts(paper.url)
    if facts.year is not None and facts.year != paper.year:
        problems.append(("year", f"{paper.year} disagrees with the URL ({facts.source})",
                         f"use {facts.year}, or link the paper's own page"))
    venue = venues.get(paper.venue) if venues is not None else None
    if venue is not None:
        problem = _venue_problem(venue, venues or {}, facts)
        if problem:
            problems.append(("venue", *problem))
    return problems


def _venue_problem(venue: Venue, venues: Mapping[str, Venue],
                   facts: UrlFacts) -> tuple[str, str] | None:
    """(reason, hint) when the venue contradicts the one the URL names."""
    said = f"disagrees with the URL ({facts.source})"
    if facts.findings and "findings" not in venue.id:
        findings = f"{venue.id}-findings"
        hint = f"use '{findings}'" if findings in venues else "use a Findings venue id"
        return f"'{venue.id}' {said}, a Findings paper", hint
    if facts.icml and venue.id != "icml":
        return f"'{venue.id}' {said}", "use 'icml'"
    if facts.workshop and venue.kind != "workshop":
        workshops = [v.id for v in venues.values() if v.parent == venue.id]
        hint = (f"use '{workshops[0]}'" if workshops
                else "use a venue of kind 'workshop' (add one with 'parent:' if needed)")
        return f"'{venue.id}' {said}, a workshop paper", hint
    return None
