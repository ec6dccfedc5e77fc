"""Monthly reconciliation: what the accounts say was spent against what the letters allocated.

Pure: takes a loaded ``Ledger`` and summed ``Accounts`` and returns figures
and findings; nothing here reads files or prints.

- The allocation of a post as of a month is ``history.post_history`` as of
  the last day of that month: the ledger's changes dated on or before it.
  A change from an undated letter counts once a later change of the same
  post is dated on or before that day (the rule of ``check --as-of``), or
  always with ``count_undated``.
- Expense posts (chapters below 3000): spending is the net booked amount,
  debit positive. Spending past the allocation is an error, a warning on an
  overslagsbevilgning. Unused allocation on posts that "kan nyttes under"
  the post is set against the excess (and taken off their carry-over), and
  the finding says so; it stays an error, since the post is over its own
  allocation and the use of the other post's money must be recorded.
- Income posts (chapters 3000 and up): income is the credit, shown
  positive, against the income target (inntektskrav).
- Carry-over (bevilgningsreglementet § 5): posts marked "kan overføres"
  carry the whole unused amount; operating posts 01-29 without it carry
  the unused amount up to 5 % of the appropriation; other posts nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from budsjett_cli.actuals.accounts import Accounts, AgencySeen, PostActuals
from budsjett_cli.amounts import format_kroner
from budsjett_cli.dates import LAST_PERIOD, month_end, month_name, parse_year_month
from budsjett_cli.problems import InputError, Location
from budsjett_cli.findings import Finding, Severity
from budsjett_cli.ledger.history import History, changes_as_of, post_history
from budsjett_cli.ledger.model import Ledger, Post

ZERO = Decimal(0)
CARRY_OVER_SHARE = Decimal("0.05")
SHARE_QUANTUM = Decimal("0.000001")
OPERATING_POSTS = range(1, 30)  # 01-29: driftsutgifter in statens kontoplan

class Status(str, Enum):
    """A post's status: its stable code, the severity it counts as (the table's Status, as ``check``
    names severities), and the note that says why (the table's Merknad)."""

    OK = ("ok", "ok", None)
    OVER = ("over", "error", "overskredet")
    OVER_ESTIMATE = ("over-estimate", "warning", "overskredet (overslagsbevilgning)")
    OVER_COVERED = ("over-covered", "error", "overskredet, dekket")  # "... av 714.21": the posts that cover it
    # over only because an undated letter's changes to the post are left out: date the letter
    OVER_UNDATED = ("over-undated", "warning", "overskredet uten udatert brev")
    NO_ALLOCATION = ("no-allocation", "warning", "ingen tildeling")
    ABOVE_TARGET = ("above-target", "info", "merinntekt")
    BELOW_TARGET = ("below-target", "warning", "mindreinntekt")

    def __new__(cls, code: str, severity: str, note: str | None):
        status = str.__new__(cls, code)
        status._value_ = code
        status.severity, status.note = severity, note
        return status

    @property
    def over(self) -> bool:
        """Over the post's own allocation, covered by another post or not."""
        return self in (Status.OVER, Status.OVER_ESTIMATE, Status.OVER_COVERED, Status.OVER_UNDATED)

# Carry-over rules: stable codes and the rule as the table cites it.
CARRY_WHOLE = "kan-overfores"
CARRY_FIVE_PERCENT = "5-prosent"
CARRY_NONE = "ingen"
CARRY_RULE_TEXT = {
    CARRY_WHOLE: "kan overføres: hele ubrukt beløp",
    CARRY_FIVE_PERCENT: "driftspost: inntil 5 % av bevilgningen",
    CARRY_NONE: "ingen overføring",
}
CARRY_FIVE_PERCENT_OF_ALLOCATION_TEXT = "driftspost: inntil 5 % av tildelingen (ingen bevilgning i ledgeren)"
CARRY_OVER_CITATION = (
    "Carry-over to next year by bevilgningsreglementet § 5 and Finansdepartementet's yearly "
    "circular on overføring av ubrukte bevilgninger: posts marked «kan overføres» carry the whole "
    "unused amount; operating posts 01-29 without it carry the unused amount up to 5 % of the "
    "post's appropriation (bevilgning); other posts carry nothing. The ministry decides the "
    "final amounts from the closed accounts for the year."
)


@dataclass(slots=True)
class CarryOver:
    """What a post may carry to next year, and by which rule."""

    amount: Decimal
    rule: str
    unused: Decimal
    base: Decimal | None = None      # what the 5 % is taken of
    base_is_allocation: bool = False  # the ledger has no appropriation; 5 % of the allocation

    @property
    def rule_text(self) -> str:
        """The rule as the table cites it."""
        return CARRY_FIVE_PERCENT_OF_ALLOCATION_TEXT if self.base_is_allocation else CARRY_RULE_TEXT[self.rule]


@dataclass(slots=True)
class PostLine:
    """One ledger post reconciled: amounts in kroner, income positive on income posts."""

    post: Post
    history: History
    income: bool
    month: Decimal
    to_date: Decimal
    rows: int
    status: Status
    drawn_from: list[tuple[str, Decimal]] = field(default_factory=list)  # (donor post, kroner)
    lent: Decimal = ZERO  # unused allocation here that covers other posts' excess
    lent_to: list[tuple[str, Decimal]] = field(default_factory=list)  # (post covered, kroner): adds up to lent
    carry: CarryOver | None = None
    # What the changes of undated letters left out would add to the allocation, and those letters.
    undated_effect: Decimal = ZERO
    undated_letters: list[str] = field(default_factory=list)
    forecast: Decimal | None = None  # spending (income) to year end at the run rate (actuals.forecast)
    forecast_over: bool = False      # the forecast passes the allocation: a warning on the row too

    @property
    def key(self) -> str:
        return self.post.key

    @property
    def allocation(self) -> Decimal | None:
        """The allocation (income target on income posts) in effect at the end of the month."""
        return self.history.current

    @property
    def appropriation(self) -> Decimal | None:
        return self.history.appropriation

    @property
    def remaining(self) -> Decimal | None:
        """Allocation less spending (target less income): negative when over."""
        return None if self.allocation is None else self.allocation - self.to_date

    @property
    def share(self) -> Decimal | None:
        """Spending (income) as a share of the allocation (target); None without one."""
        return share(self.to_date, self.allocation)

    @property
    def judged(self) -> bool:
        """Whether there is anything to judge: an allocation (target), or spending without one."""
        return self.allocation is not None or (not self.income and self.to_date != 0)

    @property
    def severity(self) -> str | None:
        """"ok", "info", "warning" or "error", as ``check`` names severities; None when nothing is judged."""
        return self.status.severity if self.judged else None

    @property
    def empty(self) -> bool:
        """Nothing to show: no allocation (none, or 0), nothing booked in any month reconciled, no finding.

        A post with an allocation of 0 that a letter took away still counts
        as empty; one with bookings that net to 0 over the year does not
        (``rows``: something was booked).
        """
        return not self.allocation and self.rows == 0 and self.to_date == 0 and self.month == 0 \
            and self.forecast in (None, ZERO) and (self.carry is None or not self.carry.amount) \
            and self.severity in (None, "ok")

    @property
    def note(self) -> str | None:
        """Why the status is not ok, in the table's words: "overskredet, dekket av 714.21"."""
        text = self.status.note
        if self.status is Status.OVER_COVERED:
            text += " av " + ", ".join(key for key, _ in self.drawn_from)
        return text


@dataclass(slots=True)
class OutsideLine:
    """The agency's bookings on a chapter/post the ledger does not have."""

    actuals: PostActuals
    chapter_known: bool
    month: Decimal
    to_date: Decimal
    ignored: bool

    @property
    def key(self) -> str:
        return self.actuals.key


@dataclass(slots=True)
class Reconciliation:
    """Every figure of one month's reconciliation, and what is wrong with them."""

    ledger: Ledger
    accounts: Accounts
    orgnr: str | None
    agency_name: str | None
    to_month: int
    as_of: dt.date
    count_undated: bool
    carry_over: bool
    lines: list[PostLine]
    outside: list[OutsideLine]
    findings: list[Finding]
    months_without_rows: list[int]
    later_months: list[int]            # the agency's months after to_month, not counted
    left_out_undated: dict[str, int]   # letter id -> changes left out for want of a date
    left_out_later: int                # changes dated after as_of
    agency_chosen: str                 # "ledger", "option", "only agency in file", "file has no agency column"
    empty_hidden: list[str] = field(default_factory=list)  # posts left out as empty (hide_empty)

    @property
    def period(self) -> str:
        return f"{self.ledger.year}{self.to_month:02d}"

    @property
    def agency(self) -> str | None:
        """The agency's name: as the accounts give it, else as the ledger does."""
        return self.agency_name or self.ledger.agency

    @property
    def month_name(self) -> str:
        return month_name(self.to_month)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def hide_empty(rec: Reconciliation, keep: frozenset[str] = frozenset()) -> list[str]:
    """Leave out the posts with nothing to show (``PostLine.empty``) unless a finding or ``keep`` names them.

    ``keep``: the posts asked for by name (``--post``), shown even when empty. The keys left out.
    """
    named = {f.post for f in rec.findings} | set(keep)
    hidden = [line.key for line in rec.lines if line.empty and line.key not in named]
    rec.lines = [line for line in rec.lines if line.key not in hidden]
    rec.empty_hidden = sorted(hidden, key=lambda key: tuple(int(part) for part in key.split(".")))
    return rec.empty_hidden


def share(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """``part`` as a share of ``whole``, to six decimals (0.803986 is 80.3986 %); None without a whole."""
    if not whole:
        return None
    return (part / whole).quantize(SHARE_QUANTUM, rounding=ROUND_HALF_UP)


def allocation_history(ledger: Ledger, post: Post, as_of: dt.date, count_undated: bool = False) -> History:
    """A post's history as the reconciliation counts it at ``as_of`` (undated changes by the same rule)."""
    return _history(ledger, post, as_of, count_undated)[0]


def parse_month(text: str, year: int) -> int:
    """--to-month: a month of the ledger's year (YYYYMM, YYYY-MM; 13 is the closing period); its number."""
    text_year, month = parse_year_month(text, last=LAST_PERIOD)
    if text_year != year:
        raise ValueError(f"{text!r} is not in the ledger's year {year}")
    return month


def reconcile(ledger: Ledger, accounts: Accounts, *, orgnr: str | None, orgnr_from: str = "option",
              to_month: int | None = None, carry_over: bool = False, count_undated: bool = False,
              ignore: tuple[str, ...] = ()) -> Reconciliation:
    """Reconcile the agency's accounts against the ledger for the months up to ``to_month``.

    ``orgnr`` selects the agency (``orgnr_from`` says where it came from,
    for the notes); ``ignore`` lists chapters ("1633") or posts ("1633.01")
    outside the ledger that are expected and not worth a finding.
    """
    if not accounts.months:
        raise InputError.at(accounts.path, _no_rows_message(ledger, accounts))
    agency, chosen = _select_agency(ledger, accounts, orgnr, orgnr_from)
    month = to_month if to_month is not None else accounts.last_month
    as_of = month_end(ledger.year, month)
    findings: list[Finding] = []
    left_out_undated: dict[str, int] = {}
    left_out_later = 0
    lines: list[PostLine] = []
    booked = agency.posts
    for post in ledger.posts:
        history, undated, later = _history(ledger, post, as_of, count_undated)
        for letter in undated:
            left_out_undated[letter] = left_out_undated.get(letter, 0) + 1
        left_out_later += later
        actuals = booked.get((post.chapter, post.post))
        this_month, to_date = booked_amounts(actuals, month, post.is_income)
        line = PostLine(post, history, post.is_income, this_month, to_date, actuals.rows if actuals else 0, Status.OK)
        if undated:
            counted, _, _ = _history(ledger, post, as_of, True)
            if counted.current is not None and history.current is not None:
                line.undated_effect = counted.current - history.current
                line.undated_letters = list(dict.fromkeys(undated))
        lines.append(line)
    _statuses(lines, month, findings)
    if carry_over:
        for line in lines:
            line.carry = carry_over_for(line)
    outside = _outside(ledger, agency, month, ignore, findings, accounts.path)
    empty = [m for m in range(1, min(month, 12) + 1) if m not in agency.months]
    for m in empty:
        findings.append(Finding(Severity.INFO, "empty-month", Location(accounts.path, 0, 0),
                                f"no rows for the agency in {month_name(m)} {ledger.year} "
                                f"({ledger.year}{m:02d}): a month missing from the file, or nothing booked"))
    last = accounts.last_month
    if month > last:
        findings.append(Finding(Severity.WARNING, "months", Location(accounts.path, 0, 0),
                                f"the accounts end at {ledger.year}{last:02d}; nothing after that is booked "
                                f"in the figures to {ledger.year}{month:02d}"))
    later_months = sorted(m for m in agency.months if m > month)
    if accounts.problems:
        findings.append(Finding(Severity.WARNING, "bad-rows", accounts.problems[0].location,
                                f"{len(accounts.problems)} bad row{'s' if len(accounts.problems) != 1 else ''} "
                                "skipped: the figures leave them out"))
    for year, rows in sorted(accounts.other_years.items()):
        findings.append(Finding(Severity.INFO, "other-years", Location(accounts.path, 0, 0),
                                f"{rows} row{'s' if rows != 1 else ''} for {year} left out (the ledger is for {ledger.year})"))
    if left_out_undated and not count_undated:
        letters = ", ".join(f"{k} ({v})" for k, v in left_out_undated.items())
        findings.append(Finding(Severity.WARNING, "undated", Location(ledger.path, 0, 0),
                                f"changes from undated letters are not counted in the allocations: {letters}; "
                                "give the letters a date in the ledger, or use --count-undated"))
    findings.sort(key=lambda f: (f.location.path != ledger.path, f.location.line == 0, f.location.line,
                                 -f.severity.rank, f.check))
    return Reconciliation(
        ledger=ledger, accounts=accounts, orgnr=agency.orgnr or orgnr, agency_name=agency.name,
        to_month=month, as_of=as_of, count_undated=count_undated, carry_over=carry_over,
        lines=lines, outside=outside, findings=findings, months_without_rows=empty,
        later_months=later_months, left_out_undated=left_out_undated, left_out_later=left_out_later,
        agency_chosen=chosen,
    )


def _no_rows_message(ledger: Ledger, accounts: Accounts) -> str:
    if accounts.other_years:
        years = ", ".join(f"{y} ({n} row{'s' if n != 1 else ''})" for y, n in sorted(accounts.other_years.items()))
        return (f"the accounts are for {years}; the ledger {ledger.path} is for "
                f"{ledger.year}: use the accounts file for {ledger.year}")
    return "no usable rows; nothing to reconcile"


def _select_agency(ledger: Ledger, accounts: Accounts, orgnr: str | None, orgnr_from: str) -> tuple[AgencySeen, str]:
    if not accounts.has_agency_column:
        return accounts.agencies.get("") or AgencySeen("", None), "file has no agency column"
    if orgnr is not None:
        agency = accounts.agencies.get(orgnr)
        if agency is None:
            raise InputError.at(
                accounts.path, f"no rows for {ledger.year} with Virksomhet_id {orgnr} "
                f"({'from the ledger' if orgnr_from == 'ledger' else 'from --virksomhet'})"
                + _candidates(ledger, accounts))
        return agency, orgnr_from
    named = [a for a in accounts.agencies.values() if a.orgnr]
    if len(named) == 1:
        return named[0], "only agency in file"
    raise InputError.at(
        accounts.path, f"the file holds {len(named)} agencies; say which is yours with "
        f"--virksomhet ORGNR or 'orgnr:' in the ledger {ledger.path}" + _candidates(ledger, accounts))


def _candidates(ledger: Ledger, accounts: Accounts, limit: int = 5) -> str:
    """The agencies with the most rows on the ledger's chapters, as a hint."""
    chapters = set(ledger.chapters)
    scored = []
    for agency in accounts.agencies.values():
        rows = sum(p.rows for (chapter, _), p in agency.posts.items() if chapter in chapters)
        if rows and agency.orgnr:
            scored.append((rows, agency))
    if not scored:
        return "; no agency in the file has rows on the ledger's chapters"
    scored.sort(key=lambda item: (-item[0], item[1].orgnr))
    shown = "; ".join(f"{a.orgnr} {a.name or ''} ({rows} row{'s' if rows != 1 else ''})".replace("  ", " ")
                      for rows, a in scored[:limit])
    more = f"; and {len(scored) - limit} more" if len(scored) > limit else ""
    return f"; agencies with rows on the ledger's chapters: {shown}{more}"


def _history(ledger: Ledger, post: Post, as_of: dt.date, count_undated: bool) -> tuple[History, list[str], int]:
    """The post's history as of ``as_of``, the letters of undated changes left out, and later changes left out."""
    kept, _ = changes_as_of(ledger, post.changes, as_of)
    kept_ids = {id(c) for c in kept}
    undated = [c for c in post.changes if id(c) not in kept_ids and ledger.change_date(c) is None]
    later = sum(1 for c in post.changes if id(c) not in kept_ids and ledger.change_date(c) is not None)
    if count_undated and undated:
        in_effect = [c for c in post.changes if id(c) in kept_ids or ledger.change_date(c) is None]
        return post_history(ledger, dataclasses.replace(post, changes=in_effect)), [], later
    return post_history(ledger, post, as_of), [c.letter for c in undated], later


def booked_amounts(actuals: PostActuals | None, month: int, income: bool) -> tuple[Decimal, Decimal]:
    """The net amounts booked in ``month`` and up to it; on income posts the credit, shown positive."""
    if actuals is None:
        return ZERO, ZERO
    sign = -1 if income else 1
    return sign * actuals.months.get(month, ZERO), sign * actuals.through(month)


def _statuses(lines: list[PostLine], month: int, findings: list[Finding]) -> None:
    """Give each line its status by the rules, and a finding (of the status's severity) where it is not ok.

    The rules for one post run in order (``POST_RULES``), the first that
    finds something decides; a post over its allocation is judged last,
    after unused allocation elsewhere has been drawn on to cover it.
    """

    def judge(line: PostLine, verdict: Verdict) -> None:
        status, check, message = verdict
        line.status = status
        findings.append(Finding(Severity(status.severity), check, line.post.location, message,
                                post=line.key, expected=line.allocation, actual=line.to_date))

    over: list[PostLine] = []
    for line in lines:
        verdict = next((v for rule in POST_RULES if (v := rule(line, month)) is not None), None)
        if verdict is not None:
            judge(line, verdict)
        elif not line.income and line.allocation is not None and line.to_date > line.allocation:
            if (verdict := over_without_undated(line)) is not None:
                judge(line, verdict)     # not an overspend until the undated letter is dated: draws on no donor
            else:
                over.append(line)
    _cover(lines, over)
    for line in over:
        judge(line, overspent(line))


Verdict = tuple[Status, str, str]  # the status, the finding's check name, its message


def income_above_target(line: PostLine, month: int) -> Verdict | None:
    """An income post that has brought in more than its target (merinntekt): info."""
    target = line.allocation
    if line.income and target is not None and target > 0 and line.to_date > target:
        return Status.ABOVE_TARGET, "income", (f"income {format_kroner(line.to_date)} is above the target "
                                               f"{format_kroner(target)} by {format_kroner(line.to_date - target)}")
    return None


def income_below_target(line: PostLine, month: int) -> Verdict | None:
    """An income post short of its target at year end (mindreinntekt); during the year it is not judged."""
    target = line.allocation
    if line.income and target is not None and target > 0 and month >= 12 and line.to_date < target:
        return Status.BELOW_TARGET, "income", (f"income {format_kroner(line.to_date)} falls short of the target "
                                               f"{format_kroner(target)} by {format_kroner(target - line.to_date)} "
                                               "at year end")
    return None


def no_allocation(line: PostLine, month: int) -> Verdict | None:
    """Spending booked on a post the ledger gives no allocation."""
    if not line.income and line.allocation is None and line.to_date:
        return Status.NO_ALLOCATION, "no-allocation", (f"{format_kroner(line.to_date)} booked, but the ledger "
                                                       "gives the post no allocation")
    return None


POST_RULES = (income_above_target, income_below_target, no_allocation)


def over_without_undated(line: PostLine) -> Verdict | None:
    """Over only because changes of undated letters are left out: they would cover the excess (a warning, not an error).

    An overspend that only an undated letter explains is no overspend to
    report as one: the fix is to date the letter (its ``date``, or the day it
    was ``received``), not to find the money.
    """
    excess = line.to_date - line.allocation
    if line.undated_effect <= ZERO or excess > line.undated_effect or line.post.annotations.estimate:
        return None
    letters = ", ".join(line.undated_letters)
    return Status.OVER_UNDATED, "overspent", (
        f"spent {format_kroner(line.to_date)} of {format_kroner(line.allocation)} allocated: over by "
        f"{format_kroner(excess)}, but the undated letter{'s' if len(line.undated_letters) != 1 else ''} {letters} "
        f"give{'s' if len(line.undated_letters) == 1 else ''} the post {format_kroner(line.undated_effect)} more, "
        "which is left out for want of a date: record the letter's date (date:) or the day it was received "
        "(received:) in the ledger, or use --count-undated")


def overspent(line: PostLine) -> Verdict:
    """A post over its own allocation: allowed on an overslagsbevilgning, else an error, covered or not."""
    excess = line.to_date - line.allocation
    covered = sum((amount for _, amount in line.drawn_from), ZERO)
    donors = ", ".join(f"{key} ({format_kroner(amount)})" for key, amount in line.drawn_from)
    message = (f"spent {format_kroner(line.to_date)} of {format_kroner(line.allocation)} allocated: "
               f"over by {format_kroner(excess)}")
    if line.post.annotations.estimate:
        return Status.OVER_ESTIMATE, "overspent", message + "; an overslagsbevilgning may be exceeded, but tell the ministry"
    if covered >= excess:
        return Status.OVER_COVERED, "overspent", (message + f"; unused allocation on {donors} may cover it "
                                                  "(kan nyttes under): record that use")
    return Status.OVER, "overspent", message + (f"; only {format_kroner(covered)} of it is covered by unused "
                                                f"allocation on {donors}" if covered else "")


def _cover(lines: list[PostLine], over: list[PostLine]) -> None:
    """Cover excess spending with unused allocation on posts that may be used under the post.

    "kan nyttes under post 70" on 714.21 lets 714.21's allocation pay for
    714.70. Donors are drawn in ledger order and never twice.
    """
    by_key = {line.key: line for line in lines}
    for line in over:
        if line.post.annotations.estimate:
            continue
        excess = line.to_date - line.allocation
        for donor in _donors(line, lines, by_key):
            spare = donor.remaining - donor.lent if donor.remaining is not None else ZERO
            if spare <= 0:
                continue
            take = min(spare, excess)
            donor.lent += take
            donor.lent_to.append((line.key, take))
            line.drawn_from.append((donor.key, take))
            excess -= take
            if excess <= 0:
                break


def _donors(line: PostLine, lines: list[PostLine], by_key: dict[str, PostLine]) -> list[PostLine]:
    post = line.post
    out = []
    for other in lines:
        if other is line or other.income or other.allocation is None:
            continue
        annotations = other.post.annotations
        names = set()
        for target in annotations.usable_under:
            names.add(target if "." in target else f"{other.post.chapter}.{target}")
        mutual = (annotations.usable_under_each_other and post.annotations.usable_under_each_other
                  and other.post.chapter == post.chapter)
        if post.key in names or mutual:
            out.append(other)
    return out


def carry_over_for(line: PostLine) -> CarryOver | None:
    """What the post may carry to next year by its rule (bevilgningsreglementet § 5); None on income posts."""
    if line.income:
        return None
    post = line.post
    allocation = line.allocation
    unused = ZERO if allocation is None else max(ZERO, allocation - line.to_date - line.lent)
    if post.annotations.carry_over:
        return CarryOver(unused, CARRY_WHOLE, unused)
    if int(post.post) in OPERATING_POSTS and not post.annotations.estimate:
        base = line.appropriation
        from_allocation = base is None
        if base is None:
            base = allocation
        if base is None:
            return CarryOver(ZERO, CARRY_FIVE_PERCENT, unused)
        cap = max(ZERO, base * CARRY_OVER_SHARE)
        return CarryOver(min(unused, cap), CARRY_FIVE_PERCENT, unused, base, from_allocation)
    return CarryOver(ZERO, CARRY_NONE, unused)


def _outside(ledger: Ledger, agency: AgencySeen, month: int, ignore: tuple[str, ...],
             findings: list[Finding], path: str) -> list[OutsideLine]:
    known = {(p.chapter, p.post) for p in ledger.posts}
    out = []
    for (chapter, post), actuals in sorted(agency.posts.items(), key=lambda kv: (int(kv[0][0]), kv[0][1])):
        if (chapter, post) in known:
            continue
        income = int(chapter) >= 3000  # as Post.is_income
        this_month, to_date = booked_amounts(actuals, month, income)
        ignored = chapter in ignore or f"{chapter}.{post}" in ignore
        chapter_known = chapter in ledger.chapters
        line = OutsideLine(actuals, chapter_known, this_month, to_date, ignored)
        out.append(line)
        if ignored:
            continue
        what = "post" if chapter_known else "chapter"
        kind = "income" if income else "spending"
        name = f" ({actuals.name})" if actuals.name else ""
        findings.append(Finding(
            Severity.WARNING, "not-in-ledger", Location(path, actuals.first_line, 0),
            f"{actuals.rows} row{'s' if actuals.rows != 1 else ''} for the agency on a {what} the ledger "
            f"does not have{name}: {kind} {format_kroner(to_date)} so far; add it to the ledger, or --ignore "
            f"{chapter if not chapter_known else actuals.key} if it needs no allocation",
            post=actuals.key, actual=to_date))
    return out
