"""An allocation letter (tildelingsbrev): its posts, from the tables and from the sentences.

The tables give most posts with their appropriation and allocation. The
sentences give the posts the tables leave out ("Helsedirektoratet tildeles
5 mill. kroner over kap. 714, post 70") and the earmarks under each post
("- 3 mill. kroner til ...", "Av dette ..."). A figure the sentences give
for a post the tables already hold is checked against the table, never
taken over it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budsjett_cli.amounts import Unit
from budsjett_cli.letters.letter import LetterReader, clip, fallback_purpose, split_name, starts_of_which
from budsjett_cli.letters.model import LetterEarmark, Figure, PostEntry
from budsjett_cli.letters.numbers import prose_amounts, same_amount
from budsjett_cli.letters.tables.table import OF_WHICH_END
from budsjett_cli.letters.blocks import Block, sentences_of
from budsjett_cli.letters.prose import PART_OF_NAMED_AMOUNT, Statement

Key = tuple[str, str]

# Kinds of statement that give a post's own figure when they name no purpose.
_POST_FIGURES = ("change", "appropriation", "authority", "withheld")
# Kinds that only mention a figure in an allocation letter (background, not an allocation).
_MENTIONED = ("previous", "total", "mention")
# "Departementet tildeler med dette 1 234 567 000 kroner til <mottaker> ... over kap. 270, post 50": the letter's
# own allocation of the post, whatever follows "til" (the recipient, not a purpose).
_HEREBY = re.compile(r"\btildeler\s+(?:med\s+dette|herved|hermed)\b", re.I)
_THIS_POST = re.compile(r"\bposten\b", re.I)
# Items of a list ("- 3 mill. kroner til ...") name every use of the money, not some of them.
_LIST_MARKS = ("-", "–", "o ")


class AllocationReader(LetterReader):
    """Posts from the tables and the sentences of an allocation letter, and the earmarks under them."""

    def read_entries(self, statements: list[Statement]) -> None:
        self.posts: dict[Key, PostEntry] = {}
        self.statements = statements
        # The earmarks made so far: by statement index, their post, their block, and the last top-level one per post.
        self.earmark_of: dict[int, LetterEarmark] = {}
        self.owner: dict[int, Key] = {}
        self.block_of: dict[int, Block] = {}
        self.last_top: dict[Key, LetterEarmark] = {}
        self.sentence_first: dict[int, int] = {}
        self.partial_said: set[int] = set()      # ids of the top-level earmarks whose words call the list partial
        self._table_posts()
        for index, statement in enumerate(statements):
            self._statement(index, statement)
        self._mark_partial_earmarks()

    def _table_posts(self) -> None:
        rules: dict[int, tuple[str, str | None]] = {}
        for table, row, key in self.table_rows():
            if key in self.posts:
                self.review("duplicate-row", f"post {key[0]}.{key[1]} is in the tables twice", row.first, row.last,
                            f"{key[0]}.{key[1]}")
                continue
            if id(table) not in rules:
                rules[id(table)] = self._allocation_column(table)
            column, rule = rules[id(table)]
            chapter_name, name = split_name(row)
            if name and row.items_of_which:
                name = OF_WHICH_END.sub("", name).strip() or name
            appropriation = row.figures.get("appropriation") if column != "appropriation" else None
            allocation = row.figures.get(column) or (row.figures.get("amount") if column == "allocation" else None)
            entry = PostEntry(chapter=key[0], post=key[1], source=self.source(row.first, row.last), name=name,
                              chapter_name=chapter_name, appropriation=appropriation, allocation=allocation,
                              note=row.comment, section=self.section_of(table.first), allocation_rule=rule)
            self._row_items(entry, row)
            self.posts[key] = entry
            self.letter.posts.append(entry)

    def _allocation_column(self, table) -> tuple[str, str | None]:
        """Which column holds the allocation, and the rule that decided it when the header alone does not.

        A table with a "Tildeling" column has it there. A table whose only
        figure column is "Bevilgning" holds the recipient's allocation when
        the sentence leading in to it says so ("har vedtatt å tildele
        følgende"); otherwise it is the appropriation, and no allocation.
        """
        roles = table.figure_roles
        if "allocation" in roles or "amount" in roles or "appropriation" not in roles:
            return "allocation", None
        lead = self.lead_in(table)
        if lead is not None:
            text, line_no = lead
            return "appropriation", (f"the column 'Bevilgning' is the allocation: the lead-in on line {line_no} says "
                                     f"so (\"{text}\")")
        self.review("allocation-column", "the table's only figure column is 'Bevilgning' and no sentence above it "
                    "says its figures are allocated (\"tildeler ... følgende\"): read as the appropriation, with no "
                    "allocation; if they are the agency's allocation, write them as 'allocation'",
                    table.first, table.first)
        return "allocation", ("the column 'Bevilgning' is read as the appropriation: no sentence leading in to the "
                              "table says its figures are allocated")

    def _row_items(self, entry: PostEntry, row) -> None:
        """The uses a row itemises (an HTML list in its remark, a "hvorav" line) as the post's earmarks."""
        for item in row.list_items:
            amounts = prose_amounts(item)
            if not amounts:
                continue
            first = amounts[0]
            purpose = re.sub(r"^(?:til|for)\s+", "", item[first.end:].strip(" .;:-–"), flags=re.I) or clip(item)
            earmark = LetterEarmark(purpose=clip(purpose), source=self.source(row.first, row.last),
                                    amount=first.figure)
            entry.earmarks.append(earmark)
            if row.items_of_which:
                self.partial_said.add(id(earmark))

    def _mark_partial_earmarks(self) -> None:
        """Which posts' earmarks are partial: those the words call partial, and those given in separate sentences.

        Sentences scattered under a post ("Det bevilges 5,2 mill. kroner til
        ...") each name one use of the post's money and never claim to be its
        breakdown, so when they add up to less than the allocation they are
        partial. A list ("- 3 mill. kroner til ...") is the breakdown unless
        its words say otherwise ("Midlene skal blant annet gå til:"); one that
        adds up to less is left unmarked, so that ``check`` reports it, and
        is reviewed.
        """
        for entry in self.letter.posts:
            if not entry.earmarks:
                continue
            total = sum((e.total() for e in entry.earmarks), Decimal(0))
            from_list = all(e.source.text and e.source.text[0].startswith(_LIST_MARKS) for e in entry.earmarks)
            allocation = entry.allocation.kroner if entry.allocation else None
            said = any(id(e) in self.partial_said for e in entry.earmarks)
            entry.earmarks_partial = said or (not from_list and (allocation is None or total < allocation))
            if entry.earmarks_partial or allocation is None or any(e.upto for e in entry.earmarks):
                continue
            rounding = entry.allocation.half_unit + sum((e.amount.half_unit for e in entry.earmarks if e.amount),
                                                        Decimal(0))
            if total < allocation - rounding:
                self.review_short(entry, total, allocation, "the allocation's")

    # -- the sentences -------------------------------------------------------------------------------

    def _statement(self, index: int, statement: Statement) -> None:
        key = (statement.chapter, statement.post) if statement.chapter and statement.post else None
        parent = self._parent_of(index, statement, key)
        if parent is not None:
            key = self.owner.get(id(parent), key)
        kind = statement.kind
        figure = statement.figure
        shown_key = statement.key or statement.guess
        if kind == "reference":
            return
        if kind == "explanation":
            self.review_statement("explanation", "a change against last year, or an explanation? Not merged",
                                  statement, shown_key, figure)
            return
        if kind in _MENTIONED and statement.purpose is None:
            if kind != "mention" or key is not None:
                self.review_statement(kind if kind != "mention" else "figure-without-verb",
                                      "a figure the allocation letter mentions without allocating it",
                                      statement, shown_key, figure)
            return
        if key is None:
            self.review_statement("post-not-named", "the sentence names no post and stands under no post heading"
                                  + (f"; the nearest post heading above is {statement.guess}" if statement.guess else ""),
                                  statement, statement.guess, figure)
            return
        hereby = kind in ("change", "earmark") and parent is None and statement.named_in_sentence \
            and _HEREBY.search(statement.sentence.text)
        if hereby:
            statement.kind = "change"
            self._post_figure(statement, key)
        elif kind in _POST_FIGURES and statement.purpose is None and parent is None:
            self._post_figure(statement, key)
        else:
            self._earmark(index, statement, key, parent)

    def _parent_of(self, index: int, statement: Statement, key: Key | None) -> LetterEarmark | None:
        """The earmark a statement gives part of: "av dette", "hvorav", a level-2 item under an item."""
        sentence = statement.sentence
        first = self.sentence_first.setdefault(id(sentence), index)
        if statement.parent == PART_OF_NAMED_AMOUNT:
            reference = self.statements[first]
            return self._earmark_with_amount(reference.figure,
                                             (reference.chapter, reference.post) if reference.chapter else None)
        if statement.parent is not None:
            return self.earmark_of.get(first + statement.parent)
        if (sentence.index > 0 and starts_of_which(sentence.text)) or statement.level == 2:
            return self.last_top.get(key)
        return None

    def _earmark_with_amount(self, figure: Figure, key: Key | None) -> LetterEarmark | None:
        """The latest earmark of that amount, of the post ``key`` if it has one."""
        matches = [e for e in self.earmark_of.values() if e.amount is not None and e.amount.kroner == figure.kroner]
        if key is not None:
            preferred = [e for e in matches if self.owner.get(id(e)) == key]
            if preferred:
                return preferred[-1]
        return matches[-1] if matches else None

    def _post_for(self, key: Key, statement: Statement) -> PostEntry:
        """The post's entry; a post the tables leave out is proposed from the sentence."""
        entry = self.posts.get(key)
        if entry is None:
            entry = PostEntry(chapter=key[0], post=key[1], source=self.sentence_source(statement),
                              name=statement.post_name, origin="prose", section=self.section_of(statement.sentence.first))
            self.posts[key] = entry
            self.letter.posts.append(entry)
        return entry

    def _post_figure(self, statement: Statement, key: Key) -> None:
        """A post's allocation or appropriation in a sentence: taken only when the sentence names the post."""
        kind, figure, text = statement.kind, statement.figure, statement.sentence.text
        known = self.posts.get(key)
        if known is not None and known.allocation is not None and kind == "change":
            if not same_amount(known.allocation, figure, figure):   # else the table's allocation, said again
                self.review_statement("differs-from-table", f"the sentence says {figure.text}, the table "
                                      f"{known.allocation.kroner / Unit.THOUSAND.factor:f} (1000 kr)",
                                      statement, statement.key, figure)
            return
        if kind == "withheld":
            self.review_statement("withheld", "money held back from the allocation: not an earmark",
                                  statement, statement.key, figure)
            return
        if not statement.named_in_sentence and not _THIS_POST.search(text):
            message = ("an appropriation whose post is not named in the sentence" if kind == "appropriation"
                       else "the post is not named in the sentence, only in the heading above")
            self.review_statement("post-from-heading", message, statement, statement.key, figure)
            return
        entry = self._post_for(key, statement)
        if kind == "appropriation":
            if entry.appropriation is not None:
                self.review_statement("differs-from-table", "a second appropriation for the post",
                                      statement, statement.key, figure)
                return
            entry.appropriation = figure
            return
        if entry.allocation is not None:
            self.review_statement("differs-from-table", "a second allocation for the post", statement, statement.key,
                                  figure)
            return
        entry.allocation = figure
        if kind == "authority":
            entry.note = clip(text)

    def _earmark(self, index: int, statement: Statement, key: Key, parent: LetterEarmark | None) -> None:
        sentence = statement.sentence
        purpose = statement.purpose or fallback_purpose(
            sentences_of(sentence.block)[0].text if sentence.index else sentence.text)
        if sentence.block.context.assignment:
            purpose = f"{purpose} ({sentence.block.context.assignment})"
        earmark = LetterEarmark(purpose=purpose, source=self.sentence_source(statement), amount=statement.figure,
                          upto=statement.upto, minimum=statement.minimum)
        self.earmark_of[index] = earmark
        self.block_of[id(earmark)] = sentence.block
        self.owner[id(earmark)] = key
        if parent is not None:
            parent.of_which.append(earmark)
            return
        entry = self._post_for(key, statement)
        # an earmark of the whole allocation takes the later ones of its paragraph as its parts
        whole = self.last_top.get(key)
        if whole is not None and entry.allocation is not None and whole.amount is not None \
                and same_amount(whole.amount, entry.allocation, whole.amount) \
                and sentence.block is self.block_of.get(id(whole)):
            whole.of_which.append(earmark)
            return
        entry.earmarks.append(earmark)
        if statement.some_of:
            self.partial_said.add(id(earmark))
        self.last_top[key] = earmark
