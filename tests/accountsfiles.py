"""Build accounts files in DFØ's published layout for tests.

Every file written here is what DFØ publishes: the 28 columns in order,
semicolon separated, every field quoted, ISO-8859-1, amounts in kroner with
a decimal comma and three decimals, credits negative. Amounts are given as
text ("-847732,870") so that tests state exactly what the file holds.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from budsjett_cli.actuals.accounts import DFO_COLUMNS

HELSEDIR = ("983544622", "Helsedirektoratet")
FHI = ("983744516", "Folkehelseinstituttet")
VEGVESEN = ("971032081", "Statens vegvesen")


def dfo_row(period: str, post_id: str, amount: str, agency: tuple[str, str] = HELSEDIR,
            post_name: str = "Driftsutgifter", year: str | None = None, chapter_id: str | None = None) -> list[str]:
    """One booking line; ``post_id`` is six digits (chapter and post), ``amount`` as DFØ writes it."""
    year = year if year is not None else period[:4]
    chapter_id = chapter_id if chapter_id is not None else str(int(post_id[:4]))
    return [
        year, period, post_id, post_name, "10", "Helse og omsorg", "1010", "Helse og omsorg, felles",
        "13", "Helse- og omsorgsdepartementet", chapter_id, "Kapittel", post_id, post_name, "Utgifter til drift",
        "6", "Annen driftskostnad", "67", "Kjøp av fremmede tjenester", "670", "Konsulenttjenester",
        "13", "Helse- og omsorgsdepartementet", agency[0], agency[1], agency[0], agency[1], amount,
    ]


def dfo_text(rows: list[list[str]], header: list[str] | tuple[str, ...] = DFO_COLUMNS, newline: str = "\r\n") -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return stream.getvalue()


def write_dfo(path: Path, rows: list[list[str]], *, encoding: str = "latin-1", newline: str = "\r\n",
              extra_lines: list[str] = (), header: list[str] | tuple[str, ...] = DFO_COLUMNS) -> Path:
    """Write a DFØ-layout file; ``extra_lines`` are appended raw (to sow malformed rows)."""
    text = dfo_text(rows, header, newline) + "".join(line + newline for line in extra_lines)
    path.write_bytes(text.encode(encoding))
    return path


# -- a small ledger and a year's accounts to June, every figure computed by hand ---------------------

LEDGER_TEXT = """\
year: 2023
agency: Testdirektoratet
orgnr: 983544622
ministry: Testdepartementet
unit: 1000 kr

letters:
  TB: {title: Tildelingsbrev 2023, date: 2023-01-10}
  T1: {title: Tillegg 1, date: 2023-03-15}
  T2: {title: Tillegg 2 (undated)}
  T3: {title: Tillegg 3, date: 2023-06-20}

chapters:
  740:
    posts:
      01:
        name: Driftsutgifter
        appropriation: 1 000
        allocation: 1 000
        letter: TB
        changes:
          - {letter: T1, amount: 200}
      21:
        name: Spesielle driftsutgifter, kan overføres
        appropriation: 500
        allocation: 400
        letter: TB
        changes:
          - {letter: T2, amount: 100}
          - {letter: T3, amount: 50}
      70:
        name: Tilskudd, kan nyttes under post 21
        appropriation: 300
        allocation: 300
        letter: TB
  741:
    posts:
      70:
        name: Tilskudd, overslagsbevilgning
        appropriation: 100
        allocation: 100
        letter: TB
      01:
        name: Driftsutgifter
        appropriation: 200
        allocation: 150
        letter: TB
  742:
    posts:
      01:
        name: Driftsutgifter
        appropriation: 100
        allocation: 100
        letter: TB
      21:
        name: Spesielle driftsutgifter
        allocation: 40
        letter: TB
  3740:
    posts:
      02:
        name: Diverse inntekter
        allocation: 50
        letter: TB
      04:
        name: Gebyrinntekter
        allocation: 30
        letter: TB
"""

# Helsedirektoratet's orgnr stands for the test agency. March has rows for other agencies only.
ROWS = [
    dfo_row("202301", "074001", "200000,000"),
    dfo_row("202301", "074001", "-12500,500"),          # a refund: credit on an expense post
    dfo_row("202302", "074001", "210000,250"),
    dfo_row("202304", "074001", "150000,000"),
    dfo_row("202305", "074001", "152500,500"),
    dfo_row("202306", "074001", "100000,000"),
    dfo_row("202306", "074001", "100000,000"),
    dfo_row("202301", "074021", "100000,000", post_name="Spesielle driftsutgifter, kan overføres"),
    dfo_row("202302", "074021", "120000,000", post_name="Spesielle driftsutgifter, kan overføres"),
    dfo_row("202304", "074021", "130000,125", post_name="Spesielle driftsutgifter, kan overføres"),
    dfo_row("202305", "074021", "80000,000", post_name="Spesielle driftsutgifter, kan overføres"),
    dfo_row("202306", "074021", "140000,000", post_name="Spesielle driftsutgifter, kan overføres"),
    *[dfo_row(f"2023{m:02d}", "074070", "50000,000", post_name="Tilskudd") for m in (1, 2, 4, 5, 6)],
    dfo_row("202302", "074170", "60000,000", post_name="Tilskudd, overslagsbevilgning"),
    dfo_row("202306", "074170", "45000,000", post_name="Tilskudd, overslagsbevilgning"),
    dfo_row("202301", "074101", "80000,500"),
    dfo_row("202306", "074101", "80000,000"),
    dfo_row("202301", "074201", "50000,000"),
    dfo_row("202304", "074201", "47000,000"),
    dfo_row("202305", "074221", "10000,000", post_name="Spesielle driftsutgifter"),
    dfo_row("202301", "374002", "-20000,000", post_name="Diverse inntekter"),
    dfo_row("202302", "374002", "-15000,000", post_name="Diverse inntekter"),
    dfo_row("202305", "374002", "-10000,000", post_name="Diverse inntekter"),
    dfo_row("202306", "374002", "-8000,000", post_name="Diverse inntekter"),
    dfo_row("202306", "374002", "1000,000", post_name="Diverse inntekter"),  # a correction: debit on income
    dfo_row("202302", "374004", "-12000,000", post_name="Gebyrinntekter"),
    # The agency's bookings outside the ledger: a chapter it lacks, and a post of a chapter it has.
    dfo_row("202302", "163301", "2500,000", post_name="Nettoordning, statlig betalt merverdiavgift"),
    dfo_row("202306", "163301", "5000,000", post_name="Nettoordning, statlig betalt merverdiavgift"),
    dfo_row("202304", "074045", "12000,000", post_name="Større utstyrsanskaffelser og vedlikehold"),
    # Other agencies, on the ledger's posts and others: never the test agency's.
    dfo_row("202301", "074001", "999999,000", agency=FHI),
    dfo_row("202303", "074501", "5000,000", agency=FHI),
    dfo_row("202303", "132001", "-847732,870", agency=VEGVESEN, post_name="Driftsutgifter"),
]
