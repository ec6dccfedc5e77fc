"""Writing a file so that nothing is lost: for every command that writes (ledger merges, new ledgers, exports).

- In one step: a reader, or a crash, sees the old file or the new one,
  never half of one (a temporary file beside the target, synced, then
  renamed over it; ``*.budsjett-tmp`` files a killed run left are removed).
- Through symbolic links: the file a link points at is the one written,
  also on another file system, and a dangling link gets its target made.
- Keeping what the file was: its mode and owner, and its hard links (a
  file with several names is rewritten in place, after the new text is
  complete on disk, so every name still sees it).
- Refusing rather than guessing: a read-only file is not replaced, and a
  ledger that changed since it was read (``expected``) is not overwritten.
- Under a lock: ``locked`` holds an advisory lock on a ledger for a whole
  read-merge-write, so two imports at once run one after the other.

Every failure is an ``InputError`` at the path, said for people (exit 2).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from budsjett_cli.problems import InputError

TEMP_SUFFIX = ".budsjett-tmp"
LOCK_WAIT_SECONDS = 30.0


def target_of(path: str | os.PathLike) -> Path:
    """The file a write to ``path`` must change: ``path`` itself, or where its symbolic links lead."""
    try:
        return Path(os.path.realpath(path, strict=False))
    except OSError as exc:  # a symbolic link loop
        raise InputError.at(str(path), f"cannot be written: {exc.strerror or exc}") from None


def write_atomic(path: str | os.PathLike, text: str, *, expected: bytes | None = None) -> None:
    """Replace the file at ``path`` with ``text`` (UTF-8, line ends as they are in ``text``).

    ``expected``: the bytes the file held when it was read; if it holds
    something else now, nothing is written (someone changed it meanwhile).
    """
    data = text.encode("utf-8")
    write_bytes(path, lambda stream: stream.write(data), expected=expected)


def write_bytes(path: str | os.PathLike, produce: Callable[[IO[bytes]], object], *,
                expected: bytes | None = None) -> None:
    """Write what ``produce`` writes to a binary stream to ``path``, by the rules in the module docstring.

    A path that exists but is no regular file (/dev/null, a named pipe) is
    written to directly: moving a file over it would replace the device.
    """
    shown = str(path)
    real = target_of(path)
    try:
        _write(real, shown, produce, expected)
    except InputError:
        raise
    except OSError as exc:
        raise InputError.at(shown, f"cannot be written: {exc.strerror or exc}") from None


def _write(real: Path, shown: str, produce: Callable[[IO[bytes]], object], expected: bytes | None) -> None:
    try:
        before = os.stat(real)
    except FileNotFoundError:
        before = None
    if before is not None and not _is_regular(before):
        with open(real, "wb") as stream:
            produce(stream)
        return
    if before is not None and not os.access(real, os.W_OK):
        raise InputError.at(shown, "is read-only; nothing was written (make it writable to change it)")
    if not real.parent.is_dir():
        raise InputError.at(shown, f"cannot be written: the directory {real.parent} does not exist")
    _remove_stale_temporaries(real)
    handle, temporary = _create_beside(real)
    try:
        with os.fdopen(handle, "wb") as out:
            produce(out)
            out.flush()
            os.fsync(out.fileno())
        if expected is not None and _read(real) != expected:
            raise InputError.at(shown, "changed since it was read (another program or person wrote to it); "
                                       "nothing was written: run the command again")
        if before is not None and before.st_nlink > 1:
            _rewrite_in_place(real, temporary)  # a rename would leave the other names on the old file
            os.unlink(temporary)
        else:
            _keep_mode_and_owner(temporary, before)
            os.replace(temporary, real)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_directory(real.parent)


@contextlib.contextmanager
def locked(path: str | os.PathLike, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an advisory lock on the file at ``path`` (through its links) for a read-merge-write.

    Another ``locked`` on the same file waits for it (up to ``wait``
    seconds, then an InputError). A file replaced while waiting is locked
    anew, so the lock always guards the file that is there.
    """
    shown = str(path)
    real = target_of(path)
    deadline = time.monotonic() + wait
    while True:
        try:
            handle = os.open(real, os.O_RDONLY)
        except OSError as exc:
            raise InputError.at(shown, f"cannot be read: {exc.strerror or exc}") from None
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise InputError.at(shown, f"is being changed by another budsjett for more than {wait:g} s; "
                                                   "nothing was written: try again") from None
                    time.sleep(0.02)
            try:
                current = os.stat(real).st_ino
            except FileNotFoundError:
                current = None
            if current == os.fstat(handle).st_ino:
                break
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)  # replaced while we waited: lock the file that is there now
    try:
        yield
    finally:
        os.close(handle)


def _is_regular(status: os.stat_result) -> bool:
    return stat.S_ISREG(status.st_mode)


def _read(real: Path) -> bytes | None:
    try:
        return real.read_bytes()
    except FileNotFoundError:
        return None


def _create_beside(real: Path) -> tuple[int, str]:
    """A new, empty temporary file beside ``real`` (same file system), mode 0666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = os.path.join(real.parent, f".{real.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def _remove_stale_temporaries(real: Path, older_than: float = 3600.0) -> None:
    """Temporary files of this file that a killed run left behind (an hour old or more)."""
    now = time.time()
    for candidate in real.parent.glob(f".{real.name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - candidate.stat().st_mtime > older_than:
                candidate.unlink()


def _keep_mode_and_owner(temporary: str, before: os.stat_result | None) -> None:
    if before is None:
        return
    os.chmod(temporary, before.st_mode & 0o7777)
    with contextlib.suppress(PermissionError, AttributeError):
        if (before.st_uid, before.st_gid) != (os.getuid(), os.getgid()):
            os.chown(temporary, before.st_uid, before.st_gid)


def _rewrite_in_place(real: Path, temporary: str) -> None:
    """Copy the complete new text into the file itself, keeping its inode (and so its hard links)."""
    with open(temporary, "rb") as source, open(real, "r+b") as target:
        data = source.read()
        target.seek(0)
        target.write(data)
        target.truncate()
        target.flush()
        os.fsync(target.fileno())


def _sync_directory(directory: Path) -> None:
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
