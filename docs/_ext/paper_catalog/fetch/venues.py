"""A service's spelling of a venue -> the id of catalog/venues.yaml that names it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..normalize import venue_id, venue_index
from ..yaml_source import YamlReadError, read_yaml

#: A year, or an abbreviated one as in "EuroSys '24".
YEAR = re.compile(r"\b(?:19|20)\d{2}\b|'\d{2}\b")
#: Words a proceedings title adds around a venue's name: "Proceedings of the 61st Annual
#: Meeting of ..." names the venue "Annual Meeting of ...".
FILLER = re.compile(r"\b(?:proceedings|of|the|on|in|and|for|annual|\d+(?:st|nd|rd|th)|"
                    r"(?:19|20)\d{2})\b")


def venue_entries(root: Path) -> list[Mapping[str, Any]]:
    """The venue entries of ``root``/venues.yaml (none when it cannot be read)."""
    try:
        data = read_yaml(root / "venues.yaml").data
    except (OSError, YamlReadError):
        return []
    entries = data.get("venues") if isinstance(data, dict) else None
    return [v for v in entries or [] if isinstance(v, dict) and isinstance(v.get("id"), str)]


def _words(text: str) -> str:
    """``text`` as lowercase words without filler, for finding a name inside a title."""
    words = re.sub(r"[\W_]+", " ", text.casefold())
    return " ".join(FILLER.sub(" ", words).split())


def _spellings(name: str) -> Iterable[str]:
    """``name``, and the part before its year ("ICLR 2024 poster" -> "ICLR")."""
    yield name
    before = YEAR.split(name, maxsplit=1)[0].strip(" :,-")
    if before and before != name:
        yield before


def match_venue(names: Sequence[str], venues: Sequence[Mapping[str, Any]]) -> str | None:
    """The id of the venue that ``names`` (a service's spellings, the most telling first)
    name: an id, short name or alias (ignoring case and a year), else the venue whose full
    name appears in one of them (the longest such name)."""
    index = venue_index(venues)
    for name in names:
        for spelling in _spellings(name):
            if found := venue_id(spelling, index):
                return found
    best: tuple[int, str] | None = None
    for name in names:
        text = f" {_words(name)} "
        for venue in venues:
            full = _words(str(venue.get("name") or ""))
            if full and f" {full} " in text and (best is None or len(full) > best[0]):
                best = (len(full), str(venue["id"]))
    return best[1] if best else None
