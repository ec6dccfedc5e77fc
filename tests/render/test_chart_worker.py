"""The report's charts drawn in a second process are the charts drawn here, and the page never depends on it."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from budsjett_cli.analysis import analyse
from budsjett_cli.amounts import Unit
from budsjett_cli.ledger.loader import load_file
from budsjett_cli.render import chart_worker
from budsjett_cli.render.chart_worker import ChartWorker, draw_charts
from budsjett_cli.reports.page import chart_series, page_data
from conftest import DATA

needs_fork = pytest.mark.skipif(sys.platform != "linux", reason="the worker is forked on Linux only")


def _page():
    ledger = load_file(str(DATA / "chapters.yaml"))
    return page_data(analyse(ledger), None, None), ledger.unit


@needs_fork
def test_a_worker_draws_the_same_charts(monkeypatch):
    monkeypatch.setattr(chart_worker, "_parallel_worth_it", lambda: True)
    page, unit = _page()
    worker = ChartWorker.start()
    assert worker.parallel
    worker.draw(page, unit)
    drawn = worker.charts()
    assert not worker.parallel   # one page, one worker: shut down after
    assert drawn == draw_charts(page, unit)
    assert len(drawn) >= 2 and all(svg.startswith("<svg") for _, svg in drawn)


@needs_fork
def test_a_worker_that_dies_leaves_the_charts_to_this_process(monkeypatch):
    monkeypatch.setattr(chart_worker, "_parallel_worth_it", lambda: True)
    page, unit = _page()
    worker = ChartWorker.start()
    for pid in list(worker._executor._processes):
        os.kill(pid, signal.SIGKILL)
    worker.draw(page, unit)
    assert worker.charts() == draw_charts(page, unit)


def test_no_worker_on_one_core_or_when_told_not_to(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0}, raising=False)
    assert not ChartWorker.start().parallel
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    monkeypatch.setenv("BUDSJETT_NO_WORKERS", "1")
    assert not ChartWorker.start().parallel
    page, _ = _page()
    worker = ChartWorker()
    with pytest.raises(RuntimeError):
        worker.charts()
    worker.draw(page, Unit.MILLION)
    assert worker.charts() == draw_charts(page, Unit.MILLION)


def test_the_chart_series_are_the_pages_charts():
    """The command draws from the series it has before the checks run; the page would draw the same."""
    ledger = load_file(str(DATA / "chapters.yaml"))
    analysis = analyse(ledger)
    page = page_data(analysis, None, None)
    series = chart_series(ledger, analysis.histories)
    assert (series.year, series.chapters, series.post_steps, series.months, series.carry) == \
        (page.year, page.chapters, page.post_steps, page.months, page.carry)
    assert draw_charts(series, ledger.unit) == draw_charts(page, ledger.unit)


@needs_fork
def test_close_stops_a_waiting_worker_and_it_ignores_ctrl_c(monkeypatch):
    """A command that ends early (bad input, Ctrl-C) closes the worker: none may outlive it, holding its output."""
    import multiprocessing

    monkeypatch.setattr(chart_worker, "_parallel_worth_it", lambda: True)
    worker = ChartWorker.start()
    worker._executor.submit(int).result()   # the worker is up (and past its initializer)
    [process] = multiprocessing.active_children()
    os.kill(process.pid, signal.SIGINT)      # Ctrl-C reaches the whole process group: the worker leaves it to us
    process.join(timeout=0.5)
    assert process.is_alive()
    worker.close()
    assert not worker.parallel
    assert _gone(process.pid)
    worker.close()   # twice is harmless


def _gone(pid: int, seconds: float = 5.0) -> bool:
    """Whether the process has ended and been reaped (is_alive() can race with the pool's own reaping)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


@needs_fork
@pytest.mark.skipif(len(getattr(os, "sched_getaffinity", lambda _: {0})(0)) < 2, reason="no worker on one core")
def test_report_on_bad_input_ends_with_its_output_when_piped(tmp_path):
    """Before close() the forked worker kept the pipe open: `budsjett report missing.yaml | cat` never ended."""
    import subprocess

    done = subprocess.run([sys.executable, "-m", "budsjett_cli", "report", str(tmp_path / "missing.yaml"),
                           "-o", str(tmp_path / "r.html")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60, env={k: v for k, v in os.environ.items() if k != "BUDSJETT_NO_WORKERS"})
    assert done.returncode == 2
    assert "missing.yaml" in done.stderr
