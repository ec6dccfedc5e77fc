"""A letter's text as blocks and sentences, each under the headings it stands under.

The sentences of a letter mean something only under their headings: "Kap.
714, post 21 Spesielle driftsutgifter" above a paragraph makes "Posten
tildeles 1,7 mill. kroner" a change to 714.21. The text is cut into
blocks (a paragraph, a list item) that keep their source lines and the
context of the headings above them (chapter, post, assignment, a label
such as "Midlene skal brukes til:"), and blocks into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from budsjett_cli.dates import MONTH_NAMES
from budsjett_cli.letters.numbers import prose_amounts
from budsjett_cli.letters.split import ASSIGNMENT
from budsjett_cli.letters.text import Line, join_wrapped

_POST_HEADING = re.compile(
    r"""^\s*(?:[-–]\s*)?Kap(?:ittel)?\.?\s*(?P<chapter>\d{3,4})
        (?:(?:\s+(?P<chapter_name>[A-ZÆØÅ][^,\d]{1,40}?))?\s*[.,]?\s*(?:[Pp]ost\s*)?(?<=[\s.,])(?P<post>\d{2})(?!\d)|\.(?P<post2>\d{2})(?!\d))
        \s*(?P<rest>.*)$""",
    re.VERBOSE,
)
_CHAPTER_HEADING = re.compile(r"^\s*(?:[-–]\s*)?Kap(?:ittel)?\.?\s*(?P<chapter>\d{3,4})\s*,?\s*(?P<rest>.*)$")
_POST_ONLY = re.compile(r"^\s*Post\s+(?P<post>\d{2})(?!\d)\.?\s*(?P<rest>.*)$")
_SECTION = re.compile(r"^\s*\d+(?:\.\d+)+\.?\s+[A-ZÆØÅ]|^\s*\d+\s+[A-ZÆØÅ][a-zæøå]")
_BULLET = re.compile(r"^\s*(?P<mark>[-–•]|o(?=\s)|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s+(?P<rest>.*)$")
# Words whose full stop does not end a sentence ("kap.", "mill.", "jf.").
_ABBREVIATIONS = frozenset((
    "kap", "mill", "mrd", "jf", "bl.a", "ev", "evt", "nr", "pkt", "st", "prop", "meld", "innst", "mv", "m.m",
    "kr", "ca", "f.eks", "dvs", "iht", "ifm", "hhv", "inkl", "ref", "tlf", "pst", "ot.prp", "ca", "vedr",
    "avd", "dep", "div", "osv", "etc", "jfr", "mht", "ang", "tils", "tab", "fig", "ift", "pr", "iflg", "res",
    "kgl", "aml", "e.f", "bl", "ang", "d.d", "o.l", "m.fl", "mfl",
))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«\"(–-])")
_VERB = re.compile(r"\b(?:tildeles|reduseres|økes|bevilges|trekkes|skal|er|ble)\b")
# "1. januar" starts a sentence, not a numbered list item.
_DATE_START = re.compile(r"^\d{1,2}\.\s+(?:" + "|".join(MONTH_NAMES) + r")\b", re.I)
_ENDS_A_SENTENCE = re.compile(r"[.!?:]\s*$")
_ENDS_A_CLAUSE = re.compile(r"[.!?:;]\s*$")
_MAY_END_A_HEADING = re.compile(r"[.:!?)]\s*$")

MAX_LABEL = 70              # "Midlene skal brukes til:" - a label line, not a sentence
MAX_SECTION_HEADING = 100
MAX_CHAPTER_HEADING = 80
MAX_POST_HEADING = 90
MAX_POST_NAME = 80
MAX_GENERIC_HEADING = 60
_LOOK_AHEAD = 6             # lines to look ahead for what follows a short title line


@dataclass(slots=True)
class HeadingContext:
    """Where a block stands: the chapter and post (or posts) of the headings above it."""

    chapter: str | None = None
    posts: tuple[str, ...] = ()
    assignment: str | None = None
    label: str | None = None
    post_name: str | None = None
    chapter_name: str | None = None
    recent: str | None = None     # the last post heading, kept for guesses after a reset

    @property
    def post_key(self) -> tuple[str, str] | None:
        if self.chapter and len(self.posts) == 1:
            return self.chapter, self.posts[0]
        return None


@dataclass(slots=True)
class Block:
    """Lines read together: a list item or a paragraph, under a context."""

    kind: str                    # "item" or "para"
    level: int                   # 1 for a list item, 2 for an item under one ("o", "a)"), 0 for a paragraph
    context: HeadingContext
    parts: list[tuple[int, str]] = field(default_factory=list)   # (line, text)
    after_label: str | None = None

    def text_and_map(self) -> tuple[str, list[tuple[int, int]]]:
        """The block's text joined over its lines, and (offset, line) marks to find a span's lines."""
        text = ""
        marks: list[tuple[int, int]] = []
        for no, part in self.parts:
            part = part.strip()
            if not part:
                continue
            if text:
                joined = join_wrapped([text, part])
                if joined.startswith(text) and len(joined) == len(text) + len(part):
                    offset = len(text)      # hyphen kept, no space
                    text = joined
                elif len(joined) == len(text) + len(part) - 1:
                    offset = len(text) - 1  # hyphen dropped
                    text = joined
                else:
                    offset = len(text) + 1
                    text = text + " " + part
            else:
                offset = 0
                text = part
            marks.append((offset, no))
        return text, marks


@dataclass(slots=True)
class Sentence:
    """A sentence of a block, with the lines it stands on."""

    text: str
    first: int
    last: int
    block: Block
    index: int          # sentence number in its block


# -- blocks ---------------------------------------------------------------------------------

def blocks_of(lines: list[Line], skip: set[int], chapter_names: dict[str, str]) -> list[Block]:
    """Cut a letter's lines (tables and furniture in ``skip``) into blocks under their headings.

    ``chapter_names`` collects the chapter names the headings print.
    """
    cutter = _Cutter(lines, skip, chapter_names)
    blank = True
    last_text = ""
    for index, line in enumerate(lines, start=1):
        if line.no in skip:
            continue
        text = line.stripped
        if not text:
            blank = True
            continue
        cutter.add(line, text, index, blank, last_text)
        blank, last_text = False, text
    return cutter.blocks


class _Cutter:
    """The blocks so far, the block being read and the context of the headings above it."""

    def __init__(self, lines: list[Line], skip: set[int], chapter_names: dict[str, str]):
        self.lines = lines
        self.skip = skip
        self.chapter_names = chapter_names
        self.blocks: list[Block] = []
        self.context = HeadingContext()
        self.current: Block | None = None

    def add(self, line: Line, text: str, index: int, blank: bool, last_text: str) -> None:
        """One line of text; ``index`` is the position of the line after it, ``last_text`` the line before."""
        current = self.current
        may_head = blank or current is None or _MAY_END_A_HEADING.search(last_text) is not None
        heading = _heading(text, self.context, self.chapter_names) if may_head else None
        if heading is not None:
            self.context, inline = heading
            self.current = None
            if inline:
                self._start("item" if text.lstrip().startswith(("-", "–")) else "para", 1, line.no, inline)
            return
        bullet = _BULLET.match(text)
        if bullet and not (bullet["mark"][0].isdigit() and _DATE_START.match(text)):
            mark = bullet["mark"]
            level = 2 if mark == "o" else 1
            if current is not None and current.kind == "item" and current.level == 1 and mark[0].isalpha() and mark != "o":
                level = 2
            self._start("item", level, line.no, bullet["rest"])
            return
        label_like = text.endswith(":") and len(text) <= MAX_LABEL and not prose_amounts(text)
        is_label = label_like and (blank or _ENDS_A_SENTENCE.search(last_text) is not None) and not bullet
        continues = not is_label and current is not None and (
            not blank or (not _ENDS_A_CLAUSE.search(last_text) and (text[:1].islower() or text[:1].isdigit()))
        )
        if continues and current.kind == "item" and blank and text[:1].isupper():
            continues = False
        if continues:
            current.parts.append((line.no, text))
        elif label_like:
            self.context = replace(self.context, label=text.rstrip(": "))
            self.current = None
        elif _is_generic_heading(text, self.lines, index, self.skip):
            context = self.context
            recent = f"{context.chapter}.{context.posts[0]}" if context.post_key else context.recent
            self.context = HeadingContext(chapter=context.chapter, chapter_name=context.chapter_name, recent=recent)
            self.current = None
        else:
            block = self._start("para", 0, line.no, text)
            if self.context.label:
                block.after_label = self.context.label
                self.context = replace(self.context, label=None)

    def _start(self, kind: str, level: int, line_no: int, text: str) -> Block:
        self.current = Block(kind, level, self.context, [(line_no, text)])
        self.blocks.append(self.current)
        return self.current


def _heading(text: str, context: HeadingContext, chapter_names: dict[str, str]) -> tuple[HeadingContext, str | None] | None:
    """A heading line: the new context and any sentence printed on the same line."""
    assignment = ASSIGNMENT.match(text)
    if assignment:
        return HeadingContext(assignment=f"{assignment['prefix']}{assignment['year']}-{assignment['number']}"), None
    if _SECTION.match(text) and len(text) <= MAX_SECTION_HEADING and not prose_amounts(text):
        return HeadingContext(), None
    match = _POST_HEADING.match(text)
    if match and (match["post"] or match["post2"]):
        chapter = str(int(match["chapter"]))
        post = f"{int(match['post'] or match['post2']):02d}"
        rest = (match["rest"] or "").strip()
        inline = None
        name = None
        if rest.startswith(":"):
            rest = rest[1:].strip()
        if rest and (prose_amounts(rest) or _VERB.search(rest)):
            inline = rest
        elif rest:
            name = rest.strip(" –-:.") or None
        chapter_name = (match["chapter_name"] or "").strip(" ,") or None
        if chapter_name and re.match(r"(?i)post$", chapter_name):
            chapter_name = None
        if chapter_name:
            chapter_names.setdefault(chapter, chapter_name)
        if name and re.fullmatch(r"(?i)post\s*\d{2}", name):
            name = None
        return HeadingContext(chapter=chapter, posts=(post,), assignment=context.assignment,
                       post_name=_post_name(name), chapter_name=chapter_names.get(chapter)), inline
    match = _CHAPTER_HEADING.match(text)
    if match and not re.search(r"\d{3}", match["rest"] or "") and len(text) <= MAX_CHAPTER_HEADING and not prose_amounts(text):
        chapter = str(int(match["chapter"]))
        rest = (match["rest"] or "").strip(" ,.:")
        posts: tuple[str, ...] = ()
        more = re.findall(r"\bpost\s+(\d{2})\b", rest, re.IGNORECASE)
        if more:
            posts = tuple(f"{int(p):02d}" for p in more)
        elif rest and rest[:1].isupper() and len(rest.split()) <= 6:
            chapter_names.setdefault(chapter, rest)
        return HeadingContext(chapter=chapter, posts=posts, assignment=context.assignment,
                       chapter_name=chapter_names.get(chapter)), None
    match = _POST_ONLY.match(text)
    if match and context.chapter and len(text) <= MAX_POST_HEADING:
        rest = match["rest"] or ""
        posts = (f"{int(match['post']):02d}",) + tuple(
            f"{int(p):02d}" for p in re.findall(r"\bpost\s+(\d{2})\b", rest, re.IGNORECASE))
        inline = None
        name = rest.strip(" .:–-") or None
        if rest and prose_amounts(rest):
            inline, name = rest, None
        if len(posts) > 1:
            name = None
        return HeadingContext(chapter=context.chapter, posts=posts, assignment=context.assignment,
                       post_name=_post_name(name), chapter_name=context.chapter_name), inline
    return None


def _post_name(name: str | None) -> str | None:
    """A post name from a heading, capitalised as the ledgers write it; a long text is not a name."""
    if not name:
        return None
    name = name.strip(" –-:.")
    if not name or len(name) > MAX_POST_NAME:
        return None
    return name[:1].upper() + name[1:]


def _is_generic_heading(text: str, lines: list[Line], index: int, skip: set[int]) -> bool:
    """A short title line ("Økonomiske endringer", "Mål for ordningen"): it ends the post a block stood under."""
    if len(text) > MAX_GENERIC_HEADING or len(text.split()) > 8 or not text[:1].isupper():
        return False
    if re.search(r"[.!?,;]\s*$", text) or prose_amounts(text):
        return False
    # the next line starts a sentence (or another heading)
    for k in range(index, min(len(lines), index + _LOOK_AHEAD)):
        following = lines[k]
        if following.no in skip or following.blank:
            continue
        return following.stripped[:1].isupper() or following.stripped[:1] in "-–•(«"
    return True


# -- sentences -------------------------------------------------------------------------------

def sentences_of(block: Block) -> list[Sentence]:
    """The block's sentences, each with its first and last line; a full stop after an abbreviation ends none."""
    text, marks = block.text_and_map()
    if not text:
        return []
    out: list[Sentence] = []
    start = 0
    pieces: list[tuple[int, int]] = []
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()]
        word = re.search(r"([\wæøåÆØÅ.]+)\.$", before)
        if word and word[1].lower().rstrip(".") in _ABBREVIATIONS:
            continue
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(text)))
    for number, (s, e) in enumerate(pieces):
        sentence = text[s:e].strip()
        if not sentence:
            continue
        out.append(Sentence(sentence, _line_at(marks, s), _line_at(marks, max(s, e - 1)), block, number))
    return out


def _line_at(marks: list[tuple[int, int]], offset: int) -> int:
    line = marks[0][1]
    for at, no in marks:
        if at <= offset:
            line = no
        else:
            break
    return line
