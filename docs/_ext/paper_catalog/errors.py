"""Problems found in the catalog, and the error that reports them all at once."""

from __future__ import annotations

from dataclasses import dataclass

from .plural import counted
from .text_rules import escaped


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the catalog: where it is, what is wrong, what to do."""

    file: str
    line: int | None
    entry: str
    field: str
    reason: str
    hint: str = ""

    def __str__(self) -> str:
        """One line, whatever the catalog text quoted in it holds: what does not print
        (a line break, a control character) is shown escaped, as ``\n`` or ``\u2028``."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        subject = f"{self.entry}, field '{self.field}'" if self.field else self.entry
        text = f"{where}: {subject}: {self.reason}"
        return escaped(f"{text} ({self.hint})" if self.hint else text)


class CatalogError(Exception):
    """The catalog is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.entry, p.field,
                                                        p.reason))
        count = len(self.problems)
        header = f"the catalog has {counted(count, 'problem')}:"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))
