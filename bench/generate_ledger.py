"""Generate a synthetic ledger for benchmarks: POSTS posts with CHANGES changes each.

The ledger is realistic in shape: chapters of ten posts with Norwegian post
names, a hundred dated letters through the year, amounts in 1000 kr with
consistent "previous" and "total" figures, and earmarks on some changes, so
every check does its full work. A few inconsistencies are sown in (a chain
gap, a wrong total) so that findings are produced too.

    python bench/generate_ledger.py bench/out/ledger.yaml --posts 1000 --changes 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

NAMES = [
    "Driftsutgifter",
    "Spesielle driftsutgifter, kan overføres, kan nyttes under post 70",
    "Kommunale tiltak, kan overføres, kan nyttes under post 21",
    "Tilskudd, overslagsbevilgning",
    "Andre tilskudd, kan overføres",
    "Forebyggende helsetjenester",
    "Frivillig arbeid mv., kan overføres, kan nyttes under post 21",
    "Utviklingstiltak mv.",
    "Kompetansesentre, kan overføres",
    "Vold og traumatisk stress, kan overføres",
]
POST_NUMBERS = ["01", "21", "22", "60", "61", "62", "70", "71", "72", "79"]


def number(value: int) -> str:
    """Norwegian grouping: 1 305 832."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", " ")


def generate(posts: int, changes: int, seed: int = 2023) -> str:
    rng = random.Random(seed)
    out = [
        "year: 2023",
        "agency: Syntetisk direktorat",
        "ministry: Helse- og omsorgsdepartementet",
        "unit: 1000 kr",
        "",
        "letters:",
        "  TB2023:",
        "    title: Tildelingsbrev 2023",
        "    date: 2022-12-20",
    ]
    start = dt.date(2023, 1, 10)
    letters = max(changes, 1)
    for i in range(letters):
        date = start + dt.timedelta(days=int(i * 340 / letters))
        out += [f"  TTB2023-{i + 1:03d}:", f"    title: Tillegg til tildelingsbrev nr. {i + 1}",
                f"    date: {date.isoformat()}", f"    ref: 23/{100 + i}-{rng.randint(1, 40)}"]
    out += ["", "chapters:"]
    chapter_count = (posts + len(POST_NUMBERS) - 1) // len(POST_NUMBERS)
    made = 0
    for c in range(chapter_count):
        out += [f"  {700 + c}:", "    posts:"]
        for p in range(len(POST_NUMBERS)):
            if made == posts:
                break
            made += 1
            allocation = rng.randint(5_000, 900_000)
            appropriation = allocation + 400_000 + rng.randint(0, 200_000)
            out += [f"      {POST_NUMBERS[p]}:", f"        name: {NAMES[p]}",
                    f"        appropriation: {number(appropriation)}",
                    f"        allocation: {number(allocation)}", "        letter: TB2023", "        changes:"]
            running = allocation
            for k in range(changes):
                amount = rng.choice((1, 1, 1, -1)) * rng.randint(50, 5_000)
                previous = running
                if rng.random() < 0.001:
                    previous += rng.randint(1, 900)  # a missing letter
                total = previous + amount
                if rng.random() < 0.001:
                    total += 10  # a typing error
                out += [f"          - letter: TTB2023-{k + 1:03d}",
                        f"            previous: {number(previous)}",
                        f"            amount: {number(amount)}",
                        f"            total: {number(total)}"]
                if k % 25 == 0 and amount > 1000:
                    out += ["            earmarks:",
                            f"              - amount: {number(amount // 2)}",
                            "                purpose: tiltak i kommunene",
                            f"              - amount: {number(amount - amount // 2)}",
                            "                purpose: kompetansetiltak"]
                running = previous + amount
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(generate(args.posts, args.changes, args.seed), encoding="utf-8")
    print(f"{args.output}: {args.posts} posts, {args.posts * args.changes} changes")


if __name__ == "__main__":
    main()
