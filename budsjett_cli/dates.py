"""Dates and months as the letters, DFØ and the people using this tool write them.

- ``parse_date``: a date as ISO (2023-02-06), dotted (06.02.2023) or as the
  letters print it (6. februar 2023, 6. feb. 2023). Strict: ASCII digits
  only, and ISO only as YYYY-MM-DD.
- ``parse_year_month``: a month as "2023-06", "202306" (DFØ's Periode) or
  "06.2023"; ``parse_month`` gives that month as a ``Period``.
- Norwegian month names (``MONTH_NAMES``, ``month_name``), dates as people
  read them (``norwegian_date``: 06.02.2023) and the last day of a month.

Period 13 is the closing period some accounts report after December; it
ends on 31 December.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
import re
from dataclasses import dataclass

from budsjett_cli.patterns import alternatives, caseless, number_range

MONTH_NAMES = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
               "oktober", "november", "desember")
#: Periods run 01-12; 13 is the year-end closing period some systems report.
LAST_PERIOD = 13

_ABBREVIATIONS = (("jan",), ("feb",), ("mar",), ("apr",), (), ("jun",), ("jul",), ("aug",), ("sep", "sept"),
                  ("okt",), ("nov",), ("des",))
_MONTHS = {
    name: number
    for number, (full, short) in enumerate(zip(MONTH_NAMES, _ABBREVIATIONS), start=1)
    for name in (full, *short)
}
_NORWEGIAN_DATE = re.compile(r"([0-9]{1,2})\.\s*([a-zæøå]+)\.?\s+([0-9]{4})", re.IGNORECASE)
_DOTTED_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_YEAR_MONTH = re.compile(r"([0-9]{4})-?([0-9]{2})")
_MONTH_YEAR = re.compile(r"([0-9]{1,2})\.([0-9]{4})")


def _date_pattern() -> str:
    """The dates ``parse_date`` reads, as one regular expression for JSON Schema (Python and JavaScript alike).

    Built from the month names the parser knows; it cannot know calendars,
    so 2023-02-30 matches and only the parser refuses it.
    """
    day, month = number_range(range(1, 32), 2, "0?"), number_range(range(1, 13), 2, "0?")
    iso = "[0-9]{4}-" + number_range(range(1, 13), 2) + "-" + number_range(range(1, 32), 2)
    dotted = rf"{day}\.{month}\.[0-9]{{4}}"
    names = alternatives(caseless(name) for name in sorted(_MONTHS, key=len, reverse=True))
    words = rf"{day}\.\s*{names}\.?\s+[0-9]{{4}}"
    return r"^\s*" + alternatives([iso, dotted, words]) + r"\s*$"


#: A date, as a regular expression for JSON Schema (see ``_date_pattern``).
DATE_PATTERN = _date_pattern()


def parse_date(text: str) -> dt.date:
    """A date as ISO (2023-02-06), dotted (06.02.2023) or as letters print it (6. februar 2023)."""
    text = text.strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DOTTED_DATE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif (match := _NORWEGIAN_DATE.fullmatch(text)) and match[2].lower() in _MONTHS:
        day, month, year = int(match[1]), _MONTHS[match[2].lower()], int(match[3])
    else:
        raise ValueError(f"{text!r} is not a date; write it as 2023-02-06")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date: {exc}") from None


@lru_cache(maxsize=4096)
def norwegian_date(value: dt.date | None) -> str:
    """"06.02.2023", as the letters and Norwegian readers write dates; "" for no date.

    Cached: a report of many changes prints the dates of a few letters over and over.
    """
    return value.strftime("%d.%m.%Y") if value else ""


def month_name(month: int) -> str:
    """"juni" for 6; "periode 13" for the closing period."""
    return MONTH_NAMES[month - 1] if month <= 12 else f"periode {month}"


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month; the closing period 13 ends on 31 December."""
    if month >= 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def parse_year_month(text: str, last: int = 12) -> tuple[int, int]:
    """"2023-06", "202306" (as DFØ's Periode) or "06.2023" as (2023, 6); months 1 to ``last``.

    ``last`` is 12, or ``LAST_PERIOD`` where the closing period 13 is a month too.
    """
    text = text.strip()
    if match := _YEAR_MONTH.fullmatch(text):
        year, month = int(match[1]), match[2]
    elif match := _MONTH_YEAR.fullmatch(text):
        year, month = int(match[2]), match[1]
    else:
        raise ValueError(f"{text!r} is not a month; write it as 2023-06 or 202306")
    if not 1 <= int(month) <= last:
        months = "01-12, or 13 for the closing period" if last == LAST_PERIOD else "01-12"
        raise ValueError(f"{text!r} is not a month: there is no month {month} ({months})")
    return year, int(month)


@dataclass(frozen=True, slots=True)
class Period:
    """Dates from ``start`` to ``end``, both included; either may be open (None)."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __contains__(self, date: dt.date) -> bool:
        return (self.start is None or date >= self.start) and (self.end is None or date <= self.end)

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None

    def describe(self) -> str:
        """"juni 2023" for a whole month, else "01.02.2023–15.03.2023", "fra ...", "til ..." or "alle"."""
        if self.start and self.end:
            if self.start.day == 1 and self.end == month_end(self.start.year, self.start.month):
                return f"{month_name(self.start.month)} {self.start.year}"
            return f"{norwegian_date(self.start)}–{norwegian_date(self.end)}"
        if self.start:
            return f"fra {norwegian_date(self.start)}"
        if self.end:
            return f"til {norwegian_date(self.end)}"
        return "alle"


def parse_month(text: str) -> Period:
    """"2023-06", "202306" or "06.2023" as the period of that month, 1 to 30 June 2023."""
    year, month = parse_year_month(text)
    return Period(dt.date(year, month, 1), month_end(year, month))
