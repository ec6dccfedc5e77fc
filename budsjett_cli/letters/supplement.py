"""A supplementary letter (tillegg til tildelingsbrev): its changes, from change tables and sentences.

Per post, a change table row is the change; the sentences about the same
post confirm its amount, give its purpose and earmarks, or differ from it
(then they are reviewed). Without a table row the sentences give the
change: one change (or one "samlet" sum over several) is one entry whose
other amounts are its earmarks; several separate changes are several
entries; a new total alone ("Korrekt tildeling ... skal være") is a
correction. A stated earlier allocation or total that does not fit is
reviewed, never merged.

A change's earmarks are marked ``earmarks_partial`` only when the letter's
words say the list is some of the money ("blant annet", "herunder", "Av
dette ...", "Av tildelingen ..."). A list that adds up to less than the
change without such words is left unmarked, so that ``budsjett check``
reports the shortfall, and is reviewed: an earmark may have been missed,
or the letter is inconsistent.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from budsjett_cli.letters.letter import LetterReader, fallback_purpose, split_name, starts_of_which
from budsjett_cli.letters.model import ChangeEntry, LetterEarmark
from budsjett_cli.letters.numbers import same_amount
from budsjett_cli.letters.prose import Statement
from budsjett_cli.letters.tables import TableRow, Table

Key = tuple[str, str]

# Kinds of statement that are reviewed when the letter does not say which post they are for.
_NEEDS_A_POST = ("change", "total", "previous", "authority", "appropriation", "earmark", "explanation")
# Kinds that give a figure but no change to the allocation.
_NOT_A_CHANGE = ("appropriation", "authority", "withheld", "mention")


class SupplementReader(LetterReader):
    """Changes per post from a supplement's change tables and sentences, with their earmarks."""

    def read_entries(self, statements: list[Statement]) -> None:
        rows: dict[Key, list[tuple[Table, TableRow]]] = {}
        said: dict[Key, list[Statement]] = {}
        for table, row, key in self.table_rows():
            rows.setdefault(key, []).append((table, row))
            said.setdefault(key, [])
        for statement in statements:
            if statement.kind == "reference":
                continue
            if statement.chapter is None or statement.post is None:
                if statement.kind in _NEEDS_A_POST:
                    self.review_statement("post-not-named", f"a figure ({statement.kind}) whose post the letter does "
                                          "not name here" + (f"; the nearest post mentioned is {statement.guess}"
                                                             if statement.guess else ""),
                                          statement, statement.guess, statement.figure)
                continue
            said.setdefault((statement.chapter, statement.post), []).append(statement)
        self.partial_said: set[int] = set()     # ids of the changes whose earmarks the letter calls partial
        for key, statements_of_post in said.items():
            self.letter.changes.extend(self._post(key, rows.get(key, []), statements_of_post))
        for change in self.letter.changes:
            self._settle_partial(change)
        self.letter.changes.sort(key=lambda change: min([change.source.first] + [s.first for s in change.sources]))

    def _post(self, key: Key, rows: list[tuple[Table, TableRow]], statements: list[Statement]) -> list[ChangeEntry]:
        """The changes to one post: from its table rows if it has any, else from its sentences."""
        label = f"{key[0]}.{key[1]}"
        by_kind: dict[str, list[Statement]] = defaultdict(list)
        for statement in statements:
            by_kind[statement.kind].append(statement)
            if statement.kind == "explanation":
                self.review_statement("explanation", "a change, or an explanation against last year? Not merged",
                                      statement, label, statement.figure)
            elif statement.kind in _NOT_A_CHANGE:
                self.review_statement("figure-without-change", f"a figure ({statement.kind}) that is not a change "
                                      "to the allocation", statement, label, statement.figure)
        if rows:
            return self._from_table(key, rows, by_kind)
        return self._from_sentences(key, by_kind)

    # -- a change table row, and the sentences about it ------------------------------------------

    def _from_table(self, key: Key, rows: list[tuple[Table, TableRow]], by_kind) -> list[ChangeEntry]:
        label = f"{key[0]}.{key[1]}"
        entries: list[ChangeEntry] = []
        for _, row in rows:
            entry = ChangeEntry(chapter=key[0], post=key[1], source=self.source(row.first, row.last), origin="table",
                                previous=row.figures.get("previous"),
                                amount=row.figures.get("amount") or row.figures.get("allocation"),
                                total=row.figures.get("total"), note=row.comment, chapter_name=split_name(row)[0])
            if entry.amount is None and entry.total is None:
                self.review("table-figures", "a change table row without figures", row.first, row.last, label)
                continue
            entries.append(entry)
        if entries:
            self._confirm_row(entries[0], label, by_kind)
        return entries

    def _confirm_row(self, main: ChangeEntry, label: str, by_kind) -> None:
        """Sentences about a post with a table row: the same amount confirms it, another is an earmark or a doubt."""
        items = by_kind["earmark"]
        for statement in by_kind["change"]:
            figure = statement.signed_figure
            source = self.sentence_source(statement)
            if main.amount is not None and same_amount(figure, main.amount, figure):
                main.sources.append(source)
                main.origin = "table+prose"
                if statement.purpose and not statement.intro and not items and not statement.collective:
                    main.earmarks.append(LetterEarmark(statement.purpose, source, figure))
                elif statement.purpose and not main.note and not statement.intro:
                    main.note = statement.purpose
                if statement.intro:
                    self._words(main, statement)
            elif statement.purpose:
                main.earmarks.append(LetterEarmark(statement.purpose, source, figure,
                                             upto=statement.upto, minimum=statement.minimum))
                self._words(main, statement)
            else:
                self.review_statement("differs-from-table", f"the sentence says {figure.text}, the table another amount",
                                      statement, label, figure)
        for statement in by_kind["total"] + by_kind["previous"]:
            stated = main.total if statement.kind == "total" else main.previous
            if stated is None or not same_amount(statement.figure, stated, statement.figure):
                self.review_statement(statement.kind, f"the sentence's {statement.kind} differs from the table's",
                                      statement, label, statement.figure)
        self._attach_items(main, items)

    # -- sentences only ----------------------------------------------------------------------------

    def _from_sentences(self, key: Key, by_kind) -> list[ChangeEntry]:
        changes, totals = by_kind["change"], by_kind["total"]
        if any(s.collective for s in changes) or len(changes) == 1:
            return [self._one_change(key, by_kind)]
        if changes:
            return self._several_changes(key, by_kind)
        if totals:
            return self._correction(key, by_kind)
        label = f"{key[0]}.{key[1]}"
        for statement in by_kind["previous"]:
            self.review_statement("previous", "an earlier allocation, with no change stated: background, or a "
                                  "figure to check?", statement, label, statement.figure)
        for statement in by_kind["earmark"]:
            self.review_statement("earmark-without-change", "an itemised amount under the post, but no change to it",
                                  statement, label, statement.figure)
        return []

    def _one_change(self, key: Key, by_kind) -> ChangeEntry:
        """One change (or a "samlet" sum over several): the post's other amounts are its earmarks."""
        changes = by_kind["change"]
        collective = [s for s in changes if s.collective]
        main = collective[-1] if collective else changes[0]
        entry = self._change(key, main)
        if main.intro:
            self._words(entry, main)
        for statement in changes:
            if statement is main:
                continue
            source = self.sentence_source(statement)
            purpose = statement.purpose or statement.note or fallback_purpose(statement.sentence.text)
            entry.earmarks.append(LetterEarmark(purpose, source, statement.signed_figure))
            entry.sources.append(source)
            self._words(entry, statement)
        self._total_and_previous(entry, by_kind["total"], by_kind["previous"], f"{key[0]}.{key[1]}")
        self._attach_items(entry, by_kind["earmark"])
        return entry

    def _several_changes(self, key: Key, by_kind) -> list[ChangeEntry]:
        """Separate changes to one post: an entry each; stated totals cannot be placed and are reviewed."""
        label = f"{key[0]}.{key[1]}"
        changes = by_kind["change"]
        entries = [self._change(key, statement) for statement in changes]
        for statement in by_kind["total"] + by_kind["previous"]:
            self.review_statement(statement.kind, "several changes to the post and a stated figure: which does it "
                                  "belong to?", statement, label, statement.figure)
        items = by_kind["earmark"]
        if items:
            intro = next(((e, s) for e, s in zip(entries, changes) if s.intro), None)
            if intro is not None:
                self._words(*intro)
                self._attach_items(intro[0], items)
            else:
                for statement in items:
                    self.review_statement("earmark-without-change", "an itemised amount under a post with several "
                                          "changes", statement, label, statement.figure)
        return entries

    def _correction(self, key: Key, by_kind) -> list[ChangeEntry]:
        """A new total and no change: a correction, taken only when the sentence names the post."""
        statement = by_kind["total"][-1]
        entry = ChangeEntry(chapter=key[0], post=key[1], source=self.sentence_source(statement),
                            total=statement.figure, note=statement.purpose or statement.note, origin="prose")
        if not statement.named_in_sentence:
            self.review_statement("post-from-heading", "a new total whose post is named only in the heading above",
                                  statement, f"{key[0]}.{key[1]}", statement.figure)
            return []
        previous = by_kind["previous"]
        if len(previous) == 1:
            entry.previous = previous[0].figure
        self._attach_items(entry, by_kind["earmark"])
        return [entry]

    def _change(self, key: Key, statement: Statement) -> ChangeEntry:
        return ChangeEntry(chapter=key[0], post=key[1], source=self.sentence_source(statement),
                           amount=statement.signed_figure, note=statement.purpose or statement.note, origin="prose")

    def _total_and_previous(self, entry: ChangeEntry, totals: list[Statement], previous: list[Statement],
                            label: str) -> None:
        """A stated new total confirms the change; a stated earlier allocation too, when the three add up."""
        if len(totals) == 1:
            total = totals[0]
            entry.total = total.figure
            entry.sources.append(self.sentence_source(total))
            if len(previous) == 1 and entry.amount is not None:
                before = previous[0]
                if before.figure.kroner + entry.amount.kroner == total.figure.kroner:
                    entry.previous = before.figure
                    entry.sources.insert(0, self.sentence_source(before))
                else:
                    self.review_statement("previous", "an earlier allocation that does not add up with the change "
                                          "and the new total", before, label, before.figure)
                return
        elif len(totals) > 1:
            for total in totals:
                self.review_statement("total", "several new totals for the post", total, label, total.figure)
        for before in previous:
            self.review_statement("previous", "an earlier allocation: background, or the allocation the change "
                                  "starts from?", before, label, before.figure)

    def _attach_items(self, entry: ChangeEntry, items: list[Statement]) -> None:
        """Itemised amounts under a post become the change's earmarks; level-2 items and "av dette" their parts."""
        top: LetterEarmark | None = None
        for statement in items:
            purpose = statement.purpose or fallback_purpose(statement.sentence.text)
            earmark = LetterEarmark(purpose, self.sentence_source(statement), statement.figure, upto=statement.upto,
                              minimum=statement.minimum)
            is_part = statement.level == 2 or statement.parent is not None or starts_of_which(statement.sentence.text)
            if is_part and top is not None:
                top.of_which.append(earmark)
                continue
            entry.earmarks.append(earmark)
            self._words(entry, statement)
            top = earmark

    # -- partial or short ----------------------------------------------------------------------------

    def _words(self, entry: ChangeEntry, statement: Statement) -> None:
        """A sentence that gives the change's earmarks: do its words call the list partial?"""
        if statement.some_of:
            self.partial_said.add(id(entry))

    def _settle_partial(self, entry: ChangeEntry) -> None:
        """Partial when the letter says so; else a list short of the change is reviewed (and ``check`` reports it).

        The shortfall allows for the rounding of figures printed with
        decimals, as ``check`` does, and lists with "inntil" items are left
        to ``check``.
        """
        if not entry.earmarks:
            return
        entry.earmarks_partial = id(entry) in self.partial_said
        if entry.earmarks_partial or entry.amount is None or any(e.upto for e in entry.earmarks):
            return
        whole = abs(entry.amount.kroner)
        fixed = abs(sum((e.total() for e in entry.earmarks), Decimal(0)))     # a reduction's parts are negative
        rounding = entry.amount.half_unit + sum((e.amount.half_unit for e in entry.earmarks if e.amount), Decimal(0))
        if fixed >= whole - rounding:
            return
        self.review_short(entry, fixed, whole, "the change's")
