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
