"""The Python API: docs/api.md runs as written, and the API gives what the commands give."""

from __future__ import annotations

import doctest
import json
import sys
import types
from decimal import Decimal

import pytest
from click.testing import CliRunner

import budsjett_cli as bs
from budsjett_cli.cli import cli
from budsjett_cli.render.findings_json import finding_dict
from conftest import LEDGER_2023, LEDGER_2024, LEDGER_2025, ROOT


def test_docs_api_md_runs_as_written(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS,
                              globs={"Decimal": Decimal})
    assert result.attempted > 10
    assert result.failed == 0


@pytest.mark.parametrize("path", [LEDGER_2023, LEDGER_2024, LEDGER_2025], ids=["2023", "2024", "2025"])
def test_the_api_finds_what_check_json_reports(path):
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "json"])
    assert result.exit_code in (0, 1)
    from_command = json.loads(result.stdout)["findings"]
    from_api = [finding_dict(f) for f in bs.check(bs.load(path))]
    assert from_api == from_command
    assert from_api == [json.loads(json.dumps(finding_dict(f))) for f in bs.check(bs.load_text(
        path.read_text(encoding="utf-8"), str(path)))]


def test_check_names_checks_and_refuses_unknown_ones():
    ledger = bs.load(LEDGER_2023)
    assert {f.check for f in bs.check(ledger, checks=["earmarks"])} == {"earmarks"}
    with pytest.raises(ValueError, match="no check named 'chian'"):
        bs.check(ledger, checks=["chian"])


def test_the_root_exports_only_what_it_documents():
    assert "load" in dir(bs) and "check" in dir(bs)
    with pytest.raises(AttributeError):
        bs.no_such_thing  # noqa: B018


def test_dataframes_without_pandas_say_how(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
    with pytest.raises(ImportError, match="pip install pandas"):
        bs.to_dataframe(bs.check(bs.load(LEDGER_2023)))


def test_dataframes_get_the_rows_and_columns_in_order(monkeypatch):
    calls = []
    fake = types.ModuleType("pandas")
    fake.DataFrame = types.SimpleNamespace(from_records=lambda records, columns=None: calls.append((records, columns)))
    monkeypatch.setitem(sys.modules, "pandas", fake)
    ledger = bs.load(LEDGER_2023)
    sheet = bs.summary(ledger, posts=["765.21"]).sheets[0]
    sheet.to_dataframe()
    records, columns = calls[-1]
    assert columns == [c.key for c in sheet.columns] + ["kind"]
    assert (records[0]["post"], records[0]["current"]) == ("21", Decimal("241204000"))
    assert [r["kind"] for r in records] == ["row", "subtotal", "total"]
    findings = bs.check(ledger, checks=["chain"])
    bs.to_dataframe(findings)
    assert [r["message"] for r in calls[-1][0]] == [f.message for f in findings]


def test_the_readme_python_example_runs(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```python\n")[1:]
    assert blocks, "README shows the API"
    for block in blocks:
        exec(compile(block.split("```")[0], "README.md", "exec"), {})  # noqa: S102 - our own README
    printed = capsys.readouterr().out
    assert "data/chapters.yaml:564:23 stated previous 229 104 differs" in printed
