"""Normalization of form for upstream data: the facts stay, the spelling is made uniform."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

#: Query parameters that identify a click, campaign or session, not the resource.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "ref_src", "si",
    # ACM Digital Library access token added by Google Scholar links: per-session,
    # the DOI path alone names the paper.
    "casa_token",
})
TRACKING_PREFIXES = ("utm_",)

#: Keyword spelling slips, fixed to the spelling the same topic uses elsewhere.
KEYWORD_FIXES = {
    # Deployment optimization: two rows say "Hardware optimization", one capitalizes it.
    "Hardware Optimization": "Hardware optimization",
    # Data Augmentation: five rows say "Data augmentation", one capitalizes it.
    "Data Augmentation": "Data augmentation",
    # Full-Parameter Fine-Tuning: "betweeen" is a typo, and the paper's own title
    # says "LoRA-based".
    "Comparative study betweeen full-parameter and LoRA-base fine-tuning":
        "Comparative study between full-parameter and LoRA-based fine-tuning",
    # Full-Parameter Fine-Tuning: the same "betweeen" typo.
    "Comparative study betweeen full-parameter and parameter-efficient fine-tuning":
        "Comparative study between full-parameter and parameter-efficient fine-tuning",
}

#: Glossary term slips.
TERM_FIXES = {
    # "Long Range Arena (LAG)": the benchmark's paper abbreviates it LRA.
    "LAG": "LRA",
}

ARXIV_HOSTS = frozenset({"arxiv.org", "www.arxiv.org", "export.arxiv.org"})
#: An arXiv abs/pdf/html path, any version; new-style ids and old ones (hep-th/9901001).
ARXIV_PATH = re.compile(
    r"^/(?:abs|pdf|html)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})"
    r"(?:v\d+)?(?:\.pdf)?/?$")
TERM_WITH_NAME = re.compile(r"^(?P<outer>.+?)\s*\((?P<inner>[^()]+)\)$")


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """``url`` without tracking query parameters; every other part is kept as written."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [p for p in parts.query.split("&") if p and not _is_tracking(p.split("=", 1)[0])]
    return urlunsplit(parts._replace(query="&".join(kept)))


def arxiv_id(url: str) -> str | None:
    """The arXiv identifier (without version) of an arxiv.org abs/pdf/html URL, or None."""
    if "arxiv" not in url.lower():  # no arXiv host: the URL need not be split
        return None
    parts = urlsplit(url)
    if (parts.hostname or "") not in ARXIV_HOSTS:
        return None
    match = ARXIV_PATH.match(parts.path)
    return match["id"] if match else None


def canonical_url(url: str) -> str:
    """An arXiv abs/pdf/html link of any version as ``https://arxiv.org/abs/<id>``;
    any other URL unchanged."""
    identifier = arxiv_id(url)
    return f"https://arxiv.org/abs/{identifier}" if identifier else url


def normal_url(url: str) -> str:
    """A key for duplicate detection: same key, same resource.

    Ignores scheme, a leading ``www.``, case of the host, tracking parameters, the
    fragment and a trailing slash; an arXiv abs/pdf/html link of any version is
    reduced to its identifier, and an ACL Anthology PDF to its paper's page.
    """
    parts = urlsplit(strip_tracking(url.strip()))
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path
    if host == "arxiv.org" and (identifier := arxiv_id(url.strip())):
        path = f"/abs/{identifier}"
    elif host == "aclanthology.org":
        path = path.removesuffix(".pdf")
    return f"{host}{path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")


def clean_title(title: str) -> str:
    """Title with surrounding whitespace trimmed and inner runs collapsed to one space."""
    return " ".join(title.split())


def fold(text: str) -> str:
    """``text`` as compared across papers: casefolded, in Unicode compatibility form
    (NFKC), so spellings a reader cannot tell apart are equal: an accent typed as a
    combining mark and the accented letter (NFD and NFC), "²" and "2", "ﬁ" and "fi",
    full-width and ASCII letters."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKD", text).casefold())


def normal_title(title: str) -> str:
    """A key for duplicate detection: folded (see :func:`fold`), non-alphanumerics
    collapsed to a space."""
    return re.sub(r"[\W_]+", " ", fold(title)).strip()


def better_cased(titles: Iterable[str]) -> str:
    """Of spellings of one title, the one with the most capitals (the first on a tie).

    Upstream lowercases some titles ("Mesh-tensorflow: Deep learning for ...");
    the spelling with more capitals keeps names such as "TensorFlow" intact.
    """
    best = ""
    for title in titles:
        if not best or sum(c.isupper() for c in title) > sum(c.isupper() for c in best):
            best = title
    return best


def fix_keyword(keyword: str) -> str:
    """Keyword with whitespace trimmed and known spelling slips fixed."""
    keyword = " ".join(keyword.split())
    return KEYWORD_FIXES.get(keyword, keyword)


def venue_index(venues: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Casefolded spelling -> venue id, from venues.yaml entries (id, short, aliases)."""
    index: dict[str, str] = {}
    for venue in venues:
        vid = str(venue["id"])
        for spelling in (vid, venue.get("short"), *venue.get("aliases", ())):
            if isinstance(spelling, str) and spelling.strip():
                index.setdefault(" ".join(spelling.split()).casefold(), vid)
    return index


def venue_id(text: str, index: Mapping[str, str]) -> str | None:
    """Venue id for upstream venue text, or None when the spelling is unknown."""
    return index.get(" ".join(text.split()).casefold())


def split_term(name: str) -> tuple[str, str]:
    """(term, full name) of a glossary entry such as "FLOPs (Floating-point operations)".

    An abbreviation in parentheses after a long name ("Long Range Arena (LRA)")
    becomes the term; known term slips are fixed.
    """
    name = " ".join(name.split())
    match = TERM_WITH_NAME.match(name)
    if not match:
        return TERM_FIXES.get(name, name), ""
    outer, inner = match["outer"].strip(), match["inner"].strip()
    if " " in outer and " " not in inner and any(c.isupper() for c in inner):
        outer, inner = inner, outer
    return TERM_FIXES.get(outer, outer), inner
