"""Safe YAML reading that remembers the line of every mapping key and list item."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Largest catalog file read, in bytes; a paper file is well under 1 KiB.
MAX_FILE_BYTES = 1_000_000
#: Most YAML nodes in one file, a guard against oversized or exploding documents.
MAX_NODES = 100_000

Path_ = tuple[str | int, ...]


class YamlReadError(Exception):
    """The file could not be read as a plain YAML document."""

    def __init__(self, reason: str, line: int | None = None, hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.hint = hint


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
    """Read one YAML document with a safe loader; reject aliases and oversized files."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlReadError(
            f"file is {size} bytes, more than the limit of {MAX_FILE_BYTES}",
            hint="split it or remove what does not belong in the catalog",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlReadError("file is not UTF-8 text", raw.count(b"\n", 0, exc.start) + 1,
                            "save it with UTF-8 encoding") from None
    loader = None
    try:
        loader = SafeLoader(text)  # the pure-Python reader checks characters here
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None, {(): 1})
        lines: dict[Path_, int] = {}
        _walk(node, (), lines, set(), [0])
        data = loader.construct_document(node)
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


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], seen: set[int],
          count: list[int]) -> None:
    """Record lines, rejecting anchors/aliases (a node reached twice) and duplicate keys."""
    if id(node) in seen:
        raise YamlReadError(
            "YAML anchors and aliases are not allowed", node.start_mark.line + 1,
            "write the value out in full",
        )
    seen.add(id(node))
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlReadError(f"file has more than {MAX_NODES} YAML nodes")
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in keys:
                raise YamlReadError(
                    f"duplicate key '{key}'", key_node.start_mark.line + 1,
                    "keep only one of them",
                )
            keys.add(key)
            _walk(value_node, (*path, key), lines, seen, count)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, seen, count)
