"""Writes of ``add`` and ``import-readme``: all or nothing, never over another run's file,
never through a symbolic link; a failed command leaves the catalog byte for byte as it was."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from catalog_factory import write_catalog

from paper_catalog.atomic import (
    ChangedMeanwhile,
    LinkedFolder,
    Planned,
    WriteError,
    remove_written,
    write_files,
)
from paper_catalog.cli import main
from paper_catalog.readme import importer

REPO = Path(__file__).resolve().parents[1]
TOPIC = ["--topic", "efficient-attention", "--keyword", "Hardware optimization",
         "--author", "Ada Lovelace", "--year", "2024", "--venue", "icml"]
ZORBLAX = "Zorblax: First Paper On Widgets"
MAMBA_ROW = ("| 2023 | Attention-free | [Mamba: Linear-Time Sequence Modeling with Selective "
             "State Spaces](https://arxiv.org/abs/2312.00752) | arXiv |\n")


def snapshot(folder: Path) -> dict[str, tuple[bytes | str, int]]:
    """Every entry under ``folder`` (links not followed): its bytes, or a link's target,
    and its mode; temporary files left behind would show."""
    found: dict[str, tuple[bytes | str, int]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = (os.readlink(path), info.st_mode)
        elif path.is_file():
            found[name] = (path.read_bytes(), info.st_mode)
        else:
            found[name] = (b"", info.st_mode)
    return found


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small valid catalog as ./catalog of the working directory."""
    monkeypatch.chdir(tmp_path)
    return write_catalog(tmp_path / "catalog")


@pytest.fixture
def readme(tmp_path: Path, catalog: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The README exported from ``catalog``; ``catalog`` becomes what importing it gives
    (so that importing it again changes nothing), without a row order file."""
    path = tmp_path / "README.md"
    assert run(capsys, "export-readme", "-o", str(path))[0] == 0
    for name in [p.name for p in catalog.iterdir() if p.name not in
                 ("venues.yaml", "topics.yaml", "tools.yaml")]:
        target = catalog / name
        if target.is_dir():
            for child in target.iterdir():
                child.unlink()
            target.rmdir()
        else:
            target.unlink()
    assert run(capsys, "import-readme", str(path))[0] == 0
    (catalog / "readme-order.yaml").unlink()
    return path


def with_row(readme: Path, row: str) -> Path:
    """A copy of ``readme`` with ``row`` after Mamba's row under Efficient Attention."""
    text = readme.read_text(encoding="utf-8")
    assert MAMBA_ROW in text
    path = readme.with_name("README-more.md")
    path.write_text(text.replace(MAMBA_ROW, MAMBA_ROW + row, 1), encoding="utf-8")
    return path


# --- the helper ----------------------------------------------------------------------------

def test_write_files_creates_and_replaces_all_files(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text("old\n")
    os.chmod(tmp_path / "old.yaml", 0o640)
    created = write_files(tmp_path, {"papers/new.yaml": Planned("new\n"),
                                     "old.yaml": Planned("changed\n", b"old\n")})
    assert [c.path for c in created] == [tmp_path / "papers" / "new.yaml"]
    assert snapshot(tmp_path) == {
        "old.yaml": (b"changed\n", 0o100640),  # the mode of the file it replaced
        "papers": (b"", (tmp_path / "papers").lstat().st_mode),
        "papers/new.yaml": (b"new\n", (tmp_path / "papers" / "new.yaml").lstat().st_mode)}
    assert (tmp_path / "papers" / "new.yaml").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    probe = os.umask(0)
    os.umask(probe)
    return probe


@pytest.mark.parametrize("no_hard_links", [False, True])
def test_a_new_file_never_replaces_one_that_appeared(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_hard_links: bool) -> None:
    if no_hard_links:  # as on a file system without them: O_CREAT|O_EXCL instead
        monkeypatch.setattr(os, "link", _refuse_link)
    (tmp_path / "theirs.yaml").write_text("another run's paper\n")
    (tmp_path / "kept.yaml").write_text("kept\n")
    before = snapshot(tmp_path)
    with pytest.raises(ChangedMeanwhile) as caught:
        write_files(tmp_path, {"a.yaml": Planned("a\n"), "kept.yaml": Planned("x\n", b"kept\n"),
                               "theirs.yaml": Planned("mine\n")})
    assert str(caught.value) == (f"{tmp_path / 'theirs.yaml'}: another program created it "
                                 "meanwhile")
    assert snapshot(tmp_path) == before


def _refuse_link(*args: object, **kwargs: object) -> None:
    raise PermissionError(1, "Operation not permitted")


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "paper.yaml").write_text("edited by hand meanwhile\n")
    before = snapshot(tmp_path)
    with pytest.raises(ChangedMeanwhile) as caught:
        write_files(tmp_path, {"new.yaml": Planned("new\n"),
                               "paper.yaml": Planned("import\n", b"as read\n")})
    assert str(caught.value) == f"{tmp_path / 'paper.yaml'}: another program changed it meanwhile"
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("failing", [1, 2])
@pytest.mark.parametrize("no_hard_links", [False, True])
def test_a_failed_rename_puts_back_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              failing: int, no_hard_links: bool) -> None:
    """The n-th rename into place fails: the files renamed before it are put back."""
    (tmp_path / "a.yaml").write_text("a\n")
    (tmp_path / "c.yaml").write_text("c\n")
    before = snapshot(tmp_path)
    if no_hard_links:
        monkeypatch.setattr(os, "link", _refuse_link)
    replace, calls = os.replace, []

    def flaky(source: str | Path, target: str | Path) -> None:
        calls.append(target)
        if len(calls) == failing:
            raise PermissionError(13, "Permission denied", str(target))
        replace(source, target)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(WriteError) as caught:
        write_files(tmp_path, {"a.yaml": Planned("A\n", b"a\n"), "papers/b.yaml": Planned("B\n"),
                               "c.yaml": Planned("C\n", b"c\n")})
    assert caught.value.reason == "Permission denied"
    monkeypatch.setattr(os, "replace", replace)
    assert snapshot(tmp_path) == before


def test_an_unwritable_folder_leaves_the_others_untouched(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """The catalog folder refuses new files (``chattr +i``), ``papers/`` does not."""
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "old.yaml").write_text("old\n")
    before = snapshot(tmp_path)
    opener = os.open

    def immutable_root(path: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        if Path(path).parent == tmp_path and flags & os.O_CREAT:
            raise PermissionError(1, "Operation not permitted", str(path))
        return opener(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", immutable_root)
    with pytest.raises(WriteError) as caught:
        write_files(tmp_path, {"papers/new.yaml": Planned("new\n"),
                               "papers/old.yaml": Planned("x\n", b"old\n"),
                               "readme-order.yaml": Planned("order\n")})
    assert caught.value.reason == "Operation not permitted"
    monkeypatch.setattr(os, "open", opener)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("link", ["", "papers", "papers/sub"])
def test_no_write_through_a_linked_folder(tmp_path: Path, link: str) -> None:
    """The catalog folder, or one under it, is a link to a folder outside."""
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    root = tmp_path / "catalog"
    (root / "papers").mkdir(parents=True)
    linked = root / link if link else root
    if link:
        linked.rmdir() if linked.exists() else None
    else:
        (root / "papers").rmdir()
        root.rmdir()
    linked.symlink_to(outside, target_is_directory=True)
    before = snapshot(tmp_path)
    with pytest.raises(LinkedFolder) as caught:
        write_files(root, {"papers/sub/x.yaml": Planned("x\n")})
    assert str(caught.value) == f"{linked}: is a symbolic link"
    assert snapshot(tmp_path) == before


def test_remove_written_removes_only_the_file_it_created(tmp_path: Path) -> None:
    [mine] = write_files(tmp_path, {"x.yaml": Planned("mine\n")})
    (tmp_path / "theirs").write_text("theirs\n")
    os.replace(tmp_path / "theirs", tmp_path / "x.yaml")  # another program's file now
    assert not remove_written(mine)
    assert (tmp_path / "x.yaml").read_text() == "theirs\n"
    [again] = write_files(tmp_path, {"y.yaml": Planned("mine\n")})
    assert remove_written(again) and not (tmp_path / "y.yaml").exists()


# --- add -----------------------------------------------------------------------------------

def test_add_fails_cleanly_when_another_run_took_the_id_meanwhile(
        catalog: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The other run writes ``zorblax.yaml`` after this one chose the id, before it writes."""
    from paper_catalog import cli

    theirs = "title: 'Zorblax: Second Paper On Gadgets'\n"
    problems = cli._problems

    def other_run_meanwhile(root: Path) -> list:
        found = problems(root)
        (root / "papers" / "zorblax.yaml").write_text(theirs)
        return found

    monkeypatch.setattr(cli, "_problems", other_run_meanwhile)
    status, out, err = run(capsys, "add", "https://example.org/first", "--title", ZORBLAX,
                           *TOPIC)
    assert (status, out) == (1, "")
    assert err == ("error: catalog/papers/zorblax.yaml was created by another run meanwhile, "
                   "so this paper was not written: run the command again (it will pick "
                   "another id, or find the paper already there)\n")
    assert (catalog / "papers" / "zorblax.yaml").read_text() == theirs
    assert sorted(p.name for p in (catalog / "papers").iterdir()) == [
        "mamba.yaml", "mobilellm.yaml", "zorblax.yaml"]


def test_two_adds_at_once_never_lose_a_paper(catalog: Path) -> None:
    """Two processes that derive the same id: each paper is added, or its run says why not."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    titles = [ZORBLAX, "Zorblax: Second Paper On Gadgets"]
    runs = [subprocess.Popen(
        [sys.executable, "-m", "paper_catalog", "add", f"https://example.org/{i}",
         "--title", title, *TOPIC], cwd=catalog.parent, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i, title in enumerate(titles)]
    results = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    files = {p.name: p.read_text() for p in (catalog / "papers").glob("z*.yaml")}
    for (status, out, err), title in zip(results, titles, strict=True):
        if status == 0:
            name = out.splitlines()[0].removeprefix("Added catalog/papers/").removesuffix(":")
            assert title in files.pop(name), (out, err)
        else:
            assert status == 1, err
            assert "was created by another run meanwhile, so this paper was not written" in err
    assert files == {}  # no paper file that no run reported
    assert any(status == 0 for status, _, _ in results), results


def test_an_invalid_paper_never_removes_a_file_it_did_not_create(
        catalog: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The new file is replaced by another program's while the catalog is checked; the new
    paper is invalid (the same work as Mamba, reported at the new paper: it was added
    later), and the other program's file stays."""
    from paper_catalog import cli

    calls, problems = [], cli._problems
    theirs = "another program's file\n"

    def replaced_while_checking(root: Path) -> list:
        calls.append(root)
        if len(calls) == 2:
            found = problems(root)
            (root / "papers" / "tmp").write_text(theirs)
            os.replace(root / "papers" / "tmp", root / "papers" / "amamba.yaml")
            return found
        return problems(root)

    monkeypatch.setattr(cli, "_problems", replaced_while_checking)
    status, _, err = run(capsys, "add", "https://example.org/amamba", "--title",
                         "AMamba: Linear-Time Sequence Modeling with Selective State Spaces",
                         *TOPIC[:-4], "--year", "2023", "--venue", "arxiv")
    assert status == 1
    lines = err.splitlines()
    assert lines[0] == ("error: the new paper would make the catalog invalid, and "
                        "catalog/papers/amamba.yaml is no longer the file this command wrote, "
                        "so it was left as it is:")
    assert lines[1].startswith("  catalog/papers/amamba.yaml:1: paper 'amamba', field "
                               "'title': same work as paper 'mamba'")
    assert (catalog / "papers" / "amamba.yaml").read_text() == theirs


def test_an_invalid_paper_removes_only_its_own_file(
        catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(catalog)
    status, _, err = run(capsys, "add", "https://example.org/amamba", "--title",
                         "AMamba: Linear-Time Sequence Modeling with Selective State Spaces",
                         *TOPIC[:-4], "--year", "2023", "--venue", "arxiv")
    assert status == 1
    assert err.splitlines()[0] == ("error: the new paper would make the catalog invalid, so "
                                   "catalog/papers/amamba.yaml was not kept:")
    assert snapshot(catalog) == before


@pytest.mark.parametrize("link", ["catalog", "catalog/papers"])
def test_add_refuses_a_linked_catalog_or_papers_folder(
        catalog: Path, tmp_path: Path, link: str, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    (tmp_path / link).rename(outside)
    (tmp_path / link).symlink_to(outside, target_is_directory=True)
    before = snapshot(tmp_path)
    status, out, err = run(capsys, "add", "https://example.org/through-link", "--title",
                           "Written Through A Link", *TOPIC)
    assert (status, out) == (1, "")
    assert err == (f"error: {link} is a symbolic link, which the catalog does not follow, so "
                   "nothing was written: replace the link with the folder it points to\n")
    assert snapshot(tmp_path) == before


def test_add_reports_a_failed_write_in_one_line(
        catalog: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(catalog)
    opener = os.open

    def full_disk(path: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        if Path(path).parent.name == "papers" and flags & os.O_CREAT:
            raise OSError(28, "No space left on device", str(path))
        return opener(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full_disk)
    status, out, err = run(capsys, "add", "https://example.org/first", "--title", ZORBLAX,
                           *TOPIC)
    monkeypatch.setattr(os, "open", opener)
    assert (status, out) == (1, "")
    assert err == "error: cannot write catalog/papers/zorblax.yaml: No space left on device\n"
    assert snapshot(catalog) == before


# --- import-readme -------------------------------------------------------------------------

def test_import_reports_the_problems_new_papers_cause_at_existing_files(
        catalog: Path, readme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``amamba`` sorts before ``mamba``, so the problem is at the existing file."""
    before = snapshot(catalog)
    more = with_row(readme, "| 2023 | Attention-free | [AMamba: Linear-Time Sequence Modeling "
                            "with Selective State Spaces](https://example.org/amamba) | arXiv |\n")
    status, out, err = run(capsys, "import-readme", str(more))
    assert status == 1
    assert out.splitlines()[:3] == [
        "4 rows, 3 papers: nothing written (it would create 2 files and update 0; "
        "5 unchanged)",
        "catalog problems (nothing written):",
        "  catalog/papers/mamba.yaml:1: paper 'mamba', field 'title': same work as paper "
        "'amamba' (papers/amamba.yaml): nearly the same title, and 2023 and 2023 are at most "
        "a year apart (one work is one entry: merge the two files, keep the main "
        "publication's facts and name the other version in 'note')"]
    assert err == "error: the import needs attention (see above), so nothing was written\n"
    assert snapshot(catalog) == before


def test_import_reports_a_keyword_spelling_new_papers_make_the_majority(
        catalog: Path, readme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two new papers spell MobileLLM's keyword another way: the problem is at MobileLLM."""
    before = snapshot(catalog)
    more = with_row(readme,
                    "| 2024 | Hardware optimisation | [Widgets On Phones Quickly]"
                    "(https://example.org/w1) | ICML |\n"
                    "| 2024 | Hardware optimisation | [Gadgets On Watches Slowly]"
                    "(https://example.org/w2) | ICML |\n")
    status, out, _ = run(capsys, "import-readme", str(more))
    assert status == 1
    assert out.splitlines()[1:3] == [
        "catalog problems (nothing written):",
        "  catalog/papers/mobilellm.yaml:7: paper 'mobilellm', field 'topics': keyword "
        "'Hardware optimization' of topic 'efficient-attention' is another spelling of "
        "'Hardware optimisation', which paper 'gadgets-watches-slowly' "
        "(papers/gadgets-watches-slowly.yaml) uses there (use 'Hardware optimisation')"]
    assert snapshot(catalog) == before


def test_import_ignores_problems_the_catalog_already_had_elsewhere(
        catalog: Path, readme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "papers" / "notes.txt").write_text("to read\n")  # a problem now
    more = with_row(readme, "| 2024 | Attention-free | [Completely New Paper About Widgets]"
                            "(https://example.org/widgets) | ICML |\n")
    status, out, err = run(capsys, "import-readme", str(more))
    assert (status, err) == (0, "")
    assert out == "4 rows, 3 papers: 2 files created, 0 updated, 5 unchanged\n"


@pytest.mark.parametrize("failing", ["readme-order.yaml", "papers/"])
def test_a_failed_import_write_leaves_the_catalog_as_it_was(
        catalog: Path, readme: Path, monkeypatch: pytest.MonkeyPatch, failing: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The catalog folder or ``papers/`` refuses new files (``chattr +i``)."""
    mobilellm = catalog / "papers" / "mobilellm.yaml"
    mobilellm.write_text("".join(line for line in mobilellm.read_text().splitlines(True)
                                 if not line.startswith("url:")))  # to be filled in
    more = with_row(readme, "| 2024 | Attention-free | [Completely New Paper About Widgets]"
                            "(https://example.org/widgets) | ICML |\n")
    before = snapshot(catalog)
    opener = os.open
    folder = (catalog / failing).parent if failing.endswith(".yaml") else catalog / failing

    def immutable(path: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        if Path(os.path.abspath(path)).parent == folder and flags & os.O_CREAT:
            raise PermissionError(1, "Operation not permitted", str(path))
        return opener(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", immutable)
    status, out, err = run(capsys, "import-readme", str(more))
    monkeypatch.setattr(os, "open", opener)
    assert (status, out) == (1, "")
    [line] = err.splitlines()
    assert line.startswith("error: cannot write catalog/")
    assert line.endswith(": Operation not permitted, so nothing was written (the catalog is "
                         "as it was): fix that and run the import again")
    assert snapshot(catalog) == before


def test_an_import_whose_last_rename_fails_puts_back_the_first(
        catalog: Path, readme: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    mobilellm = catalog / "papers" / "mobilellm.yaml"
    mobilellm.write_text("# kept comment\n" + "".join(
        line for line in mobilellm.read_text().splitlines(True) if not line.startswith("url:")))
    more = with_row(readme, "| 2024 | Attention-free | [Completely New Paper About Widgets]"
                            "(https://example.org/widgets) | ICML |\n")
    before = snapshot(catalog)
    inode = mobilellm.stat().st_ino
    replace, link = os.replace, os.link

    def failing_last(put: Callable[..., None]) -> Callable[..., None]:
        def put_in_place(source: str | Path, target: str | Path, **kwargs: bool) -> None:
            if Path(target).name == "readme-order.yaml":  # written last
                raise OSError(5, "Input/output error", str(target))
            put(source, target, **kwargs)
        return put_in_place

    monkeypatch.setattr(os, "replace", failing_last(replace))
    monkeypatch.setattr(os, "link", failing_last(link))
    status, out, err = run(capsys, "import-readme", str(more))
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)
    assert (status, out) == (1, "")
    assert err == ("error: cannot write catalog/readme-order.yaml: Input/output error, so "
                   "nothing was written (the catalog is as it was): fix that and run the "
                   "import again\n")
    assert snapshot(catalog) == before
    assert mobilellm.stat().st_ino == inode  # the file itself is back, not a copy


def test_an_import_does_not_overwrite_an_edit_made_meanwhile(
        catalog: Path, readme: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    mobilellm = catalog / "papers" / "mobilellm.yaml"
    mobilellm.write_text("".join(line for line in mobilellm.read_text().splitlines(True)
                                 if not line.startswith("url:")))
    staged = importer.staged_problems
    edit = mobilellm.read_text() + "note: written by hand while the import ran\n"

    def edited_meanwhile(root: Path, writes: dict[str, str]) -> list:
        found = staged(root, writes)
        mobilellm.write_text(edit)
        return found

    monkeypatch.setattr(importer, "staged_problems", edited_meanwhile)
    before_edit = snapshot(catalog)
    status, out, err = run(capsys, "import-readme", str(readme))
    assert (status, out) == (1, "")
    assert err == ("error: cannot write catalog/papers/mobilellm.yaml: another program changed "
                   "it meanwhile, so nothing was written (the catalog is as it was): fix that "
                   "and run the import again\n")
    after = snapshot(catalog)
    assert after.pop("papers/mobilellm.yaml")[0] == edit.encode()
    before_edit.pop("papers/mobilellm.yaml")
    assert after == before_edit


@pytest.mark.parametrize("link", ["catalog", "catalog/papers"])
def test_import_refuses_a_linked_catalog_or_papers_folder(
        catalog: Path, readme: Path, tmp_path: Path, link: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    (tmp_path / link).rename(outside)
    (tmp_path / link).symlink_to(outside, target_is_directory=True)
    more = with_row(readme, "| 2024 | Attention-free | [Completely New Paper About Widgets]"
                            "(https://example.org/widgets) | ICML |\n")
    before = snapshot(tmp_path)
    status, out, err = run(capsys, "import-readme", str(more))
    assert (status, out) == (1, "")
    assert err == (f"error: {link} is a symbolic link, which the catalog does not follow, so "
                   "nothing was written: replace the link with the folder it points to\n")
    assert snapshot(tmp_path) == before


def test_the_library_import_refuses_a_linked_papers_folder(
        catalog: Path, readme: Path, tmp_path: Path) -> None:
    """Called as a library, past the command's check: the write refuses, nothing changes."""
    outside = tmp_path / "outside"
    (catalog / "papers").rename(outside)
    (catalog / "papers").symlink_to(outside, target_is_directory=True)
    more = with_row(readme, "| 2024 | Attention-free | [Completely New Paper About Widgets]"
                            "(https://example.org/widgets) | ICML |\n")
    before = snapshot(tmp_path)
    with pytest.raises(LinkedFolder):
        importer.import_readme(more, catalog)
    assert snapshot(tmp_path) == before


# --- export-readme -------------------------------------------------------------------------

def test_export_readme_replaces_the_file_whole_or_not_at_all(
        catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "README.md").write_text("the old README\n")
    before = snapshot(out)

    def failing(source: str | Path, target: str | Path) -> None:
        raise OSError(28, "No space left on device", str(target))

    replace = os.replace
    monkeypatch.setattr(os, "replace", failing)
    status, _, err = run(capsys, "export-readme", "-o", "site/README.md")
    monkeypatch.setattr(os, "replace", replace)
    assert status == 2
    assert err.endswith("error: cannot write site/README.md: No space left on device (pass -o "
                        "with a file in an existing, writable folder)\n")
    assert snapshot(out) == before
    status, _, err = run(capsys, "export-readme", "-o", "site")
    assert status == 2
    assert err.endswith("error: cannot write site: Is a directory (pass -o with a file in an "
                        "existing, writable folder)\n")
    assert snapshot(out) == before
    assert run(capsys, "export-readme", "-o", "site/README.md")[0] == 0
    assert (out / "README.md").read_text().startswith("<!-- Generated from catalog/")
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]


def test_an_import_completes_a_file_keeping_every_line_of_it(
        catalog: Path, readme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Comments (one inside a flow list), quoting, a 4-space indent and CRLF line ends stay
    as they are; the missing URL and 'added' date (today's, as for any paper the import
    finds without one) are added before the field that follows each."""
    path = catalog / "papers" / "mobilellm.yaml"
    kept = ["# MobileLLM, kept by hand\r\n",
            "title: \"MobileLLM: Optimizing Sub-billion Parameter Language Models\"  # ok\r\n",
            "authors: [Zechun Liu, Changsheng Zhao,   # the first two\r\n",
            "          Forrest Iandola]\r\n",
            "year: 2024\r\n",
            "venue: 'icml'\r\n",
            "# where it is listed\r\n",
            "topics:\r\n",
            "    efficient-attention: Hardware optimization\r\n"]
    path.write_bytes("".join(kept).encode())
    status, out, err = run(capsys, "import-readme", str(readme))
    assert (status, err) == (0, "")
    assert out.startswith("3 rows, 2 papers: 1 files created, 1 updated, ")
    url = "url: https://arxiv.org/abs/2402.14905\r\n"
    added = f"added: {datetime.date.today().isoformat()}\r\n"
    assert path.read_bytes() == "".join([*kept[:5], added, kept[5], url, *kept[6:]]).encode()


@pytest.mark.parametrize("where", ["copy", "temporary-folder"])
def test_an_import_whose_check_cannot_be_staged_is_one_line(
        catalog: Path, readme: Path, monkeypatch: pytest.MonkeyPatch, where: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The import is checked in a temporary copy of the catalog: a temporary folder that
    is full or limited (a file too large, no space) is one line, exit 1, nothing written."""
    import shutil
    import tempfile

    more = with_row(readme, "| 2024 | Attention-free | [Completely New Paper About Widgets]"
                            "(https://example.org/widgets) | ICML |\n")
    before = snapshot(catalog)

    def too_large(source: str, target: object, **kwargs: object) -> None:
        raise OSError(27, "File too large", str(source))

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", tempfile.gettempdir())

    if where == "copy":
        monkeypatch.setattr(shutil, "copy2", too_large)
    else:
        monkeypatch.setattr(tempfile, "TemporaryDirectory", no_space)
    status, out, err = run(capsys, "import-readme", str(more))
    assert (status, out) == (1, "")
    [line] = err.splitlines()
    reason = "File too large" if where == "copy" else "No space left on device"
    assert line.startswith("error: cannot write ")
    assert line.endswith(f": {reason} (in the temporary copy of the catalog the import is "
                         "checked in; the catalog itself is untouched), so nothing was "
                         "written (the catalog is as it was): fix that and run the import "
                         "again")
    assert snapshot(catalog) == before
