"""Counts in words: "1 paper", "2 papers"."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural (with an "s") unless ``count`` is one."""
    return f"{count} {noun}{'s' if count != 1 else ''}"
