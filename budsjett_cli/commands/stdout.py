"""Standard output that cannot turn an exit code into a lie.

A reader that stops early (``| head``, ``| true``) breaks the pipe; the
command still finishes its work, quietly, so that its exit code tells the
findings as it would unpiped (1 stays 1, 0 stays 0). Output that cannot be
written at all (a full disk, ``/dev/full``, a closed stdout) is remembered,
and ``cli.main`` ends with exit 2 and a message on stderr instead of a
traceback.
"""

from __future__ import annotations

import errno
import io
import os
import sys


class GuardedStdout(io.TextIOWrapper):
    """sys.stdout whose writes never raise: a broken pipe is noted and silenced, any other failure remembered."""

    def __init__(self, original: io.TextIOWrapper | None):
        self.original = original          # kept alive: closing it would close the shared buffer
        closed = original is None
        buffer = io.BytesIO() if closed else original.buffer
        super().__init__(buffer, encoding="utf-8" if closed else original.encoding,
                         errors="strict" if closed else original.errors,
                         line_buffering=False if closed else original.line_buffering)
        self.closed_at_start = closed
        self.pipe_broken = False
        self.failure: OSError | None = None

    @property
    def dead(self) -> bool:
        return self.pipe_broken or self.failure is not None

    def write(self, text: str) -> int:
        if self.closed_at_start and text and self.failure is None:
            self.failure = OSError(errno.EBADF, "standard output is closed")
        if self.dead:
            return len(text)
        try:
            return super().write(text)
        except OSError as exc:
            self._failed(exc)
            return len(text)

    def flush(self) -> None:
        if self.dead:
            try:
                super().flush()  # into /dev/null now: empties the buffer so nothing complains at exit
            except (OSError, ValueError):
                pass
            return
        try:
            super().flush()
        except OSError as exc:
            self._failed(exc)

    def _failed(self, exc: OSError) -> None:
        if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
            self.pipe_broken = True
        else:
            self.failure = exc
        _stdout_to_devnull()


def _stdout_to_devnull() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def guard_stdout() -> GuardedStdout:
    """Put a ``GuardedStdout`` in place of sys.stdout and return it."""
    guard = GuardedStdout(sys.stdout)
    sys.stdout = guard
    return guard


def settle(guard: GuardedStdout, code: int) -> int:
    """The exit code once the output is flushed: 2 when it could not be written, else ``code``."""
    guard.flush()
    if guard.failure is not None and not guard.pipe_broken:
        reason = guard.failure.strerror or str(guard.failure)
        try:
            sys.stderr.write(f"budsjett: cannot write to standard output: {reason}\n")
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            pass
        return 2
    return code
