"""Rules of single paper fields: the ``added`` date, the ``short`` name, placeholder titles.

Each returns (reason, hint) when the value is refused, else None; the loader reports it
at the field, and ``paper-catalog add`` refuses the same values with the same words.
"""

from __future__ import annotations

import datetime
import re

#: The one spelling of a date: ISO 8601, year-month-day.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Longest short name ("Wanda", "SmoothQuant", "LLM-Pruner").
MAX_SHORT = 40
#: What stands for text not written yet: an ellipsis, or TODO / TBD as a word.
PLACEHOLDER = re.compile(r"\.\.\.|…|(?<![^\W_])(?:todo|tbd)(?![^\W_])", re.IGNORECASE)
ADDED_HINT = "write the day the paper joined the catalog as YYYY-MM-DD, e.g. 'added: 2026-11-27'"


def added_date(value: object, today: datetime.date) -> datetime.date | tuple[str, str]:
    """The date of an ``added`` value, or (reason, hint) why it is refused.

    YAML readers give an unquoted date as a date or as its text: both are accepted, the
    text only as YYYY-MM-DD; a time, a number or other words are not.
    """
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date | str):
        return f"must be a date written YYYY-MM-DD, got {value!r}", ADDED_HINT
    if isinstance(value, str):
        if not ISO_DATE.fullmatch(value):
            return f"'{value}' is not a date written YYYY-MM-DD", ADDED_HINT
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return (f"'{value}' is not a real date (no such month or day)",
                    "check the month (01-12) and the day of the month")
    if value > today:
        return (f"{value.isoformat()} is in the future",
                "use the day the paper joined the catalog: today or earlier")
    return value


def short_problem(short: str) -> tuple[str, str] | None:
    """(reason, hint) when ``short`` is not a one-line name of sane length."""
    if any(c in short for c in "\n\r\u2028\u2029\x85\x0b\x0c"):
        return "must be one line", "write the name people use for the work, e.g. 'Wanda'"
    if len(short) > MAX_SHORT:
        return (f"is {len(short)} characters long, more than the limit of {MAX_SHORT}",
                "write the name people use for the work, e.g. 'Wanda'")
    return None


def placeholder_problem(title: str) -> tuple[str, str] | None:
    """(reason, hint) when ``title`` holds a placeholder instead of the real words."""
    found = PLACEHOLDER.search(title)
    if found is None:
        return None
    return (f"title has the placeholder '{found[0]}'",
            "write the whole title as the paper's primary page shows it")
