"""Nothing lost: every command that writes goes through edit/write.py, and these are its promises."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from budsjett_cli.edit.write import TEMP_SUFFIX, locked, write_atomic
from budsjett_cli.problems import InputError
from conftest import LETTER_2023_FEB, LETTER_2023_LATE, ROOT
from importcompare import only_allocation_letter

RECEIVED = ("--received", "2023-09-22")


@pytest.fixture
def ledger(tmp_path):
    return only_allocation_letter(tmp_path / "2023.yaml")


def test_a_merge_through_a_symlink_writes_the_ledger_it_points_at(run, tmp_path, ledger):
    link = tmp_path / "cur.yaml"
    link.symlink_to(ledger.name)
    result = run("import", str(LETTER_2023_LATE), "--into", str(link), *RECEIVED)
    assert result.exit_code in (0, 1), result.stderr
    assert link.is_symlink() and "TTB2023-44..52" in ledger.read_text(encoding="utf-8")


def test_a_symlink_to_another_file_system_is_written_through(run, tmp_path, ledger):
    other = Path("/dev/shm")
    if not other.is_dir() or os.stat(other).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system here")
    target = other / f"budsjett-test-{os.getpid()}.yaml"
    shutil.copy(ledger, target)
    try:
        link = tmp_path / "cur.yaml"
        link.symlink_to(target)
        result = run("import", str(LETTER_2023_LATE), "--into", str(link), *RECEIVED)
        assert result.exit_code in (0, 1), result.stderr
        assert link.is_symlink() and "TTB2023-44..52" in target.read_text(encoding="utf-8")
    finally:
        target.unlink()


def test_new_onto_a_dangling_symlink_creates_its_target(run, tmp_path):
    link = tmp_path / "2023.yaml"
    link.symlink_to(tmp_path / "ledgers-2023.yaml")
    result = run("import", str(ROOT / "tests" / "letters" / "001_52bc8ba46f39a98d.txt"), "--new", str(link))
    assert result.exit_code in (0, 1), result.stderr
    assert link.is_symlink() and (tmp_path / "ledgers-2023.yaml").read_text(encoding="utf-8").count("chapters:") == 1


def test_a_read_only_ledger_is_refused_and_untouched(run, ledger):
    before = ledger.read_bytes()
    ledger.chmod(0o444)
    if os.access(ledger, os.W_OK):
        pytest.skip("running as a user that may write read-only files (root)")
    result = run("import", str(LETTER_2023_LATE), "--into", str(ledger), *RECEIVED)
    assert result.exit_code == 2 and "is read-only; nothing was written" in result.stderr
    assert ledger.read_bytes() == before


def test_read_only_is_refused_even_where_the_user_could_write(tmp_path, monkeypatch):
    path = tmp_path / "l.yaml"
    path.write_text("a\n")
    monkeypatch.setattr(os, "access", lambda p, mode: False)  # as for a user without write permission
    with pytest.raises(InputError, match="is read-only"):
        write_atomic(path, "b\n")
    assert path.read_text() == "a\n"


def test_output_keeps_a_private_files_mode(run, tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("old")
    out.chmod(0o600)
    assert run("summary", "-o", str(out)).exit_code in (0, 1)
    assert out.stat().st_mode & 0o777 == 0o600 and out.read_text(encoding="utf-8").startswith("\ufeff") is False


def test_hard_links_keep_seeing_the_ledger(run, tmp_path, ledger):
    other = tmp_path / "also.yaml"
    os.link(ledger, other)
    run("import", str(LETTER_2023_LATE), "--into", str(ledger), *RECEIVED)
    assert other.read_bytes() == ledger.read_bytes() and os.stat(other).st_nlink == 2
    assert "TTB2023-44..52" in other.read_text(encoding="utf-8")


def test_stale_temporary_files_of_a_killed_run_are_cleaned(tmp_path):
    path = tmp_path / "l.yaml"
    path.write_text("a\n")
    stale = tmp_path / f".l.yaml.0123456789ab{TEMP_SUFFIX}"
    stale.write_text("half")
    os.utime(stale, (0, 0))
    fresh = tmp_path / f".l.yaml.ba9876543210{TEMP_SUFFIX}"
    fresh.write_text("another run writing now")
    write_atomic(path, "b\n")
    assert not stale.exists() and fresh.exists() and path.read_text() == "b\n"


def test_a_ledger_changed_since_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "l.yaml"
    path.write_text("a\n")
    read = path.read_bytes()
    path.write_text("someone else's edit\n")
    with pytest.raises(InputError, match="changed since it was read"):
        write_atomic(path, "b\n", expected=read)
    assert path.read_text() == "someone else's edit\n"


def test_the_lock_makes_a_second_writer_wait(tmp_path):
    path = tmp_path / "l.yaml"
    path.write_text("0\n")
    order = []

    def second():
        with locked(path):
            order.append("second")

    with locked(path):
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.3)
        order.append("first")
    thread.join(5)
    assert order == ["first", "second"]


def test_two_imports_at_once_lose_nothing(tmp_path):
    """Two colleagues import two letters into one ledger at the same moment: both letters are in it."""
    ledger = only_allocation_letter(tmp_path / "2023.yaml")
    code = ("import sys; from budsjett_cli.cli import main; sys.argv = ['budsjett', 'import', sys.argv[1], "
            "'--into', sys.argv[2], '--received', '2023-09-22']; main()")
    for trial in range(3):
        shutil.copy(only_allocation_letter(tmp_path / f"fresh{trial}.yaml"), ledger)
        runs = [subprocess.Popen([sys.executable, "-c", code, str(letter), str(ledger)], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for letter in (LETTER_2023_LATE, LETTER_2023_FEB)]
        codes = [p.wait(120) for p in runs]
        assert all(c in (0, 1) for c in codes), [p.stderr.read() for p in runs]
        text = ledger.read_text(encoding="utf-8")
        assert "TTB2023-44..52:" in text and "TTB2023-02..06:" in text, f"trial {trial}: an update was lost"


def test_output_onto_a_symlink_loop_is_exit_2(run, tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    result = run("summary", "-o", str(loop))
    assert result.exit_code == 2 and result.stderr.startswith(str(loop))


def test_a_reader_that_stops_early_does_not_change_the_exit_code(tmp_path):
    """`budsjett summary | head -1` with pipefail: the findings' exit code, not 0 and not a traceback."""
    ledger = tmp_path / "l.yaml"
    ledger.write_text("year: 2023\nunit: 1000 kr\nchapters:\n" + "".join(
        f"  {700 + n}:\n    posts:\n      21: {{appropriation: 1, allocation: 2}}\n" for n in range(300)),
        encoding="utf-8")
    script = f"set -o pipefail; {sys.executable} -m budsjett_cli summary {ledger} --format plain | head -1"
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr  # summary's exit code is 0
    check = f"set -o pipefail; {sys.executable} -m budsjett_cli check {ledger} | head -1"
    result = subprocess.run(["bash", "-c", check], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr  # errors found: still 1


@pytest.mark.parametrize("command", [["check"], ["summary"], ["import"]])
def test_endless_input_stops_at_the_limit(run, command):
    result = run(*command, "/dev/zero", env={"BUDSJETT_MAX_INPUT_MB": "2"})
    assert result.exit_code == 2 and result.stderr.startswith("/dev/zero: is larger than 2 MB")


@pytest.mark.parametrize("command", ["check", "summary", "import"])
def test_random_bytes_end_quickly_in_exit_2(command):
    """/dev/urandom under the default limit: refused at once, not read for seconds or parsed."""
    result = subprocess.run([sys.executable, "-m", "budsjett_cli", command, "/dev/urandom"],
                            cwd=ROOT, capture_output=True, text=True, timeout=15)
    assert result.returncode == 2 and result.stderr.startswith("/dev/urandom: ")
    assert "Traceback" not in result.stderr


def test_a_directory_given_as_a_ledger_is_a_located_problem(run, tmp_path):
    result = run("check", str(tmp_path))
    assert result.exit_code == 2 and result.stderr.startswith(f"{tmp_path}:1:1: cannot read the file")
    assert "Usage:" not in result.stderr


CONTROL = "year: 2023\nunit: 1000 kr\nchapters:\n  740:\n    posts:\n      01: {name: \"a\\x01b\", appropriation: 1, allocation: 1}\n"


@pytest.mark.parametrize("command", [["summary"], ["show", "740.01"]])
def test_a_control_character_in_a_name_is_shown_escaped_in_a_workbook(run, tmp_path, command):
    import openpyxl

    ledger = tmp_path / "l.yaml"
    ledger.write_text(CONTROL, encoding="utf-8")
    out = tmp_path / "x.xlsx"
    result = run(*command, str(ledger), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    texts = [c.value for row in openpyxl.load_workbook(out).worksheets[0].iter_rows() for c in row
             if isinstance(c.value, str)]
    assert any("a\\x01b" in text for text in texts)


def test_a_raw_control_character_in_a_ledger_is_reported_at_its_place_in_one_line(run, tmp_path):
    ledger = tmp_path / "l.yaml"
    ledger.write_bytes(CONTROL.replace('"a\\x01b"', "a\x01b").encode("utf-8"))
    result = run("check", str(ledger))
    first, *rest = result.stderr.splitlines()
    assert result.exit_code == 2 and first.startswith(f"{ledger}:6:19: YAML: the character #x0001 is not allowed")
    assert rest == ["budsjett: 1 problem in the input; nothing was checked"]


def _shell(script: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", f"set -o pipefail; {script}"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


BJ = f"{sys.executable} -m budsjett_cli"


@pytest.mark.parametrize("script, code", [
    (f"{BJ} import tests/letters/000_28ee3e37de085100.txt | true", 0),   # was exit 1, silently
    (f"{BJ} check data/2024.yaml | head -0", 0),                          # clean ledger: 0 stays 0
    (f"{BJ} check | head -1", 1),                                         # errors found: 1 stays 1
    (f"{BJ} actuals data/chapters.yaml data/example-accounts-2023-made-up.csv | head -1", 1),
])
def test_exit_codes_survive_a_reader_that_stops_early(script, code):
    result = _shell(script + " > /dev/null")
    assert result.returncode == code and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["check", "import tests/letters/000_28ee3e37de085100.txt"])
def test_a_full_standard_output_is_exit_2_with_a_message(command):
    full = _shell(f"{BJ} {command} > /dev/full")
    assert full.returncode == 2 and "No space left on device" in full.stderr and "internal error" not in full.stderr


@pytest.mark.parametrize("command", ["summary", "letters", "actuals data/chapters.yaml data/example-accounts-2023-made-up.csv"])
def test_a_closed_standard_output_is_exit_2_with_a_message(command):
    closed = _shell(f"{BJ} {command} >&-")
    assert closed.returncode == 2 and "standard output is closed" in closed.stderr


def test_accounts_from_a_pipe_are_read_without_seeking():
    result = _shell(f"cat data/example-accounts-2023-made-up.csv | {BJ} actuals data/chapters.yaml /dev/stdin > /dev/null")
    assert result.returncode == 1 and "not seekable" not in result.stderr and "internal error" not in result.stderr


def test_a_merge_killed_at_any_moment_leaves_the_old_ledger_or_the_new(tmp_path):
    """kill -9 during import --into, at times spread over the run: never half a ledger, never a loss."""
    import random
    import signal
    import time

    ledger = only_allocation_letter(tmp_path / "2023.yaml")
    old = ledger.read_bytes()
    done = tmp_path / "done.yaml"
    shutil.copy(ledger, done)
    code = ("import sys; from budsjett_cli.cli import main; sys.argv = ['budsjett', 'import', sys.argv[1], "
            "'--into', sys.argv[2], '--received', '2023-09-22']; main()")
    subprocess.run([sys.executable, "-c", code, str(LETTER_2023_LATE), str(done)], cwd=ROOT, check=False,
                   capture_output=True)
    new = done.read_bytes()
    assert new != old
    rng = random.Random(11)
    for trial in range(8):
        ledger.write_bytes(old)
        process = subprocess.Popen([sys.executable, "-c", code, str(LETTER_2023_LATE), str(ledger)], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = ledger.read_bytes()
        assert now in (old, new), f"trial {trial}: the ledger is neither the old nor the new one"


def test_accounts_from_an_endless_device_stop_at_the_limit(run):
    result = run("actuals", str(ROOT / "data" / "chapters.yaml"), "/dev/zero", env={"BUDSJETT_MAX_INPUT_MB": "2"})
    assert result.exit_code == 2 and result.stderr.startswith("/dev/zero: is larger than 2 MB")


def test_a_merge_into_a_read_only_directory_is_exit_2_and_changes_nothing(run, tmp_path):
    directory = tmp_path / "ro"
    directory.mkdir()
    ledger = only_allocation_letter(directory / "2023.yaml")
    before = ledger.read_bytes()
    directory.chmod(0o555)
    try:
        if os.access(directory, os.W_OK):
            pytest.skip("running as a user that may write read-only directories (root)")
        result = run("import", str(LETTER_2023_LATE), "--into", str(ledger), *RECEIVED)
        assert result.exit_code == 2 and "cannot be written" in result.stderr
        assert ledger.read_bytes() == before
    finally:
        directory.chmod(0o755)
