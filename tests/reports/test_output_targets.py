"""Where `-o` writes: regular files atomically; devices and pipes directly, never replaced; links kept."""

import os
import threading

from conftest import LEDGER_2023


def test_a_named_pipe_is_written_to_not_replaced(run, tmp_path):
    """The same path as /dev/null or /dev/stdout (not a regular file), tested without risking the real device."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("summary", str(LEDGER_2023), "-o", str(fifo), "--format", "csv")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo()  # still the pipe, not a regular file put in its place
    assert received and received[0].startswith(b"Kap.,Post,Postnavn")


def test_a_symlink_keeps_pointing_at_its_file(run, tmp_path):
    target = tmp_path / "exports" / "summary.csv"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    assert run("summary", str(LEDGER_2023), "-o", str(link)).exit_code == 0
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text(encoding="utf-8").startswith("Kap.,Post,Postnavn")
