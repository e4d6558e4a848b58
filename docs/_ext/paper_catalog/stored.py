"""Results kept in a file from one run to the next, under a key naming what made them.

The file holds two pickles: the key, then the value. Reading gives the value only for the
key asked for, without unpickling the value of another key; a file that is missing,
damaged or written by other code reads as nothing. Writing goes through a temporary file,
so no reader sees half a file; a file that cannot be written is not kept.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path


def read_stored(path: Path, key: object) -> object | None:
    """The value stored in ``path`` under ``key``, or None."""
    try:
        with path.open("rb") as stream:
            if pickle.load(stream) != key:
                return None
            value: object = pickle.load(stream)
            return value
    except Exception:  # missing, or unpickling failed: it can raise almost anything
        return None


def write_stored(path: Path, key: object, value: object) -> None:
    """Keep ``value`` in ``path`` under ``key`` (replacing what the file held)."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as stream:
            pickle.dump(key, stream, pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def read_stamp(path: Path) -> tuple[str, dict[str, str]]:
    """A stamp file of :func:`write_stamp`: what its files were written from, and each
    file's digest; ``("", {})`` when it is missing or cannot be read."""
    with contextlib.suppress(OSError, UnicodeError, ValueError):
        first, *lines = path.read_text(encoding="utf-8").splitlines()
        return first, dict(line.rsplit(" ", 1) for line in lines)
    return "", {}


def write_stamp(path: Path, first: str, digests: dict[str, str]) -> None:
    """Record what some written files were made from (``first``: one line) and a digest of
    each (a name without a line break, a digest without a space), one a line."""
    path.write_text("\n".join([first, *(f"{name} {digest}" for name, digest in digests.items())])
                    + "\n", encoding="utf-8")
