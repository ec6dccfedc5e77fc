"""The report page in a real browser: headless Chromium (Debian's ``chromium``) renders it.

Checked: no console message (the page has no script, so any message is a
load or parse error), the DOM after rendering holds the chart SVGs, and the
screenshot has the charts' colours painted (the chart areas are not blank).
Skipped only where no Chromium is installed; ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from budsjett_cli.render.charts import ALLOCATION_COLOUR, SPENT_COLOUR
from conftest import DATA

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER = next((path for path in map(shutil.which, BROWSERS) if path), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed (apt-get install chromium)")


def _chromium(tmp_path, page, *args) -> subprocess.CompletedProcess:
    command = [BROWSER, "--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0", *args,
               page.as_uri()]
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox (CI runs as root)
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from click.testing import CliRunner

    from budsjett_cli.cli import cli

    out = tmp_path_factory.mktemp("page") / "rapport.html"
    result = CliRunner().invoke(cli, ["report", str(DATA / "chapters.yaml"), "--accounts",
                                      str(DATA / "example-accounts-2023-made-up.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_chromium_renders_the_page_without_console_errors_and_with_the_charts(page, tmp_path):
    result = _chromium(tmp_path, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console(result.stderr) == []
    dom = result.stdout
    charts = re.findall(r'<figure class="chart">.*?</figure>', dom, re.S)
    assert len(charts) >= 3 and all("<svg" in chart for chart in charts)


def test_the_chart_areas_are_painted(page, tmp_path):
    from PIL import Image  # shipped with matplotlib

    shot = tmp_path / "shot.png"
    result = _chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1100,9000")
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    counts = {colour: 0 for colour in (ALLOCATION_COLOUR, SPENT_COLOUR)}
    wanted = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)): c for c in counts}
    for count, rgb in image.getcolors(maxcolors=1 << 20):
        if rgb in wanted:
            counts[wanted[rgb]] += count
    assert all(count > 2000 for count in counts.values()), counts  # bars and lines, not a blank area


def test_the_console_check_catches_a_broken_page(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><p>x</p><script>missing_function()</script>", encoding="utf-8")
    result = _chromium(tmp_path, broken, "--dump-dom")
    assert any("missing_function" in line for line in _console(result.stderr))


# The print area in CSS pixels (96 per inch): A4 portrait less 12 mm side margins, landscape less 15 mm.
PORTRAIT_WIDTH = round(186 / 25.4 * 96)
LANDSCAPE_WIDTH = round(267 / 25.4 * 96)
_MEASURE = """<script>
const right = document.documentElement.clientWidth;
const tables = [...document.querySelectorAll("%s table")];
const wide = tables.filter(t => t.getBoundingClientRect().right > right + 1);
document.body.setAttribute("data-tables", tables.length);
document.body.setAttribute("data-too-wide", wide.map(t => t.querySelector("th:last-child").textContent).join("|"));
</script>"""


def _too_wide(tmp_path, html: str, width: int, within: str) -> tuple[int, list[str]]:
    """The tables (in ``within``) wider than ``width`` when the print stylesheet applies at that width."""
    measured = tmp_path / f"measured-{width}.html"
    measured.write_text(html.replace("@media print {", "@media all {").replace("</body>", _MEASURE % within + "</body>"),
                        encoding="utf-8")
    result = _chromium(tmp_path, measured, "--dump-dom", f"--window-size={width},3000")
    assert result.returncode == 0, result.stderr[-2000:]
    tables = int(re.search(r'data-tables="(\d+)"', result.stdout)[1])
    wide = re.search(r'data-too-wide="([^"]*)"', result.stdout)[1]
    return tables, [w for w in wide.split("|") if w]


@pytest.mark.parametrize("unit", ["1000", "kr"])
def test_every_table_fits_its_printed_page(tmp_path, unit):
    """The summary table prints on landscape pages, the month's changes on portrait ones; neither is cut off."""
    from click.testing import CliRunner

    from budsjett_cli.cli import cli

    page = tmp_path / "rapport.html"
    result = CliRunner().invoke(cli, ["report", str(DATA / "chapters.yaml"), "--accounts",
                                      str(DATA / "example-accounts-2023-made-up.csv"), "--month", "2023-06",
                                      "--unit", unit, "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert _too_wide(tmp_path, html, LANDSCAPE_WIDTH, "#oppsummering") == (1, [])
    assert _too_wide(tmp_path, html, PORTRAIT_WIDTH, "#endringer-i-maaneden") == (1, [])
    # The control: the summary table does not fit a portrait page, so the measurement can fail.
    assert _too_wide(tmp_path, html, PORTRAIT_WIDTH - 150, "#oppsummering")[1] == ["Status"]


def test_the_summary_prints_landscape_and_the_rest_portrait(page, tmp_path):
    from pypdf import PdfReader

    pdf = tmp_path / "rapport.pdf"
    result = _chromium(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert result.returncode == 0 and pdf.is_file(), result.stderr[-2000:]
    pages = PdfReader(pdf).pages
    shapes = ["landscape" if p.mediabox.width > p.mediabox.height else "portrait" for p in pages]
    summary = [i for i, p in enumerate(pages) if "Sum kap. 702" in p.extract_text()]
    assert summary and all(shapes[i] == "landscape" for i in summary)
    assert shapes[0] == "portrait" and shapes[-1] == "portrait"
