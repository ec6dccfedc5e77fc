"""Reading accounts files: DFØ's published layout, simple exports, encodings, bad rows."""

from decimal import Decimal

import pytest

from budsjett_cli.problems import InputError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budsjett_cli.actuals.accounts import DFO_COLUMNS, SimpleColumns, read_accounts

from accountsfiles import FHI, HELSEDIR, ROWS, VEGVESEN, dfo_row, dfo_text, write_dfo

D = Decimal


def test_published_layout_is_read_exactly(tmp_path):
    path = write_dfo(tmp_path / "statsregnskapet_aar_2023.csv", ROWS)
    assert b"\xf8" in path.read_bytes()  # Latin-1 "ø", as DFØ publishes
    accounts = read_accounts(path, 2023)
    assert (accounts.layout, accounts.encoding, accounts.rows, accounts.problems) == ("dfo", "latin-1", len(ROWS), [])
    assert sorted(accounts.months) == [1, 2, 3, 4, 5, 6]
    ours = accounts.agencies["983544622"]
    assert ours.name == "Helsedirektoratet"
    assert sorted(ours.months) == [1, 2, 4, 5, 6]  # March: no rows for the agency
    post = ours.posts[("740", "01")]
    assert post.months == {1: D("187499.500"), 2: D("210000.250"), 4: D("150000.000"),
                           5: D("152500.500"), 6: D("200000.000")}
    assert post.rows == 7 and post.first_line == 2
    assert post.through(6) == D("900000.250")
    assert post.through(3) == D("397499.750")
    income = ours.posts[("3740", "02")]
    assert income.through(6) == D("-52000.000")   # credits negative, a debit correction included
    assert income.name == "Diverse inntekter"
    # The other agencies are kept apart, on the same post and on others.
    assert accounts.agencies[FHI[0]].posts[("740", "01")].through(12) == D("999999.000")
    assert accounts.agencies[VEGVESEN[0]].posts[("1320", "01")].months == {3: D("-847732.870")}


def test_the_issues_row_reads_to_the_ore(tmp_path):
    row = ('"2023";"202302";"132001";"Driftsutgifter";"21";"Innenlands transport";"2130";"Veiformål";"13";'
           '"Samferdselsdepartementet";"1320";"Statens vegvesen";"132001";"Driftsutgifter";"Utgifter til drift";'
           '"3";"Salgs- og driftsinntekt";"30";"Salgsinntekt, avgiftspliktig";"301";'
           '"Salgsinntekt varer, avgiftspliktig, fortsettelse";"13";"Samferdselsdepartementet";"971032081";'
           '"Statens vegvesen";"971032081";"Statens vegvesen";"-847732,870"')
    path = write_dfo(tmp_path / "a.csv", [], extra_lines=[row])
    accounts = read_accounts(path, 2023)
    post = accounts.agencies["971032081"].posts[("1320", "01")]
    assert post.months == {2: D("-847732.870")}
    assert post.name == "Driftsutgifter"
    assert accounts.agencies["971032081"].name == "Statens vegvesen"


def test_chapters_under_1000_keep_their_number(tmp_path):
    path = write_dfo(tmp_path / "a.csv", [dfo_row("202301", "007001", "1,000", chapter_id="70")])
    accounts = read_accounts(path, 2023)
    assert ("70", "01") in accounts.agencies[HELSEDIR[0]].posts


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_line_ends(tmp_path, newline):
    path = write_dfo(tmp_path / "a.csv", ROWS[:3], newline=newline)
    assert read_accounts(path, 2023).agencies[HELSEDIR[0]].posts[("740", "01")].through(12) == D("397499.750")


def test_trailing_blank_line_is_not_a_row(tmp_path):
    path = write_dfo(tmp_path / "a.csv", ROWS[:2], extra_lines=[""])
    accounts = read_accounts(path, 2023)
    assert (accounts.rows, accounts.problems) == (2, [])


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("latin-1", "latin-1")])
def test_encoding_is_detected(tmp_path, encoding, expected):
    path = write_dfo(tmp_path / "a.csv", ROWS, encoding=encoding)
    accounts = read_accounts(path, 2023)
    assert accounts.encoding == expected
    assert accounts.agencies[HELSEDIR[0]].posts[("740", "21")].name == "Spesielle driftsutgifter, kan overføres"


def test_utf8_named_explicitly(tmp_path):
    path = write_dfo(tmp_path / "a.csv", ROWS, encoding="utf-8")
    accounts = read_accounts(path, 2023, encoding="utf-8")
    assert accounts.agencies[HELSEDIR[0]].posts[("740", "21")].name.endswith("overføres")


def test_latin1_file_read_as_utf8_is_refused_with_advice(tmp_path):
    path = write_dfo(tmp_path / "a.csv", ROWS)
    with pytest.raises(InputError) as info:
        read_accounts(path, 2023, encoding="utf-8")
    assert "not valid UTF-8" in str(info.value.problems[0]) and "--encoding latin-1" in str(info.value.problems[0])


def test_utf8_file_forced_to_latin1_gives_a_hint_when_the_header_breaks(tmp_path):
    path = write_dfo(tmp_path / "a.csv", ROWS, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_accounts(path, 2023, encoding="latin-1")
    assert "--encoding utf-8" in str(info.value.problems[0])


def test_bad_rows_are_all_reported_with_their_lines(tmp_path):
    good = dfo_text([ROWS[0]]).splitlines()[1]
    bad = [
        good.replace('"200000,000"', '"200 000,00x"'),                   # line 3: amount
        good.replace('"202301"', '"2023-01"'),                            # line 4: period
        good.replace('"074001";"Driftsutgifter";"Utgifter', '"74001";"Driftsutgifter";"Utgifter'),  # 5: Post_id
        good.rsplit(";", 1)[0],                                           # line 6: 27 fields
        good.replace('"983544622";"Helsedirektoratet";"983544622"', '"98354462";"Helsedirektoratet";"983544622"'),
        good.replace('"2023";"202301"', '"2023";"202213"'),                # line 8: period not in År
        good.replace('"202301"', '"202314"'),                             # line 9: no month 14
        good.replace('"740";"Kapittel"', '"741";"Kapittel"'),             # line 10: post of another chapter
        good[:40] + '"x"y' + good[40:],                                   # line 11: broken quoting
    ]
    path = write_dfo(tmp_path / "bad.csv", [ROWS[0]], extra_lines=bad + [good])
    accounts = read_accounts(path, 2023)
    shown = [str(p) for p in accounts.problems]
    assert [p.location.line for p in accounts.problems] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert shown[0].startswith(f"{path}:3: Beløp: ")
    assert "Periode '2023-01' is not a month written YYYYMM" in shown[1]
    assert "Post_id '74001' is not six digits" in shown[2]
    assert "expected 28 fields as in the header, found 27" in shown[3]
    assert "Virksomhet_id '98354462' is not an organisation number" in shown[4]
    assert "Periode '202213' is not in År '2023'" in shown[5]
    assert "Periode '202314' has no month 14" in shown[6]
    assert "Post_id '074001' is not a post of Kapittel_id '741'" in shown[7]
    assert "cannot be read as CSV" in shown[8]
    # The good rows around them still count.
    assert accounts.agencies[HELSEDIR[0]].posts[("740", "01")].through(12) == D("400000.000")


def test_period_13_is_the_closing_period(tmp_path):
    path = write_dfo(tmp_path / "a.csv", [dfo_row("202313", "074001", "10,000")])
    accounts = read_accounts(path, 2023)
    assert accounts.months == {13} and accounts.problems == []


def test_rows_of_other_years_are_counted_not_summed(tmp_path):
    rows = [dfo_row("202212", "074001", "5,000"), dfo_row("202301", "074001", "7,000"), dfo_row("202401", "074001", "9,000")]
    accounts = read_accounts(write_dfo(tmp_path / "a.csv", rows), 2023)
    assert accounts.other_years == {2022: 1, 2024: 1}
    assert accounts.agencies[HELSEDIR[0]].posts[("740", "01")].months == {1: D("7.000")}


def test_columns_are_found_by_name_in_any_order(tmp_path):
    header = list(reversed(DFO_COLUMNS))
    rows = [list(reversed(r)) for r in ROWS[:2]]
    accounts = read_accounts(write_dfo(tmp_path / "a.csv", rows, header=header), 2023)
    assert accounts.agencies[HELSEDIR[0]].posts[("740", "01")].through(1) == D("187499.500")


def test_progress_reports_bytes_read(tmp_path):
    path = write_dfo(tmp_path / "a.csv", ROWS * 400)  # enough rows for several reports
    seen = []
    read_accounts(path, 2023, progress=seen.append)
    size = path.stat().st_size
    assert len(seen) >= 3
    assert seen == sorted(seen) and seen[-1] == size and 0 < seen[0] < size


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    ('"År";"Periode";"Beløp"\r\n"2023";"202301";"1,000"\r\n'.encode("latin-1"), "not an accounts file"),
])
def test_files_that_are_not_accounts(tmp_path, content, words):
    path = tmp_path / "a.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_accounts(path, 2023)
    assert words in str(info.value.problems[0]) and str(path) in str(info.value.problems[0])


def test_missing_file(tmp_path):
    with pytest.raises(match="cannot read the accounts file"):
        read_accounts(tmp_path / "nope.csv", 2023)


def test_dfo_layout_asked_for_but_header_lacks_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("kap;post;periode;beløp\n740;1;202301;5\n", encoding="latin-1")
    with pytest.raises(match="lacks 'År'.*DFØ"):
        read_accounts(path, 2023, layout="dfo")


# -- the simple layout --------------------------------------------------------------------------------

def test_simple_export_with_default_names(tmp_path):
    path = tmp_path / "eksport.csv"
    path.write_text(
        "kap;post;periode;beløp\n"
        "740;1;202301;1 250,50\n"
        "740;01;2023-02;-250,50\n"
        "3740;2;202302;-1000\n"
        "740;21;202201;99\n",
        encoding="latin-1",
    )
    accounts = read_accounts(path, 2023)
    assert (accounts.layout, accounts.has_agency_column) == ("simple", False)
    [agency] = accounts.agencies.values()
    assert agency.orgnr == ""
    assert agency.posts[("740", "01")].months == {1: D("1250.50"), 2: D("-250.50")}
    assert agency.posts[("3740", "02")].months == {2: D("-1000")}
    assert accounts.other_years == {2022: 1}


def test_simple_export_with_renamed_columns_and_an_agency_column(tmp_path):
    path = tmp_path / "eksport.csv"
    path.write_text(
        "Kapittel\tPost\tMåned\tBeløp NOK\tOrgnr\n"
        "740\t1\t202301\t100\t983 544 622\n"
        "740\t1\t202301\t7\t983744516\n",
        encoding="utf-8",
    )
    columns = SimpleColumns().with_names({"kap": "Kapittel", "periode": "Måned", "beløp": "Beløp NOK",
                                          "virksomhet": "Orgnr"})
    accounts = read_accounts(path, 2023, columns=columns)
    assert accounts.encoding == "utf-8" and accounts.has_agency_column
    assert accounts.agencies["983544622"].posts[("740", "01")].months == {1: D("100")}
    assert accounts.agencies["983744516"].posts[("740", "01")].months == {1: D("7")}


def test_simple_export_bad_rows(tmp_path):
    path = tmp_path / "eksport.csv"
    path.write_text("kap;post;periode;beløp\nx;1;202301;1\n740;100;202301;1\n740;1;2023;1\n740;1;202301;mange\n",
                    encoding="latin-1")
    accounts = read_accounts(path, 2023)
    assert [(p.location.line, p.message.split(" ")[0]) for p in accounts.problems] == [
        (2, "kap"), (3, "post"), (4, "periode"), (5, "beløp:")]


@pytest.mark.parametrize("header, row", [
    ("Kapittel_id;Post_id;Periode;Beløp", "740;074001;202301;100"),  # DFØ's names, Post_id chapter + post
    ("Periode;Kapittel_id;Post_id;Beløp", "202301;740;1;100"),
    ("Kapittel;Post;Måned;Beløp (kr)", "740;01;2023-01;100"),
    ("KAP.;POST.;REGNSKAPSPERIODE;KRONER", "740;1;202301;100"),
    ("Kapittel_id;Kapittel;Post_id;Post;Periode;Belop", "740;Helsedirektoratet;074001;Driftsutgifter;202301;100"),
])
def test_simple_export_under_the_names_exports_use(tmp_path, header, row):
    path = tmp_path / "eksport.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    accounts = read_accounts(path, 2023)
    assert accounts.layout == "simple" and not accounts.problems
    assert accounts.agencies[""].posts[("740", "01")].months == {1: D("100")}


def test_a_six_digit_post_must_be_of_its_chapter(tmp_path):
    path = tmp_path / "eksport.csv"
    path.write_text("Kapittel_id;Post_id;Periode;Beløp\n741;074001;202301;100\n", encoding="utf-8")
    [problem] = read_accounts(path, 2023).problems
    assert problem.message == "Post_id '074001' is not a post (01-99)"


def test_a_named_column_is_looked_for_under_that_name_only(tmp_path):
    path = tmp_path / "eksport.csv"
    path.write_text("kap;post;periode;beløp;Sum\n740;1;202301;100;7\n", encoding="utf-8")
    columns = SimpleColumns().with_names({"beløp": "Sum"})
    assert read_accounts(path, 2023, columns=columns).agencies[""].posts[("740", "01")].months == {1: D("7")}
    with pytest.raises(InputError, match="lacks 'Netto'"):
        read_accounts(path, 2023, columns=SimpleColumns().with_names({"beløp": "Netto"}), layout="simple")


def test_unknown_simple_column_key():
    with pytest.raises(ValueError, match="unknown column 'konto'"):
        SimpleColumns().with_names({"konto": "Konto"})


# -- property: whatever the rows, the sums are exact -------------------------------------------------

_AGENCIES = [HELSEDIR, FHI, VEGVESEN]
_POSTS = ["074001", "074021", "374002", "132001", "007001"]
_row = st.tuples(st.integers(1, 12), st.sampled_from(_POSTS), st.sampled_from(_AGENCIES),
                 st.integers(-10**12, 10**12))  # amounts in thousandths of a krone


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_row, max_size=40))
def test_sums_are_exact_for_any_rows(tmp_path, rows):
    dfo = []
    expected: dict = {}
    for month, post_id, agency, thousandths in rows:
        amount = Decimal(thousandths).scaleb(-3)
        text = f"{amount:.3f}".replace(".", ",")
        dfo.append(dfo_row(f"2023{month:02d}", post_id, text, agency=agency))
        key = (agency[0], str(int(post_id[:4])), post_id[4:], month)
        expected[key] = expected.get(key, Decimal(0)) + amount
    accounts = read_accounts(write_dfo(tmp_path / "p.csv", dfo), 2023)
    got = {(orgnr, chapter, post, month): value
           for orgnr, agency in accounts.agencies.items()
           for (chapter, post), actuals in agency.posts.items()
           for month, value in actuals.months.items()}
    assert got == expected
    assert accounts.rows == len(rows) and accounts.problems == []


@pytest.mark.parametrize("field", ["period", "post_id", "chapter_id"])
def test_a_superscript_digit_is_a_bad_row_not_a_crash(tmp_path, field):
    """"²" is valid Latin-1 and a digit to str.isdigit(), but int() refuses it: a located bad row, never exit 3."""
    values = {"period": "2023²1", "post_id": "07402²", "chapter_id": "74²"}
    row = dfo_row("202301", "074001", "1000,00")
    bad = dfo_row(**{"period": "202301", "post_id": "074001", "amount": "5,00",
                     **({"chapter_id": values[field]} if field == "chapter_id" else {}),
                     **({"post_id": values[field]} if field == "post_id" else {}),
                     **({"period": values[field], "year": "2023"} if field == "period" else {})})
    accounts = read_accounts(write_dfo(tmp_path / "r.csv", [row, bad]), 2023)
    assert [p.location.line for p in accounts.problems] == [3]
