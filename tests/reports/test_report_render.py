"""The shared report renderers (render/report.py), on a hand-made report with every kind of cell."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest

from budsjett_cli.amounts import Unit
from budsjett_cli.render.report import FORMATS, TABULATE_FORMATS, ReportFormatError, render_report, render_to_string
from reportkit import (check_golden, decimals_shown, money_headers, normalised, read_csv, read_json, read_xlsx,
                       report_rows, sample_report, tsv_columns, xlsx_dump)

GOLDEN_TEXT_FORMATS = ["plain", "simple", "github", "grid", "pipe", "csv", "csv-excel", "json"]


@pytest.mark.parametrize("fmt", GOLDEN_TEXT_FORMATS)
def test_every_format_matches_its_golden_file(fmt):
    suffix = {"csv": "csv", "csv-excel": "csv", "json": "json", "pipe": "md"}.get(fmt, "txt")
    check_golden(f"sample/{fmt}.{suffix}", render_to_string(sample_report(), fmt))


@pytest.mark.parametrize("width", [80, 200])
def test_rich_table_matches_its_golden_file(width):
    check_golden(f"sample/table-{width}.txt", render_to_string(sample_report(), "table", width=width))


def test_xlsx_matches_its_golden_dump(tmp_path):
    path = tmp_path / "sample.xlsx"
    render_report(sample_report(), "xlsx", path)
    check_golden("sample/xlsx.txt", xlsx_dump(path))


@pytest.mark.parametrize("fmt", TABULATE_FORMATS)
def test_every_tabulate_format_renders_the_figures(fmt):
    text = render_to_string(sample_report(), fmt).replace("\\%", "%")  # LaTeX escapes the per cent sign
    for figure in ("187 166", "−2 400,5", "12 345 678,902", "3 624,4", "25,3 %", "06.02.2023", "1 234"):
        assert figure in text, (fmt, figure)
    assert "Aldri" not in text  # an optional column that no row fills
    assert "noe er galt" not in text  # the detail sheet is for xlsx and json only
    assert "(beløp i 1000 kr)" in text


def test_the_format_list_is_complete():
    assert {"table", "csv", "csv-excel", "json", "xlsx", "plain", "simple", "github", "grid", "pipe"} <= set(FORMATS)
    assert set(TABULATE_FORMATS) <= set(FORMATS)


def test_human_formats_round_only_past_three_decimals_and_say_so():
    text = render_to_string(sample_report(), "plain")
    # 12 345 678 901,5 kr is 12 345 678,9015 in 1000 kr: rounded half up to three decimals, and said.
    assert "12 345 678,902" in text
    assert "rounded for display" in text
    exact = render_to_string(sample_report(Unit.KR), "plain")
    assert "12 345 678 901,5" in exact and "rounded" not in exact
    assert "−0,25" in exact


def test_machine_formats_never_round():
    text = render_to_string(sample_report(), "csv")
    assert "12345678.9015" in text and "-0.00025" in text
    excel = render_to_string(sample_report(), "csv-excel")
    assert "12345678,9015" in excel and "-0,00025" in excel


def test_csv_dialects():
    plain = render_to_string(sample_report(), "csv")
    assert not plain.startswith("\ufeff") and "\r\n" not in plain
    assert plain.splitlines()[0].startswith("Kap.,Post,Postnavn,Dato,Antall,Andel,Sum tildelt (1000 kr)")
    assert "2023-02-06" in plain
    excel = render_to_string(sample_report(), "csv-excel")
    assert excel.startswith("\ufeffKap.;Post;") and excel.endswith("\r\n")
    assert "06.02.2023" in excel and "0,2534" in excel


def test_json_amounts_are_exact_kroner_strings_whatever_the_unit():
    for unit in Unit:
        document = json.loads(render_to_string(sample_report(unit), "json"))
        row = document["sheets"][0]["rows"][0]["values"]
        assert row["amount"] == "187166000" and row["change"] == "-2400500"
        assert document["amounts"] == "kr" and document["unit"] == unit.label
        assert document["sheets"][1]["detail"] is True


@pytest.mark.parametrize("unit", list(Unit))
def test_every_export_reads_back_to_the_report(tmp_path, unit):
    report = sample_report(unit)
    headers = money_headers(report)
    expected = normalised(report_rows(report), headers)
    assert normalised(read_csv(render_to_string(report, "csv")), headers) == expected
    assert normalised(read_csv(render_to_string(report, "csv-excel"), excel=True), headers) == expected
    assert normalised(read_json(render_to_string(report, "json")), headers) == expected
    render_report(report, "xlsx", tmp_path / "r.xlsx")
    assert normalised(read_xlsx(tmp_path / "r.xlsx"), headers) == expected


def test_csv_refuses_a_report_of_several_tables():
    report = sample_report()
    report.sheets[1].detail = False
    with pytest.raises(ReportFormatError, match="csv holds one table"):
        render_to_string(report, "csv")


def test_unknown_format_and_binary_to_string_are_refused():
    with pytest.raises(ValueError, match="unknown format"):
        render_to_string(sample_report(), "docx")
    with pytest.raises(ValueError, match="binary"):
        render_to_string(sample_report(), "xlsx")


def test_xlsx_to_a_text_stream_goes_to_its_buffer():
    class Stdout(io.TextIOWrapper):
        pass

    raw = io.BytesIO()
    stream = Stdout(raw, encoding="utf-8")
    render_report(sample_report(), "xlsx", stream)
    assert raw.getvalue().startswith(b"PK")


def test_a_file_is_written_whole_and_readable_by_others(tmp_path):
    target = tmp_path / "out.csv"
    render_report(sample_report(), "csv", target)
    assert target.read_text(encoding="utf-8").startswith("Kap.,")
    assert target.stat().st_mode & 0o044  # not private like a temporary file
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_rich_table_colours_statuses_on_a_terminal():
    text = render_to_string(sample_report(), "table", width=200, color=True)
    assert "\x1b[" in text and "error" in text
    plain = render_to_string(sample_report(), "table", width=200, color=False)
    assert "\x1b[" not in plain


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_rich_table_never_cuts_a_number(width):
    text = render_to_string(sample_report(), "table", width=width)
    for figure in ("187 166", "−2 400,5", "12 345 678,902", "3 624,4", "190 791,9"):
        assert figure in text, (width, figure)
    assert "…" not in text


def test_another_unit_moves_the_decimal_point_only():
    report = sample_report(Unit.MILLION)
    assert "187,166" in render_to_string(report, "plain")
    assert "187.166" in render_to_string(report, "csv").split("\n")[1]
    assert "(beløp i mill. kr)" in render_to_string(report, "plain")
    assert "Sum tildelt (mill. kr)" in render_to_string(report, "csv")


def test_each_money_column_has_one_number_of_decimals_the_most_it_needs_up_to_the_cap():
    """The decimal commas of a column line up: 187 166,000 over 12 345 678,902, never 187 166 over it."""
    columns = tsv_columns(render_to_string(sample_report(), "tsv"))
    # 12 345 678,9015 needs four decimals (rounded to the cap, three); the column gets three.
    assert columns["Sum tildelt"] == ["187 166,000", "3 624,400", "1,500", "190 791,900", "12 345 678,902",
                                      "190 791,900"]
    # −0,00025 needs five: the column gets the cap, three, and the figure shows rounded.
    assert columns["Endring"] == ["−2 400,500", "0,000", "", "−2 400,500", "0,000", "−2 400,500"]
    assert decimals_shown(columns["Andel"]) == {1} and decimals_shown(columns["Antall"]) == {0}
    kroner = tsv_columns(render_to_string(sample_report(Unit.KR), "tsv"))
    assert kroner["Sum tildelt"][0] == "187 166 000,0" and kroner["Sum tildelt"][4] == "12 345 678 901,5"
    assert kroner["Endring"][:2] == ["−2 400 500,00", "0,00"] and kroner["Endring"][4] == "−0,25"


@pytest.mark.parametrize("fmt", ["plain", "simple", "github", "grid", "pipe", "rst", "html"])
def test_every_text_format_shows_the_column_decimals(fmt):
    text = render_to_string(sample_report(), fmt)
    for figure in ("187 166,000", "3 624,400", "−2 400,500", "190 791,900"):
        assert figure in text, (fmt, figure)


@pytest.mark.parametrize("width", [60, 80, 200])
def test_rich_table_lines_up_the_decimal_commas(width):
    lines = render_to_string(sample_report(), "table", width=width).splitlines()
    commas = set()
    for figure in ("187 166,000", "3 624,400", "1,500", "190 791,900", "12 345 678,902"):
        found = [line for line in lines if figure in line]
        assert found, figure
        commas |= {line.index(figure) + figure.index(",") for line in found}
    assert len(commas) == 1, commas


def test_xlsx_gives_each_money_column_one_format(tmp_path):
    """One number format per column (the decimals of the text formats); the cells keep the exact figures."""
    path = tmp_path / "sample.xlsx"
    render_report(sample_report(), "xlsx", path)
    import openpyxl

    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[2]]
    for name in ("Sum tildelt (1000 kr)", "Endring (1000 kr)"):
        column = header.index(name) + 1
        cells = [ws.cell(row, column) for row in range(3, 9) if ws.cell(row, column).value is not None]
        assert {c.number_format for c in cells} == {"#,##0.000;[Red]-#,##0.000"}, name
    exact = [ws.cell(row, header.index("Endring (1000 kr)") + 1).value for row in range(3, 9)]
    assert Decimal(f"{exact[4]:.15g}") == Decimal("-0.00025")  # shown 0,000, held exact
    notes = [row[0].value for row in ws.iter_rows(min_row=10) if row[0].value]
    assert "Figures finer than 3 decimals in 1000 kr are shown rounded; the cells hold the exact figures." in notes
    render_report(sample_report(Unit.KR), "xlsx", path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    column = [c.value for c in ws[2]].index("Sum tildelt (kr)") + 1
    formats = {ws.cell(row, column).number_format for row in range(3, 9) if ws.cell(row, column).value is not None}
    assert formats == {"#,##0.0;[Red]-#,##0.0"}  # 12 345 678 901,5 kr: one decimal, the whole column
