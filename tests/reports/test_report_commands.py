"""budsjett summary, show, letters and changes through the CLI: every option, filter and error."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import jsonschema
import openpyxl
import pytest

from budsjett_cli.commands import output as output_module
from conftest import ROOT
from reportkit import check_golden, decimals_shown, read_csv, tsv_columns, xlsx_dump

LEDGER = "data/chapters.yaml"


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    """Run from the repository so that paths in the output are the short, stable data/chapters.yaml."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("BUDSJETT_LEDGER", raising=False)


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result.stdout


def usage_error(result, *fragments):
    """Exit 2 with one line on stderr that says what is wrong."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


# -- golden output of the real 2023 ledger ----------------------------------------------

GOLDEN_RUNS = {
    "summary.txt": ["summary", LEDGER, "--format", "plain"],
    "summary.csv": ["summary", LEDGER, "--format", "csv"],
    "summary-excel.csv": ["summary", LEDGER, "--excel"],
    "summary.json": ["summary", LEDGER, "--format", "json"],
    "summary-mill.md": ["summary", LEDGER, "--format", "pipe", "--unit", "mill"],
    "summary-letter.txt": ["summary", LEDGER, "--letter", "TTB2023-44..52", "--format", "plain"],
    "show-765.21.txt": ["show", "765.21", LEDGER, "--format", "plain"],
    "show-765.21.csv": ["show", "765.21", LEDGER, "--format", "csv"],
    "letters.txt": ["letters", LEDGER, "--format", "plain"],
    "changes.txt": ["changes", LEDGER, "--format", "plain"],
    "changes-2023-02.github.md": ["changes", LEDGER, "--month", "2023-02", "--format", "github"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_RUNS))
def test_commands_match_their_golden_files(run, name):
    check_golden(f"ledger2023/{name}", ok(run(*GOLDEN_RUNS[name])))


@pytest.mark.parametrize("width", [80, 200])
def test_summary_table_matches_its_golden_file(run, width):
    text = ok(run("summary", LEDGER, "--format", "table", env={"COLUMNS": str(width)}))
    check_golden(f"ledger2023/summary-table-{width}.txt", text)


def test_summary_xlsx_matches_its_golden_dump(run, tmp_path):
    target = tmp_path / "summary.xlsx"
    result = run("summary", LEDGER, "-o", str(target))
    assert result.exit_code == 0 and f"wrote {target}" in result.stderr
    check_golden("ledger2023/summary-xlsx.txt", xlsx_dump(target))


# -- summary --------------------------------------------------------------------------------


def test_summary_default_is_the_bundled_ledger_and_80_columns_when_piped(run):
    text = ok(run("summary"))
    assert text.startswith("Oppsummering Helsedirektoratet 2023 (beløp i 1000 kr)")
    assert "\x1b[" not in text  # no colour in a pipe
    assert max(len(line) for line in text.splitlines()) <= 80  # COLUMNS unset: 80, as an 80-column terminal
    assert text == ok(run("summary", "--format", "table", env={"COLUMNS": "80"}))
    assert "Sum utgifter" in text and "Sum inntekter" in text


def test_summary_keeps_expenditure_and_income_apart(run):
    rows = read_csv(ok(run("summary", LEDGER, "--format", "csv", "--unit", "kr")))
    totals = {r["Postnavn"]: r for kind, r in rows if kind == "total"}
    assert set(totals) == {"Sum utgifter", "Sum inntekter"}
    income = [r for kind, r in rows if kind == "row" and int(r["Kap."]) >= 3000]
    assert totals["Sum inntekter"]["Tildeling"] == sum(r["Tildeling"] or 0 for r in income) == Decimal("149740000")
    assert totals["Sum inntekter"]["Endringer"] == Decimal("-2000000")


def test_summary_figures_of_765_21(run):
    rows = read_csv(ok(run("summary", LEDGER, "--post", "765.21", "--format", "csv")))
    (kind, row), (subtotal_kind, subtotal), (total_kind, total) = rows
    assert (kind, subtotal_kind, total_kind) == ("row", "subtotal", "total")
    assert subtotal["Postnavn"] == "Sum kap. 765" and subtotal["Sum tildelt"] == row["Sum tildelt"]
    assert row["Bevilgning"] == Decimal("217166000")
    assert row["Tildeling"] == Decimal("187166000")
    assert row["Endringer"] == Decimal("20600000")  # 8 500 + 12 100
    assert row["Uforklart"] == Decimal("33438000")  # the missing letter
    assert row["Sum tildelt"] == Decimal("241204000")
    assert row["Tildeling"] + row["Endringer"] + row["Uforklart"] == row["Sum tildelt"]
    assert row["Ikke tildelt"] == Decimal("-24038000")
    assert row["Status"] == "error"


def test_summary_filters(run):
    chapter = read_csv(ok(run("summary", LEDGER, "--chapter", "714", "--format", "csv")))
    assert {r["Kap."] for _, r in chapter} == {"714", ""}
    assert [r["Postnavn"] for k, r in chapter if k != "row"] == ["Sum kap. 714", "Sum utgifter"]
    both = read_csv(ok(run("summary", LEDGER, "--chapter", "kap. 733", "--post", "765,21", "--format", "csv")))
    assert [(r["Kap."], r["Post"]) for k, r in both if k == "row"] == [("733", "21"), ("733", "79"), ("765", "21")]


def test_summary_as_of_leaves_out_later_changes(run):
    rows = read_csv(ok(run("summary", LEDGER, "--post", "765.21", "--as-of", "2023-03-01", "--format", "csv")))
    row = rows[0][1]
    assert row["Sum tildelt"] == Decimal("195666000") and row["Uforklart"] is None
    text = ok(run("summary", LEDGER, "--as-of", "30.06.2023"))
    assert "per 30.06.2023" in text and "later or undated changes left out" in text


def test_summary_letter_shows_what_one_letter_changed(run):
    rows = read_csv(ok(run("summary", LEDGER, "--letter", "ttb2023-44..52", "--format", "csv")))
    by_post = {(r["Kap."], r["Post"]): r for k, r in rows if k == "row"}
    assert by_post[("765", "21")]["Tidligere tildelt"] == Decimal("195666000")
    assert by_post[("765", "21")]["Endring"] == Decimal("12100000")
    assert by_post[("765", "21")]["Uforklart"] == Decimal("33438000")
    assert by_post[("765", "21")]["Sum tildelt"] == Decimal("241204000")
    assert by_post[("3714", "04")]["Endring"] == Decimal("-2000000")
    assert ("740", "01") not in by_post
    allocation = read_csv(ok(run("summary", LEDGER, "--letter", "TB2023", "--post", "740.01", "--format", "csv")))
    assert allocation[0][1]["Endring"] == allocation[0][1]["Sum tildelt"] == Decimal("1305832000")


def test_summary_of_several_ledgers(run, tmp_path):
    text = ok(run("summary", LEDGER, "data/2024.yaml", "data/2025.yaml"))
    assert text.count("Oppsummering Helsedirektoratet") == 3
    usage_error(run("summary", LEDGER, "data/2024.yaml", "--format", "csv"), "csv holds one table")
    target = tmp_path / "all.xlsx"
    ok(run("summary", LEDGER, "data/2024.yaml", "-o", str(target)))
    assert openpyxl.load_workbook(target).sheetnames == ["Oppsummering 2023", "Funn 2023", "Oppsummering 2024",
                                                         "Funn 2024"]


def test_summary_json_is_for_scripts(run):
    document = json.loads(ok(run("summary", LEDGER, "--format", "json", "--unit", "mill")))
    assert document["format"] == "budsjett-report/1" and document["unit"] == "mill. kr"
    assert document["meta"]["command"] == "summary" and document["meta"]["ledgers"][0]["file"] == LEDGER
    main, findings = document["sheets"]
    assert not main["detail"] and findings["detail"]
    row = next(r for r in main["rows"] if r["values"]["post"] == "21" and r["values"]["chapter"] == "765")
    assert row["values"]["current"] == "241204000" and row["status"] == "error"
    assert len(findings["rows"]) == 23


def test_units_switch_the_figures_and_say_so(run):
    kroner = ok(run("summary", LEDGER, "--post", "740.01", "--unit", "kr"))
    assert "(beløp i kr)" in kroner and "1 305 832 000" in kroner
    mill = ok(run("summary", LEDGER, "--post", "740.01", "--unit", "mill"))
    assert "(beløp i mill. kr)" in mill and "1 305,832" in mill
    thousand = ok(run("summary", LEDGER, "--post", "740.01", "--unit", "1000", "--format", "csv"))
    assert "Bevilgning (1000 kr)" in thousand and ",1305832," in thousand
    usage_error(run("summary", LEDGER, "--unit", "pund"), "--unit", "use kr, 1000 or mill")


def test_summary_columns_line_up_on_the_decimal_comma(run):
    """One number of decimals per money column: what its finest figure needs, whole columns whole."""
    thousand = tsv_columns(ok(run("summary", LEDGER, "--format", "tsv")))
    # 732.77's 3 624,4 gives Bevilgning, Tildeling and Sum tildelt one decimal, on every row.
    for name in ("Bevilgning", "Tildeling", "Sum tildelt"):
        assert decimals_shown(thousand[name]) == {1}, name
    for name in ("Endringer", "Uforklart", "Ikke tildelt"):
        assert decimals_shown(thousand[name]) == {0}, name
    assert "11 658 500,0" in thousand["Bevilgning"] and "3 624,4" in thousand["Bevilgning"]
    mill = tsv_columns(ok(run("summary", LEDGER, "--format", "tsv", "--unit", "mill")))
    row = mill["Postnavn"].index("Spesielle driftsutgifter, kan overføres, kan nyttes under post 72")
    assert (mill["Endringer"][row], mill["Uforklart"][row]) == ("20,600", "33,438")
    assert all(decimals_shown(mill[name]) == {3} for name in ("Bevilgning", "Endringer", "Sum tildelt"))


def test_summary_xlsx_has_one_number_format_per_money_column(run, tmp_path):
    target = tmp_path / "summary.xlsx"
    ok(run("summary", LEDGER, "-o", str(target)))
    ws = openpyxl.load_workbook(target)["Oppsummering"]
    header = [c.value for c in ws[2]]
    # The few figures with decimals (3 624,4 ...) are marked (fill, comment) and do not widen their columns.
    expected = {"Bevilgning (1000 kr)": "#,##0;[Red]-#,##0", "Endringer (1000 kr)": "#,##0;[Red]-#,##0",
                "Sum tildelt (1000 kr)": "#,##0;[Red]-#,##0", "Ikke tildelt (1000 kr)": "#,##0;[Red]-#,##0"}
    marked = []
    for name, number_format in expected.items():
        column = header.index(name) + 1
        cells = [ws.cell(row, column) for row in range(3, ws.max_row + 1)
                 if isinstance(ws.cell(row, column).value, (int, float))]
        assert {c.number_format for c in cells if c.comment is None} == {number_format}, name
        marked += [c for c in cells if c.comment is not None]
    assert marked and all(c.fill.fgColor.rgb.endswith("FFF2CC") and c.number_format == "#,##0.0;[Red]-#,##0.0"
                          and c.value != int(c.value) for c in marked)


def test_every_chapter_has_its_subtotal(run):
    """Filtering on Radtype delsum gives every chapter's total, the one-post chapters too."""
    rows = read_csv(ok(run("summary", LEDGER, "--format", "csv", "--unit", "kr")))
    chapters = [r["Kap."] for kind, r in rows if kind == "row"]
    subtotals = {r["Kap."]: r for kind, r in rows if kind == "subtotal"}
    assert sorted(subtotals, key=int) == sorted(set(chapters), key=int)
    assert {"709", "717", "737", "1320", "2752", "2790"} <= set(subtotals)
    assert subtotals["717"]["Sum tildelt"] == Decimal("9000000") and subtotals["717"]["Postnavn"] == "Sum kap. 717"
    assert subtotals["1320"]["Postnavn"] == "Sum kap. 1320 Statens vegvesen"
    totals = {r["Postnavn"]: r for kind, r in rows if kind == "total"}
    for label, income in (("Sum utgifter", False), ("Sum inntekter", True)):
        chosen = [r for c, r in subtotals.items() if (int(c) >= 3000) is income]
        for column in ("Bevilgning", "Tildeling", "Endringer", "Sum tildelt", "Ikke tildelt"):
            assert sum(r[column] or 0 for r in chosen) == totals[label][column], (label, column)


NOTE_FIGURES = re.compile(
    r"(?P<label>Sum \w+): Bevilgning − Sum tildelt is (?P<difference>[−\d ]+) but Ikke tildelt (?P<unallocated>[−\d ]+): "
    r".*?(?:Only in Bevilgning: (?P<only_appropriation>[\d ]+) on posts with no Sum tildelt "
    r"\(no allocation to the agency in the ledger: (?P<no_current>[\d., ]+)\)\.)?"
    r"(?: Only in Sum tildelt: (?P<only_current>[\d ]+) on posts with no Bevilgning in the ledger "
    r"\((?P<no_appropriation>[\d., ]+)\)\.)?$")


def test_summary_notes_explain_the_total_rows_in_figures(run):
    """Bevilgning − Sum tildelt on a total row = Ikke tildelt + only in Bevilgning − only in Sum tildelt."""
    document = json.loads(ok(run("summary", LEDGER, "--format", "json")))
    main = document["sheets"][0]
    totals = {r["values"]["name"]: r["values"] for r in main["rows"] if r["kind"] == "total"}
    found = {}
    for note in main["notes"]:
        if match := NOTE_FIGURES.match(note):
            found[match["label"]] = match
    assert set(found) == {"Sum utgifter", "Sum inntekter"}

    def thousands(text):
        return Decimal(text.replace("−", "-").replace(" ", "")) * 1000 if text else Decimal(0)

    for label, match in found.items():
        row = totals[label]
        difference = Decimal(row["appropriation"]) - Decimal(row["current"])
        assert thousands(match["difference"]) == difference
        assert thousands(match["unallocated"]) == Decimal(row["unallocated"])
        assert (thousands(match["unallocated"]) + thousands(match["only_appropriation"])
                - thousands(match["only_current"])) == difference
    assert found["Sum utgifter"]["no_current"] == "575.60, 575.61"
    assert found["Sum utgifter"]["no_appropriation"] == "709.01, 1320.01"
    assert found["Sum inntekter"]["no_current"] == "5572.75" and found["Sum inntekter"]["only_current"] is None
    assert not any(note.startswith("Bevilgning without an allocation") for note in main["notes"])
    unknown = next(note for note in main["notes"] if note.startswith("No running allocation for 3714.04"))
    assert unknown.endswith("on Sum inntekter Tildeling + Endringer + Uforklart differs from Sum tildelt by −2 000.")


def test_summary_notes_give_their_figures_in_the_unit_shown(run):
    mill = ok(run("summary", LEDGER, "--unit", "mill", "--format", "plain"))
    assert "Sum utgifter: Bevilgning − Sum tildelt is 11 770,629 but Ikke tildelt 117,927" in mill
    kroner = ok(run("summary", LEDGER, "--unit", "kr", "--format", "plain"))
    assert "Only in Sum tildelt: 88 598 000 on posts with no Bevilgning in the ledger (709.01, 1320.01)." in kroner
    # Only where it happens: 765 alone has both figures on every post.
    assert "Bevilgning − Sum tildelt is" not in ok(run("summary", LEDGER, "--chapter", "765", "--format", "plain"))


# -- output options -------------------------------------------------------------------------


@pytest.mark.parametrize("suffix,check", [
    (".csv", lambda b: b.startswith(b"Kap.,Post")),
    (".json", lambda b: json.loads(b)["format"] == "budsjett-report/1"),
    (".xlsx", lambda b: b.startswith(b"PK")),
    (".md", lambda b: b"|:---" in b),
    (".txt", lambda b: b.startswith("Oppsummering".encode())),
    (".html", lambda b: b"<table>" in b),
])
def test_output_format_follows_the_suffix(run, tmp_path, suffix, check):
    target = tmp_path / f"out{suffix}"
    result = run("summary", LEDGER, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert check(target.read_bytes())


def test_excel_flag_and_explicit_format_win_over_the_suffix(run, tmp_path):
    target = tmp_path / "out.csv"
    ok(run("summary", LEDGER, "--excel", "-o", str(target)))
    assert target.read_bytes().startswith("\ufeffKap.;".encode())
    ok(run("summary", LEDGER, "--format", "json", "-o", str(target)))
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "budsjett-report/1"


def test_output_usage_errors(run, tmp_path):
    usage_error(run("summary", LEDGER, "--format", "exel"), "--format", "'exel' is not a format")
    usage_error(run("summary", LEDGER, "--format", "tabel"), "did you mean 'table'?")
    usage_error(run("summary", LEDGER, "-o", str(tmp_path / "x.docx")), "cannot tell the format", "x.docx")
    usage_error(run("summary", LEDGER, "--excel", "--format", "json"), "--excel")
    result = run("summary", LEDGER, "-o", str(tmp_path / "missing" / "x.csv"))
    assert result.exit_code == 2 and "x.csv: cannot be written: the directory" in result.stderr


def test_xlsx_is_refused_on_a_terminal(run, monkeypatch):
    monkeypatch.setattr(output_module, "_stdout_is_terminal", lambda: True)
    usage_error(run("summary", LEDGER, "--format", "xlsx"), "-o FILE.xlsx")


def test_default_format_is_table_on_a_terminal(monkeypatch):
    monkeypatch.setattr(output_module, "_stdout_is_terminal", lambda: True)
    assert output_module.OutputOptions().resolve_format() == "table"
    assert output_module.OutputOptions(path="x.xlsx").resolve_format() == "xlsx"
    monkeypatch.setattr(output_module, "_stdout_is_terminal", lambda: False)
    assert output_module.OutputOptions().resolve_format() == "table"  # piped: COLUMNS wide, else 80


def test_xlsx_to_a_pipe_is_the_workbook(run):
    result = run("summary", LEDGER, "--format", "xlsx")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")


def test_bad_ledger_is_exit_2_with_located_problems(run, write):
    path = write("year: 2023\nunit: 1000 kr\nchapters:\n  765:\n    posts:\n      21: {allocation: 12x}\n")
    result = run("summary", path)
    assert result.exit_code == 2 and f"{path}:6:" in result.stderr


@pytest.mark.parametrize("command", ["summary", "show", "letters", "changes"])
def test_help_shows_a_real_example(run, command):
    text = ok(run(command, "--help"))
    assert f"budsjett {command}" in text and "Examples:" in text
    for option in ("--format", "--output", "--excel", "--unit"):
        assert option in text


# -- show ------------------------------------------------------------------------------------


def test_show_lists_every_step_with_the_gap_and_earmarks(run):
    rows = read_csv(ok(run("show", "765.21", LEDGER, "--format", "csv")))
    steps = [(r["Steg"], r["Brev"], r["Beløp"], r["Sum tildelt"]) for k, r in rows if r["Steg"] in
             ("Tildeling", "Endring", "Uforklart", "Sum")]
    assert steps == [
        ("Tildeling", "TB2023", Decimal("187166000"), Decimal("187166000")),
        ("Endring", "TTB2023-02..06", Decimal("8500000"), Decimal("195666000")),
        ("Uforklart", "TTB2023-44..52", Decimal("33438000"), Decimal("229104000")),
        ("Endring", "TTB2023-44..52", Decimal("12100000"), Decimal("241204000")),
        ("Sum", "", Decimal("241204000"), Decimal("241204000")),
    ]
    earmarks = [r for k, r in rows if r["Steg"] == "Øremerking"]
    assert len(earmarks) == 18 and earmarks[0]["Tekst"].startswith("minst ")
    gap = next(r for k, r in rows if r["Steg"] == "Uforklart")
    assert gap["Avvik"] == Decimal("33438000") and gap["Status"] == "error"
    assert sum(r["Beløp"] for k, r in rows if k == "row" and r["Beløp"] is not None) == Decimal("241204000")


def test_show_stated_total_that_disagrees(run, write):
    path = write("""year: 2023
unit: 1000 kr
letters:
  TB: {title: Tildelingsbrev}
  T1: {date: 2023-03-01}
chapters:
  740:
    posts:
      21:
        allocation: 100
        letter: TB
        changes:
          - {letter: T1, previous: 100, amount: 10, total: 120}
""")
    rows = read_csv(ok(run("show", "740.21", path, "--format", "csv", "--unit", "1000")))
    change = next(r for k, r in rows if r["Steg"] == "Endring")
    assert change["Sum tildelt"] == Decimal("110000") and change["Oppgitt sum"] == Decimal("120000")
    assert change["Avvik"] == Decimal("10000") and change["Dato"] == "2023-03-01"


def test_show_in_several_ledgers_and_as_of(run):
    text = ok(run("show", "714.21", LEDGER, "data/2024.yaml"))
    assert "Helsedirektoratet 2023" in text and "Helsedirektoratet 2024" in text
    early = read_csv(ok(run("show", "765.21", LEDGER, "--as-of", "2023-03-01", "--format", "csv")))
    assert [r["Steg"] for _, r in early if r["Steg"] in ("Endring", "Uforklart")] == ["Endring"]


def test_show_mid_year_opening(run):
    rows = read_csv(ok(run("show", "760.21", "data/2025.yaml", "--format", "csv")))
    assert rows[0][1]["Steg"] == "Inngående" and rows[0][1]["Beløp"] == Decimal("349110000")
    assert rows[-1][1]["Sum tildelt"] == Decimal("355430000")


def test_show_errors(run):
    usage_error(run("show", "765.99", LEDGER), "no post 765.99", "did you mean")
    usage_error(run("show", "765-21x", LEDGER), "is not a post")
    for spelling in ("765,21", "0765.21", "kap. 765 post 21"):
        assert ok(run("show", spelling, LEDGER)).startswith("Kap. 765 post 21")


# -- letters and changes ---------------------------------------------------------------------------


def test_letters_totals_per_letter(run):
    rows = read_csv(ok(run("letters", LEDGER, "--format", "csv", "--unit", "kr")))
    by_letter = {r["Brev"]: r for k, r in rows if k == "row"}
    assert by_letter["TTB2023-02..06"]["Dato"] == "2023-02-06" and by_letter["TTB2023-02..06"]["Ref."] == "23/133-9"
    assert by_letter["TTB2023-44..52"]["Endring utgifter"] == Decimal("21798000")
    assert by_letter["TTB2023-44..52"]["Endring inntekter"] == Decimal("-2000000")
    assert by_letter["TTB2023-44..52"]["Poster"] == "8" and by_letter["TTB2023-44..52"]["Status"] == "error"
    assert by_letter["TTB2023-08..12"]["Dato"] == ""
    total = rows[-1][1]
    assert total["Endring utgifter"] == sum(r["Endring utgifter"] or 0 for r in by_letter.values())


@pytest.fixture
def undated_ledger(undated_ledger_2023):
    return str(undated_ledger_2023)


def test_changes_in_a_month(run, undated_ledger):
    rows = read_csv(ok(run("changes", LEDGER, "--month", "2023-02", "--format", "csv")))
    assert [(r["Brev"], r["Kap."], r["Post"], r["Endring"]) for k, r in rows if k == "row"] == [
        ("TTB2023-02..06", "765", "21", Decimal("8500000"))]
    text = ok(run("changes", undated_ledger, "--month", "202302"))
    assert "10 undated changes" in text and "--undated lists them" in text
    assert "februar 2023" in text
    # a letter that prints no date counts from the day it was received
    rows = read_csv(ok(run("changes", LEDGER, "--month", "2023-09", "--format", "csv")))
    assert {(r["Dato"], r["Brev"]) for k, r in rows if k == "row"} == {("2023-09-22", "TTB2023-44..52")}


def test_changes_undated_are_explicit(run, undated_ledger):
    rows = read_csv(ok(run("changes", undated_ledger, "--month", "2023-06", "--undated", "--format", "csv")))
    assert all(r["Dato"] == "" for k, r in rows if k == "row") and len([1 for k, _ in rows if k == "row"]) == 10
    everything = read_csv(ok(run("changes", undated_ledger, "--format", "csv")))
    dated = [r["Dato"] for k, r in everything if k == "row"]
    assert dated[0] == "2023-02-06" and dated[1:] == [""] * 10
    incomes = [r for k, r in everything if k == "row" and r["Kap."] == "3714"]
    assert incomes and everything[-1][1]["Postnavn"] == "Sum inntekter"
    received = read_csv(ok(run("changes", LEDGER, "--format", "csv")))
    assert "" not in [r["Dato"] for k, r in received if k == "row"]


def test_changes_from_to(run, undated_ledger):
    rows = read_csv(ok(run("changes", LEDGER, "--from", "2023-02-06", "--to", "06.02.2023", "--format", "csv")))
    assert len([1 for k, _ in rows if k == "row"]) == 1
    assert read_csv(ok(run("changes", undated_ledger, "--from", "2023-03-01", "--format", "csv"))) == []
    later = read_csv(ok(run("changes", LEDGER, "--from", "2023-03-01", "--format", "csv")))
    assert sorted({r["Dato"] for k, r in later if k == "row"}) == ["2023-05-15", "2023-06-16", "2023-09-22"]


def test_changes_errors(run):
    usage_error(run("changes", LEDGER, "--month", "2023-13"), "--month", "month 13")
    usage_error(run("changes", LEDGER, "--month", "juni"), "is not a month")
    usage_error(run("changes", LEDGER, "--month", "2023-06", "--from", "2023-06-01"), "either --month")
    usage_error(run("changes", LEDGER, "--from", "2023-07-01", "--to", "2023-06-01"), "is after")


@pytest.mark.parametrize("args", [
    ["summary", LEDGER], ["summary", LEDGER, "--letter", "TB2023"], ["show", "765.21", LEDGER],
    ["letters", LEDGER], ["changes", LEDGER, "--month", "2023-02"], ["summary", LEDGER, "data/2025.yaml"],
])
def test_json_validates_against_the_published_schema(run, args):
    schema = json.loads((ROOT / "budsjett_cli" / "report.schema.json").read_text(encoding="utf-8"))
    document = json.loads(ok(run(*args, "--format", "json")))
    jsonschema.validate(document, schema)
    money = re.compile(r"^-?\d+(\.\d+)?$")
    for sheet in document["sheets"]:
        kinds = {c["key"]: c["kind"] for c in sheet["columns"]}
        for row in sheet["rows"]:
            assert set(row["values"]) == set(kinds)
            for key, value in row["values"].items():
                if kinds[key] == "money" and value is not None:
                    assert money.match(value), value
