"""The report page (``budsjett report``) as data: headline, tables, chart series, findings, the month's letters.

Pure: built from an ``Analysis`` (and a ``Reconciliation`` when accounts are
given); the HTML and the charts are drawn by ``render.html_page`` and
``render.charts``. Money stays exact ``Decimal`` kroner; only the charts turn
it into floats, at drawing time.
"""

from __future__ import annotations


import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from budsjett_cli.actuals.reconciliation import Reconciliation, allocation_history
from budsjett_cli.analysis import Analysis
from budsjett_cli.dates import month_end, month_name, year_elapsed
from budsjett_cli.findings import Finding, Severity
from budsjett_cli.ledger.history import History
from budsjett_cli.ledger.model import Ledger
from budsjett_cli.reports.model import Report
from budsjett_cli.reports.summary import summary_report

ZERO = Decimal(0)
SEVERITY_HEADINGS = {Severity.ERROR: "Feil", Severity.WARNING: "Advarsler", Severity.INFO: "Til orientering"}
# The step charts show the posts with the most dated changes (an undated change has no place in time).
STEP_CHART_POSTS = 3
# The carry-over chart shows the posts that may carry the most (a chart of 90 bars is read by no one).
CARRY_CHART_POSTS = 15


@dataclass(frozen=True, slots=True)
class Headline:
    """The figures at the top of the page: expenditure only (income is a target, not money to spend)."""

    allocation: Decimal | None     # Sum tildelt on expense posts (None: not known for any)
    appropriation: Decimal | None
    changes_year: Decimal          # the letters' changes this year
    changes_month: Decimal | None  # in --month
    spent: Decimal | None          # with --accounts: spending so far
    remaining: Decimal | None      # allocation less spending
    findings: dict[str, int]       # severity name -> count
    unknown: int = 0               # expense posts with no Sum tildelt (changes without an opening figure)


@dataclass(frozen=True, slots=True)
class StepPoint:
    """One step of a post's running allocation: when, the total after it, and the letter."""

    date: dt.date
    total: Decimal
    letter: str


@dataclass(frozen=True, slots=True)
class PostSteps:
    key: str
    name: str
    opening: Decimal
    steps: list[StepPoint]
    undated: list[str]  # letters whose changes have no date and are not drawn


@dataclass(frozen=True, slots=True)
class MonthPoint:
    month: int
    spent_to_date: Decimal
    allocation: Decimal  # the expense posts' allocation at the month's end


@dataclass(frozen=True, slots=True)
class CarryPoint:
    key: str
    unused: Decimal
    carry: Decimal
    rule: str


@dataclass(frozen=True, slots=True)
class FindingLine:
    where: str  # path:line
    message: str
    post: str | None


@dataclass(frozen=True, slots=True)
class MonthChange:
    letter: str
    title: str
    date: dt.date | None
    post: str
    name: str
    amount: Decimal | None


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """What the charts draw: known once the histories are, before the checks have run."""

    year: int
    chapters: list[tuple[str, str, Decimal, Decimal | None]]  # (chapter, name, allocation, spent)
    post_steps: list[PostSteps]
    months: list[MonthPoint]
    carry: list[CarryPoint]  # the posts that may carry the most, largest first


def chart_series(ledger: Ledger, histories: list[History], reconciliation: Reconciliation | None = None) -> ChartSeries:
    """The charts' data from the ledger's histories (and the accounts, when given)."""
    return ChartSeries(ledger.year, _chapters(ledger, histories, reconciliation), _post_steps(ledger, histories),
                       _months(reconciliation), _carry(reconciliation))


@dataclass(slots=True)
class PageData:
    """Everything the page shows, in the order it shows it."""

    title: str
    agency: str | None
    ministry: str | None
    year: int
    ledger_path: str
    as_of: dt.date | None
    month: int | None
    headline: Headline
    summary: Report
    chapters: list[tuple[str, str, Decimal, Decimal | None]]  # (chapter, name, allocation, spent)
    post_steps: list[PostSteps]
    months: list[MonthPoint]
    year_elapsed: Decimal | None  # share of the year gone at the last month reconciled
    carry: list[CarryPoint]  # the posts that may carry the most, largest first
    findings: dict[str, list[FindingLine]]  # heading -> lines, worst first
    review: list[str]
    month_changes: list[MonthChange]
    accounts_path: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def month_label(self) -> str | None:
        return f"{month_name(self.month)} {self.year}" if self.month else None


def page_data(analysis: Analysis, reconciliation: Reconciliation | None = None, month: int | None = None,
              series: ChartSeries | None = None) -> PageData:
    """The report page for one analysed ledger; ``month`` picks "what changed" (and the as-of of the analysis).

    ``series``: the charts' data when made already from the same histories (``chart_series``); None makes it.
    """
    ledger = analysis.ledger
    expense = [h for h in analysis.histories if not h.post.is_income]
    findings = list(analysis.findings) + (list(reconciliation.findings) if reconciliation else [])
    headline = Headline(
        allocation=_sum_known(h.current for h in expense),
        appropriation=_sum_known(h.appropriation for h in expense),
        changes_year=sum((h.changes_total for h in expense), ZERO),
        changes_month=_month_total(analysis, month) if month else None,
        spent=_spent(reconciliation),
        remaining=None,
        findings={s.value: sum(1 for f in findings if f.severity is s) for s in Severity},
        unknown=sum(1 for h in expense if h.current is None),
    )
    if headline.spent is not None and headline.allocation is not None:
        headline = _with_remaining(headline)
    title = f"Budsjettstatus {ledger.agency or ''} {ledger.year}".replace("  ", " ")
    if series is None:
        series = chart_series(ledger, analysis.histories, reconciliation)
    return PageData(
        title=title, agency=ledger.agency, ministry=ledger.ministry, year=ledger.year, ledger_path=ledger.path,
        as_of=analysis.as_of, month=month, headline=headline,
        summary=summary_report([analysis]),
        chapters=series.chapters,
        post_steps=series.post_steps,
        months=series.months,
        year_elapsed=year_elapsed(reconciliation.to_month) if reconciliation else None,
        carry=series.carry,
        findings=_findings(findings),
        review=_review(analysis),
        month_changes=_month_changes(analysis, month) if month else [],
        accounts_path=reconciliation.accounts.path if reconciliation else None,
    )


def _sum_known(values) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, ZERO) if known else None


def _with_remaining(headline: Headline) -> Headline:
    return replace(headline, remaining=headline.allocation - headline.spent)


def _spent(rec: Reconciliation | None) -> Decimal | None:
    if rec is None:
        return None
    return sum((line.to_date for line in rec.lines if not line.income), ZERO)


def _in_month(date: dt.date | None, year: int, month: int) -> bool:
    return date is not None and date.year == year and date.month == month


def _month_total(analysis: Analysis, month: int) -> Decimal:
    ledger = analysis.ledger
    total = ZERO
    for history in analysis.histories:
        if history.post.is_income:
            continue
        for step in history.steps:
            if step.amount is not None and _in_month(step.date, ledger.year, month):
                total += step.amount
    return total


def _chapters(ledger: Ledger, histories: list[History],
              rec: Reconciliation | None) -> list[tuple[str, str, Decimal, Decimal | None]]:
    spent: dict[str, Decimal] = {}
    if rec is not None:
        for line in rec.lines:
            if not line.income:
                spent[line.post.chapter] = spent.get(line.post.chapter, ZERO) + line.to_date
    out: dict[str, Decimal] = {}   # chapters with a known Sum tildelt on some post: a bar of 0 would be a claim
    for history in histories:
        if not history.post.is_income and history.current is not None:
            out[history.post.chapter] = out.get(history.post.chapter, ZERO) + history.current
    names = ledger.chapters
    return [(chapter, (names[chapter].name if chapter in names else None) or "", allocation,
             spent.get(chapter) if rec is not None else None)
            for chapter, allocation in sorted(out.items(), key=lambda item: int(item[0]))]


def _post_steps(ledger: Ledger, histories: list[History]) -> list[PostSteps]:
    ranked = sorted((h for h in histories
                     if h.opening is not None and any(s.date is not None and s.after is not None for s in h.steps)),
                    key=lambda h: (-sum(1 for s in h.steps if s.date is not None), h.post.key))
    out = []
    for history in ranked[:STEP_CHART_POSTS]:
        steps = [StepPoint(s.date, s.after, s.change.letter) for s in history.steps
                 if s.date is not None and s.after is not None and s.date.year == ledger.year]
        undated = sorted({s.change.letter for s in history.steps if s.date is None})
        out.append(PostSteps(history.post.key, history.post.name or "", history.opening, steps, undated))
    return out


def _months(rec: Reconciliation | None) -> list[MonthPoint]:
    if rec is None:
        return []
    agency = rec.accounts.agencies.get(rec.orgnr or "") or rec.accounts.agencies.get("")
    ledger = rec.ledger
    out = []
    expense = [p for p in ledger.posts if not p.is_income]
    for month in range(1, min(rec.to_month, 12) + 1):
        spent = ZERO
        if agency is not None:
            for post in expense:
                booked = agency.posts.get((post.chapter, post.post))
                if booked is not None:
                    spent += booked.through(month)
        end = month_end(ledger.year, month)
        allocation = sum((_current(allocation_history(ledger, p, end, rec.count_undated)) for p in expense), ZERO)
        out.append(MonthPoint(month, spent, allocation))
    return out


def _current(history: History) -> Decimal:
    return history.current or ZERO


def _carry(rec: Reconciliation | None) -> list[CarryPoint]:
    if rec is None:
        return []
    points = [CarryPoint(line.key, line.carry.unused, line.carry.amount, line.carry.rule_text)
              for line in rec.lines if line.carry is not None and not line.income and (line.carry.unused > 0)]
    points.sort(key=lambda c: (-c.carry, -c.unused, c.key))
    return points[:CARRY_CHART_POSTS]


def _findings(findings: list[Finding]) -> dict[str, list[FindingLine]]:
    grouped: dict[str, list[FindingLine]] = {}
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        lines = [FindingLine(_where(f), f.message, f.post) for f in findings if f.severity is severity]
        if lines:
            grouped[SEVERITY_HEADINGS[severity]] = lines
    return grouped


def _where(finding: Finding) -> str:
    location = finding.location
    return f"{location.path}:{location.line}" if location.line else location.path


def _review(analysis: Analysis) -> list[str]:
    """Open items for the advisor: undated letters (their changes count only once dated) and letter notes."""
    out = []
    for letter in analysis.ledger.letters.values():
        if letter.date is None:
            out.append(f"{letter.id}: brevet er udatert" + (f" ({letter.note})" if letter.note else ""))
    return out


def _month_changes(analysis: Analysis, month: int) -> list[MonthChange]:
    ledger = analysis.ledger
    out = []
    for post in ledger.posts:
        for change in post.changes:
            date = ledger.change_date(change)
            if _in_month(date, ledger.year, month):
                letter = ledger.letters.get(change.letter)
                out.append(MonthChange(change.letter, (letter.title if letter else None) or "", date, post.key,
                                       post.name or "", change.amount.kroner if change.amount else None))
    out.sort(key=lambda c: (c.date, c.letter, c.post))
    return out
