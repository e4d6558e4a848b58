"""Unit tests of safe YAML reading with line numbers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from paper_catalog import yaml_source
from paper_catalog.yaml_source import YamlDocument, YamlReadError, read_yaml

TEXT = textwrap.dedent("""\
    # a comment first
    areas:
      - id: pre-training
        title: LLM Pre-Training
        summary: >-
          Folded text
          over two lines.
        topics:
          - id: memory-efficiency

            title: Memory Efficiency
          - plain item
          - [flow, list]
    tags: {a: 1,
           b: 2}
""")

LOADERS = [pytest.param(yaml.SafeLoader, id="python")]
if hasattr(yaml, "CSafeLoader"):
    LOADERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.fixture(params=LOADERS)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    """Run the test with each available safe loader."""
    monkeypatch.setattr(yaml_source, "SafeLoader", request.param)
    return request.param


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "file.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read_error(path: Path) -> YamlReadError:
    with pytest.raises(YamlReadError) as info:
        read_yaml(path)
    return info.value


def test_the_csafeloader_is_used_when_available() -> None:
    assert yaml_source.SafeLoader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
def test_libyaml_is_available_here() -> None:
    assert yaml_source.SafeLoader is yaml.CSafeLoader


def test_data_is_read(tmp_path: Path, loader: type) -> None:
    doc = read_yaml(write(tmp_path, TEXT))

    assert doc.data == {
        "areas": [{
            "id": "pre-training",
            "title": "LLM Pre-Training",
            "summary": "Folded text over two lines.",
            "topics": [{"id": "memory-efficiency", "title": "Memory Efficiency"},
                       "plain item", ["flow", "list"]],
        }],
        "tags": {"a": 1, "b": 2},
    }


def test_line_of_every_key_and_list_item(tmp_path: Path, loader: type) -> None:
    doc = read_yaml(write(tmp_path, TEXT))

    assert doc.lines == {
        (): 2,
        ("areas",): 2,
        ("areas", 0): 3,
        ("areas", 0, "id"): 3,
        ("areas", 0, "title"): 4,
        ("areas", 0, "summary"): 5,
        ("areas", 0, "topics"): 8,
        ("areas", 0, "topics", 0): 9,
        ("areas", 0, "topics", 0, "id"): 9,
        ("areas", 0, "topics", 0, "title"): 11,
        ("areas", 0, "topics", 1): 12,
        ("areas", 0, "topics", 2): 13,
        ("areas", 0, "topics", 2, 0): 13,
        ("areas", 0, "topics", 2, 1): 13,
        ("tags",): 14,
        ("tags", "a"): 14,
        ("tags", "b"): 15,
    }


def test_line_falls_back_to_the_nearest_ancestor(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, TEXT))

    assert doc.line("areas", 0, "topics", 0, "title") == 11
    assert doc.line("areas", 0, "topics", 0, "summary") == 9  # missing: its mapping
    assert doc.line("areas", 0, "topics", 7, "id") == 8  # no such item: the list's key
    assert doc.line("nothing", "here") == 2  # the document itself
    assert doc.line() == 2


def test_line_of_a_document_without_lines() -> None:
    assert YamlDocument(None).line("title") is None
    assert YamlDocument(None).line() is None
    assert YamlDocument({"a": 1}, {(): 1}).line("a", "b") == 1


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_document(tmp_path: Path, loader: type, text: str) -> None:
    doc = read_yaml(write(tmp_path, text))

    assert doc.data is None
    assert doc.line("title") == 1


def test_scalar_keys_are_recorded_as_text(tmp_path: Path, loader: type) -> None:
    doc = read_yaml(write(tmp_path, "topics:\n  2024: a\n  quantization: b\n"))

    assert doc.data == {"topics": {2024: "a", "quantization": "b"}}
    assert doc.line("topics", "2024") == 2
    assert doc.line("topics", "quantization") == 3


@pytest.mark.parametrize(("text", "line"), [
    ("a: &x 1\nb: *x\n", 1),
    ("a:\n  - &item {k: v}\n  - *item\n", 2),
    ("base: &b {k: v}\nother:\n  <<: *b\n", 1),
])
def test_anchors_and_aliases_are_rejected(tmp_path: Path, loader: type, text: str,
                                          line: int) -> None:
    error = read_error(write(tmp_path, text))

    assert (error.reason, error.line, error.hint) == (
        "YAML anchors and aliases are not allowed", line, "write the value out in full")


@pytest.mark.parametrize(("text", "key", "line"), [
    ("a: 1\nb: 2\na: 3\n", "a", 3),
    ("outer:\n  k: 1\n  k: 2\n", "k", 3),
    ("list:\n  - {x: 1, y: 2, x: 3}\n", "x", 2),
    ("topics:\n  2024: a\n  '2024': b\n", "2024", 3),  # one key as text
    ("topics:\n  1: a\n  1.0: b\n", "1.0", 3),  # one key of the mapping read
])
def test_duplicate_keys_are_rejected(tmp_path: Path, loader: type, text: str, key: str,
                                     line: int) -> None:
    error = read_error(write(tmp_path, text))

    assert (error.reason, error.line, error.hint) == (
        f"duplicate key '{key}'", line, "keep only one of them")


#: A mapping as large as a file under the size limit holds (the shape of a paper file
#: whose note is a mapping of tens of thousands of keys), scaled to run fast here.
MANY_KEYS = 5000


def test_a_mapping_of_many_keys_is_read(tmp_path: Path, loader: type) -> None:
    keys = "".join(f"  k{i}: {i}\n" for i in range(MANY_KEYS))
    doc = read_yaml(write(tmp_path, "title: T\nnote:\n" + keys))

    assert doc.data["note"] == {f"k{i}": i for i in range(MANY_KEYS)}
    assert doc.line("note", f"k{MANY_KEYS - 1}") == MANY_KEYS + 2


@pytest.mark.parametrize("where", [0, MANY_KEYS // 2, MANY_KEYS - 1])
def test_a_duplicate_among_many_keys_is_found(tmp_path: Path, loader: type,
                                              where: int) -> None:
    keys = "".join(f"  k{i}: {i}\n" for i in range(MANY_KEYS))
    error = read_error(write(tmp_path, f"title: T\nnote:\n{keys}  k{where}: again\n"))

    assert (error.reason, error.line, error.hint) == (
        f"duplicate key 'k{where}'", MANY_KEYS + 3, "keep only one of them")


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system [echo]\n",
    "a: !!python/name:os.system\n",
])
def test_python_tags_are_not_constructed(tmp_path: Path, loader: type, text: str) -> None:
    error = read_error(write(tmp_path, text))

    assert error.reason.startswith("YAML tags such as '!!python/")
    assert error.reason.endswith("' are not allowed")
    assert (error.line, error.hint) == (1, "write the plain value without a tag")


def test_syntax_error_names_where_the_construct_started(tmp_path: Path, loader: type) -> None:
    error = read_error(write(tmp_path, 'a: 1\nb: "open\nc: 3\n'))

    assert (error.reason, error.line, error.hint) == (
        "invalid YAML: while scanning a quoted scalar on line 2: "
        "found unexpected end of stream", 4, "check indentation, colons and quotes")


def test_syntax_error_on_one_line(tmp_path: Path, loader: type) -> None:
    error = read_error(write(tmp_path, "a: 1\nb: c: d\n"))

    assert error.line == 2
    assert error.reason.startswith("invalid YAML: mapping values are not allowed")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_character(tmp_path: Path, loader: type, char: str) -> None:
    error = read_error(write(tmp_path, f"a: é\nb: x{char}y\n"))

    assert (error.reason, error.line) == (f"invalid YAML: unprintable character {char!r}", 2)


def test_file_not_utf8(tmp_path: Path, loader: type) -> None:
    error = read_error(write(tmp_path, "a: 1\nb: caf\xe9\n".encode("latin-1")))

    assert (error.reason, error.line, error.hint) == (
        "file is not UTF-8 text", 2, "save it with UTF-8 encoding")


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_FILE_BYTES", 10)
    error = read_error(write(tmp_path, "title: eleven\n"))

    assert (error.reason, error.line) == ("file is 14 bytes, more than the limit of 10", None)


def test_too_many_nodes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_NODES", 5)
    assert read_yaml(write(tmp_path, "[1, 2, 3, 4]\n")).data == [1, 2, 3, 4]  # 5 nodes

    error = read_error(write(tmp_path, "[1, 2, 3, 4, 5]\n"))

    assert (error.reason, error.line) == ("file has more than 5 YAML nodes", None)


def test_too_many_nodes_are_counted_before_any_is_made(
        tmp_path: Path, loader: type, monkeypatch: pytest.MonkeyPatch) -> None:
    """A flow list of half a million items fits in 1 MB: it is refused on the parser's
    events, before the nodes are composed."""

    class Counting(loader):  # type: ignore[misc,valid-type]
        def get_single_node(self) -> None:
            raise AssertionError("the nodes were composed")

    monkeypatch.setattr(yaml_source, "SafeLoader", Counting)
    items = yaml_source.MAX_NODES + 1
    error = read_error(write(tmp_path, "note: [" + ",".join(["0"] * items) + "]\n"))

    assert (error.reason, error.line) == (
        f"file has more than {yaml_source.MAX_NODES} YAML nodes", None)


@pytest.mark.parametrize("size", [0, 1, 4096, 65536, 65537, 200_000])
def test_a_file_is_read_whole_whatever_its_size(tmp_path: Path, size: int) -> None:
    path = tmp_path / "paper.yaml"
    text = ("é" * size)[: size // 2] + "a" * (size - 2 * (size // 2))
    path.write_text(text, encoding="utf-8")
    assert yaml_source.read_text(path) == text


@pytest.mark.parametrize("reported", [0, 10])
def test_a_file_longer_than_its_reported_size_is_read_to_its_end_or_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reported: int) -> None:
    """Files under /proc report a size of 0, and a file can grow after its size was
    read: the rest is read up to the limit, and a file past it is refused."""
    import os

    path = tmp_path / "paper.yaml"
    path.write_text("x" * 150_000, encoding="utf-8")
    real = os.lstat(path)
    fields = list(real)
    fields[6] = reported  # st_size
    monkeypatch.setattr(Path, "lstat", lambda self: os.stat_result(fields))
    assert yaml_source.read_text(path) == "x" * 150_000
    with pytest.raises(YamlReadError, match="more than the limit of 100000 bytes"):
        yaml_source.read_text(path, limit=100_000)


def test_a_missing_file_is_told_from_an_unreadable_one(tmp_path: Path) -> None:
    with pytest.raises(yaml_source.MissingFileError, match="No such file"):
        yaml_source.read_text(tmp_path / "missing.yaml")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "missing.yaml")
    with pytest.raises(YamlReadError, match="symbolic link") as found:
        yaml_source.read_text(tmp_path / "link.yaml")
    assert not isinstance(found.value, yaml_source.MissingFileError)
