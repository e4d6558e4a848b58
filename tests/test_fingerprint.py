"""The build sees every change of a catalog file's bytes, whatever the file's size and
times say: the catalog's fingerprint and the store of checked paper files go by digests
of the files' contents."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from catalog_factory import paper_yaml, write_catalog
from sphinx.testing.util import SphinxTestApp

from paper_catalog import load
from paper_catalog.load import load_catalog
from paper_catalog.paper_cache import READ_LIMIT, file_stamp
from paper_catalog.sphinxext.build_state import catalog_fingerprint

OLD, NEW = "Sparse Cut: Pruning at Scale", "Sparse Cut: Pruning at Scalf"


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (as long) in ``path``, then set the file's access and
    modification times back to what they were (as ``touch -r``, ``cp -p`` or ``tar x`` do)."""
    assert len(old.encode()) == len(new.encode())
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (info.st_size, info.st_mtime_ns)


# --- the stamp of one file -----------------------------------------------------------------

def test_a_stamp_follows_the_bytes_not_the_times(tmp_path: Path) -> None:
    path = tmp_path / "paper.yaml"
    path.write_text("title: GPTQ\n")
    first = file_stamp(path)
    os.utime(path, ns=(1, 1))
    assert file_stamp(path) == first  # a touch changes nothing
    same_size_edit(path, "GPTQ", "GPTX")
    assert file_stamp(path) not in (None, first)
    assert file_stamp(path) == file_stamp(_copy(path, tmp_path / "copy.yaml"))


def _copy(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes())
    return target


def test_a_stamp_of_what_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "target.yaml").write_text("title: x\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "target.yaml")
    assert file_stamp(tmp_path / "link.yaml") is None  # a link is not followed
    assert file_stamp(tmp_path / "missing.yaml") is None
    os.mkfifo(tmp_path / "fifo.yaml")
    assert file_stamp(tmp_path / "fifo.yaml") is not None  # read as empty, without blocking


@pytest.mark.parametrize("size", [0, 65535, 65536, 65537, 3 * 65536])
def test_a_stamp_holds_the_size_and_sees_the_last_byte(tmp_path: Path, size: int) -> None:
    """Around the first read's 64 KiB: the size is the file's, and every byte counts."""
    path = tmp_path / "paper.yaml"
    path.write_bytes(b"a" * size)
    first = file_stamp(path)
    assert first is not None and first.startswith(f"{size}:")
    if size:
        path.write_bytes(b"a" * (size - 1) + b"b")
        assert file_stamp(path) not in (None, first)


def test_a_stamp_reads_no_more_than_its_limit(tmp_path: Path) -> None:
    """A file over the loader's size limit is refused for its size, which the stamp holds;
    bytes past the limit are not read."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * (READ_LIMIT + 10))
    first = file_stamp(big)
    with big.open("r+b") as stream:
        stream.seek(READ_LIMIT + 5)
        stream.write(b"b")
    assert file_stamp(big) == first
    big.write_bytes(b"a" * (READ_LIMIT + 11))
    assert file_stamp(big) != first


# --- the catalog's fingerprint -------------------------------------------------------------

@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_catalog(tmp_path / "catalog")


@pytest.mark.parametrize("name", ["papers/mobilellm.yaml", "venues.yaml", "reference.bib"])
def test_the_fingerprint_sees_a_same_size_edit_with_the_times_set_back(
        catalog_dir: Path, name: str) -> None:
    path = catalog_dir / name
    stamps: dict[str, str] = {}
    before = catalog_fingerprint(catalog_dir, stamps)
    text = path.read_text()
    old = next(word for word in ("MobileLLM", "icml", "Beyond") if word in text)
    same_size_edit(path, old, old[:-1] + chr(ord(old[-1]) + 1))
    after: dict[str, str] = {}
    assert catalog_fingerprint(catalog_dir, after) != before
    assert (after == stamps) is (not name.startswith("papers/"))


def test_the_fingerprint_ignores_a_touch_and_sees_a_new_or_removed_file(
        catalog_dir: Path) -> None:
    before = catalog_fingerprint(catalog_dir)
    os.utime(catalog_dir / "papers" / "mamba.yaml", ns=(10**18, 10**18))
    assert catalog_fingerprint(catalog_dir) == before
    (catalog_dir / "papers" / "new.yaml").write_text("")
    with_new = catalog_fingerprint(catalog_dir)
    assert with_new != before
    (catalog_dir / "papers" / "new.yaml").unlink()
    assert catalog_fingerprint(catalog_dir) == before
    (catalog_dir / "papers" / "link.yaml").symlink_to(catalog_dir / "papers" / "mamba.yaml")
    assert catalog_fingerprint(catalog_dir) not in (before, with_new)


def test_the_paper_store_reads_a_same_size_edit_with_the_times_set_back(
        catalog_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "doctrees" / "paper-catalog-files.pickle"
    reads: list[str] = []
    real = load._load_paper

    def counted(src, *args):  # type: ignore[no-untyped-def]
        reads.append(src.path.name)
        return real(src, *args)

    monkeypatch.setattr(load, "_load_paper", counted)
    (catalog_dir / "papers" / "mobilellm.yaml").write_text(
        paper_yaml(title='"MobileLLM: Optimizing Sub-billion Parameter Language Models"'))
    load_catalog(catalog_dir, cache=store)
    reads.clear()
    same_size_edit(catalog_dir / "papers" / "mobilellm.yaml", "Optimizing", "Optimising")
    catalog = load_catalog(catalog_dir, cache=store)
    assert reads == ["mobilellm.yaml"]
    assert catalog.papers["mobilellm"].title == (
        "MobileLLM: Optimising Sub-billion Parameter Language Models")
    reads.clear()
    stamps: dict[str, str] = {}
    catalog_fingerprint(catalog_dir, stamps)  # as the build passes them
    assert load_catalog(catalog_dir, cache=store, stamps=stamps) == catalog
    assert reads == []


# --- the build -----------------------------------------------------------------------------

def build(make_app, srcdir: Path) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    app = make_app("html", srcdir=srcdir, builddir=srcdir / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    return app


def test_a_rebuild_publishes_a_same_size_edit_with_the_times_set_back(
        make_app, catalog_project: Path) -> None:  # type: ignore[no-untyped-def]
    first = build(make_app, catalog_project)
    out = Path(first.outdir)
    assert OLD in (out / "topics" / "pruning.html").read_text()
    same_size_edit(catalog_project / "catalog" / "papers" / "sparse-cut.yaml", OLD, NEW)
    app = build(make_app, catalog_project)
    assert Path(app.outdir) == out
    page = (out / "topics" / "pruning.html").read_text()
    assert NEW in page and OLD not in page
    bib = (out / "_catalog" / "papers.bib").read_text()
    assert NEW in bib and OLD not in bib
    assert NEW in (out / "_catalog" / "catalog.json").read_text()


def test_a_catalog_copied_with_its_times_is_read(make_app, catalog_project: Path,
                                                  tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``cp -p`` of another version of a file over it: same size, same times."""
    build(make_app, catalog_project)
    paper = catalog_project / "catalog" / "papers" / "sparse-cut.yaml"
    other = tmp_path / "sparse-cut.yaml"
    other.write_text(paper.read_text().replace(OLD, NEW))
    shutil.copystat(paper, other)
    shutil.copy2(other, paper)
    app = build(make_app, catalog_project)
    assert NEW in (Path(app.outdir) / "topics" / "pruning.html").read_text()
