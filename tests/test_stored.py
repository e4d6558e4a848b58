"""Results kept between runs under a key (paper_catalog.stored)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from paper_catalog.stored import read_stamp, read_stored, write_stamp, write_stored


def test_a_value_is_read_back_under_its_key_only(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "values.pickle"
    write_stored(path, "key 1", {"a": (1, "x")})
    assert read_stored(path, "key 1") == {"a": (1, "x")}
    assert read_stored(path, "key 2") is None
    assert [p.name for p in path.parent.iterdir()] == ["values.pickle"]  # no temporary left


def test_the_value_of_another_key_is_not_unpickled(tmp_path: Path) -> None:
    path = tmp_path / "values.pickle"
    # the key, then a pickle of a class that no longer exists
    path.write_bytes(pickle.dumps("old key")
                     + b"\x80\x04\x95\x1c\x00\x00\x00\x00\x00\x00\x00\x8c\x0bgone_module"
                       b"\x94\x8c\x04Gone\x94\x93\x94.")
    assert read_stored(path, "new key") is None
    assert read_stored(path, "old key") is None  # cannot be read back: nothing


def test_a_missing_damaged_or_unwritable_file_is_nothing(tmp_path: Path) -> None:
    assert read_stored(tmp_path / "missing.pickle", "key") is None
    (tmp_path / "damaged.pickle").write_bytes(b"not a pickle")
    assert read_stored(tmp_path / "damaged.pickle", "key") is None
    blocked = tmp_path / "a file"
    blocked.write_text("")
    write_stored(blocked / "values.pickle", "key", 1)  # its folder is a file: not kept
    assert read_stored(blocked / "values.pickle", "key") is None


@pytest.mark.parametrize("text", ["", "\n", "first\nno-digest\n", "\udcff", None])
def test_a_stamp_that_cannot_be_read_reads_as_nothing_or_what_it_holds(
        tmp_path: Path, text: str | None) -> None:
    """An empty, damaged or missing stamp file: the files are written again, no error."""
    path = tmp_path / "x.stamp"
    if text == "\udcff":
        path.write_bytes(b"\xff\xfe not UTF-8")
    elif text is not None:
        path.write_text(text, encoding="utf-8")
    assert read_stamp(path) == ("", {})


def test_a_stamp_reads_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "x.stamp"
    write_stamp(path, "abc123", {"_catalog/papers.bib": "d1", "_feeds/all.atom": "d2"})
    assert read_stamp(path) == ("abc123", {"_catalog/papers.bib": "d1",
                                           "_feeds/all.atom": "d2"})
