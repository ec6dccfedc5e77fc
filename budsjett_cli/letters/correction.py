"""A correction letter (korrigering): an old and a new level, and the table restated.

"I oppdragsbrevet er Helsedirektoratet tildelt 2,8 mill. kroner til
oppdraget X ... endres til 2,1 mill. kroner" names no chapter or post: X
is the name of a row of the restated table, and that row's post is the
post. The change (new level less old, here −0,7 mill.) is derived, not
printed, so it is proposed with the old level as ``previous`` and the new
as ``total``, and marked for review. The restated table's rows are levels,
not changes: they give the posts' names and its Sum row the letter's total
(``LetterReader`` checks that against the rows), never a change of their own.
"""

from __future__ import annotations

import re

from budsjett_cli.amounts import format_amount
from budsjett_cli.letters.blocks import sentences_of
from budsjett_cli.letters.letter import split_name
from budsjett_cli.letters.model import ChangeEntry, Figure
from budsjett_cli.letters.numbers import prose_amounts
from budsjett_cli.letters.prose import Statement
from budsjett_cli.letters.supplement import SupplementReader
from budsjett_cli.letters.tables import Table

# "er (Helsedirektoratet) tildelt 2,8 mill. kroner til (oppdraget) X": the old level and what it is for.
_OLD_LEVEL = re.compile(r"\b(?:er|ble|var)\b(?:\s+\S+){0,3}?\s+tildelt\s+(?P<amount>.+?kr(?:oner|\.)?)\s+til\s+"
                        r"(?:oppdraget\s+|ordningen\s+|tiltaket\s+)?(?P<name>[^.;]+)", re.I)
# "endres til 2,1 mill. kroner", "skal være 2,1 mill. kroner", "korrigeres til": the new level.
_NEW_LEVEL = re.compile(r"\b(?:endres|korrigeres|rettes|justeres)\s+til\b|\bskal\s+(?:rett(?:elig)?\s+)?være\b", re.I)


class CorrectionReader(SupplementReader):
    """Changes derived from the old and new levels a correction letter states, placed by the restated table's row names."""

    def read_entries(self, statements: list[Statement]) -> None:
        all_tables = self.tables
        restated = [t for t in all_tables if t.kind == "allocation"]
        used: set[int] = set()
        derived = []
        for statement in statements:
            if id(statement.sentence) in used or statement.chapter is not None:
                continue
            found = self._derived(statement, restated)
            if found is not None:
                change, sentences = found
                if change is not None:
                    derived.append(change)
                used.update(sentences)    # read (proposed, or reviewed once): not read again as a supplement's
        self.tables = [t for t in all_tables if t.kind != "allocation"]
        super().read_entries([s for s in statements if id(s.sentence) not in used])
        self.tables = all_tables
        self.letter.changes.extend(derived)
        self.letter.changes.sort(key=lambda change: change.source.first)

    def _derived(self, statement: Statement, restated: list[Table]) -> tuple[ChangeEntry | None, set[int]] | None:
        """The change a sentence's old level and the new level after it give, on the post of the row it names."""
        sentence = statement.sentence
        old_match = _OLD_LEVEL.search(sentence.text)
        if old_match is None:
            return None
        old_amounts = prose_amounts(old_match["amount"])
        if len(old_amounts) != 1:
            return None
        old = old_amounts[0].figure
        name = old_match["name"].strip()
        following = [s for s in sentences_of(sentence.block) if s.index >= sentence.index]
        new = new_sentence = None
        for candidate in following:
            text = candidate.text if candidate is not sentence else candidate.text[old_match.end():]
            level = _NEW_LEVEL.search(text)
            if level is None:
                continue
            amounts = prose_amounts(text[level.end():])
            if amounts:
                new, new_sentence = amounts[0].figure, candidate
                break
        if new is None:
            return None
        key = self._row_named(name, restated)
        first, last = sentence.first, new_sentence.last
        unit = old.unit
        amount = Figure(new.kroner - old.kroner, unit, max(old.decimals, new.decimals))
        shown = f"{format_amount(old.kroner, unit)} → {format_amount(new.kroner, unit)} {unit.label}"
        if key is None:
            self.review("post-not-named", f"a correction from {shown} of '{name}': no row of the restated table "
                        "has that name, so the post is not known", first, last, None, amount)
            return None, {id(sentence), id(new_sentence)}
        change = ChangeEntry(chapter=key[0], post=key[1], source=self.source(first, last), amount=amount,
                             previous=old, total=new, origin="prose", note=f"derived: {name} corrected from {shown}")
        self.review("derived", f"a change derived from the old and the new level the letter states ({shown}), on "
                    f"the post of the table row '{name}'; the letter prints no change: check it", first, last,
                    f"{key[0]}.{key[1]}", amount)
        return change, {id(sentence), id(new_sentence)}

    @staticmethod
    def _row_named(name: str, tables: list[Table]) -> tuple[str, str] | None:
        """The post of the one restated row whose name is the one the sentence gives."""
        wanted = name.lower().strip()
        found = set()
        for table in tables:
            for row in table.rows:
                _, row_name = split_name(row)
                if row_name and row.chapter and row.post and (
                        wanted == row_name.lower() or wanted.startswith(row_name.lower() + " ")):
                    found.add((row.chapter, row.post))
        return found.pop() if len(found) == 1 else None
