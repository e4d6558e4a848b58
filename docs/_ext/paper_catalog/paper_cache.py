"""A store of checked paper files, so that loading a changed catalog re-reads only the
paper files that changed.

Each record holds what checking one paper file on its own gives: the paper (or None),
the file's problems, the topic ids it names, and the lines the checks across papers
report at and the keys they compare. A record is used only for the same file (name and a
digest of its bytes: an edit is seen whatever the file's size and times say) checked in
the same context: the same library code (``key``), venues, topics, year and working
directory (which the problems' file names are relative to). A store that cannot be read
is ignored; one that cannot be written is not kept.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from pathlib import Path
from typing import NamedTuple

from .errors import Problem
from .model import Paper
from .stored import read_stored, write_stored

#: What the store holds, so that a file of another format is not taken for one.
FORMAT = "paper-catalog checked paper files 4"
#: The store is this many files, a paper file's record in the one its name picks: an edit
#: rewrites one of them, not the records of the whole catalog.
SHARDS = 16


class PaperRecord(NamedTuple):
    """One paper file checked on its own (see :func:`paper_catalog.load._load_paper`); a
    tuple, which pickles faster than a class with attributes."""

    paper: Paper | None
    problems: tuple[Problem, ...]
    listed: frozenset[str]
    #: Line of each path the checks across papers report at (title, url, topics).
    lines: dict[tuple[str | int, ...], int]
    #: What the checks across papers compare (see :func:`paper_catalog.load.paper_keys`).
    keys: tuple[str, str, str] | None = None


Stamp = str  # a digest of a file's bytes (see file_stamp)

#: The most bytes of a file that its stamp covers, beyond the loader's size limit (a larger
#: file is refused for its size, which the stamp also holds).
READ_LIMIT = 2 * 1024 * 1024
#: The bytes of a file's first read: the whole of a smaller file.
_FIRST_READ = 65536
#: Not through a link; a FIFO does not block the open (it reads as empty).
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(
    os, "O_BINARY", 0)


def file_stamp(path: str | os.PathLike[str]) -> Stamp | None:
    """What a catalog file holds: its size and a digest of its bytes (links are not
    followed); None when it cannot be read. A file under 64 KiB (a paper file) takes
    one read: reading and hashing 10,000 paper files this way takes about 0.1 s."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        return None
    try:
        chunk = os.read(fd, _FIRST_READ)
        digest = hashlib.blake2b(chunk, digest_size=16)
        if len(chunk) < _FIRST_READ:  # the whole file
            return f"{len(chunk)}:{digest.hexdigest()}"
        size = os.fstat(fd).st_size
        read = len(chunk)
        while read <= READ_LIMIT and (chunk := os.read(fd, READ_LIMIT + 1 - read)):
            digest.update(chunk)
            read += len(chunk)
        return f"{size}:{digest.hexdigest()}"
    except OSError:
        return None
    finally:
        os.close(fd)


def context_digest(*parts: object) -> str:
    """A digest of what a paper file's checks depend on beyond the file itself."""
    return hashlib.sha256(repr((FORMAT, os.getcwd(), *parts)).encode()).hexdigest()


def shard_of(name: str) -> int:
    """The store file that holds the record of the paper file ``name`` (the same in every
    process, unlike ``hash``)."""
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % SHARDS


class PaperCache:
    """The records of one context, read from the store's files beside ``path`` (one per
    shard); :meth:`save` keeps those used, rewriting only the files whose records changed."""

    def __init__(self, path: Path, context: str) -> None:
        self.paths = [path.with_name(f"{path.stem}-{i:02d}{path.suffix}")
                      for i in range(SHARDS)]
        self.context = context
        self.old: dict[str, tuple[Stamp, PaperRecord]] = {}
        self.new: dict[str, tuple[Stamp, PaperRecord]] = {}
        self.changed: set[int] = set()
        for shard in self.paths:
            records = read_stored(shard, context)
            if isinstance(records, dict):
                self.old.update(records)
        self.apart_path = path.with_name(f"{path.stem}-apart{path.suffix}")
        apart = read_stored(self.apart_path, context)
        #: The papers (id, year, title key) whose titles the last load found apart,
        #: every pair of candidates compared (see :func:`paper_catalog.load.load_catalog`).
        self.titles_apart = apart if isinstance(apart, frozenset) else None

    def get(self, name: str, stamp: Stamp) -> PaperRecord | None:
        found = self.old.get(name)
        if (isinstance(found, tuple) and len(found) == 2 and found[0] == stamp
                and isinstance(found[1], PaperRecord)):
            self.new[name] = found
            return found[1]
        return None

    def put(self, name: str, stamp: Stamp, record: PaperRecord) -> None:
        self.new[name] = (stamp, record)
        self.changed.add(shard_of(name))

    def save(self) -> None:
        """Write the records of this load (a removed file's record is dropped) into the
        shards that changed."""
        stale = self.changed | {shard_of(name) for name in self.old.keys() ^ self.new.keys()}
        if not stale:
            return
        shards: list[dict[str, tuple[Stamp, PaperRecord]]] = [{} for _ in self.paths]
        for name, record in self.new.items():
            shards[shard_of(name)][name] = record
        for index in sorted(stale):
            write_stored(self.paths[index], self.context, shards[index])

    def save_titles_apart(self, apart: frozenset[tuple[str, int, str]] | None) -> None:
        """Keep what the checks across papers found apart (None: nothing known)."""
        if apart != self.titles_apart:
            write_stored(self.apart_path, self.context, apart)
