"""The report page's charts drawn in a second process, which imports matplotlib while this one reads the ledger.

matplotlib takes 0.4 s to import and the charts as long again to draw; the
ledger takes longer still to read when it is large. On a machine with more
than one core ``ChartWorker.start`` forks a process that imports matplotlib
straight away; ``draw`` hands it the charts' data (a small pickle) as soon
as the histories are known, and it draws while this process runs the
checks and builds the page; ``charts`` takes back the SVG. The charts are the same either way (matplotlib's
SVG is deterministic here: ``svg.hashsalt``, no date); where a second
process cannot be had (one core, no ``fork``, the worker failing) they are
drawn in this process as before, so the page never depends on it.
"""

from __future__ import annotations

import os
import sys

from budsjett_cli.amounts import Unit
from budsjett_cli.reports.page import ChartSeries, PageData


class ChartWorker:
    """Draws the charts elsewhere when that is worth it: ``draw`` starts them, ``charts`` returns them."""

    def __init__(self, executor=None):
        self._executor = executor
        self._drawing = None   # the worker's future, once ``draw`` has handed it the series
        self._series: tuple[ChartSeries | PageData, Unit] | None = None

    @classmethod
    def start(cls) -> ChartWorker:
        """Fork the worker now (before the ledger is read) where there are two cores and ``fork``; else none."""
        if not _parallel_worth_it():
            return cls()
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        try:
            executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=_quiet)
            executor.submit(_import_charts)   # the worker imports matplotlib while we read the ledger
        except (OSError, ValueError, RuntimeError):
            return cls()
        return cls(executor)

    @property
    def parallel(self) -> bool:
        return self._executor is not None

    def draw(self, series: ChartSeries | PageData, unit: Unit) -> None:
        """Start drawing the charts of ``series`` (in the worker: this process goes on meanwhile)."""
        self._series = (series, unit)
        if self._executor is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                self._drawing = self._executor.submit(draw_charts, series, unit)
            except (BrokenProcessPool, OSError, RuntimeError):
                self.close()

    def charts(self) -> list[tuple[str, str]]:
        """Every chart the series has data for, (title, inline SVG), as ``render.charts.charts`` draws them."""
        if self._series is None:
            raise RuntimeError("draw() first: there is nothing to draw")
        if self._drawing is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return self._drawing.result()
            except (BrokenProcessPool, OSError):
                pass   # the worker died (killed, out of memory): draw here instead
            finally:
                self.close()
        self.close()
        return draw_charts(*self._series)

    def close(self) -> None:
        """Stop the worker now, whatever it is doing: the command ends early (bad input, Ctrl-C) or is done.

        A worker left waiting would outlive the command, holding its standard output open (a pipe reading it
        would never end); the process ends with ``os._exit``, so nothing else would stop it.
        """
        if self._executor is None:
            return
        import multiprocessing

        executor, self._executor, self._drawing = self._executor, None, None
        executor.shutdown(wait=False, cancel_futures=True)
        for process in multiprocessing.active_children():   # the worker is this process's only child
            process.terminate()
            process.join(timeout=2)


def draw_charts(series: ChartSeries | PageData, unit: Unit) -> list[tuple[str, str]]:
    from budsjett_cli.render.charts import charts

    return charts(series, unit)


def _quiet() -> None:
    """The worker leaves Ctrl-C to the command, which stops it: no second traceback from the worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _import_charts() -> None:
    import budsjett_cli.render.charts  # noqa: F401


def _parallel_worth_it() -> bool:
    """Two cores or more, and ``fork`` (Linux): a process that starts in a few milliseconds, not a second."""
    if sys.platform != "linux" or os.environ.get("BUDSJETT_NO_WORKERS", "") not in ("", "0"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return False
