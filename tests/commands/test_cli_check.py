"""`budsjett check` as scripts and people use it: exit codes, JSON, options, ledger lookup."""

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest

from budsjett_cli import __version__
from budsjett_cli.checks import REGISTRY
from budsjett_cli.ledger.locate import bundled_ledger
from conftest import LEDGER_2023, LEDGER_2024, LEDGER_2025, ROOT

CLEAN = """year: 2023
unit: 1000 kr
letters:
  TB2023: {title: Tildelingsbrev 2023}
chapters:
  740:
    posts:
      01: {name: Driftsutgifter, appropriation: 1 000, allocation: 1 000, letter: TB2023}
"""
WARNING_ONLY = CLEAN.replace("allocation: 1 000,", "allocation: 1 200,").replace("Driftsutgifter", "'Tilskudd, overslagsbevilgning'")
ERROR = CLEAN.replace("allocation: 1 000,", "allocation: 1 200,")


def test_clean_ledger_exits_0(run, write):
    result = run("check", write(CLEAN))
    assert result.exit_code == 0
    assert result.stdout.strip() == "0 errors, 0 warnings, 0 info in 1 ledger (1 post, 0 changes)"


def test_errors_exit_1(run, write):
    path = write(ERROR)
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:8:68: error [appropriation] 740.01: the allocation 1 200 exceeds the appropriation 1 000 by 200 (1000 kr)")


def test_warnings_pass_unless_strict(run, write):
    path = write(WARNING_ONLY)
    assert run("check", path).exit_code == 0
    assert run("check", "--strict", path).exit_code == 1


def test_quiet_prints_only_what_fails(run, write):
    assert run("check", "--quiet", write(CLEAN)).stdout == ""
    assert run("check", "-q", write(WARNING_ONLY)).stdout == ""
    strict = run("check", "-q", "--strict", write(WARNING_ONLY))
    assert strict.exit_code == 1 and strict.stdout.count("\n") == 1 and "warning" in strict.stdout


def test_usage_errors_exit_2(run):
    assert run("check", "--format", "xml").exit_code == 2
    result = run("check", "--check", "chian")
    assert result.exit_code == 2 and "did you mean 'chain'?" in result.stderr
    assert run("check", "--as-of", "i fjor").exit_code == 2
    assert run("check", "--no-such-option").exit_code == 2


def test_list_names_every_check(run):
    result = run("check", "--list")
    assert result.exit_code == 0
    for name in REGISTRY:
        assert name in result.stdout


def test_check_and_skip_select_checks(run):
    only = run("check", "--check", "chain", "--format", "json", str(LEDGER_2023))
    document = json.loads(only.stdout)
    assert document["checks"] == ["chain"] and {f["check"] for f in document["findings"]} == {"chain"}
    skipped = json.loads(run("check", "--skip", "appropriation", "--skip", "magnitude", "--format", "json",
                             str(LEDGER_2023)).stdout)
    assert skipped["checks"] == ["arithmetic", "chain", "earmarks", "letters", "dates", "transfers", "agencies"]
    assert not {f["check"] for f in skipped["findings"]} & {"appropriation", "magnitude"}
    text = run("check", "--check", "chain", str(LEDGER_2023)).stdout
    assert text.splitlines()[-1].endswith("; checks: chain")


def test_as_of_leaves_later_and_undated_changes_out(run):
    result = run("check", "--as-of", "2023-03-01", "--check", "chain", str(LEDGER_2023))
    assert result.exit_code == 0  # the gap is stated in a letter after RNB, which is left out
    assert "as of 2023-03-01, 10 later or undated changes left out" in result.stdout
    assert run("check", "--as-of", "1. mars 2023", str(LEDGER_2023)).exit_code in (0, 1)


def test_json_is_the_documented_stable_interface(run, write):
    path = write(ERROR)
    result = run("check", "--format", "json", path)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert list(document) == ["format", "as_of", "checks", "strict", "ledgers", "findings", "summary"]
    assert document["format"] == "budsjett-check/1"
    assert document["ledgers"] == [{"file": path, "year": 2023, "agency": None, "unit": "1000 kr", "posts": 1,
                                    "changes": 0, "changes_left_out": 0}]
    (finding,) = document["findings"]
    assert finding == {
        "severity": "error", "check": "appropriation", "file": path, "line": 8, "column": 68,
        "post": "740.01", "chapter": "740", "post_number": "01", "letter": None,
        "message": "the allocation 1 200 exceeds the appropriation 1 000 by 200 (1000 kr)",
        "expected": "1000000", "actual": "1200000", "difference": "200000",
    }
    assert document["summary"] == {"errors": 1, "warnings": 0, "info": 0, "exit_code": 1}


def test_json_amounts_are_exact_strings_never_floats(run):
    document = json.loads(run("check", "--format", "json", str(LEDGER_2023)).stdout, parse_float=Decimal)
    for finding in document["findings"]:
        for key in ("expected", "actual", "difference"):
            value = finding[key]
            assert value is None or isinstance(value, str) and Decimal(value) == Decimal(value).to_integral_value() or "." in value
    gap = next(f for f in document["findings"] if f["check"] == "chain" and f["severity"] == "error")
    assert (gap["expected"], gap["actual"], gap["difference"]) == ("195666000", "229104000", "33438000")


def test_json_ignores_quiet_and_reports_everything(run):
    quiet = json.loads(run("check", "--format", "json", "--quiet", str(LEDGER_2023)).stdout)
    full = json.loads(run("check", "--format", "json", str(LEDGER_2023)).stdout)
    assert quiet["findings"] == full["findings"]


def test_several_ledgers_in_one_run(run):
    result = run("check", "--format", "json", str(LEDGER_2023), str(LEDGER_2024), str(LEDGER_2025))
    document = json.loads(result.stdout)
    assert [l["year"] for l in document["ledgers"]] == [2023, 2024, 2025]
    assert {f["file"] for f in document["findings"]} == {str(LEDGER_2023), str(LEDGER_2024), str(LEDGER_2025)}


def test_lookup_order_arguments_then_environment_then_bundled(run, write):
    clean, error = write(CLEAN, "clean.yaml"), write(ERROR, "error.yaml")
    assert run("check", clean, env={"BUDSJETT_LEDGER": error}).exit_code == 0
    assert run("check", env={"BUDSJETT_LEDGER": error}).exit_code == 1
    both = run("check", "--format", "json", env={"BUDSJETT_LEDGER": os.pathsep.join([clean, error])})
    assert [l["file"] for l in json.loads(both.stdout)["ledgers"]] == [clean, error]
    bundled = run("check", "--format", "json", env={"BUDSJETT_LEDGER": ""})
    (ledger,) = json.loads(bundled.stdout)["ledgers"]
    assert ledger["file"] == str(bundled_ledger()) and ledger["year"] == 2023


def test_the_bundled_ledger_is_the_data_file():
    assert bundled_ledger().read_bytes() == LEDGER_2023.read_bytes()


def test_version_and_help_with_real_examples(run):
    assert run("--version").stdout.strip() == f"budsjett, version {__version__}"
    top = run("--help").stdout
    assert "budsjett check" in top
    check_help = run("check", "--help").stdout
    assert "Examples:" in check_help and "budsjett check --as-of 2023-06-30 --format json" in check_help
    assert "Exit codes:" in check_help


def test_python_dash_m_runs_the_cli(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), BUDSJETT_LEDGER=str(LEDGER_2025))
    result = subprocess.run([sys.executable, "-m", "budsjett_cli", "check"], capture_output=True, text=True,
                            env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert "in 1 ledger (3 posts, 3 changes)" in result.stdout


def test_no_colour_when_not_a_terminal(run):
    assert "\x1b[" not in run("check", str(LEDGER_2023)).stdout


def test_an_internal_error_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    from budsjett_cli import cli as cli_module

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_module.cli, "main", broken)
    monkeypatch.setattr(cli_module.gc, "disable", lambda: None)  # main() turns the collector off for good
    monkeypatch.delenv("BUDSJETT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    assert exited.value.code == 3
    assert capsys.readouterr().err == (
        "budsjett: internal error: RuntimeError: boom (a bug; run with BUDSJETT_DEBUG=1 for details)\n")


def test_schema_prints_the_packaged_json_schema(run):
    result = run("schema")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["$schema"].startswith("https://json-schema.org/")
    assert result.stdout == (ROOT / "budsjett_cli" / "ledger.schema.json").read_text(encoding="utf-8")


def test_the_entry_point_runs_without_the_cycle_collector_and_leaves_without_teardown(tmp_path):
    """A command is a short-lived process; main() switches the collector off and ends with os._exit
    once the output is flushed (see their docstrings)."""
    code = ("import gc, os, sys; sys.argv = ['budsjett', '--version']; from budsjett_cli.cli import main\n"
            "def leave(code):\n    print('collector on:', gc.isenabled(), 'code:', code, flush=True)\n"
            "    raise SystemExit(code)\n"
            "os._exit = leave\nmain()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == "collector on: False code: 0"


def test_output_is_complete_when_the_process_leaves_without_teardown(tmp_path):
    """os._exit skips Python's last flush: everything must be out before it (a pipe and a file both)."""
    ledger = ROOT / "data" / "chapters.yaml"
    piped = subprocess.run([sys.executable, "-m", "budsjett_cli", "summary", str(ledger), "--format", "json"],
                           capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path)
    assert piped.returncode in (0, 1)
    assert json.loads(piped.stdout)["format"] == "budsjett-report/1"
    written = tmp_path / "s.csv"
    done = subprocess.run([sys.executable, "-m", "budsjett_cli", "summary", str(ledger), "-o", str(written)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path)
    assert done.returncode in (0, 1) and "wrote" in done.stderr
    assert written.read_text(encoding="utf-8").count("\n") > 20


def test_commands_are_imported_only_when_used(tmp_path):
    code = "import sys; from budsjett_cli.cli import cli; from click.testing import CliRunner\n" \
           "CliRunner().invoke(cli, ['schema'])\n" \
           "print(sorted(m for m in ('openpyxl', 'ruamel.yaml', 'pypdf') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path)
    assert result.stdout.strip() == "[]"


def test_a_budsjett_ledger_that_names_nothing_is_a_usage_error(run):
    result = run("check", env={"BUDSJETT_LEDGER": os.pathsep * 3})
    assert result.exit_code == 2 and "names no ledger file" in result.stderr


def test_skipping_every_selected_check_is_a_usage_error(run):
    result = run("check", "--check", "chain", "--skip", "chain", str(LEDGER_2023))
    assert result.exit_code == 2 and "leaves no check to run" in result.stderr


def test_ctrl_c_exits_130_not_1(tmp_path):
    """1 means 'errors found' to a monthly script; an interrupted run must not look like that."""
    code = ("import sys, click; from budsjett_cli import cli as c\n"
            "def interrupted(*a, **k):\n    raise click.exceptions.Abort()\n"
            "c.cli.main = interrupted\nc.main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path)
    assert result.returncode == 130 and result.stderr.strip() == "Aborted."


def test_coloured_and_plain_check_output_say_the_same(run):
    """Piped, check writes its lines without rich; on a terminal (here forced) rich colours the same lines."""
    import re

    plain = run("check", str(LEDGER_2023), "--as-of", "2023-06-30").stdout
    coloured = run("check", str(LEDGER_2023), "--as-of", "2023-06-30", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in plain
    assert "\x1b[1;31merror" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
