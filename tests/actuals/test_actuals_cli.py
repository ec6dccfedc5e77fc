"""``budsjett actuals`` end to end with CliRunner: every option, the exit codes, the JSON interface."""

import csv
import io
import json
import re
from collections import Counter
from decimal import Decimal

import pytest

from accountsfiles import FHI, LEDGER_TEXT, ROWS, dfo_row, dfo_text, write_dfo
from conftest import DATA, LEDGER_2023, ROOT
from reportkit import decimals_shown, tsv_columns

D = Decimal


@pytest.fixture
def files(tmp_path):
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(LEDGER_TEXT, encoding="utf-8")
    accounts = write_dfo(tmp_path / "statsregnskapet_aar_2023.csv", ROWS)
    return str(ledger), str(accounts)


def rows_of(result):
    """The JSON report's main rows by chapter.post (posts only)."""
    document = json.loads(result.stdout)
    main = next(s for s in document["sheets"] if s["name"] == "actuals")
    return {f"{r['values']['chapter']}.{r['values']['post']}": r for r in main["rows"] if r["kind"] == "row"}


def test_default_run_prints_the_table_and_the_findings(run, files):
    result = run("actuals", *files, "--format", "plain")
    assert result.exit_code == 1  # 741.01 is over its allocation
    out = result.stdout
    assert out.startswith("Regnskap mot tildeling 2023, Helsedirektoratet (983 544 622), hittil i år til og med juni "
                          "(beløp i 1000 kr)")
    header = next(line for line in out.splitlines() if line.startswith("Kap."))
    assert header.split() == ["Kap.", "Post", "Postnavn", "Regnskap", "juni", "Regnskap", "hittil", "Sum", "tildelt",
                              "Gjenstår", "Andel", "Andel", "av", "året", "Status", "Merknad"]
    line = next(line for line in out.splitlines() if line.startswith("741     01"))
    assert line.split()[3:] == ["80", "160,001", "150", "−10,001", "106,7", "%", "50,0", "%", "error", "overskredet"]
    errors = result.stderr.splitlines()
    assert f"{files[0]}:43:7: error [overspent] 741.01: spent 160 000,50 kr of 150 000 kr allocated: over by 10 000,50 kr" in errors
    assert any(line.startswith(f"{files[1]}:32: warning [not-in-ledger] 1633.01:") for line in errors)
    assert errors[-1] == "2 errors, 3 warnings, 2 info in the reconciliation to juni 2023 (9 posts, 3 over their allocations)"


def test_one_argument_is_the_accounts_and_the_ledger_comes_from_the_environment(run, files):
    result = run("actuals", files[1], "--format", "json", env={"BUDSJETT_LEDGER": files[0]})
    assert result.exit_code == 1
    assert json.loads(result.stdout)["meta"]["ledger"] == files[0]


def test_usage_errors(run, files):
    for args in ((), (files[0], files[1], files[1])):
        result = run("actuals", *args)
        assert result.exit_code == 2 and "budsjett actuals [LEDGER] ACCOUNTS" in result.stderr


def test_virksomhet_overrides_the_ledger(run, files):
    result = run("actuals", *files, "--virksomhet", "983 744 516", "--format", "json")
    document = json.loads(result.stdout)
    assert document["meta"]["agency"] == {"orgnr": FHI[0], "orgnr_formatted": "983 744 516",
                                          "name": "Folkehelseinstituttet", "chosen_by": "option"}
    assert rows_of(result)["740.01"]["values"]["to_date"] == "999999"
    assert result.exit_code == 0


@pytest.mark.parametrize("value, words", [("983544623", "check digit"), ("12", "nine digits")])
def test_virksomhet_must_be_an_organisation_number(run, files, value, words):
    result = run("actuals", *files, "--virksomhet", value)
    assert result.exit_code == 2 and words in result.stderr


def test_unknown_agency_lists_the_candidates(run, files):
    result = run("actuals", *files, "--virksomhet", "974760673")
    assert result.exit_code == 2
    assert "no rows for 2023 with Virksomhet_id 974760673 (from --virksomhet)" in result.stderr
    assert "983544622 Helsedirektoratet (31 rows)" in result.stderr


def test_ledger_without_orgnr_and_a_file_of_many_agencies(run, files, tmp_path):
    ledger = tmp_path / "no-orgnr.yaml"
    ledger.write_text(LEDGER_TEXT.replace("orgnr: 983544622\n", ""), encoding="utf-8")
    result = run("actuals", str(ledger), files[1])
    assert result.exit_code == 2
    assert "holds 3 agencies; say which is yours with --virksomhet ORGNR or 'orgnr:' in the ledger" in result.stderr


def test_to_month(run, files):
    result = run("actuals", *files, "--to-month", "202302", "--format", "json")
    document = json.loads(result.stdout)
    assert (document["meta"]["to_month"], document["meta"]["as_of"]) == ("202302", "2023-02-28")
    rows = rows_of(result)
    assert (rows["740.01"]["values"]["month"], rows["740.01"]["values"]["to_date"],
            rows["740.01"]["values"]["allocation"]) == ("210000.25", "397499.75", "1000000")
    assert result.exit_code == 0


@pytest.mark.parametrize("value, words", [("2023", "not a month"), ("202203", "not in the ledger's year 2023"),
                                          ("202300", "no month 00")])
def test_to_month_errors(run, files, value, words):
    result = run("actuals", *files, "--to-month", value)
    assert result.exit_code == 2 and f"Error: --to-month: '{value}'" in result.stderr and words in result.stderr


def test_carry_over(run, files):
    plain = run("actuals", *files)
    assert "Kan overføres" not in plain.stdout and "bevilgningsreglementet" not in plain.stdout
    result = run("actuals", *files, "--carry-over", "--format", "plain")
    assert "Kan overføres" in result.stdout and "Overføringsregel" in result.stdout
    assert "bevilgningsreglementet § 5" in result.stdout
    assert "Carry-over is an estimate from the figures to 202306" in result.stdout
    rows = rows_of(run("actuals", *files, "--carry-over", "--format", "json"))
    assert (rows["740.01"]["values"]["carry_over"], rows["740.01"]["values"]["carry_over_rule"]) == \
        ("50000", "driftspost: inntil 5 % av bevilgningen")
    assert rows["742.21"]["values"]["carry_over_rule"] == "driftspost: inntil 5 % av tildelingen (ingen bevilgning i ledgeren)"
    assert rows["741.70"]["values"]["carry_over"] == "0"
    assert rows["3740.02"]["values"]["carry_over"] is None


def test_count_undated(run, files):
    default = run("actuals", *files, "--to-month", "202305", "--format", "json")
    assert rows_of(default)["740.21"]["values"]["allocation"] == "400000"
    assert json.loads(default.stdout)["meta"]["changes_left_out"] == {"undated": {"T2": 1}, "later": 1}
    counted = run("actuals", *files, "--to-month", "202305", "--count-undated", "--format", "json")
    assert rows_of(counted)["740.21"]["values"]["allocation"] == "500000"
    assert json.loads(counted.stdout)["meta"]["count_undated"] is True


def test_ignore(run, files):
    result = run("actuals", *files, "--ignore", "1633", "--ignore", "740.45")
    assert "not-in-ledger" not in result.stderr
    assert "2 errors, 1 warning, 2 info" in result.stderr
    bad = run("actuals", *files, "--ignore", "kap 1633")
    assert bad.exit_code == 2 and "is not a chapter (1633) or a post (1633.01)" in bad.stderr


def test_strict_and_quiet(run, files):
    # To April only warnings (T2 undated, posts outside the ledger); in May 740.21 goes over, but only for want of
    # T2's date (a warning); in June it is over with T2 counted, and 741.01 too: errors.
    assert run("actuals", *files, "--to-month", "202304").exit_code == 0
    assert run("actuals", *files, "--to-month", "202305").exit_code == 0
    assert run("actuals", *files, "--to-month", "202306").exit_code == 1
    strict = run("actuals", *files, "--to-month", "202304", "--strict")
    assert strict.exit_code == 1
    quiet = run("actuals", *files, "--to-month", "202304", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    quiet_strict = run("actuals", *files, "--to-month", "202304", "--quiet", "--strict")
    assert quiet_strict.exit_code == 1
    assert [line.split(" ")[1] for line in quiet_strict.stderr.splitlines()] == ["warning"] * 3


def test_bad_rows_make_the_file_unusable_unless_skipped(run, files, tmp_path):
    good = dfo_text([ROWS[0]]).splitlines()[1]
    path = write_dfo(tmp_path / "bad.csv", ROWS, extra_lines=[good.replace('"200000,000"', '"två"'), good.rsplit(";", 1)[0]])
    first_bad = len(ROWS) + 2
    result = run("actuals", files[0], str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}:{first_bad}: Beløp: ")
    assert lines[1] == f"{path}:{first_bad + 1}: expected 28 fields as in the header, found 27"
    assert lines[2] == f"budsjett: 2 bad rows in {path}; nothing was reconciled (--skip-bad-rows reconciles the rest and says so)"
    assert result.stdout == ""
    skipped = run("actuals", files[0], str(path), "--skip-bad-rows", "--format", "json")
    assert skipped.exit_code == 1
    document = json.loads(skipped.stdout)
    assert document["meta"]["accounts"]["bad_rows"] == 2
    assert rows_of(skipped)["740.01"]["values"]["to_date"] == "900000.25"  # the bad rows left out
    assert skipped.stderr.splitlines()[:2] == lines[:2]
    findings = next(s for s in document["sheets"] if s["name"] == "findings")["rows"]
    assert any(r["values"]["check"] == "bad-rows" and r["values"]["line"] == first_bad for r in findings)


def test_missing_accounts_file(run, files, tmp_path):
    result = run("actuals", files[0], str(tmp_path / "nope.csv"))
    assert result.exit_code == 2 and "cannot read the accounts file" in result.stderr


def test_bad_ledger_is_unusable_input(run, files, tmp_path):
    ledger = tmp_path / "bad.yaml"
    ledger.write_text("year: 2023\nunit: 1000 kr\norgnr: 123\nchapters: {}\n", encoding="utf-8")
    result = run("actuals", str(ledger), files[1])
    assert result.exit_code == 2 and f"{ledger}:3:8: orgnr:" in result.stderr


def test_accounts_for_another_year(run, files, tmp_path):
    path = write_dfo(tmp_path / "2024.csv", [dfo_row("202401", "074001", "5,000")])
    result = run("actuals", files[0], str(path))
    assert result.exit_code == 2 and "the accounts are for 2024 (1 row)" in result.stderr


def test_simple_layout_with_renamed_columns(run, files, tmp_path):
    path = tmp_path / "eksport.csv"
    path.write_text("Kapittel;Post;Måned;Beløp\n741;1;202301;150000,50\n741;1;202302;1000\n3740;2;202302;-60000\n",
                    encoding="utf-8")
    result = run("actuals", files[0], str(path), "--column", "kap=Kapittel", "--column", "periode=Måned",
                 "--format", "json")
    document = json.loads(result.stdout)
    assert document["meta"]["accounts"]["layout"] == "simple"
    assert document["meta"]["agency"]["chosen_by"] == "file has no agency column"
    rows = rows_of(result)
    assert (rows["741.01"]["values"]["to_date"], rows["741.01"]["status"]) == ("151000.5", "error")
    assert rows["3740.02"]["values"]["to_date"] == "60000"
    assert result.exit_code == 1
    usual = run("actuals", files[0], str(path), "--format", "json")  # Kapittel and Måned are usual names
    assert usual.exit_code == 1 and rows_of(usual) == rows
    path.write_text("Kapittelnavn;Post;Bokført;Beløp\n741;1;202301;150000,50\n", encoding="utf-8")
    wrong = run("actuals", files[0], str(path), "--layout", "simple")
    assert wrong.exit_code == 2 and "lacks 'kap', 'periode'" in wrong.stderr and "the simple layout" in wrong.stderr
    bad_option = run("actuals", files[0], str(path), "--column", "konto=Konto")
    assert bad_option.exit_code == 2 and "unknown column 'konto'" in bad_option.stderr


def test_layout_and_encoding_options(run, files, tmp_path):
    path = write_dfo(tmp_path / "utf8.csv", ROWS, encoding="utf-8")
    assert json.loads(run("actuals", files[0], str(path), "--format", "json").stdout)["meta"]["accounts"]["encoding"] == "utf-8"
    forced = run("actuals", files[0], str(path), "--encoding", "latin-1", "--layout", "dfo")
    assert forced.exit_code == 2 and "--encoding utf-8" in forced.stderr
    latin = run("actuals", files[0], files[1], "--encoding", "utf-8")
    assert latin.exit_code == 2 and "not valid UTF-8" in latin.stderr


def test_json_is_the_stable_interface(run, files):
    result = run("actuals", *files, "--format", "json", "--carry-over")
    assert result.stderr == ""  # findings are in the document
    document = json.loads(result.stdout)
    assert document["format"] == "budsjett-report/1" and document["amounts"] == "kr"
    meta = document["meta"]
    assert set(meta) == {"command", "actuals_format", "ledger", "year", "agency", "accounts", "to_month", "as_of",
                         "count_undated", "carry_over", "changes_left_out", "months_without_rows", "summary",
                         "monthly", "year_elapsed", "empty_hidden"}
    assert (meta["monthly"], meta["year_elapsed"]) == (False, "0.5000")
    assert (meta["command"], meta["actuals_format"], meta["year"]) == ("actuals", "budsjett-actuals/1", 2023)
    assert meta["accounts"]["months"] == ["202301", "202302", "202303", "202304", "202305", "202306"]
    assert meta["months_without_rows"] == ["202303"]
    assert meta["summary"] == {"errors": 2, "warnings": 3, "info": 2, "strict": False, "exit_code": 1}
    sheets = {s["name"]: s for s in document["sheets"]}
    assert list(sheets) == ["actuals", "outside", "findings", "monthly"]  # monthly added (issue 10)
    assert [c["key"] for c in sheets["actuals"]["columns"]] == [
        "chapter", "post", "name", "month", "to_date", "allocation", "remaining", "share", "year_elapsed", "status", "note",
        "carry_over", "carry_over_rule"]
    row = rows_of(result)["740.21"]
    assert row["status"] == "error"
    assert row["values"] == {
        "chapter": "740", "post": "21", "name": "Spesielle driftsutgifter, kan overføres", "month": "140000",
        "to_date": "570000.125", "allocation": "550000", "remaining": "-20000.125", "share": "1.036364",
        "status": "error", "note": "overskredet, dekket av 740.70", "carry_over": "0",
        "carry_over_rule": "kan overføres: hele ubrukt beløp", "year_elapsed": "0.5"}
    totals = [r for r in sheets["actuals"]["rows"] if r["kind"] == "total"]
    assert [(t["values"]["name"], t["values"]["to_date"]) for t in totals] == [
        ("Sum utgifter", "2092000.875"), ("Sum inntekter", "64000")]
    outside = sheets["outside"]["rows"]
    assert [(r["values"]["chapter"], r["values"]["post"], r["values"]["to_date"], r["values"]["rows"],
             r["values"]["status"], r["values"]["note"]) for r in outside] == [
        ("740", "45", "12000", 1, "warning", "ikke i ledgeren"), ("1633", "01", "7500", 2, "warning", "ikke i ledgeren")]
    findings = sheets["findings"]["rows"]
    stable = {
        "severity": "error", "check": "overspent", "post": "741.01",
        "message": "spent 160 000,50 kr of 150 000 kr allocated: over by 10 000,50 kr",
        "file": files[0], "line": 43, "expected": "150000", "actual": "160000.5"}
    values = findings[2]["values"]
    assert {key: values[key] for key in stable} == stable  # keys are added, never changed
    assert values["location"] == f"{files[0]}:43:7" and values["difference"] == "10000.5"
    assert findings[-1]["values"]["line"] is None  # a finding about the file as a whole


def test_json_validates_against_the_report_schema(run, files):
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "budsjett_cli" / "report.schema.json").read_text(encoding="utf-8"))
    for extra in ((), ("--carry-over",), ("--to-month", "202302", "--skip-bad-rows")):
        document = json.loads(run("actuals", *files, "--format", "json", *extra).stdout)
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(document)]
        assert errors == [], extra


def test_json_to_a_file_prints_the_findings(run, files, tmp_path):
    out = tmp_path / "actuals.json"
    result = run("actuals", *files, "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["command"] == "actuals"
    assert "error [overspent] 741.01" in result.stderr
    assert f"budsjett: wrote {out} (json, 1000 kr)" in result.stderr


def test_csv_is_the_main_table_in_exact_figures(run, files):
    result = run("actuals", *files, "--format", "csv")
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == ["Kap.", "Post", "Postnavn", "Regnskap juni (1000 kr)", "Regnskap hittil (1000 kr)",
                        "Sum tildelt (1000 kr)", "Gjenstår (1000 kr)", "Andel", "Andel av året", "Status", "Merknad",
                        "Kan overføres (1000 kr)", "Overføringsregel", "Radtype"]
    row = next(r for r in table if r[:2] == ["741", "01"])
    assert row[3:11] == ["80", "160.0005", "150", "-10.0005", "1.06667", "0.5", "error", "overskredet"]
    assert table[-1][2] == "Sum inntekter" and table[-1][-1] == "sum"


def test_csv_excel_and_unit(run, files):
    result = run("actuals", *files, "--excel", "--unit", "kr")
    assert result.stdout.startswith("\ufeffKap.;Post;Postnavn;Regnskap juni (kr)")
    row = next(line for line in result.stdout.splitlines() if line.startswith("741;01"))
    assert row.split(";")[3:7] == ["80000", "160000,5", "150000", "-10000,5"]


def test_xlsx_holds_the_detail_sheets(run, files, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "actuals.xlsx"
    result = run("actuals", *files, "--carry-over", "-o", str(out))
    assert result.exit_code == 1
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["Regnskap", "Diagram", "Utenfor", "Funn", "Per måned"]
    values = [[c.value for c in row] for row in workbook["Regnskap"].iter_rows()]
    row = next(r for r in values if r[:2] == [741, 1])
    assert Decimal(f"{row[4]:.15g}") == D("160.0005") and row[8:11] == [0.5, "error", "overskredet"]  # a double, exact


def test_the_bundled_ledger_and_the_made_up_example(run):
    result = run("actuals", str(LEDGER_2023), str(DATA / "example-accounts-2023-made-up.csv"), "--format", "json")
    assert result.exit_code == 1
    meta = json.loads(result.stdout)["meta"]
    assert meta["agency"]["orgnr"] == "983544622" and meta["agency"]["chosen_by"] == "ledger"


EXAMPLE = (str(LEDGER_2023), str(DATA / "example-accounts-2023-made-up.csv"))


def test_the_post_that_covers_an_excess_explains_its_carry_over(run, late_letter_ledger_2023):
    """714.21 pays 1 800 of 714.70's excess (kan nyttes under): its Merknad says so, and it carries that much less.

    (With TTB2023-44..52 received in November: in October its +3 983 on 714.70 does not count yet.)
    """
    example = (str(late_letter_ledger_2023), EXAMPLE[1])
    result = run("actuals", *example, "--carry-over", "--format", "json")
    rows = rows_of(result)
    donor = rows["714.21"]["values"]
    assert donor["note"] == "1 800 dekket overskridelse på 714.70"
    assert (donor["remaining"], donor["carry_over"]) == ("19595881.8", "17795881.8")
    assert D(donor["remaining"]) - D(donor["carry_over"]) == D("1800000")
    assert rows["714.70"]["values"]["note"] == "overskredet, dekket av 714.21"
    kroner = run("actuals", *example, "--carry-over", "--unit", "kr", "--format", "plain")
    line = next(line for line in kroner.stdout.splitlines() if line.startswith("714     21"))
    assert "1 800 000 dekket overskridelse på 714.70" in line and "17 795 881,80" in line
    mill = run("actuals", *example, "--unit", "mill", "--format", "plain")
    assert "1,8 dekket overskridelse på 714.70" in mill.stdout


def test_an_overspend_only_an_undated_letter_explains_is_not_reported_as_one(run, undated_ledger_2023):
    """714.70 with the example accounts: while TTB2023-44..52 is undated, its 1 800 excess is a warning that says to
    date the letter (it draws on no other post); once the letter is dated (the bundled ledger), it is within."""
    undated = run("actuals", str(undated_ledger_2023), EXAMPLE[1], "--format", "json")
    rows = rows_of(undated)
    before = rows["714.70"]["values"]
    assert (before["allocation"], before["status"], before["note"]) == (
        "186400000", "warning", "overskredet uten udatert brev")
    assert rows["714.21"]["values"]["note"] is None                   # no donor drawn on
    text = run("actuals", str(undated_ledger_2023), EXAMPLE[1])
    assert text.exit_code == 1                                        # 734.01 is over all the same
    finding = next(line for line in text.stderr.splitlines() if "714.70" in line)
    assert "warning [overspent] 714.70: spent 188 200 000 kr of 186 400 000 kr allocated: over by 1 800 000 kr, but " \
           "the undated letter TTB2023-44..52 gives the post 3 983 000 kr more" in finding
    assert "received:" in finding
    after = rows_of(run("actuals", *EXAMPLE, "--format", "json"))["714.70"]["values"]
    assert (after["allocation"], after["remaining"], after["status"]) == ("190383000", "2183000", "ok")
    dated = run("actuals", *EXAMPLE)
    assert "error [overspent] 734.01" in dated.stderr and "714.70" not in dated.stderr


def test_every_chapter_has_its_subtotal_in_actuals(run):
    document = json.loads(run("actuals", *EXAMPLE, "--format", "json").stdout)
    main = next(s for s in document["sheets"] if s["name"] == "actuals")
    chapters = {r["values"]["chapter"] for r in main["rows"] if r["kind"] == "row"}
    subtotals = {r["values"]["chapter"]: r["values"] for r in main["rows"] if r["kind"] == "subtotal"}
    assert set(subtotals) == chapters and {"709", "717", "737", "1320", "2752", "2790"} <= chapters
    post = next(r["values"] for r in main["rows"] if r["kind"] == "row" and r["values"]["chapter"] == "737")
    for key in ("month", "to_date", "allocation", "remaining", "share"):
        assert subtotals["737"][key] == post[key], key
    assert subtotals["737"]["name"] == "Sum kap. 737"


def test_actuals_columns_line_up_on_the_decimal_comma(run):
    columns = tsv_columns(run("actuals", *EXAMPLE, "--carry-over", "--format", "tsv").stdout)
    for name in ("Regnskap oktober", "Regnskap hittil", "Gjenstår", "Kan overføres"):
        assert decimals_shown(columns[name]) == {3}, name
    assert decimals_shown(columns["Sum tildelt"]) == {1}  # the ledger's 3 624,4 on 732.77
    row = columns["Postnavn"].index("Spesielle driftsutgifter, kan overføres, kan nyttes under post 70")
    assert (columns["Regnskap oktober"][row], columns["Regnskap hittil"][row]) == ("1 128,743", "12 213,000")


def test_actuals_xlsx_has_one_number_format_per_money_column(run, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "actuals.xlsx"
    run("actuals", *EXAMPLE, "--carry-over", "-o", str(out))
    ws = load_workbook(out)["Regnskap"]
    header = [c.value for c in ws[2]]
    money = [i + 1 for i, name in enumerate(header) if name and name.endswith("(1000 kr)")]
    assert len(money) == 5
    for column in money:
        cells = [ws.cell(row, column) for row in range(3, ws.max_row + 1)
                 if isinstance(ws.cell(row, column).value, (int, float))]
        # one format per column: the decimals nearly all its figures need; the odd few show their own decimals
        # (and where they are figures the letters print, are marked to check against the letter)
        usual = Counter(c.number_format for c in cells).most_common(1)[0][0]
        assert re.fullmatch(r"#,##0(\.0{1,3})?;\[Red\]-#,##0(\.0{1,3})?", usual)
        odd = [c for c in cells if c.number_format != usual]
        assert len(odd) <= 3 + len(cells) // 20
        assert all(c.number_format.count("0") > usual.count("0") for c in odd)
        if header[column - 1] != "Sum tildelt (1000 kr)":
            assert all(c.comment is None for c in cells)
    notes = [row[0].value for row in ws.iter_rows() if isinstance(row[0].value, str) and row[0].value.startswith("Figures")]
    assert notes == ["Figures finer than 3 decimals in 1000 kr are shown rounded; the cells hold the exact figures."]
