"""What every report shares: the analysed ledgers, the filters, and the sectioning of rows.

Rules every report keeps, so that exports add up:

- expenditure (chapters below 3000) and income (3000 and up) are never
  added together: each has its own section and total row ("Sum utgifter",
  "Sum inntekter");
- within a section, rows are ordered by chapter and post, and every
  chapter gets a subtotal row ("Sum kap. 714"), a chapter of one post too:
  the subtotal rows (Radtype delsum) are then the complete list of chapter
  totals, and they add up to the section's total;
- every money figure on a subtotal or total row is the sum of the rows it
  covers (``tables.total``: blank when no row has a figure), unless the
  report derives it from those sums (``finish``), as ``actuals`` does for
  what remains and the share used.

``sectioned_rows`` is where these rules live; every report that totals
rows goes through it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from itertools import groupby

from budsjett_cli.amounts import ascii_digits
from budsjett_cli.analysis import Analysis
from budsjett_cli.ledger.model import Ledger, Post
from budsjett_cli.reports.model import Row, RowKind, columns_of, total


class ReportError(ValueError):
    """A filter that names nothing in the ledgers (unknown post, chapter or letter); said for people."""


# -- filters -----------------------------------------------------------------------

_POST_KEY = re.compile(r"(?:kap(?:\.|ittel)?\s*)?(\d{1,4})\s*(?:[.,/:\s]|,?\s*post\s*)\s*(\d{1,2})", re.IGNORECASE)


def parse_post_key(text: str) -> str:
    """A post as people write it, "765.21", "765,21", "0765.21" or "kap. 765 post 21", as "765.21"."""
    match = _POST_KEY.fullmatch(text.strip())
    if match is None or int(match[1]) == 0 or int(match[2]) == 0:
        raise ReportError(f"{text!r} is not a post; write chapter and post as 765.21")
    return f"{int(match[1])}.{int(match[2]):02d}"


def parse_chapter(text: str) -> str:
    """A chapter as people write it, "765", "0765" or "kap. 765", as "765"."""
    text = re.sub(r"^kap(?:\.|ittel)?\s*", "", text.strip(), flags=re.IGNORECASE)
    if not ascii_digits(text) or not 0 < int(text) < 10000:
        raise ReportError(f"{text!r} is not a chapter; write a number such as 765")
    return str(int(text))


def unknown(what: str, wanted: str, known: Iterable[str], analyses: list[Analysis]) -> ReportError:
    """"no post 765.12 in data/chapters.yaml; did you mean 765.21?"."""
    close = difflib.get_close_matches(wanted, list(dict.fromkeys(known)), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else ""
    where = ", ".join(a.ledger.path for a in analyses)
    return ReportError(f"no {what} {wanted} in {where}{hint}")


def check_filters(analyses: list[Analysis], chapters: Iterable[str] = (), posts: Iterable[str] = ()) -> None:
    """Raise ReportError for a --chapter or --post that is in none of the ledgers."""
    all_chapters = {p.chapter for a in analyses for p in a.ledger.posts}
    all_posts = {p.key for a in analyses for p in a.ledger.posts}
    for chapter in chapters:
        if chapter not in all_chapters:
            raise unknown("chapter", chapter, sorted(all_chapters, key=int), analyses)
    for key in posts:
        if key not in all_posts:
            raise unknown("post", key, sorted(all_posts), analyses)


def find_letter(analyses: list[Analysis], wanted: str) -> str:
    """The letter id as the ledgers spell it (exact, else regardless of case); ReportError if none has it."""
    ids = [letter_id for a in analyses for letter_id in a.ledger.letters]
    if wanted in ids:
        return wanted
    for letter_id in ids:
        if letter_id.lower() == wanted.lower():
            return letter_id
    raise unknown("letter", wanted, ids, analyses)


# -- shared pieces -------------------------------------------------------------------


def report_meta(command: str, analyses: list[Analysis], as_of: dt.date | None, **filters) -> dict:
    """What the JSON output says about the run: the command, the ledgers read, the filters."""
    return {
        "command": command,
        "ledgers": [
            {"file": a.ledger.path, "year": a.ledger.year, "agency": a.ledger.agency,
             "ministry": a.ledger.ministry, "unit": a.ledger.unit.label}
            for a in analyses
        ],
        "as_of": as_of.isoformat() if as_of else None,
        "filters": filters,
    }


def sheet_name(base: str, analysis: Analysis, many: bool) -> str:
    """"Oppsummering", or "Oppsummering 2024" when a report holds several ledgers."""
    return f"{base} {analysis.ledger.year}" if many else base


def subject(ledger: Ledger) -> str:
    """"Helsedirektoratet 2023": whose ledger, for titles."""
    return " ".join(x for x in (ledger.agency, str(ledger.year) if ledger.year else None) if x)


def post_order(post: Post) -> tuple[int, int]:
    return int(post.chapter), int(post.post)


def _chapter_label(ledger: Ledger, chapter: str) -> str:
    info = ledger.chapters.get(chapter)
    return f"Sum kap. {chapter} {info.name}" if info and info.name else f"Sum kap. {chapter}"


Finish = Callable[[Row, list[Row]], None]


def sectioned_rows(
    items: list[tuple[Post, Row]],
    ledger: Ledger,
    sum_columns: list[str],
    label_key: str,
    *,
    by_chapter: bool = True,
    finish: Finish | None = None,
) -> list[Row]:
    """Rows in two sections, expenditure then income, each closed by its total row.

    ``items`` pairs each row with its post. With ``by_chapter`` they are
    ordered by chapter and post (stable for rows of the same post) and
    every chapter gets a subtotal (blank figures where its rows have none);
    without it they keep the order given (``changes``: by date) and only
    the sections are totalled.
    ``sum_columns`` are the money columns added up; ``label_key`` is the
    column that names a subtotal or total row ("Sum kap. 714", "Sum
    utgifter"). ``finish(row, covered)``, when given, completes each
    subtotal and total row from the rows it covers (figures derived from
    the sums, a status).
    """

    def sum_row(rows: list[Row], kind: RowKind, label: str, chapter: str | None = None) -> Row:
        values = {key: total(column) for key, column in zip(sum_columns, columns_of(rows, sum_columns))}
        values[label_key] = label
        if chapter is not None:
            values["chapter"] = chapter
        row = Row(values, kind)
        if finish is not None:
            finish(row, rows)
        return row

    sections: dict[bool, list[tuple[Post, Row]]] = {False: [], True: []}
    income_of: dict[str, bool] = {}   # by chapter: asked once each, not for each of 100 000 rows
    for item in items:
        chapter = item[0].chapter
        income = income_of.get(chapter)
        if income is None:
            income = income_of[chapter] = item[0].is_income
        sections[income].append(item)
    out: list[Row] = []
    for income, label in ((False, "Sum utgifter"), (True, "Sum inntekter")):
        section = sections[income]
        if not section:
            continue
        if by_chapter:
            section.sort(key=lambda pr: post_order(pr[0]))
            for chapter, pairs in groupby(section, key=lambda pr: pr[0].chapter):
                group = [r for _, r in pairs]
                out.extend(group)
                out.append(sum_row(group, RowKind.SUBTOTAL, _chapter_label(ledger, chapter), chapter))
        else:
            out.extend(r for _, r in section)
        out.append(sum_row([r for _, r in section], RowKind.TOTAL, label))
    return out
