"""Paper ids: short, stable kebab-case names derived from titles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

#: Words left out of ids built from the start of a title.
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "its",
    "of", "on", "or", "the", "to", "via", "with",
})
MAX_WORDS = 6
MAX_CHARS = 40
#: A name before a colon ("MobileLLM: ...") is used alone when it is this short.
NAME_MAX_WORDS = 3
NAME_MAX_CHARS = 30
#: Names Windows keeps for devices, whatever the extension: Git for Windows cannot check
#: out ``papers/aux.yaml``. No id is one of them.
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                            *(f"lpt{i}" for i in range(1, 10))})


def is_reserved(name: str) -> bool:
    """Whether ``name`` (an id, a file name without its extension) is a device name on
    Windows (see :data:`RESERVED_NAMES`), in any case."""
    return name.casefold() in RESERVED_NAMES


def slugify(text: str) -> str:
    """Lowercase ASCII words of ``text`` joined by dashes ("MoE²" -> "moe2")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def _title_slug(title: str) -> str:
    words = [w for w in (slugify(word) for word in title.split()) if w]
    significant = [w for w in words if w not in STOPWORDS] or words
    slug = ""
    for count, word in enumerate(significant):
        candidate = f"{slug}-{word}" if slug else word
        if count >= MAX_WORDS or (slug and len(candidate) > MAX_CHARS):
            break
        slug = candidate
    return slug[:MAX_CHARS].strip("-")


def base_id(title: str) -> str:
    """The id a title gets when nothing else has it yet."""
    name, colon, _ = title.partition(":")
    if colon:
        short = slugify(name)
        if short and len(name.split()) <= NAME_MAX_WORDS and len(short) <= NAME_MAX_CHARS:
            return short
    return _title_slug(title) or "paper"


def paper_id(title: str, taken: Collection[str], year: int | None = None,
             short: str = "") -> str:
    """A kebab-case id for ``title`` that is not in ``taken``.

    The paper's short name, when given, is the id ("Wanda" -> "wanda"); else a short
    name before a colon ("MobileLLM: ..." -> "mobilellm"); else the first significant
    words (at most six, about 40 characters). On a collision, or when the id would be a
    device name on Windows ("aux"), the year is appended, then a counter. ``taken`` is
    not modified.
    """
    base = slugify(short)[:MAX_CHARS].strip("-") or base_id(title)
    if base not in taken and not is_reserved(base):
        return base
    if year is not None and f"{base}-{year}" not in taken:
        return f"{base}-{year}"
    counter = 2
    while f"{base}-{counter}" in taken:
        counter += 1
    return f"{base}-{counter}"
