"""The one safe writer (edit/write.py) through ``import --into``, ``--new`` and ``-o``: nothing lost, exit 2 not 3."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from budsjett_cli.edit.importing import import_into, select_letters
from budsjett_cli.edit.write import remove_stale_temporaries, write_atomic
from budsjett_cli.letters.reader import read_file
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.problems import InputError
from conftest import LEDGER_2023, LETTER_2023_FEB, LETTER_2023_FULL, LETTER_2023_LATE
from importcompare import only_allocation_letter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ledger(tmp_path):
    return only_allocation_letter(tmp_path / "2023.yaml")


def _letter_ids(path):
    return set(load_file(path).letters)


def _imported(run, ledger_path, letter=LETTER_2023_LATE):
    return run("import", str(letter), "--into", str(ledger_path))


def test_into_writes_through_a_symlink_to_its_target(run, tmp_path, ledger):
    link = tmp_path / "cur.yaml"
    link.symlink_to(ledger.name)
    result = _imported(run, link)
    assert result.exit_code in (0, 1), result.stderr
    assert link.is_symlink() and os.readlink(link) == ledger.name
    assert "TTB2023-44..52" in _letter_ids(ledger)


def _other_filesystem(tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK) or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second writable filesystem (/dev/shm) here")
    return shm


def test_into_through_a_symlink_to_another_filesystem(run, tmp_path):
    shm = _other_filesystem(tmp_path)
    target = only_allocation_letter(shm / f"budsjett-test-{os.getpid()}.yaml")
    try:
        link = tmp_path / "cur.yaml"
        link.symlink_to(target)
        result = _imported(run, link)
        assert result.exit_code in (0, 1), result.stderr
        assert link.is_symlink() and "TTB2023-44..52" in _letter_ids(target)
        assert not [p for p in shm.iterdir() if p.name.startswith(f".{target.name}.")]
    finally:
        target.unlink()


def test_new_onto_a_dangling_symlink_creates_its_target(run, tmp_path):
    (tmp_path / "2023").mkdir()
    link = tmp_path / "cur.yaml"
    link.symlink_to("2023/ledger.yaml")
    result = run("import", str(LETTER_2023_FULL), "--new", str(link))
    assert result.exit_code in (0, 1), result.stderr
    assert link.is_symlink() and (tmp_path / "2023" / "ledger.yaml").is_file()


def test_a_read_only_ledger_is_refused(run, ledger):
    before = ledger.read_bytes()
    ledger.chmod(0o444)
    result = _imported(run, ledger)
    assert result.exit_code == 2
    assert f"{ledger}: is read-only; nothing was written" in result.stderr
    assert ledger.read_bytes() == before and ledger.stat().st_mode & 0o777 == 0o444


def test_output_over_a_private_file_stays_private(run, tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("old")
    out.chmod(0o600)
    result = run("summary", str(LEDGER_2023), "-o", str(out), "--format", "csv")
    assert result.exit_code in (0, 1), result.stderr
    assert out.stat().st_mode & 0o777 == 0o600 and out.read_text() != "old"


def test_output_through_a_symlink_keeps_the_link(run, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "x.csv"
    link.symlink_to(target.name)
    assert run("summary", str(LEDGER_2023), "-o", str(link), "--format", "csv").exit_code in (0, 1)
    assert link.is_symlink() and target.read_text() != "old"


def test_output_onto_a_symlink_loop_is_exit_2(run, tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop.name)
    result = run("summary", str(LEDGER_2023), "-o", str(loop), "--format", "csv")
    assert result.exit_code == 2 and str(loop) in result.stderr and "nothing was written" in result.stderr


def test_hard_links_are_kept(run, tmp_path, ledger):
    other = tmp_path / "other-name.yaml"
    os.link(ledger, other)
    result = _imported(run, ledger)
    assert result.exit_code in (0, 1), result.stderr
    assert os.stat(ledger).st_ino == os.stat(other).st_ino and ledger.stat().st_nlink == 2
    assert "TTB2023-44..52" in _letter_ids(other)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2023.yaml", "other-name.yaml"]


def test_a_read_only_directory_is_exit_2(run, tmp_path, ledger):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only directories")
    tmp_path.chmod(0o555)
    try:
        result = _imported(run, ledger)
        new = run("import", str(LETTER_2023_FULL), "--new", str(tmp_path / "ny.yaml"))
    finally:
        tmp_path.chmod(0o755)
    assert result.exit_code == 2 and "ermission denied; nothing was written" in result.stderr
    assert new.exit_code == 2 and "ny.yaml" in new.stderr


def test_stale_temporaries_of_a_killed_run_are_removed(tmp_path):
    target = tmp_path / "l.yaml"
    target.write_text("a: 1\n")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".l.yaml.budsjett-{dead.stdout.strip()}-0123456789ab.tmp"
    stale.write_text("half")
    foreign = tmp_path / ".l.yaml.someone-else.tmp"
    foreign.write_text("not ours")
    write_atomic(target, "a: 2\n")
    assert target.read_text() == "a: 2\n" and not stale.exists() and foreign.exists()
    assert remove_stale_temporaries(target) == []


def test_a_file_changed_since_it_was_read_is_refused(tmp_path):
    target = tmp_path / "l.yaml"
    target.write_text("a: 1\n")
    read = target.read_bytes()
    target.write_text("a: 1\nb: 2\n")
    with pytest.raises(InputError, match="changed since it was read"):
        write_atomic(target, "a: 3\n", expected=read)
    assert target.read_text() == "a: 1\nb: 2\n"


CONCURRENCY_TRIALS = int(os.environ.get("BUDSJETT_CONCURRENCY_TRIALS", "3"))


@pytest.mark.parametrize("trial", range(CONCURRENCY_TRIALS))
def test_two_imports_at_once_lose_nothing(tmp_path, trial):
    """Two processes import different letters into one ledger at once: both letters end in it (or one refuses)."""
    ledger = only_allocation_letter(tmp_path / "2023.yaml")
    command = [sys.executable, "-c", "from budsjett_cli.cli import main; main()", "import"]
    processes = [subprocess.Popen(command + [str(letter), "--into", str(ledger)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for letter in (LETTER_2023_LATE, LETTER_2023_FEB)]
    codes = [p.wait(timeout=120) for p in processes]
    errors = [p.stderr.read() for p in processes]
    assert all(code in (0, 1, 2) for code in codes), errors
    ids = _letter_ids(ledger)
    late, feb = (bool(ids & set(select_ids(letter))) for letter in (LETTER_2023_LATE, LETTER_2023_FEB))
    for code, found in zip(codes, (late, feb)):
        assert found == (code in (0, 1)), (codes, errors, ids)     # exit 0/1 means written; 2 means refused


def select_ids(letter):
    return [item.id for item in select_letters(read_file(letter, str(letter)))]


def test_threads_importing_at_once_both_land(tmp_path):
    ledger = only_allocation_letter(tmp_path / "2023.yaml")
    outcomes, failures = [], []

    def work(letter):
        try:
            result = read_file(letter, str(letter))
            outcomes.append(import_into(ledger, select_letters(result)))
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(letter,)) for letter in (LETTER_2023_LATE, LETTER_2023_FEB)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures and all(o.written for o in outcomes)
    ids = _letter_ids(ledger)
    assert set(select_ids(LETTER_2023_LATE)) <= ids and set(select_ids(LETTER_2023_FEB)) <= ids


KILL_TRIALS = int(os.environ.get("BUDSJETT_KILL_TRIALS", "4"))


@pytest.mark.parametrize("trial", range(KILL_TRIALS))
def test_a_merge_killed_at_a_random_point_leaves_the_old_or_the_new_ledger(tmp_path, trial):
    import random
    import signal
    import time
    ledger = only_allocation_letter(tmp_path / "2023.yaml")
    old = ledger.read_bytes()
    process = subprocess.Popen([sys.executable, "-c", "from budsjett_cli.cli import main; main()", "import",
                                str(LETTER_2023_LATE), "--into", str(ledger)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(trial).uniform(0.3, 2.5))
    process.send_signal(signal.SIGKILL)
    process.wait()
    now = ledger.read_bytes()
    assert now == old or "TTB2023-44..52" in _letter_ids(ledger)
    remove_stale_temporaries(ledger)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2023.yaml"]
