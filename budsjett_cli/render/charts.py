"""The report page's charts as static inline SVG, drawn with matplotlib's SVG backend.

matplotlib draws offline and writes plain SVG: no script, no font file, no
network, so the page stays one file that prints. Text is kept as SVG text
(``svg.fonttype = none``) in the browser's sans-serif, and the output is
deterministic (fixed hash salt, no date), so the same ledger gives the same
page. Imported only by ``budsjett report``: matplotlib costs a second at
start-up that no other command should pay.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import matplotlib

matplotlib.use("svg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from budsjett_cli.amounts import Unit, format_number, shown_value  # noqa: E402
from budsjett_cli.dates import month_name  # noqa: E402
from budsjett_cli.reports.page import ChartSeries, PageData, PostSteps  # noqa: E402

ALLOCATION_COLOUR = "#1f5f8b"
SPENT_COLOUR = "#e08a1e"
ELAPSED_COLOUR = "#6b6b6b"
CARRY_COLOUR = "#3a8f5c"
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "budsjett",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def charts(page: ChartSeries | PageData, unit: Unit) -> list[tuple[str, str]]:
    """Every chart the page has data for: (title, inline SVG); ``page`` may be the page or only its chart series."""
    out = []
    with plt.rc_context(STYLE):
        if page.chapters:
            out.append((f"Tildelt og brukt per kapittel ({unit.label})", _chapters(page, unit)))
        for post in page.post_steps:
            out.append((f"Tildeling gjennom året, post {post.key} {post.name} ({unit.label})".replace("  ", " "),
                        _steps(post, page.year, unit)))
        if page.months:
            out.append((f"Brukt hittil mot tildeling, per måned ({unit.label})", _months(page, unit)))
        if page.carry:
            out.append((f"Anslått overføring til neste år ({unit.label})", _carry(page, unit)))
    return [(title, _unique_ids(svg, number)) for number, (title, svg) in enumerate(out, 1)]


def _value(kroner: Decimal, unit: Unit) -> float:
    """A plotting coordinate for matplotlib, which draws floats; figures printed on the page stay Decimal text."""
    return float(shown_value(kroner, unit))


def _amount_axis(axis) -> None:
    axis.set_major_locator(MaxNLocator(5))
    axis.set_major_formatter(FuncFormatter(lambda v, _: format_number(Decimal(round(v)))))


def _svg(figure) -> str:
    """The figure as inline SVG, its element ids prefixed so that they stay unique on a page of several charts."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg"):]  # inline: no XML declaration or doctype
    return text


def _unique_ids(svg: str, number: int) -> str:
    """Element ids (and the references to them) prefixed by the chart's number: unique on the page."""
    prefix = f"c{number}-"
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', svg)
    return re.sub(r'(url\(#|href="#)([^")]+)', lambda m: f"{m[1]}{prefix}{m[2]}", text)


def _chapters(page: ChartSeries | PageData, unit: Unit) -> str:
    figure, axes = plt.subplots(figsize=(7.5, 0.45 * len(page.chapters) + 1.2))
    labels = [f"{chapter} {name}"[:40] for chapter, name, _, _ in page.chapters]
    positions = list(range(len(labels)))
    has_spent = any(spent is not None for *_, spent in page.chapters)
    height = 0.38 if has_spent else 0.6
    axes.barh([p - (height / 2 if has_spent else 0) for p in positions],
              [_value(a, unit) for _, _, a, _ in page.chapters], height, color=ALLOCATION_COLOUR, label="Tildelt")
    if has_spent:
        axes.barh([p + height / 2 for p in positions], [_value(s or Decimal(0), unit) for *_, s in page.chapters],
                  height, color=SPENT_COLOUR, label="Brukt hittil")
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    _amount_axis(axes.xaxis)
    axes.legend(loc="lower right", frameon=False)
    return _svg(figure)


def _steps(post: PostSteps, year: int, unit: Unit) -> str:
    figure, axes = plt.subplots(figsize=(7.5, 2.8))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    dates = [start] + [s.date for s in post.steps] + [end]
    totals = [post.opening] + [s.total for s in post.steps]
    values = [_value(t, unit) for t in totals] + [_value(totals[-1], unit)]
    axes.step(dates, values, where="post", color=ALLOCATION_COLOUR, linewidth=2)
    if post.steps:   # every letter's point in one set of markers
        axes.plot([s.date for s in post.steps], [_value(s.total, unit) for s in post.steps], "o",
                  linestyle="none", color=SPENT_COLOUR)
    for step in _labelled(post, totals):
        axes.annotate(step.letter, (step.date, _value(step.total, unit)), textcoords="offset points",
                      xytext=(4, 6), fontsize=7)
    axes.set_xlim(start, end)
    axes.xaxis.set_major_locator(mdates.MonthLocator())
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: month_name(mdates.num2date(v).month)[:3]))
    _amount_axis(axes.yaxis)
    notes = []
    if len(post.steps) > MAX_LABELS:
        notes.append(f"{len(post.steps)} endringer; de {MAX_LABELS} største er merket med brevet")
    if post.undated:
        notes.append("Udatert, ikke tegnet: " + ", ".join(post.undated))
    if notes:
        axes.set_xlabel(". ".join(notes), fontsize=7)
    return _svg(figure)


# A post changed by more letters than this gets its largest changes labelled: more labels only overlap.
MAX_LABELS = 12


def _labelled(post: PostSteps, totals: list) -> list:
    """The steps whose letter is written beside them: all of them, or the MAX_LABELS largest moves."""
    if len(post.steps) <= MAX_LABELS:
        return list(post.steps)
    moves = sorted(range(len(post.steps)), key=lambda i: abs(totals[i + 1] - totals[i]), reverse=True)
    return [post.steps[i] for i in sorted(moves[:MAX_LABELS])]


def _months(page: ChartSeries | PageData, unit: Unit) -> str:
    figure, axes = plt.subplots(figsize=(7.5, 3))
    months = [m.month for m in page.months]
    axes.bar(months, [_value(m.spent_to_date, unit) for m in page.months], color=SPENT_COLOUR,
             label="Brukt hittil")
    axes.step(months, [_value(m.allocation, unit) for m in page.months], where="mid", color=ALLOCATION_COLOUR,
              linewidth=2, label="Tildelt ved månedsslutt")
    axes.plot(months, [_value(m.allocation, unit) * m.month / 12 for m in page.months], "--", color=ELAPSED_COLOUR,
              label="Tildelt × andel av året gått")
    axes.set_xticks(months, [month_name(m)[:3] for m in months])
    _amount_axis(axes.yaxis)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False, fontsize=7)
    return _svg(figure)


def _carry(page: ChartSeries | PageData, unit: Unit) -> str:
    figure, axes = plt.subplots(figsize=(7.5, 0.35 * len(page.carry) + 1.2))
    positions = list(range(len(page.carry)))
    axes.barh(positions, [_value(c.unused, unit) for c in page.carry], 0.6, color="#cfd8dc", label="Ubrukt")
    axes.barh(positions, [_value(c.carry, unit) for c in page.carry], 0.6, color=CARRY_COLOUR,
              label="Kan overføres")
    axes.set_yticks(positions, [c.key for c in page.carry])
    axes.invert_yaxis()
    _amount_axis(axes.xaxis)
    axes.legend(loc="lower right", frameon=False)
    return _svg(figure)
