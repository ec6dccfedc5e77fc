"""``budsjett report``: one self-contained HTML page with charts, written atomically."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import DATA, ROOT

ACCOUNTS = str(DATA / "example-accounts-2023-made-up.csv")
LEDGER = str(DATA / "chapters.yaml")


def _page(run, tmp_path, *args) -> str:
    out = tmp_path / "r.html"
    result = run("report", *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_the_page_is_self_contained_with_at_least_three_charts(run, tmp_path):
    html = _page(run, tmp_path, LEDGER, "--accounts", ACCOUNTS)
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "<script" not in html and "@import" not in html and not re.search(r"url\((?!#)", html)
    assert not re.search(r'(src|href)="https?:', html)
    assert len(re.findall(r'<figure class="chart">', html)) >= 4  # chapters, steps, months, carry-over
    assert html.count("<svg") >= 4
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique across the inline charts"
    for label in ("Hovedtall", "Sum tildelt (utgifter)", "Brukt hittil", "Gjenstår", "Tildelt og brukt per kapittel",
                  "Brukt hittil mot tildeling, per måned", "Anslått overføring til neste år", "Funn", "Feil"):
        assert label in html, label
    assert "@media print" in html and "size: A4" in html
    assert re.search(r"<code>data/[^<]*chapters\.yaml:\d+</code>|chapters\.yaml:\d+", html)


def test_status_colours_and_norwegian_status_words(run, tmp_path):
    html = _page(run, tmp_path, LEDGER)
    assert re.search(r'<tr class="row error">.*?<td>feil</td></tr>', html)
    assert "Sum utgifter" in html and "Sum inntekter" in html


def test_month_shows_what_its_letters_changed(run, tmp_path):
    html = _page(run, tmp_path, LEDGER, "--month", "2023-02")
    assert "Endringer i februar 2023" in html and "TTB2023-02..06" in html
    assert "Endringer i februar" in html


def test_names_are_escaped(run, tmp_path, write):
    ledger = write("year: 2023\nunit: kr\nletters:\n  TB: {title: x}\nchapters:\n  700:\n    posts:\n"
                   "      01: {name: \"<script>alert(1)</script> \\e[31mrød\", allocation: 5, letter: TB}\n")
    html = _page(run, tmp_path, ledger)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\x1b" not in html and "\\x1b[31mrød" in html


def test_bad_month_is_a_usage_error(run, tmp_path):
    result = run("report", LEDGER, "--month", "2022-05", "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2 and "--month" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_check_does_not_import_the_report_libraries(tmp_path):
    code = ("import sys; from budsjett_cli.cli import cli; from click.testing import CliRunner\n"
            f"CliRunner().invoke(cli, ['check', {LEDGER!r}])\n"
            "print(sorted(m for m in ('matplotlib', 'jinja2') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path)
    assert result.stdout.strip() == "[]"


def test_the_readme_example_writes_the_page_it_shows(run, tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines() if line.strip().startswith("budsjett report "))
    image = re.search(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", readme)[1]
    assert (ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    monkeypatch.chdir(ROOT)
    args = command.split()[1:]
    args[args.index("-o") + 1] = str(tmp_path / "rapport.html")
    result = run(*args)
    assert result.exit_code == 0 and (tmp_path / "rapport.html").read_text(encoding="utf-8").count("<svg") >= 3


def test_summary_format_html_is_a_whole_escaped_page(run, write):
    ledger = write("year: 2023\nagency: \"<b>Etat</b>\"\nunit: kr\nletters:\n  TB: {title: x}\nchapters:\n  700:\n"
                   "    posts:\n      01: {name: \"<script>x</script> \\e[31mrød\", allocation: 5, letter: TB}\n")
    result = run("summary", ledger, "--format", "html")
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and "<style>" in page
    assert page.rstrip().endswith("</html>")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;Etat&lt;/b&gt;" in page
    assert "\x1b" not in page and "\\x1b[31mrød" in page


def test_the_headline_says_which_findings_it_counts(run, tmp_path):
    """With accounts the headline counts the check's and the reconciliation's findings, and says so."""
    with_accounts = _page(run, tmp_path, LEDGER, "--accounts", ACCOUNTS)
    assert "Funn (kontroll og regnskap)" in with_accounts and "avstemmingen mot regnskapet" in with_accounts
    assert "Funn (kontroll og regnskap)" not in _page(run, tmp_path, LEDGER)
