"""Write accounts files in DFØ's published statsregnskapet layout, for benchmarks and the example.

The layout is the one DFØ publishes (``statsregnskapet_aar_YYYY.csv``):
28 columns, semicolon separated, every field quoted, ISO-8859-1, decimal
comma with three decimals, debit positive and credit negative, one row per
month per booking line. All figures written here are MADE UP.

    # the benchmark file: 285 000 rows (~134 MB), many agencies, Helsedirektoratet among them
    python3 bench/generate_accounts.py bench/out/statsregnskapet_aar_2023.csv --rows 285000

    # the made-up example that ships with the bundled ledger (docs/monthly-reconciliation.md)
    python3 bench/generate_accounts.py data/example-accounts-2023-made-up.csv --example
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from budsjett_cli.actuals.accounts import DFO_COLUMNS  # noqa: E402
from budsjett_cli.ledger.orgnr import check_digit  # noqa: E402

HELSEDIR = ("983544622", "Helsedirektoratet")
FHI = ("983744516", "Folkehelseinstituttet")
VEGVESEN = ("971032081", "Statens vegvesen")
HOD = ("13", "Helse- og omsorgsdepartementet")
SD = ("21", "Samferdselsdepartementet")

# Kinds of booking lines: Kontoklasse, Kontogruppe, Artskonto (made-up names in the style of the standard chart).
EXPENSE_KINDS = [
    ("5", "Lønnskostnad", "50", "Lønn til ansatte", "500", "Lønn, fast ansatte"),
    ("5", "Lønnskostnad", "54", "Arbeidsgiveravgift og pensjon", "540", "Arbeidsgiveravgift"),
    ("6", "Annen driftskostnad", "64", "Leie av lokaler og utstyr", "640", "Husleie"),
    ("6", "Annen driftskostnad", "67", "Kjøp av fremmede tjenester", "670", "Konsulenttjenester"),
    ("7", "Annen driftskostnad", "71", "Reise og diett", "710", "Reisekostnader, oppgavepliktige"),
]
TRANSFER_KINDS = [
    ("7", "Annen driftskostnad", "75", "Tilskudd", "755", "Tilskudd til kommuner og fylkeskommuner"),
    ("7", "Annen driftskostnad", "75", "Tilskudd", "757", "Tilskudd til ideelle organisasjoner"),
]
INCOME_KINDS = [
    ("3", "Salgs- og driftsinntekt", "30", "Salgsinntekt, avgiftspliktig", "301", "Salgsinntekt tjenester, avgiftspliktig"),
    ("3", "Salgs- og driftsinntekt", "31", "Salgsinntekt, avgiftsfri", "311", "Gebyrer og avgifter"),
]


def amount_text(value: Decimal) -> str:
    """Kroner as DFØ writes them: decimal comma, three decimals, "-847732,870"."""
    return f"{value.quantize(Decimal('0.001'))}".replace(".", ",")


def row(year: int, month: int, chapter: int, post: int, post_name: str, post_type: str, kind: tuple,
        agency: tuple[str, str], ministry: tuple[str, str], chapter_name: str, amount: Decimal) -> list[str]:
    post_id = f"{chapter:04d}{post:02d}"
    area = ("10", "Helse og omsorg") if ministry == HOD else ("21", "Innenlands transport")
    category = ("1010", "Helse og omsorg, felles") if ministry == HOD else ("2130", "Veiformål")
    return [
        str(year), f"{year}{month:02d}", post_id, post_name, area[0], area[1], category[0], category[1],
        ministry[0], ministry[1], str(chapter), chapter_name, post_id, post_name, post_type,
        kind[0], kind[1], kind[2], kind[3], kind[4], kind[5],
        ministry[0], ministry[1], agency[0], agency[1], agency[0], agency[1], amount_text(amount),
    ]


def writer(stream):
    return csv.writer(stream, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")


def open_out(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    return open(path, "w", encoding="latin-1", newline="")


# -- the made-up example -------------------------------------------------------------------------

# Helsedirektoratet's bookings, January to October 2023. These posts have totals chosen for the
# walkthrough in docs/monthly-reconciliation.md (chapter, post, name, type, kinds, total so far in
# kroner; income negative, as credits); every other post of the bundled ledger with an allocation
# gets bookings at a steady pace of 55-85 % of it (made up, seeded).
EXAMPLE_POSTS = [
    (740, 1, "Driftsutgifter", "Utgifter til drift", EXPENSE_KINDS, Decimal("1049871233.40")),
    (740, 21, "Spesielle driftsutgifter, kan overføres", "Utgifter til drift", EXPENSE_KINDS[2:], Decimal("21470880.15")),
    (740, 70, "Helsetjenester i annet EØS-land", "Overføringer", TRANSFER_KINDS, Decimal("2318400.00")),
    (3740, 2, "Diverse inntekter", "Inntekter fra drift", INCOME_KINDS, Decimal("-15204660.00")),
    (3740, 4, "Gebyrinntekter", "Inntekter fra drift", INCOME_KINDS[1:], Decimal("-43512775.50")),
    (714, 21, "Spesielle driftsutgifter", "Utgifter til drift", EXPENSE_KINDS[2:], Decimal("52004118.20")),
    (714, 70, "Rusmiddeltiltak", "Overføringer", TRANSFER_KINDS, Decimal("188200000.00")),
    (734, 1, "Driftsutgifter - kontrollkommisjonene", "Utgifter til drift", EXPENSE_KINDS, Decimal("86301457.35")),
    (737, 70, "Tilskudd", "Overføringer", TRANSFER_KINDS, Decimal("93412500.00")),
    (765, 21, "Spesielle driftsutgifter", "Utgifter til drift", EXPENSE_KINDS[2:], Decimal("158930204.80")),
    (1320, 1, "Driftsutgifter", "Utgifter til drift", EXPENSE_KINDS[3:4], Decimal("1204380.00")),
    (1633, 1, "Nettoordning, statlig betalt merverdiavgift", "Utgifter til drift", EXPENSE_KINDS[3:4], Decimal("31877420.60")),
    (2751, 70, "Legemidler", "Overføringer", TRANSFER_KINDS[:1], Decimal("10418733205.55")),
    (2755, 70, "Allmennlegehjelp", "Overføringer", TRANSFER_KINDS[:1], Decimal("5911204870.00")),
]
CHAPTER_NAMES = {740: "Helsedirektoratet", 3740: "Helsedirektoratet", 714: "Folkehelse", 734: "Særskilte tilskudd til psykisk helse og rustiltak",
                 737: "Historiske pensjonskostnader", 765: "Psykisk helse, rus og vold", 1320: "Statens vegvesen",
                 1633: "Nettoordning for mva i staten", 2751: "Legemidler mv.", 2755: "Helsetjenester i kommunene mv.",
                 745: "Folkehelseinstituttet"}
EXAMPLE_MONTHS = range(1, 11)
BUNDLED_LEDGER = Path(__file__).resolve().parent.parent / "data" / "chapters.yaml"


def split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """``parts`` amounts in kroner and øre that add up to ``total`` exactly."""
    weights = [Decimal(rng.randint(80, 120)) for _ in range(parts)]
    scale = sum(weights)
    out = [(total * w / scale).quantize(Decimal("0.01")) for w in weights[:-1]]
    out.append(total - sum(out))
    return out


def example_posts(rng: random.Random) -> list[tuple]:
    """The designed posts, then every other allocated post of the bundled ledger at a steady pace."""
    from budsjett_cli.ledger.history import post_history
    from budsjett_cli.ledger.loader import load_file

    ledger = load_file(BUNDLED_LEDGER)
    designed = {(chapter, post) for chapter, post, *_ in EXAMPLE_POSTS}
    out = list(EXAMPLE_POSTS)
    for post in ledger.posts:
        key = (int(post.chapter), int(post.post))
        allocation = post_history(ledger, post).current
        if key in designed or not allocation:
            continue
        pace = Decimal(rng.randint(55, 85)) / 100
        total = (allocation * pace).quantize(Decimal("0.01"))
        name = (post.name or "Post").replace("–", "-")  # Latin-1 has no en dash
        if post.is_income:
            out.append((key[0], key[1], name, "Inntekter fra drift", INCOME_KINDS[:1], -total))
        elif key[1] < 50:
            out.append((key[0], key[1], name, "Utgifter til drift", EXPENSE_KINDS[3:4], total))
        else:
            out.append((key[0], key[1], name, "Overføringer", TRANSFER_KINDS[:1], total))
    return out


def write_example(path: Path) -> int:
    rng = random.Random(2023)
    lines = 0
    with open_out(path) as stream:
        out = writer(stream)
        out.writerow(DFO_COLUMNS)
        for chapter, post, name, post_type, kinds, total in example_posts(rng):
            ministry = SD if chapter == 1320 else HOD
            for month, month_total in zip(EXAMPLE_MONTHS, split(total, len(EXAMPLE_MONTHS), rng)):
                for kind, amount in zip(kinds, split(month_total, len(kinds), rng)):
                    out.writerow(row(2023, month, chapter, post, name, post_type, kind, HELSEDIR, ministry,
                                     CHAPTER_NAMES.get(chapter, f"Kapittel {chapter}"), amount))
                    lines += 1
            if chapter == 740 and post == 1:  # a payment reversed and booked again: a credit on an expense post
                out.writerow(row(2023, 6, chapter, post, name, post_type, EXPENSE_KINDS[3], HELSEDIR, HOD,
                                 CHAPTER_NAMES[chapter], Decimal("-125000.00")))
                out.writerow(row(2023, 6, chapter, post, name, post_type, EXPENSE_KINDS[3], HELSEDIR, HOD,
                                 CHAPTER_NAMES[chapter], Decimal("125000.00")))
                lines += 2
        # Other agencies in the same file: not Helsedirektoratet's, so left out of its reconciliation.
        for month in EXAMPLE_MONTHS:
            out.writerow(row(2023, month, 745, 1, "Driftsutgifter", "Utgifter til drift", EXPENSE_KINDS[0], FHI, HOD,
                             CHAPTER_NAMES[745], Decimal("98765432.10")))
            out.writerow(row(2023, month, 1320, 1, "Driftsutgifter", "Utgifter til drift", EXPENSE_KINDS[0], VEGVESEN, SD,
                             CHAPTER_NAMES[1320], Decimal("412345678.90")))
            out.writerow(row(2023, month, 1320, 1, "Driftsutgifter", "Utgifter til drift", INCOME_KINDS[0], VEGVESEN, SD,
                             CHAPTER_NAMES[1320], Decimal("-847732.87")))
            lines += 3
    return lines


# -- the benchmark file ---------------------------------------------------------------------------

def made_up_orgnr(rng: random.Random) -> str:
    while True:
        first = str(rng.randint(970000000, 999999999))[:8]
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)


def write_benchmark(path: Path, rows: int, year: int, seed: int = 2023) -> int:
    """``rows`` rows over 12 months: about 250 made-up agencies, and Helsedirektoratet on the ledger's posts."""
    rng = random.Random(seed)
    ledger_posts = [(740, 1), (740, 21), (3740, 2), (3740, 4), (714, 21), (714, 70), (734, 1), (737, 70),
                    (765, 21), (765, 72), (2751, 70), (2755, 70), (1633, 1)]
    # Names as long as the real ones ("Direktoratet for samfunnssikkerhet og beredskap"): ~470 bytes a row.
    agencies = [(made_up_orgnr(rng), f"Syntetisk direktorat for tilsyn {i:03d}") for i in range(250)]
    per_month = rows // 12
    written = 0
    with open_out(path) as stream:
        out = writer(stream)
        out.writerow(DFO_COLUMNS)
        for month in range(1, 13):
            count = per_month if month < 12 else rows - written
            for i in range(count):
                if i % 50 == 0:  # one row in fifty is Helsedirektoratet's
                    chapter, post = ledger_posts[(i // 50) % len(ledger_posts)]
                    agency, ministry = HELSEDIR, HOD
                else:
                    agency = agencies[i % len(agencies)]
                    chapter, post = 100 + (i * 7) % 2800, (1, 21, 45, 70)[i % 4]
                    ministry = HOD if i % 3 else SD
                income = chapter >= 3000
                kinds = INCOME_KINDS if income else (TRANSFER_KINDS if post >= 50 else EXPENSE_KINDS)
                kind = kinds[i % len(kinds)]
                amount = Decimal(rng.randint(-200_000, 9_000_000)).scaleb(-2)  # kroner and øre
                if income:
                    amount = -abs(amount)
                name = ("Diverse inntekter" if income else
                        ("Tilskudd, kan overføres" if post >= 50 else "Spesielle driftsutgifter, kan overføres"))
                out.writerow(row(year, month, chapter, post, name, "Utgifter til drift" if not income else "Inntekter fra drift",
                                 kind, agency, ministry, CHAPTER_NAMES.get(chapter, f"Kapittel {chapter}"), amount))
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--rows", type=int, default=285_000)
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--example", action="store_true", help="write the made-up example for the bundled ledger")
    args = parser.parse_args()
    if args.example:
        count = write_example(args.output)
    else:
        count = write_benchmark(args.output, args.rows, args.year)
    size = args.output.stat().st_size
    print(f"wrote {args.output}: {count} rows, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
