"""Safe YAML reading that remembers the line of every mapping key and list item."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Largest catalog file read, in bytes; a paper file is well under 1 KiB.
MAX_FILE_BYTES = 1_000_000
#: Bytes read at a time past a file's reported size.
READ_CHUNK = 65536
#: Most YAML nodes in one file, a guard against oversized or exploding documents (the
#: largest catalog file holds about 500).
MAX_NODES = 50_000
#: Deepest nesting of lists and maps; a catalog file nests five levels at most.
MAX_DEPTH = 50
#: Longest number written in a file (Python refuses to read ints over 4,300 digits).
MAX_NUMBER_CHARS = 30

#: Why a symbolic link in the catalog is refused (never what it points to).
LINK_REASON = "is a symbolic link, which the catalog does not follow"
LINK_HINT = "put the file itself here instead of a link"

Path_ = tuple[str | int, ...]


class YamlReadError(Exception):
    """The file could not be read as a plain YAML document."""

    def __init__(self, reason: str, line: int | None = None, hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.hint = hint


class MissingFileError(YamlReadError):
    """There is no such file (a link to nothing is refused as a link, not this)."""


@dataclass
class YamlDocument:
    """A parsed YAML file with the 1-based line of each node, keyed by its path."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, *path: str | int) -> int | None:
        """Line of the node at ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def read_yaml(path: Path) -> YamlDocument:
    """Read one YAML document with a safe loader into plain strings, numbers, lists and maps.

    Refuses symbolic links and special files (without reading them), oversized files,
    anchors and aliases, tags, duplicate keys and documents nested too deep.
    """
    text = read_text(path)
    loader = None
    try:
        if len(text) > MAX_NODES:  # may hold more nodes than the limit: count them first
            _count_nodes(text)
        loader = SafeLoader(text)  # the pure-Python reader checks characters here
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, {(): 1})
        lines: dict[Path_, int] = {}
        data = _Builder(loader, lines).build(node, (), 0)
    except RecursionError:  # the pure-Python composer recurses before our check
        raise YamlReadError(f"the file is nested more than {MAX_DEPTH} levels deep",
                            _too_deep_line(text), "catalog files nest only a few levels"
                            ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = f"invalid YAML: {exc.problem or exc.context}"
        start = exc.context_mark.line + 1 if exc.context_mark else None
        if exc.problem and exc.context and start != line:
            reason = f"invalid YAML: {exc.context} on line {start}: {exc.problem}"
        raise YamlReadError(reason, line, "check indentation, colons and quotes") from None
    except yaml.reader.ReaderError as exc:
        # The C reader counts bytes and the Python one characters: find the character.
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        index = text.find(char)
        line = text.count("\n", 0, index) + 1 if index >= 0 else None
        raise YamlReadError(f"invalid YAML: unprintable character {char!r}", line,
                            "remove it or write it as an escape in a quoted string") from None
    except yaml.YAMLError as exc:
        raise YamlReadError(f"invalid YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDocument(data, lines)


def _count_nodes(text: str) -> None:
    """Refuse a document of more than MAX_NODES nodes, counted on the parser's events
    before any node is made: composing all the nodes a file of 1 MB can hold (half a
    million in a flow list) would take seconds before the builder's count stops it."""
    count = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.NodeEvent):  # scalars, aliases, list and map starts
            count += 1
            if count > MAX_NODES:
                raise YamlReadError(f"file has more than {MAX_NODES} YAML nodes")


def _too_deep_line(text: str) -> int | None:
    """The line where nesting first goes deeper than MAX_DEPTH, read without recursion."""
    depth = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH + 1:
                return event.start_mark.line + 1 if event.start_mark else 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def read_text(path: Path, limit: int | None = None) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes.

    A symbolic link or special file is refused before anything is read from it, so no
    message can show what it points to; the size is checked before reading, and again
    while reading (files under /proc report a size of 0).
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        info = path.lstat()
    except FileNotFoundError as exc:
        raise MissingFileError(f"cannot read the file: {exc.strerror}") from None
    except OSError as exc:
        raise YamlReadError(f"cannot read the file: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise YamlReadError(LINK_REASON, hint=LINK_HINT)
    if not stat.S_ISREG(info.st_mode):
        raise YamlReadError("not a regular file", hint="catalog files are plain text files")
    too_big = YamlReadError(f"file is {info.st_size} bytes, more than the limit of {limit}",
                            hint="split it or remove what does not belong in the catalog")
    if info.st_size > limit:
        raise too_big
    try:
        fd = _no_follow(str(path), os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            # as many bytes as the size says, in one read, then more until the end (a size
            # of 0 in /proc, or a file that grew): not a buffer of the limit for every file
            raw = os.read(fd, min(limit, info.st_size) + 1)
            more = raw if len(raw) > info.st_size else b""
            while len(raw) <= limit and more:
                more = os.read(fd, min(READ_CHUNK, limit + 1 - len(raw)))
                raw += more
        finally:
            os.close(fd)
    except OSError as exc:
        raise YamlReadError(f"cannot read the file: {exc.strerror}") from None
    if len(raw) > limit:
        raise YamlReadError(f"file is more than the limit of {limit} bytes",
                            hint="split it or remove what does not belong in the catalog")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlReadError("file is not UTF-8 text", raw.count(b"\n", 0, exc.start) + 1,
                            "save it with UTF-8 encoding") from None


def _no_follow(path: str, flags: int) -> int:
    """Open without following a link put in place after the check."""
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))


#: The tags a plain (unquoted, untagged) scalar may resolve to, and how each is built.
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_PLAIN_TAGS = {
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float", _STR,
}


#: The tag each plain scalar resolved to, by loader class and text: the keys, ids and
#: names of paper files recur from file to file (bounded for a process that reads many).
_PLAIN_TAGS_SEEN: dict[tuple[type, str], str] = {}
_PLAIN_TAGS_KEPT = 65536


def _plain_tag(loader: Any, value: str) -> str:
    """The tag the plain (unquoted, untagged) scalar ``value`` resolves to."""
    key = (type(loader), value)
    tag = _PLAIN_TAGS_SEEN.get(key)
    if tag is None:
        tag = loader.resolve(yaml.ScalarNode, value, (True, False))
        if len(_PLAIN_TAGS_SEEN) < _PLAIN_TAGS_KEPT:
            _PLAIN_TAGS_SEEN[key] = tag
    return cast("str", tag)


class _Builder:
    """Plain data from a node tree: str, int, float, bool, None, list, dict only.

    Records the line of every node; rejects tags, anchors/aliases (a node reached twice),
    duplicate keys, non-text keys, too many nodes, too deep nesting and too long numbers.
    A date-like or otherwise special plain value is its text.
    """

    def __init__(self, loader: Any, lines: dict[Path_, int]) -> None:
        self.loader = loader
        self.lines = lines
        self.seen: set[int] = set()
        self.count = 0

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            raise YamlReadError("YAML anchors and aliases are not allowed", line,
                                "write the value out in full")
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlReadError(f"file has more than {MAX_NODES} YAML nodes")
        if depth > MAX_DEPTH:
            raise YamlReadError(f"the file is nested more than {MAX_DEPTH} levels deep",
                                line, "catalog files nest only a few levels")
        self.lines[path] = line
        if isinstance(node, yaml.MappingNode):
            self._untagged(node, "tag:yaml.org,2002:map")
            result: dict[Any, Any] = {}
            # keys as text: 2024 and '2024' are one key (a set, so a check costs O(1))
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlReadError("a key must be plain text, not a list or mapping",
                                        key_node.start_mark.line + 1)
                key = self.scalar(key_node)
                if str(key) in seen or key in result:  # 1 and 1.0: one key of the dict
                    raise YamlReadError(f"duplicate key '{key_node.value}'",
                                        key_node.start_mark.line + 1, "keep only one of them")
                seen.add(str(key))
                result[key] = self.build(value_node, (*path, str(key)), depth + 1)
                self.lines[(*path, str(key))] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            self._untagged(node, "tag:yaml.org,2002:seq")
            return [self.build(item, (*path, index), depth + 1)
                    for index, item in enumerate(node.value)]
        return self.scalar(cast(yaml.ScalarNode, node))

    def _untagged(self, node: yaml.Node, implicit: str) -> None:
        if node.tag != implicit:
            self._tag_error(node)

    @staticmethod
    def _tag_error(node: yaml.Node) -> None:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise YamlReadError(f"YAML tags such as '{tag}' are not allowed",
                            node.start_mark.line + 1, "write the plain value without a tag")

    def scalar(self, node: yaml.ScalarNode) -> Any:
        plain = not node.style
        implicit = _plain_tag(self.loader, node.value) if plain else _STR  # quoted: text
        if node.tag != implicit:
            self._tag_error(node)
        if not plain or node.tag not in _PLAIN_TAGS or node.tag == _STR:
            return node.value  # quoted, or a date, merge key, '=': its text
        if node.tag == _INT:
            if not _DECIMAL.fullmatch(node.value):
                return node.value  # 0x7e8, 1_000, 20:24 (base 60): text, not a surprise number
            if len(node.value) > MAX_NUMBER_CHARS:
                raise YamlReadError(f"number has more than {MAX_NUMBER_CHARS} characters",
                                    node.start_mark.line + 1, "write a shorter number")
        return self.loader.construct_object(node, deep=False)
