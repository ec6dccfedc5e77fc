"""What the letter reader proposes, compared with the bundled ledgers (transcribed by hand).

Used by the import tests and by bench/import_letters.py to count, per
letter, the entries found, missed, proposed wrongly, and marked for review.
The bundled ledgers are the oracle: the reader never sees them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from budsjett_cli.letters.model import ReadResult
from budsjett_cli.letters.reader import read_file
from budsjett_cli.ledger.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT / "tests" / "letters"
DATA = ROOT / "data"

# Which bundled ledger transcribes which letter file.
LEDGER_OF = {
    "000_28ee3e37de085100.txt": DATA / "chapters.yaml",
    "001_52bc8ba46f39a98d.txt": DATA / "chapters.yaml",
    "002_8c234efbdec105f3.txt": DATA / "chapters.yaml",
    "003_cc102a77bccaaff9.txt": DATA / "2025.yaml",
    "004_879556b1805a6177.txt": DATA / "2024.yaml",
}

# Posts the 2023 ledger records from the allocation letter's sentences, not its tables
# (all other TB2023 posts are table rows; those with figures are printed in 1000 kr).
PROSE_POSTS_2023 = {"3714.04", "5572.75", "709.01", "660.70", "660.71", "575.60", "575.61", "1320.01"}

# Changes the ledgers record from change tables ("Tidligere tildeling ... Sum tildelt",
# "Kap./post Benevnelse Tildeling"): (letter, post).
TABLE_CHANGES = {
    ("TTB2023-02..06", "765.21"), ("TTB2023-08..12", "762.21"), ("TTB2023-44..52", "765.21"),
    ("TB2025-80..91", "760.21"), ("TB2025-80..91", "714.21"),
}


def only_allocation_letter(path: Path) -> Path:
    """Write the bundled 2023 ledger as it stood before any supplement to ``path``: TB2023 and its posts, no changes.

    The ledger ``--into`` starts from in the tests, the docs' examples and the benchmark.
    """
    from ruamel.yaml import YAML
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    data = yaml.load((DATA / "chapters.yaml").read_text(encoding="utf-8"))
    for letter_id in list(data["letters"]):
        if letter_id != "TB2023":
            del data["letters"][letter_id]
    for chapter in data["chapters"].values():
        for post in chapter["posts"].values():
            post.pop("changes", None)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    return path


def kroner(value):
    return None if value is None else value.kroner


@dataclass
class Tally:
    """Per letter: expected items, found exactly, missed, proposed wrongly, marked for review.

    Items: table rows, prose posts, table and prose changes, earmarks, and
    earmark lists marked ``earmarks_partial`` as the ledger marks them.
    """

    letter: str
    kind: str = ""
    expected: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
    review: int = 0

    def share(self, what: str) -> float:
        return self.found[what] / self.expected[what] if self.expected[what] else 1.0


def expected_entries(ledger, letter_id):
    table_posts, prose_posts, changes = {}, {}, {}
    for post in ledger.posts:
        if post.letter == letter_id:
            figures = (kroner(post.appropriation), kroner(post.allocation))
            entry = (post.name, figures)
            if post.key in PROSE_POSTS_2023 or not letter_id.startswith("TB") or "-" in letter_id:
                prose_posts[post.key] = entry
            else:
                table_posts[post.key] = entry
        for change in post.changes:
            if change.letter == letter_id:
                changes.setdefault(post.key, []).append(
                    (kroner(change.previous), kroner(change.amount), kroner(change.total)))
    return table_posts, prose_posts, changes


def earmark_amounts(items, key, out: Counter) -> None:
    for earmark in items:
        if earmark.amount is not None:
            out[(key, earmark.amount.kroner)] += 1
        earmark_amounts(earmark.of_which, key, out)


def _compare_partial(ledger, letter, tally: Tally) -> None:
    """Each earmark list of the letter in the ledger: proposed with the same ``earmarks_partial`` (a flag
    set wrongly hides a shortfall from ``check``, or reports one that is not there)."""
    marked = {}
    for post in ledger.posts:
        if post.letter == letter.id and post.earmarks:
            marked[("post", post.key)] = post.earmarks_partial
        for change in post.changes:
            if change.letter == letter.id and change.earmarks:
                marked[("change", post.key)] = change.earmarks_partial
    proposed = {("post", e.key): e.earmarks_partial for e in letter.posts if e.earmarks}
    proposed.update({("change", e.key): e.earmarks_partial for e in letter.changes if e.earmarks})
    for item, flag in marked.items():
        tally.expected["earmarks_partial"] += 1
        if proposed.get(item) == flag:
            tally.found["earmarks_partial"] += 1
        else:
            tally.missed.append(("earmarks_partial", item[1], flag, proposed.get(item)))


def compare(name: str, result: ReadResult | None = None) -> list[Tally]:
    """Tallies for every letter in a letter file that its bundled ledger records."""
    result = result or read_file(LETTERS / name)
    ledger = load_file(LEDGER_OF[name])
    tallies = []
    for letter in result.letters:
        tally = Tally(letter.id, letter.kind, review=len(letter.review))
        if letter.id not in ledger.letters:
            tally.wrong.append(f"letter id {letter.id} is not in the ledger")
            tallies.append(tally)
            continue
        table_posts, prose_posts, changes = expected_entries(ledger, letter.id)
        proposed_posts = {p.key: p for p in letter.posts}
        for what, expected in (("table rows", table_posts), ("prose posts", prose_posts)):
            for key, (name_, figures) in expected.items():
                tally.expected[what] += 1
                entry = proposed_posts.get(key)
                got = (kroner(entry.appropriation), kroner(entry.allocation)) if entry else None
                if entry is not None and got == figures and (what != "table rows" or entry.name == name_):
                    tally.found[what] += 1
                else:
                    tally.missed.append((what, key, figures, got))
        for key, entry in proposed_posts.items():
            if key not in table_posts and key not in prose_posts:
                tally.wrong.append(("post", key))
            elif entry.origin == "table" and key not in table_posts:
                tally.wrong.append(("table row", key))
        proposed_changes = {}
        for change in letter.changes:
            proposed_changes.setdefault(change.key, []).append(
                (kroner(change.previous), kroner(change.amount), kroner(change.total)))
        for key, triples in changes.items():
            what = "table changes" if (letter.id, key) in TABLE_CHANGES else "prose changes"
            for triple in triples:
                tally.expected[what] += 1
                if triple in proposed_changes.get(key, []):
                    tally.found[what] += 1
                else:
                    tally.missed.append((what, key, triple, proposed_changes.get(key)))
        for key, triples in proposed_changes.items():
            for triple in triples:
                if triple not in changes.get(key, []):
                    tally.wrong.append(("change", key, triple))
        wanted, got = Counter(), Counter()
        for post in ledger.posts:
            if post.letter == letter.id:
                earmark_amounts(post.earmarks, post.key, wanted)
            for change in post.changes:
                if change.letter == letter.id:
                    earmark_amounts(change.earmarks, post.key, wanted)
        for entry in letter.posts:
            earmark_amounts(entry.earmarks, entry.key, got)
        for change in letter.changes:
            earmark_amounts(change.earmarks, change.key, got)
        _compare_partial(ledger, letter, tally)
        tally.expected["earmarks"] = sum(wanted.values())
        tally.found["earmarks"] = sum((wanted & got).values())
        for item, count in (wanted - got).items():
            tally.missed.append(("earmark", *item, count))
        for item, count in (got - wanted).items():
            tally.wrong.append(("earmark", *item, count))
        tallies.append(tally)
    return tallies
