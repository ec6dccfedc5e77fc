"""Accounts files with non-ASCII digits (valid Latin-1) are refused where they are, never a traceback (issue 11)."""

import pytest

from accountsfiles import HELSEDIR, LEDGER_TEXT, ROWS, dfo_row, write_dfo


@pytest.mark.parametrize("row", [
    dfo_row("20230²", "074021", "1 000,00"),                      # Periode
    dfo_row("202302", "07402²", "1 000,00", chapter_id="740"),    # Post_id
    dfo_row("202302", "074021", "1 000,00", chapter_id="74²"),    # Kapittel_id
    dfo_row("202302", "074021", "1 000,00", agency=("98391610²", HELSEDIR[1])),   # orgnr
], ids=["Periode", "Post_id", "Kapittel_id", "orgnr"])
def test_a_superscript_digit_is_exit_2_not_3(run, tmp_path, row):
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(LEDGER_TEXT, encoding="utf-8")
    accounts = write_dfo(tmp_path / "statsregnskapet_aar_2023.csv", ROWS + [row])
    result = run("actuals", str(ledger), str(accounts))
    assert result.exit_code == 2, result.stderr
    assert "statsregnskapet_aar_2023.csv:" in result.stderr and "Traceback" not in result.stderr
