"""The report page as one self-contained HTML file: a Jinja2 template, inline CSS and inline SVG charts.

Nothing is fetched when the page opens (no script, no web font, no image
file): it can be mailed, opened offline and printed on A4 (the template's
print stylesheet). Autoescaping is on, so names from a ledger cannot inject
markup; control characters (terminal escapes) are shown as ``\\x1b``.
"""

from __future__ import annotations

from decimal import Decimal

import jinja2
from markupsafe import Markup

from budsjett_cli import __version__
from budsjett_cli.amounts import Unit, decimals_of, display_value, format_number, shown_amount
from budsjett_cli.dates import month_name, norwegian_date
from budsjett_cli.render.values import HumanCells, heading, odd_figure_note, usual_decimals, visible_columns
from budsjett_cli.reports.model import Column, Kind, Row
from budsjett_cli.reports.page import PageData

# The table's Status in the words of the page (the summary's status is a severity name).
STATUS_LABELS = {"error": "feil", "warning": "advarsel", "info": "info", "ok": "ok"}
_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("budsjett_cli.render", "templates"),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)


def visible_text(text: str) -> str:
    """Control characters (a terminal escape in a name) as ``\\x1b`` so they show instead of acting."""
    return "".join(ch if ch.isprintable() or ch in "\n\t" else ch.encode("unicode_escape").decode("ascii")
                   for ch in str(text))


def _cell(cells: HumanCells, column: Column, row: Row) -> tuple[str, str | None]:
    """A cell's text, and why it is marked (a figure from the letters with more decimals than its column's others)."""
    value = row.values.get(column.key)
    if column.kind is Kind.MONEY and value is not None:
        own = min(decimals_of(display_value(value, cells.unit)), cells.max_decimals)
        if own > cells.decimals.get(column.key, 0):
            return cells.money(value, own), odd_figure_note(column, row, own)
    text = cells.cell(column, row)
    return (STATUS_LABELS.get(text, text) if column.key == "status" else text), None


def render_page(page: PageData, unit: Unit, generated: str | None = None,
                charts: list[tuple[str, str]] | None = None) -> str:
    """The page as HTML text; ``generated`` is the time stamp shown in the footer (None: none).

    ``charts``: the (title, SVG) pairs when drawn already (by a ``ChartWorker``); None draws them here.
    """
    env = _ENVIRONMENT
    env.filters["t"] = visible_text
    env.filters["money"] = lambda v: "" if v is None else shown_amount(v, unit)
    env.filters["date"] = norwegian_date
    env.filters["percent"] = lambda v: "" if v is None else format_number(Decimal(v) * 100, 1) + " %"
    sheet = page.summary.sheets[0]
    cells = HumanCells(unit, sheet)
    cells.decimals = usual_decimals(sheet, unit)   # a column's odd figures do not widen it, as in the workbook
    columns = visible_columns(sheet)
    table = {
        "heading": heading(sheet, unit),
        "columns": [(c.header, c.kind in (Kind.MONEY, Kind.PERCENT, Kind.INTEGER)) for c in columns],
        "rows": [(row.kind.value, row.status or "", [_cell(cells, c, row) for c in columns]) for row in sheet.rows],
        "notes": sheet.notes + ([cells.rounding_note()] if cells.rounding_note() else []),
    }
    if charts is None:
        from budsjett_cli.render.chart_worker import draw_charts   # matplotlib: imported only to draw
        charts = draw_charts(page, unit)
    drawn = [(title, Markup(svg)) for title, svg in charts]
    return env.get_template("report.html.j2").render(
        page=page, unit=unit, table=table, charts=drawn, version=__version__, generated=generated,
        month_name=month_name(page.month) if page.month else None,
    )
