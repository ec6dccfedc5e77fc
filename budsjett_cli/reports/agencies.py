"""``budsjett summary --by agency``: one row per post with a column per agency, against the one appropriation.

For a post a ministry shares between agencies (760.21 to Helsedirektoratet
and Norsk helsenett SF), the agencies' ledgers of one year side by side:
each agency's current allocation, their sum, and what of the appropriation
is left. The appropriation is the largest the ledgers give (the
``agencies`` check reports ledgers that disagree).
"""

from __future__ import annotations

from collections.abc import Iterable

from budsjett_cli.analysis import Analysis, worst
from budsjett_cli.ledger.model import Post
from budsjett_cli.reports.common import ReportError, check_filters, report_meta, sectioned_rows
from budsjett_cli.reports.model import Column, Kind, Report, Row, Sheet, total
from budsjett_cli.findings import Severity


def agencies_report(analyses: list[Analysis], chapters: Iterable[str] = (), posts: Iterable[str] = ()) -> Report:
    """Posts of several agencies' ledgers of one year, one column per agency."""
    chapters, posts = list(chapters), list(posts)
    check_filters(analyses, chapters, posts)
    years = {a.ledger.year for a in analyses}
    if len(years) > 1:
        raise ReportError(f"--by agency compares ledgers of one year; these are for {', '.join(map(str, sorted(years)))}")
    agencies = list(dict.fromkeys(a.ledger.agency or a.ledger.path for a in analyses))
    keys = {agency: f"allocation:{agency}" for agency in agencies}
    columns = [Column("chapter", "Kap."), Column("post", "Post"), Column("name", "Postnavn"),
               Column("appropriation", "Bevilgning", Kind.MONEY, from_letters=True)]
    columns += [Column(keys[agency], agency, Kind.MONEY, from_letters=True) for agency in agencies]
    columns += [Column("current", "Sum tildelt", Kind.MONEY, from_letters=True), Column("unallocated", "Ikke tildelt", Kind.MONEY),
                Column("status", "Status")]
    by_post: dict[str, list[tuple[Analysis, object]]] = {}
    first: dict[str, Post] = {}
    for analysis in analyses:
        for history in analysis.histories:
            post = history.post
            if (chapters or posts) and post.chapter not in chapters and post.key not in posts:
                continue
            by_post.setdefault(post.key, []).append((analysis, history))
            first.setdefault(post.key, post)
    items = []
    for key, held in by_post.items():
        post = first[key]
        values = {"chapter": post.chapter, "post": post.post, "name": post.name or ""}
        appropriations = [h.appropriation for _, h in held if h.appropriation is not None]
        values["appropriation"] = max(appropriations) if appropriations else None
        for analysis, history in held:
            values[keys[analysis.ledger.agency or analysis.ledger.path]] = history.current
        values["current"] = total([h.current for _, h in held])
        values["unallocated"] = (values["appropriation"] - values["current"]
                                 if values["appropriation"] is not None and values["current"] is not None else None)
        severity = worst(_severity(a.post_status(key)) for a, _ in held)
        status = severity.value if severity else "ok"
        values["status"] = status
        items.append((post, Row(values, status=status)))
    sums = ["appropriation", *keys.values(), "current", "unallocated"]
    rows = sectioned_rows(items, analyses[0].ledger, sums, "name")
    title = f"Oppsummering per virksomhet {analyses[0].ledger.year}"
    notes = [f"Bevilgning is the appropriation the ledgers give for the post (the largest, where they differ); "
             f"Sum tildelt adds up {', '.join(agencies)}."]
    return Report([Sheet("Per virksomhet", title, columns, rows, notes)], analyses[0].ledger.unit,
                  report_meta("summary", analyses, analyses[0].as_of, chapter=chapters, post=posts, by="agency"))


def _severity(status: str) -> Severity | None:
    return None if status == "ok" else Severity(status)
