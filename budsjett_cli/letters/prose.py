"""Budget figures in a letter's sentences, each tied to a post and a meaning.

Each amount in a sentence ("1,7 mill. kroner", "kr. 500 000") is given:

- a post: one named in the sentence ("over kap. 714, post 21"), else the
  one the block stands under ("Kap. 714, post 22 Gebyrfinansierte
  ordninger" as a heading, see ``blocks``); a post only referred to ("jf.
  kap. 3714, post 04", "fra kap. 701, post 21") is not the sentence's post;
- a meaning, from the words before and after it: a change ("tildeles",
  "økes ... med", "reduseres med", "trekker tilbake"), a new total ("ny
  tildeling ... utgjør", "skal være"), an earlier allocation ("er ...
  tildelt"), an explanation against last year ("er redusert med ... som
  følge av"), an appropriation ("Det er bevilget"), or an earmark ("- 3
  mill. kroner til ...", "minst", "inntil", "Av dette ...").

What the words leave open is marked for review by the caller; nothing
here decides what goes into a ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budsjett_cli.letters.blocks import Block, HeadingContext, Sentence
from budsjett_cli.letters.model import ALLOCATION, Figure
from budsjett_cli.letters.numbers import ProseAmount, prose_amounts

# -- post mentions ------------------------------------------------------------------

_MENTION = re.compile(
    r"""\b(?:budsjett)?kap(?:ittel|\.)?\s*(?P<chapter>\d{3,4})
        (?:
            [.,]\s?(?P<post_dot>\d{2})(?!\d)(?![.,]\d)                       # kap. 714.21 / kap. 701,21
          | (?:\s+[A-ZÆØÅ][\wæøåÆØÅ-]*(?:\s+[\wæøåÆØÅ-]+){0,3})?\s*[.,]?\s*post(?:ene)?\s*(?P<post>\d{2})(?!\d)
        )?""",
    re.VERBOSE | re.IGNORECASE,
)
_BARE_POST = re.compile(r"\b(?:og\s+|,\s*)?post\s+(?P<post>\d{2})(?!\d)", re.IGNORECASE)


@dataclass(slots=True)
class Mention:
    """A post a sentence names, where; ``binding`` when the sentence is about it, not only referring to it."""

    start: int
    end: int
    chapter: str
    post: str | None
    binding: bool
    name: str | None = None


# ``Statement.parent`` of the amounts in "Av 10,5 mill. kroner skal 2,5 mill. gå til ...": part of
# the earmark of the amount the sentence opens with, which was given earlier.
PART_OF_NAMED_AMOUNT = -1


@dataclass(slots=True)
class Statement:
    """One amount in a sentence with what it means and which post it is for."""

    kind: str            # change | total | previous | explanation | appropriation | authority | earmark | transfer |
    #                      mention
    figure: Figure
    sentence: Sentence
    chapter: str | None
    post: str | None
    named_in_sentence: bool
    sign: int = 1
    purpose: str | None = None
    upto: bool = False
    minimum: bool = False
    collective: bool = False
    intro: bool = False
    some_of: bool = False          # the words say the amount (or the list it opens) is only some of the money
    parent: int | None = None      # index in the sentence of the statement this one is part of ("av dette", "hvorav")
    level: int = 0
    note: str | None = None
    post_name: str | None = None
    guess: str | None = None       # the post the text seems to be about, when not certain

    @property
    def key(self) -> str | None:
        return f"{self.chapter}.{self.post}" if self.chapter and self.post else None

    @property
    def signed_figure(self) -> Figure:
        """The figure as a change: negative for a reduction ("reduseres med 2 mill.")."""
        return -self.figure if self.sign < 0 else self.figure


# -- statements --------------------------------------------------------------------------------

# A word between the verb and the amount: "reduseres [tildelingen over posten] med".
_W = r"[\wæøåÆØÅ.,()«»\"/§–-]"
_PLUS_DIRECT = re.compile(
    r"\b(?:tildeles|tilføres|gis|får(?:\s+tildelt)?|tildeler\s+\w+)\s+"
    r"(?:(?:ytterligere|til\s+sammen|totalt|samlet|i\s+alt|om\s+lag|nye|nå)\s+)*$", re.I)
_PLUS_MED = re.compile(r"\b(?:økes|styrkes|oppjusteres|justeres\s+opp|heves)\b(?:\s+" + _W + r"+){0,16}?\s+med\s+$", re.I)
_MINUS_MED = re.compile(r"\b(?:reduseres|nedjusteres|justeres\s+ned|kuttes|senkes)\b(?:\s+" + _W + r"+){0,16}?\s+med\s+$", re.I)
_MINUS_DIRECT = re.compile(r"\b(?:trekker|trekkes)\b(?:\s+\w+){0,3}?\s+(?:tilbake|inn)\s+$|\btilbakeføres\s+$", re.I)
_TOTAL = re.compile(
    r"\b(?:ny|nye|korrekt|riktig|samlet|endelig|total)\s+tildeling\b(?:\s+" + _W + r"+){0,14}?"
    r"\s+(?:utgjør|skal\s+være|skal\s+utgjøre|blir|er\s+nå|er\s+på|blir\s+på|er)\s+$"
    r"|\btildelingen\b(?:\s+" + _W + r"+){0,14}?\s+(?:skal\s+være|skal\s+utgjøre|blir|utgjør\s+nå|er\s+nå)\s+$", re.I)
_SHALL_BE = re.compile(
    r"\b(?:bevilgningen|tildelingen|midlene)\s+til\s+(?P<purpose>[^,.;]+?)\s+(?:er|skal|blir)\b[^.;]{0,80}?"
    r"\bskal\s+(?:være|utgjøre)\s+$", re.I)
_WITHHELD = re.compile(r"\b(?:holder|holdes)\s+(?:\w+\s+)?tilbake\s+$", re.I)
_PREVIOUS = re.compile(
    r"\b(?:er|ble|har\s+(?:blitt|fått)|var|har)\b(?:\s+" + _W + r"+){0,12}?\s+tildelt\s+(?:totalt\s+|samlet\s+)?$", re.I)
_EXPLAIN = re.compile(
    r"\b(?:er|ble|har\s+blitt|har\s+vært|var|blitt)\b(?:\s+" + _W + r"+){0,10}?\s+"
    r"(?:redusert|økt|styrket|nedjustert|oppjustert|justert(?:\s+(?:ned|opp))?|flyttet|omdisponert|kuttet|trukket\s+ut)"
    r"(?:\s+" + _W + r"+){0,6}?\s+(?:med\s+)?$"
    r"|\b(?:en\s+)?(?:økning|reduksjon|nedgang|styrking|nedjustering|oppjustering)\s+(?:på\s+)?$", re.I)
_APPROPRIATION = re.compile(
    r"\b(?:det\s+er\s+bevilget|er\s+det\s+bevilget|er\s+bevilget(?:\s+med)?|bevilget\s+med|bevilges|bevilget)"
    r"(?:\s+(?:hhv\.|totalt|samlet))?\s+$", re.I)
# Money moved between posts: "får omdisponere 3 mill. kroner fra post 21 til post 70", "flyttes 2 mill. kroner".
_TRANSFER = re.compile(r"\b(?:omdisponere[rs]?|omdisponert|omdisponering\s+av|flytte[rs]?|omfordele[rs]?)\b"
                       r"(?:\s+" + _W + r"+){0,8}?\s+$", re.I)
# "Endring i tildelingen: minus 2 mill. kroner" / "pluss 1,7 mill. kroner": the word alone in its clause (the
# clause starts after the colon), or after "endring".
_CHANGE_MINUS_WORD = re.compile(r"^\s*minus\s+$|\bendring\w*\b[^.;]{0,40}?\bminus\s+$", re.I)
_CHANGE_PLUS_WORD = re.compile(r"^\s*pluss\s+$|\bendring\w*\b[^.;]{0,40}?\bpluss\s+$", re.I)
_AUTHORITY = re.compile(r"\bfullmakt\b(?:\s+" + _W + r"+){0,20}?\s+med\s+(?:inntil\s+)?$", re.I)
_EARMARK_PRE = re.compile(
    r"\b(?:avsatt|avsettes|øremerke[ts]?|øremerket|nytte|benytte|bruke|settes\s+av|satt\s+av|gå|skal\s+gå)\b"
    r"(?:\s+(?:minst|inntil|til|av))?\s*$"
    r"|\b(?:minst|inntil)\s+$|^\s*$"
    r"|\b(?:av|i)\s+(?:tildelingen|bevilgningen|inntektskravet|disse|dette)\b[^.;]{0,40}\ber\s+$", re.I)
_PURPOSE_AFTER = re.compile(
    r"^\s*(?:kroner\s+|kr\.?\s+)?(?:(?:er|skal|kan|blir)\s+)?(?:til|knyttet\s+til|for|gå\s+til|skal\s+gå\s+til|som\s+tilskudd\s+til|"
    r"skal\s+dekke|dekke|av\s+bevilgningen|av\s+tildelingen|i\s+engangsbevilgning|skal\s+øremerkes|øremerkes)\b", re.I)
_OF_AMOUNT_START = re.compile(r"^\s*Av\s+$", re.I)
_HVORAV = re.compile(r"\b(?:hvorav|herav|av\s+dette|av\s+disse)\b", re.I)
_COLLECTIVE = re.compile(r"\b(?:samlet|til\s+sammen|totalt|i\s+alt)\b", re.I)
_CLAUSE_BREAK = re.compile(r"(?:,\s*(?:mot|men|mens|samt|jf\.?|se|der|hvor|hvorav|herav|slik|og\s+at)\b|;|\bjf\.|\(|\)|\bse\s+også\b"
                           r"|\bmot\s+(?:en\s+)?tilsvarende\b)", re.I)
_REFERENCE = re.compile(r"\b(?:jf\.?|jfr\.?|se|se\s+også|fra|i|omtale\s+under|omtalt\s+under|sammenheng\s+med|tilsvarende)\s*$", re.I)
_HHV = re.compile(r"\bhhv\.", re.I)
_RESPECTIVE_PURPOSES = re.compile(r"\btil\s+hhv\.?\s+(?P<list>.+?)\.?$", re.I)
_UPTO_BEFORE = re.compile(r"\binntil\s+$", re.I)
_UPTO = re.compile(r"\binntil\b", re.I)
_MAY = re.compile(r"\bkan\b", re.I)
_MINIMUM_BEFORE = re.compile(r"\bminst\s+$", re.I)
_INTRODUCES_LIST = re.compile(r"\bfølgende\b|:\s*$")
# Words that say an amount, or a list, is only some of the money: "blant annet", "herunder", "Av dette",
# "Av tildelingen på posten er 8 mill.", "10 mill. kroner av tildelingen", "Midlene skal bl.a. gå til:".
_SOME_WORDS = r"blant\s+annet|bl\.\s?a\.|blant\s+andre|deriblant|herunder|inkludert|inklusive|f\.\s?eks\.|for\s+eksempel|eksempelvis"
_OF_THE_MONEY = (r"av\s+(?:dette|disse|tildelingen|bevilgningen|midlene|rammen|beløpet|økningen|posten|inntektskravet)"
                 r"|herav|hvorav")
_SOME_OF_BEFORE = re.compile(rf"(?:\b(?:{_SOME_WORDS})|\b(?:{_OF_THE_MONEY}))(?![\wæøå])", re.I)
_SOME_OF_AFTER = re.compile(rf"^\s*(?:kroner\s+|kr\.?\s+)?(?:{_OF_THE_MONEY})\b", re.I)
_SOME_OF_INTRO = re.compile(rf"(?:\b(?:{_SOME_WORDS}|noen|enkelte|{_OF_THE_MONEY}))(?![\wæøå])", re.I)
_GENERIC_PURPOSE = re.compile(r"(?i)(?:arbeidet|formålet)\b")
_NAME_AFTER_MENTION = re.compile(r"\s+([A-ZÆØÅ][\wæøå]+(?:\s+(?!og\b|post\b|med\b|bevilget\b)[a-zæøå][\wæøå]+){0,3})")
# "fra 72,1 mill. kroner til 73,8 mill. kroner": the level before and after a change, not two changes.
_FROM_LEVEL = re.compile(r"(?:^|[\s,])fra\s+$", re.I)
_TO_LEVEL = re.compile(r"\s*(?:kroner|kr\.?)?\s*til\s+", re.I)
# An amount followed by the post it is for: "1,7 mill. kroner over kap. 714, post 21".
_POST_FOLLOWS = re.compile(r"\s*(?:kroner\s+|kr\.?\s+)?(?:over|på|under)\s+(?=(?:budsjett)?kap)", re.I)
# How far before a post mention to look for "jf.", "fra", "se".
_LOOK_BEHIND = 30

# The words before an amount, tried in this order: the first that matches tells what it is (kind, sign).
# "Withheld" and the "skal være" of an earmark are tried before these; coordination and earmarks after.
_MEANINGS = (
    (_TRANSFER, "transfer", 1),
    (_CHANGE_MINUS_WORD, "change", -1),
    (_CHANGE_PLUS_WORD, "change", 1),
    (_MINUS_DIRECT, "change", -1),
    (_MINUS_MED, "change", -1),
    (_PLUS_MED, "change", 1),
    (_EXPLAIN, "explanation", 1),
    (_TOTAL, "total", 1),
    (_PREVIOUS, "previous", 1),
    (_PLUS_DIRECT, "change", 1),
    (_AUTHORITY, "authority", 1),
    (_APPROPRIATION, "appropriation", 1),
)
# Kinds that take a note (the words after the amount) when they name no purpose.
_NOTED = ("change", "total", "previous", "explanation")


def mentions_in(text: str) -> list[Mention]:
    """The posts a sentence names, each marked binding or not (a reference: "jf.", "fra", "se")."""
    found: list[Mention] = []
    for match in _MENTION.finditer(text):
        chapter = str(int(match["chapter"]))
        post = match["post"] or match["post_dot"]
        before = text[max(0, match.start() - _LOOK_BEHIND):match.start()]
        binding = not _REFERENCE.search(before) and not _inside_reference(text, match.start())
        name_match = _NAME_AFTER_MENTION.match(text[match.end():])
        name = name_match[1] if name_match and post else None
        found.append(Mention(match.start(), match.end(), chapter, f"{int(post):02d}" if post else None, binding, name))
    # "kap. 660, post 70 ... og post 71": the chapter carries over
    for match in _BARE_POST.finditer(text):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        earlier = [m for m in found if m.end <= match.start()]
        if earlier:
            before = text[max(0, match.start() - _LOOK_BEHIND):match.start()]
            name_match = _NAME_AFTER_MENTION.match(text[match.end():])
            found.append(Mention(match.start(), match.end(), earlier[-1].chapter, f"{int(match['post']):02d}",
                                 earlier[-1].binding and not _REFERENCE.search(before),
                                 name_match[1] if name_match else None))
    found.sort(key=lambda m: m.start)
    return found


def _inside_reference(text: str, at: int) -> bool:
    """In a parenthesis or after "jf." in the same clause."""
    opened = text.rfind("(", 0, at)
    closed = text.rfind(")", 0, at)
    if opened > closed:
        return True
    clause_start = max(text.rfind(",", 0, at), text.rfind(";", 0, at), 0)
    clause = text[clause_start:at]
    return bool(re.search(r"\bjf\.?\s|\bjfr\.?\s|\bse\s", clause, re.I))


def statements_in(sentence: Sentence, kind_of_letter: str) -> list[Statement]:
    """Every amount in a sentence with its meaning and post."""
    text = sentence.text
    amounts = prose_amounts(text)
    if not amounts:
        return []
    mentions = mentions_in(text)
    respectively = _HHV.search(text) is not None
    binding = [m for m in mentions if m.binding and m.post]
    out: list[Statement] = []
    for position, amount in enumerate(amounts):
        prev_end = amounts[position - 1].end if position else 0
        next_start = amounts[position + 1].start if position + 1 < len(amounts) else len(text)
        if respectively and len(binding) == len(amounts) > 1:
            mention = binding[position]     # "over hhv. kap. 714, post 21 og post 60": in the same order
        else:
            mention = _binding_mention(text, binding, amount.start, amount.end)
        statement = _placed(amount.figure, sentence, mention, mentions)
        _read_words(statement, text, amount, prev_end, next_start, position == len(amounts) - 1, out, kind_of_letter)
        out.append(statement)
    # "bevilget hhv. 0,03 og 0,3 mill. kroner til hhv. «A» og «B»": purposes in the same order
    purposes = _RESPECTIVE_PURPOSES.search(text[amounts[-1].end:])
    if respectively and purposes and len(out) > 1:
        parts = [p.strip(" ,.") for p in re.split(r"\s+og\s+", purposes["list"])]
        if len(parts) == len(out):
            for statement, part in zip(out, parts):
                statement.purpose = part
                if kind_of_letter == ALLOCATION and statement.kind in ("appropriation", "change"):
                    statement.kind = "earmark"
    # "Av 10,5 mill. kroner skal 2,5 mill. gå til ...": the first amount names the whole
    if len(out) > 1 and _OF_AMOUNT_START.match(text[:amounts[0].start]):
        out[0].kind = "reference"
        for statement in out[1:]:
            statement.parent = PART_OF_NAMED_AMOUNT
    return out


def _placed(figure: Figure, sentence: Sentence, mention: Mention | None, mentions: list[Mention]) -> Statement:
    """An amount's statement with its post: the one the sentence names, else the heading's; else only a guess."""
    context = sentence.block.context
    chapter = post = post_name = None
    if mention is not None:
        chapter, post, post_name = mention.chapter, mention.post, mention.name
    elif context.post_key is not None:
        (chapter, post), post_name = context.post_key, context.post_name
    guess = None
    if chapter is None:
        if context.recent:
            guess = context.recent
        elif context.chapter and context.posts:
            guess = ", ".join(f"{context.chapter}.{p}" for p in context.posts)
        elif mentions:
            guess = ", ".join(f"{m.chapter}.{m.post}" for m in mentions if m.post) or None
    return Statement(kind="mention", figure=figure, sentence=sentence, chapter=chapter, post=post,
                     named_in_sentence=mention is not None, level=sentence.block.level, post_name=post_name,
                     guess=guess)


def _read_words(statement: Statement, text: str, amount: ProseAmount, prev_end: int, next_start: int, last: bool,
                earlier: list[Statement], kind_of_letter: str) -> None:
    """What the words around an amount say: its kind and sign, bounds, purpose, and the amount it is part of.

    ``earlier`` are the statements of the amounts before it in the sentence.
    """
    block, sentence = statement.sentence.block, statement.sentence
    pre = text[prev_end:amount.start]        # since the amount before
    pre_full = text[:amount.start]
    after = text[amount.end:next_start]      # up to the amount after
    clause = _clause_before(pre_full, prev_end)
    shall_be = _SHALL_BE.search(pre_full) if kind_of_letter == ALLOCATION else None
    meaning = _meaning(clause, shall_be is not None)
    if meaning is not None:
        statement.kind, statement.sign = meaning
    elif _FROM_LEVEL.search(pre):
        statement.kind = "previous"     # "(økes med 1,7 mill. kroner,) fra 72,1 mill. kroner til 73,8 ...": levels
    elif earlier and earlier[-1].kind == "previous" and _TO_LEVEL.fullmatch(pre):
        statement.kind = "total"
    elif earlier and _coordinated(pre):
        statement.kind, statement.sign = earlier[-1].kind, earlier[-1].sign
    elif (block.kind == "item" and not pre.strip(" -–:")) or _EARMARK_PRE.search(clause) or _PURPOSE_AFTER.match(after):
        statement.kind = "earmark"
    statement.upto = bool(_UPTO_BEFORE.search(pre)) or bool(_UPTO.search(pre) and _MAY.search(pre_full))
    statement.minimum = bool(_MINIMUM_BEFORE.search(pre))
    statement.collective = bool(_COLLECTIVE.search(pre))
    statement.intro = text.rstrip().endswith(":") and last and bool(_INTRODUCES_LIST.search(after))
    statement.some_of = _says_some_of(statement, text, clause, after)
    statement.purpose = _purpose(_without_mentions(after), block, block.context)
    if shall_be:
        statement.purpose = shall_be["purpose"].strip()
    if block.after_label and sentence.index == 0:
        # "Midlene skal brukes til:" above the paragraph names what its first sentence is about
        if statement.purpose is None and statement.kind in ("change", "earmark"):
            statement.purpose = block.after_label
        elif statement.purpose and _GENERIC_PURPOSE.match(statement.purpose):
            statement.purpose = block.after_label
    if statement.kind in _NOTED and statement.purpose is None:
        statement.note = _note(after)
    # "av dette", "hvorav": a part of an earlier amount
    if earlier and _HVORAV.search(pre):
        statement.parent = len(earlier) - 1
    elif earlier and earlier[-1].parent is not None and _coordinated(pre):
        statement.parent = earlier[-1].parent


def _says_some_of(statement: Statement, text: str, clause: str, after: str) -> bool:
    """Whether the letter's words say the amount, or the list it opens, is only some of the money.

    Read in the words before the amount, in its clause ("Av tildelingen på
    posten er ...", "blant annet"), right after it ("... kroner av bevilgningen"), in the
    whole sentence when it opens a list ("... til blant annet følgende
    tiltak:"), and in a label above the block ("Midlene skal bl.a. gå til:").
    Words after the amount describe its purpose ("..., herunder drift av
    ...") and say nothing about the list.
    """
    block = statement.sentence.block
    labels = [label for label in (block.after_label, block.context.label) if label]
    return bool(_SOME_OF_BEFORE.search(clause) or _SOME_OF_AFTER.match(after)
                or (statement.intro and _SOME_OF_INTRO.search(text))
                or any(_SOME_OF_INTRO.search(label) for label in labels))


def _meaning(clause: str, shall_be: bool) -> tuple[str, int] | None:
    """The kind and sign the words before an amount give it, or None when they give none."""
    if _WITHHELD.search(clause):
        return "withheld", 1
    if shall_be:
        return "earmark", 1
    for pattern, kind, sign in _MEANINGS:
        if pattern.search(clause):
            return kind, sign
    return None


def _binding_mention(text: str, mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The named post in the same clause as the amount: the one right after it ("2 mill. kroner over kap. 714,
    post 60"), else the nearest."""
    follows = _POST_FOLLOWS.match(text, end)
    if follows:
        right_after = next((m for m in mentions if m.start == follows.end()), None)
        if right_after is not None:
            return right_after
    best = None
    best_distance = None
    for mention in mentions:
        low, high = (mention.end, start) if mention.end <= start else (end, mention.start)
        between = text[low:high]
        if _CLAUSE_BREAK.search(between):
            continue
        distance = high - low
        if best_distance is None or distance < best_distance:
            best, best_distance = mention, distance
    return best


def _clause_before(text: str, floor: int) -> str:
    """The words before an amount in its own clause (since the previous amount at the latest)."""
    cut = max(floor, 0)
    piece = text[cut:]
    breaks = list(re.finditer(r"[;:]|,\s+(?=(?:og\s+)?(?:mens|men|mot|samt|hvor|der|jf)\b)", piece))
    if breaks:
        piece = piece[breaks[-1].end():]
    return piece


_MENTION_WITH_PREPOSITION = re.compile(r"(?:\b(?:på|over|under|fra|til|i)\s+)?" + _MENTION.pattern, re.VERBOSE | re.IGNORECASE)


def _without_mentions(text: str) -> str:
    """The words after an amount with post mentions taken out, so that the purpose stands clear."""
    return re.sub(r"\s+", " ", _MENTION_WITH_PREPOSITION.sub(" ", text))


def _coordinated(pre: str) -> bool:
    """Only a purpose and "og" between two amounts: the second shares the first's meaning."""
    return bool(re.search(r"(?:\bog|,)\s+(?:[\wæøå]+\s+)?$", pre)) and not re.search(
        r"\b(?:tildeles|reduseres|økes|trekker|bevilget|tildelt|avsatt)\b", pre, re.I)


def _purpose(after: str, block: Block, context: HeadingContext) -> str | None:
    """What the money is for: the words after the amount ("til kjøp av annonseplass ...")."""
    text = after.strip()
    text = re.sub(r"^(?:kroner|kr\.?)\b\s*", "", text, flags=re.I)
    match = re.match(
        r"^(?:(?:i\s+\d{4}|over\s+posten|av\s+(?:bevilgningen|tildelingen)(?:\s+på\s+posten)?|som\s+tilskudd)\s+)*"
        r"(?:skal\s+)?(?:gå\s+)?(?:til\s+å|til|knyttet\s+til|for\s+å|for|som\s+tilskudd\s+til|dekke|skal\s+dekke|"
        r"i\s+engangsbevilgning\s+til|(?:kan\s+)?benyttes\s+til|(?:kan\s+)?brukes\s+til|settes\s+av\s+til)\s+(?P<purpose>.+)$",
        text, re.I)
    if not match:
        loose = re.search(r"\s(?:til|for)\s+(?P<purpose>(?!\d{4}\b).{3,})$", " " + text, re.I)
        if block.kind == "item" and text and not re.match(r"^(?:i\s+\d{4}|over|på|av)\b", text, re.I):
            purpose = text
        elif loose and re.match(r"^(?:er|ble|skal|kan)\b", text, re.I):
            purpose = loose["purpose"]
        else:
            return None
    else:
        purpose = match["purpose"]
    purpose = re.split(r"\s+(?:og|,)\s*$", purpose)[0]
    if re.fullmatch(r"\d{4}\W*", purpose.strip()):
        return None
    purpose = re.sub(r"\s*(?:,\s*)?(?:og|samt)\s*$", "", purpose)
    purpose = purpose.strip().rstrip(".,;: ").strip()
    purpose = re.sub(r"^(?:arbeidet|formålet|dette)$", "", purpose)
    if not purpose or len(purpose) < 3:
        return None
    if context.label and re.fullmatch(r"(?i)arbeidet|formålet", purpose):
        return context.label
    return purpose


def _note(after: str) -> str | None:
    text = _without_mentions(after).strip()
    text = re.sub(r"^(?:kroner|kr\.?)\b[\s,]*", "", text, flags=re.I)
    text = text.strip().rstrip(".").strip(" ,")
    text = re.sub(r"[\s,]*\b(?:fra|til)$", "", text, flags=re.I)   # the levels that follow ("..., fra 72,1 til ...")
    text = re.sub(r"^(?:og|samt|men)$", "", text, flags=re.I)        # only the word joining the next amount
    return text or None
