"""Exit codes survive a reader that stops early and a stdout that fails (run as a real process: pipes are real)."""

import os
import subprocess
import sys

import pytest

from conftest import LEDGER_2023, LETTER_2023_LATE, ROOT

CLEAN = ROOT / "data" / "2024.yaml"         # check exits 0

COMMAND = [sys.executable, "-c", "from budsjett_cli.cli import main; main()"]
ERRORS = ROOT / "data" / "chapters.yaml"        # check exits 1: it has findings at error level


def _run(args, stdout, **kwargs):
    return subprocess.run(COMMAND + [str(a) for a in args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          timeout=120, **kwargs)


def _into_a_closed_pipe(args):
    """stdout is a pipe nobody reads any more (what ``| head`` leaves once head has exited)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return _run(args, write)
    finally:
        os.close(write)


@pytest.mark.parametrize("args, code", [
    (["check", ERRORS], 1),
    (["check", CLEAN], 0),
    (["summary", CLEAN], 0),
    (["import", LETTER_2023_LATE], 0),
])
def test_a_reader_that_stops_early_does_not_change_the_exit_code(args, code):
    unpiped = _run(args, subprocess.DEVNULL)
    assert unpiped.returncode == code
    piped = _into_a_closed_pipe(args)
    assert piped.returncode == code, piped.stderr
    assert "Traceback" not in piped.stderr and "Exception ignored" not in piped.stderr


@pytest.mark.parametrize("args", [["check", ERRORS], ["summary", LEDGER_2023], ["import", LETTER_2023_LATE],
                                  ["letters", LEDGER_2023]])
def test_a_full_stdout_is_exit_2_with_a_message(args):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        result = _run(args, full)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("budsjett: ") and "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["summary", LEDGER_2023], ["letters", LEDGER_2023], ["check", ERRORS]])
def test_a_closed_stdout_is_exit_2_with_a_message(args):
    result = subprocess.run(["sh", "-c", '"$@" >&-', "sh"] + COMMAND + [str(a) for a in args],
                            stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "standard output is closed" in result.stderr and "Traceback" not in result.stderr

