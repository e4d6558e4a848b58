"""What text and URLs the catalog accepts, and text made safe to show in one line.

One rule for every field of every catalog file, the ``paper-catalog`` options and the
README import: :func:`text_problem` and :func:`url_problem` give the (reason, hint) of a
value that may not be used, or None.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, quote, urlsplit

from .normalize import TRACKING_PARAMS, TRACKING_PREFIXES

#: Longest URL accepted; a landing page's address is well under 300 characters.
MAX_URL_CHARS = 2000
#: Longest text of a field: long prose (note, summary, description) and the others.
MAX_LONG_TEXT = 2000
MAX_TEXT = 500
#: Prose that may hold ordinary line breaks ("\n"); every other field is one line.
LONG_TEXT_FIELDS = frozenset({"note", "summary", "description"})
#: Every character ``str.splitlines()`` ends a line at (and so do inventory and BibTeX
#: readers that use it, or that know Unicode's line and paragraph separators).
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: Characters that reorder the text around them (a title could show other than it reads).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Unicode's noncharacters: U+FDD0-U+FDEF and the last two code points of every plane.
NONCHARACTERS = frozenset([*map(chr, range(0xFDD0, 0xFDF0)),
                           *(chr(plane << 16 | low) for plane in range(17)
                             for low in (0xFFFE, 0xFFFF))])
#: Characters RFC 3986 allows nowhere in a URL (besides controls and spaces).
URL_FORBIDDEN = frozenset('\\"<>^`{}|')

_C0_C1 = "\x00-\x1f\x7f-\x9f"
_SPECIAL = "".join(sorted(LINE_BREAKS | BIDI_CONTROLS | NONCHARACTERS))
#: Any character a text may not hold (one-line field), or may hold only as "\n" or "\t"
#: (prose): one search, then the character found is classified.
_SUSPECT = re.compile(f"[{_C0_C1}\ud800-\udfff{re.escape(_SPECIAL)}]")
_ALLOWED_IN_PROSE = frozenset("\n\t")
_INVISIBLE = frozenset(("Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"))


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def char_problem(char: str, one_line: bool) -> tuple[str, str] | None:
    """Why ``char`` may not be in a text (``one_line``: of a one-line field), or None."""
    if char in LINE_BREAKS and one_line:
        return (f"text has a line break ({_code(char)}), but this field is one line",
                "write it on one line")
    if char in _ALLOWED_IN_PROSE and not one_line:
        return None
    if "\ud800" <= char <= "\udfff":
        return (f"text has a lone surrogate ({_code(char)}), half of a character",
                "write the character itself, or remove it")
    if char in NONCHARACTERS:
        return (f"text has a Unicode noncharacter ({_code(char)})", "remove it")
    if char in ("\u2028", "\u2029"):
        return (f"text has a line or paragraph separator ({_code(char)})",
                "start the new line with an ordinary line break")
    if unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS:
        return (f"text has a control character ({_code(char)})", "remove it")
    return None


def text_problem(text: str, field: str) -> tuple[str, str] | None:
    """(reason, hint) when ``text`` is too long, holds a character it may not (see
    :func:`char_problem`; a ``field`` in :data:`LONG_TEXT_FIELDS` may hold line breaks)
    or shows nothing; else None."""
    one_line = field not in LONG_TEXT_FIELDS
    limit = MAX_TEXT if one_line else MAX_LONG_TEXT
    if len(text) > limit:
        return (f"text is {len(text)} characters long, more than the limit of {limit}",
                "shorten it")
    for match in _SUSPECT.finditer(text):
        problem = char_problem(match[0], one_line)
        if problem:
            return problem
    if all(c.isspace() or unicodedata.category(c) in _INVISIBLE for c in text):
        return ("text has only invisible characters", "write the text itself")
    return None


#: A URL of the characters RFC 3986 allows (ASCII): none of them is hidden or forbidden,
#: so the checks of each character are skipped (they cost more than the rest).
_URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")

#: A '%' that two hex digits do not follow: no percent-escape, and no URI (RFC 3986, 2.1).
MALFORMED_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def percent_encoded(url: str) -> str:
    """``url`` with every character RFC 3986 does not allow (and whitespace, controls)
    percent-encoded as UTF-8; its other characters unchanged."""
    return "".join(quote(c, safe="", errors="replace") if _url_forbidden(c) else c
                   for c in url)


def _url_forbidden(char: str) -> bool:
    return (char in URL_FORBIDDEN or char.isspace() or unicodedata.category(char) in ("Cc", "Cs")
            or char in NONCHARACTERS)


def url_problem(url: str) -> tuple[str, str] | None:
    """(reason, hint) when ``url`` may not be used in the catalog, else None."""
    if len(url) > MAX_URL_CHARS:
        return (f"URL is {len(url)} characters long, more than the limit of {MAX_URL_CHARS}",
                "use the paper's short landing-page address")
    plain = _URI_CHARACTERS.fullmatch(url) is not None
    hidden = None if plain else next(
        (c for c in url if unicodedata.category(c) in ("Cc", "Cf", "Cs")
         or c in NONCHARACTERS or c in LINE_BREAKS), None)
    if hidden is not None:
        return (f"URL has a control or invisible character ({_code(hidden)})",
                "copy the address again from the browser's address bar")
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed '[' in the host
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or not parts.hostname:
        return (f"'{url}' is not an absolute http(s) URL",
                "use the full address, starting with https://")
    bad = [] if plain else sorted({c for c in url if _url_forbidden(c)})
    if bad:
        shown = " ".join(repr(c) if c.isspace() else c for c in bad)
        return (f"URL has characters that a URL may not hold: {shown}",
                f"write them percent-encoded: {percent_encoded(url)}")
    stray = MALFORMED_PERCENT.search(url)
    if stray is not None:
        return (f"URL has a '%' that starts no percent-escape (two hex digits) at character "
                f"{stray.start() + 1}",
                f"write a literal '%' as %25: {MALFORMED_PERCENT.sub('%25', url)}")
    if url.count("#") > 1:
        first = url.index("#") + 1
        return ("URL has more than one '#' (a fragment holds none)",
                f"write the later ones as %23: {url[:first]}{url[first:].replace('#', '%23')}")
    if "@" in parts.netloc:
        return (f"URL '{url}' has user information before '@' in its address",
                "remove everything from '//' to '@': the host comes after '//'")
    try:
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        return (f"URL '{url}' has an invalid port", "remove the ':' and port after the host")
    tracking = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True)
                if k.lower().startswith(TRACKING_PREFIXES) or k.lower() in TRACKING_PARAMS]
    if tracking:
        return (f"URL has tracking parameter(s) {', '.join(tracking)}",
                "remove them from the query string")
    return None


def one_line(text: str) -> str:
    """``text`` with each run of whitespace, line breaks included, as one space."""
    return " ".join(text.split())


def escaped(text: str) -> str:
    """``text`` with each character that does not print (line breaks, controls, format
    and private characters, lone surrogates) as a Python escape, such as ``\\n`` or
    ``\\u2028``: a name shown in a message stays on its line and shows what it holds."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
