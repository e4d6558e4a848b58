"""Writing catalog files all or nothing, never over another run's file, never through a link.

:func:`write_files` writes a set of files, each first to a temporary file in its folder and
then renamed into place. A new file is put in place exclusively (by a hard link, which
fails when the name exists; by ``O_CREAT|O_EXCL`` where links are not supported); an
existing one only while it holds the bytes the caller read. When anything fails, the files
already in place are put back (the old file itself, kept by a hard link or a copy), the
new ones removed, and the folders hold what they held before. No folder on the way that is
a symbolic link is written through. The files are not synced to disk: what this guards
against is a command that fails, not a power cut.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | getattr(os, "O_CLOEXEC", 0)


class WriteError(Exception):
    """A file that could not be written; nothing was (see :func:`write_files`)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ChangedMeanwhile(WriteError):
    """A file that another program created or changed since the caller read the folder."""


class LinkedFolder(WriteError):
    """A folder on the way to a file is a symbolic link, which is not written through."""


@dataclass(frozen=True)
class Planned:
    """A file to write: its new text and, for a file that exists, the bytes it held when
    the caller read it (``None``: the file is new, and must not exist when written)."""

    text: str
    before: bytes | None = None


@dataclass(frozen=True)
class Written:
    """The identity of a file :func:`write_files` created, for :func:`remove_written`."""

    path: Path
    device: int
    inode: int


@dataclass
class _Transaction:
    root: Path
    folders: list[Path] = field(default_factory=list)  # created, outermost first
    temporary: list[Path] = field(default_factory=list)
    backups: dict[Path, Path] = field(default_factory=dict)  # a replaced file -> its old self
    placed: list[Path] = field(default_factory=list)

    def undo(self) -> list[Path]:
        """Put everything back; the files that could not be restored."""
        lost = []
        for path in reversed(self.placed):
            try:
                if path in self.backups:
                    os.replace(self.backups.pop(path), path)
                else:
                    os.unlink(path)
            except OSError:
                lost.append(path)
        for path in [*self.temporary, *self.backups.values()]:
            with contextlib.suppress(OSError):
                os.unlink(path)
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        return lost


def refuse_links(root: Path, *names: str) -> None:
    """Raise :class:`LinkedFolder` when ``root``, or a folder ``names`` name under it, is a
    symbolic link."""
    for folder in (root, *(root / name for name in names)):
        if folder.is_symlink():
            raise LinkedFolder(folder, "is a symbolic link")


def write_files(root: Path, plan: Mapping[str, Planned]) -> list[Written]:
    """Write every file of ``plan`` (names relative to ``root``) or none of them.

    Raises :class:`WriteError` (:class:`ChangedMeanwhile` when a file is not as the caller
    read it, :class:`LinkedFolder` when a folder on the way is a link), after which
    ``root`` holds what it held before. Returns the new files that were created.
    """
    work = _Transaction(root)
    try:
        staged = [(root / name, planned, _stage(work, root / name, planned))
                  for name, planned in plan.items()]
        created = []
        for path, planned, temporary in staged:
            if planned.before is None:
                created.append(_place_new(work, temporary, path))
            else:
                _place_over(work, temporary, path, planned.before)
    except BaseException as exc:
        lost = work.undo()
        if not isinstance(exc, OSError | WriteError):
            raise
        error = exc if isinstance(exc, WriteError) else WriteError(
            Path(exc.filename or root), exc.strerror or str(exc))
        if lost:
            names = ", ".join(str(path) for path in lost)
            raise WriteError(error.path, f"{error.reason}; and {names} could not be put "
                                         "back as it was") from None
        raise error from None
    for backup in work.backups.values():
        with contextlib.suppress(OSError):
            os.unlink(backup)
    return created


def replace_file(path: Path, text: str) -> None:
    """Write ``path`` whatever it holds (a file outside the catalog, such as an exported
    README): through a temporary file renamed over it, so that it is the old file or the
    new one, never half of one; a link is written through, as a plain write would.
    Raises :class:`WriteError`, and ``path`` is as it was."""
    temporary = None
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        temporary, fd = _new_file(path.parent, f".{path.name}.", ".tmp")
        with os.fdopen(fd, "wb") as stream:
            with contextlib.suppress(OSError):
                os.fchmod(fd, stat.S_IMODE(os.stat(path).st_mode))
            stream.write(text.encode("utf-8"))
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise WriteError(path, exc.strerror or str(exc)) from None


def remove_written(written: Written) -> bool:
    """Remove a file :func:`write_files` created, unless another file has taken its name
    since; whether it was removed."""
    try:
        info = os.lstat(written.path)
        if (info.st_dev, info.st_ino) != (written.device, written.inode):
            return False
        os.unlink(written.path)
    except OSError:
        return False
    return True


def _folders(root: Path, folder: Path) -> Iterator[Path]:
    """``root`` and each folder from it down to ``folder``."""
    yield root
    for part in folder.relative_to(root).parts:
        root = root / part
        yield root


def _stage(work: _Transaction, path: Path, planned: Planned) -> Path:
    """The text of ``path`` in a new temporary file beside it, with the old file's mode."""
    for folder in _folders(work.root, path.parent):
        if folder.is_symlink():
            raise LinkedFolder(folder, "is a symbolic link")
        if not folder.exists():
            folder.mkdir()
            work.folders.append(folder)
    temporary, fd = _new_file(path.parent, f".{path.name}.", ".tmp")
    work.temporary.append(temporary)
    with os.fdopen(fd, "wb") as stream:
        if planned.before is not None:
            with contextlib.suppress(OSError):
                os.fchmod(fd, stat.S_IMODE(os.lstat(path).st_mode))
        stream.write(planned.text.encode("utf-8"))
    return temporary


def _new_file(folder: Path, prefix: str, suffix: str) -> tuple[Path, int]:
    """A new, empty file of a name no other has in ``folder``, open for writing; it gets
    the mode a new file gets (unlike :func:`tempfile.mkstemp`'s owner-only one)."""
    while True:
        path = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            return path, os.open(path, _CREATE, 0o666)
        except FileExistsError:
            continue


def _place_new(work: _Transaction, temporary: Path, path: Path) -> Written:
    """Give the temporary file the name ``path``, which must not exist."""
    try:
        os.link(temporary, path, follow_symlinks=False)
    except FileExistsError:
        raise ChangedMeanwhile(path, "another program created it meanwhile") from None
    except OSError:  # a file system without hard links: create the name exclusively
        try:
            os.close(os.open(path, _CREATE, 0o666))
        except FileExistsError:
            raise ChangedMeanwhile(path, "another program created it meanwhile") from None
        work.placed.append(path)
        os.replace(temporary, path)
    else:
        work.placed.append(path)
        os.unlink(temporary)
    work.temporary.remove(temporary)
    info = os.lstat(path)
    return Written(path, info.st_dev, info.st_ino)


def _place_over(work: _Transaction, temporary: Path, path: Path, before: bytes) -> None:
    """Replace ``path``, which must still hold ``before``; keep the old file to put back."""
    try:
        with open(path, "rb", opener=lambda name, flags: os.open(name, flags | _NO_FOLLOW)
                  ) as stream:
            unchanged = stream.read(len(before) + 1) == before
    except FileNotFoundError:
        unchanged = False
    if not unchanged:
        raise ChangedMeanwhile(path, "another program changed it meanwhile")
    backup = _backup(path)
    work.backups[path] = backup
    os.replace(temporary, path)
    work.temporary.remove(temporary)
    work.placed.append(path)


def _backup(path: Path) -> Path:
    """The file at ``path`` under a second, temporary name: the same file (a hard link),
    or a copy where links are not supported."""
    while True:
        backup = path.with_name(f".{path.name}.{secrets.token_hex(4)}.old")
        try:
            os.link(path, backup, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            backup, fd = _new_file(path.parent, f".{path.name}.", ".old")
            os.close(fd)
            try:
                shutil.copy2(path, backup, follow_symlinks=False)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(backup)
                raise
        return backup
