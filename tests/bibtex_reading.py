"""An independent reading of the BibTeX the exporter writes, for the tests that check it."""

from __future__ import annotations

import re

# An independent reading of the LaTeX the exporter writes: each escape -> its character.
UNESCAPE = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
            r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\$": "$", r"\&": "&",
            r"\%": "%", r"\#": "#", r"\_": "_"}
ESCAPE_RE = re.compile("|".join(re.escape(e) for e in UNESCAPE))


def untex(value: str) -> str:
    return ESCAPE_RE.sub(lambda m: UNESCAPE[m[0]], value)


def title_text(value: str) -> str:
    """A title field without its protective braces (and leading empty group), unescaped."""
    assert value.startswith("{") and value.endswith("}"), value
    inner = value[1:-1]
    return untex(inner.removeprefix("{}"))
