"""The one safe writer, for every command that writes: ledger merges, new ledgers, ``-o`` exports.

A reader (or a crash) sees the old file or the new one, never half of one.
A symbolic link is written through to its target (the temporary file sits
beside the target, so the final rename never crosses a filesystem); the
target keeps its mode, owner and hard links; a read-only target is refused;
a file that changed since it was read is refused; every ``OSError`` becomes
an ``InputError`` (exit 2) that says ``path: message``. Temporary files are
named ``.<name>.budsjett-<pid>-<random>.tmp`` so that those left by a killed
run can be recognised and removed by the next write.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from budsjett_cli.problems import InputError

TEMP_PREFIX = "budsjett-"


def _temp_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.{TEMP_PREFIX}(\d+)-[0-9a-f]{{12}}\.tmp\Z")


def target_of(path: Path | str) -> Path:
    """The file a write to ``path`` lands in: symbolic links followed, also dangling ones (never raises on a loop)."""
    return Path(os.path.realpath(os.fspath(path)))


def _problem(shown: str, exc: OSError) -> InputError:
    reason = exc.strerror or str(exc)
    return InputError.at(shown, f"{reason[:1].lower()}{reason[1:]}; nothing was written")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove this writer's temporary files beside ``target`` whose process is gone (a killed run); return them."""
    pattern = _temp_pattern(target.name)
    removed = []
    try:
        entries = os.listdir(target.parent)
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(target.parent / entry)
                removed.append(target.parent / entry)
    return removed


def _create_beside(target: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.parent / f".{target.name}.{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}.tmp"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def _fsync_directory(directory: Path) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _read_only(info: os.stat_result, target: Path) -> bool:
    return not info.st_mode & 0o222 or not os.access(target, os.W_OK)


def write_with(path: Path | str, produce: Callable[[BinaryIO], None], *, shown: str | None = None,
               expected: bytes | None = None) -> None:
    """Write what ``produce`` writes to its binary stream into ``path``, safely (see the module).

    ``expected`` is the content the caller read and merged into: when the
    file no longer holds it, nothing is written (someone else changed it).
    """
    shown = shown or os.fspath(path)
    target = target_of(path)
    try:
        try:
            info: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise InputError.at(shown, "is a directory; nothing was written")
            with open(target, "wb") as stream:  # /dev/null, a named pipe: write to it, never replace it
                produce(stream)
            return
        if info is not None and _read_only(info, target):
            raise InputError.at(shown, "is read-only; nothing was written (make it writable to change it)")
        if expected is not None and (info is None or target.read_bytes() != expected):
            raise InputError.at(shown, "changed since it was read (another import?); nothing was written, "
                                       "run the import again")
        remove_stale_temporaries(target)
        handle, temporary = _create_beside(target)
        try:
            with os.fdopen(handle, "wb") as out:
                produce(out)
                out.flush()
                os.fsync(out.fileno())
            if info is not None:
                os.chmod(temporary, stat.S_IMODE(info.st_mode))
                if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
                    with contextlib.suppress(PermissionError):
                        os.chown(temporary, info.st_uid, info.st_gid)
            if info is not None and info.st_nlink > 1:
                _copy_in_place(temporary, target)  # a rename would cut the other names off
                os.unlink(temporary)
            else:
                os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        _fsync_directory(target.parent)
    except OSError as exc:
        raise _problem(shown, exc) from None


def _copy_in_place(source: Path, target: Path) -> None:
    """Overwrite ``target``'s content with the complete copy at ``source`` (keeps the inode and its hard links)."""
    with open(source, "rb") as read, open(target, "r+b") as write:
        while chunk := read.read(1 << 20):
            write.write(chunk)
        write.truncate()
        write.flush()
        os.fsync(write.fileno())


def write_atomic(path: Path | str, text: str, *, shown: str | None = None, expected: bytes | None = None) -> None:
    """Write ``text`` (UTF-8, line ends as given) into ``path`` with ``write_with``."""
    data = text.encode("utf-8")
    write_with(path, lambda out: out.write(data), shown=shown, expected=expected)


@contextlib.contextmanager
def locked(path: Path | str, *, shown: str | None = None) -> Iterator[None]:
    """Hold an exclusive advisory lock (``fcntl.flock``) on the file at ``path`` for a read-merge-write.

    A writer replaces the file by a rename, so after taking the lock it
    checks that the path still names the locked file, and takes it again if not.
    """
    shown = shown or os.fspath(path)
    target = target_of(path)
    while True:
        try:
            handle = os.open(target, os.O_RDONLY)
        except OSError as exc:
            raise _problem(shown, exc) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                same = os.fstat(handle).st_ino == os.stat(target).st_ino
            except FileNotFoundError:
                same = False
            if same:
                yield
                return
        finally:
            os.close(handle)  # closing releases the lock
