"""Writing a file in one step, for every command that writes: ledger merges, new ledgers, exports.

A reader (or a crash) sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _create_beside(directory: Path, name: str) -> tuple[int, str]:
    """A new, empty temporary file in ``directory``, opened for writing with mode 0666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = os.path.join(directory, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a temporary file beside it, synced, then renamed over it.

    An existing ledger keeps its file mode; a new one gets the mode any new
    file gets (0666 less the umask), not the 0600 of ``tempfile.mkstemp``.
    """
    directory = path.resolve().parent
    mode = None
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        pass
    handle, temporary = _create_beside(directory, path.name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_handle)
    except OSError:
        pass
    finally:
        os.close(dir_handle)
