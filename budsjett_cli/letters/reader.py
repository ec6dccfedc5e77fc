"""Read a letter file and propose ledger entries: the pure core of ``budsjett import``.

``read_text`` takes the text as any converter extracted it (plain text,
PDF-to-markdown with pipe tables) and ``read_file`` a file (a PDF is
extracted first). The result is one ``LetterProposal`` per letter in the
file: the posts of its allocation tables, the changes of its change tables
and sentences, the earmarks under them, and what needs review. Nothing is
written anywhere and nothing is printed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from budsjett_cli.limits import read_limited
from budsjett_cli.problems import InputError
from budsjett_cli.letters.allocation import AllocationReader
from budsjett_cli.letters.correction import CorrectionReader
from budsjett_cli.letters.model import ALLOCATION, LetterProposal, ReadResult, Source
from budsjett_cli.letters.split import Segment, identify, split_letters
from budsjett_cli.letters.supplement import SupplementReader
from budsjett_cli.letters.tables import find_tables
from budsjett_cli.letters.html_tables import html_tables_as_pipes
from budsjett_cli.letters.text import find_furniture, looks_like_markdown, split_lines, unmarkdown

# "Helse- og omsorgsdepartementet viser til ...": the sender, named in full
_MINISTRY = re.compile(r"\b[A-ZÆØÅ][a-zæøå]+-?(?:\s+og\s+[a-zæøå]+)?departementet\b")


def read_file(path: str | Path, shown: str | None = None) -> ReadResult:
    """Read a letter file (text, markdown or PDF) into proposals."""
    text, kind = extract_text(path, shown)
    result = read_text(text, shown or str(path))
    if kind == "pdf":
        result.format = "pdf"
    return result


def extract_text(path: str | Path, shown: str | None = None) -> tuple[str, str]:
    """The text the reader reads from a file, and "pdf" or "text"; for a PDF, the text pypdf extracts."""
    path = Path(path)
    shown = shown or str(path)
    try:
        data = read_limited(path, shown, "a letter")
    except FileNotFoundError:
        raise InputError.at(shown, "no such file") from None
    except IsADirectoryError:
        raise InputError.at(shown, "is a directory, not a letter") from None
    except OSError as exc:
        raise InputError.at(shown, f"cannot be read: {exc.strerror or exc}") from None
    if data[:1024].lstrip().startswith(b"%PDF"):
        from budsjett_cli.letters.pdf import pdf_text
        return pdf_text(data, shown), "pdf"
    text = decode(data, shown)
    refuse_yaml(text, path.suffix, shown)
    return text, "text"


# A YAML document: every line a comment, a "key:" (nested or not), a "- " item or a continuation, and some keys.
_YAML_KEY = re.compile(r"^\s*(?:-\s+)?[\w.\-]+:(?:\s|$)")
_YAML_OTHER = re.compile(r"^\s*(?:#.*|---|\.\.\.|%YAML.*|-\s.*|-)$")
_LEDGER_KEYS = re.compile(r"^(?:year|chapters|letters|unit|agency|ministry):", re.MULTILINE)
YAML_SHARE = 0.9     # a letter's text has far fewer "key: value" lines than this


def refuse_yaml(text: str, suffix: str, shown: str) -> None:
    """A ledger (or any YAML file) given as a letter is refused: merging it as a letter's text would make no sense."""
    lines = [line for line in text.splitlines() if line.strip()]
    keys = sum(1 for line in lines if _YAML_KEY.match(line))
    shaped = sum(1 for line in lines if _YAML_KEY.match(line) or _YAML_OTHER.match(line) or line[:1].isspace())
    is_yaml = suffix.lower() in (".yaml", ".yml") or (keys >= 2 and shaped >= YAML_SHARE * len(lines))
    if not is_yaml:
        return
    if len(_LEDGER_KEYS.findall(text)) >= 2:
        what = "a ledger (YAML with year, letters, chapters), not a letter"
        fix = f"check it with: budsjett check {shown}"
    else:
        what = "a YAML file, not a letter"
        fix = "give the letter's PDF, its extracted text or its markdown"
    raise InputError.at(shown, f"this is {what}; {fix}", 1)


def decode(data: bytes, shown: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM, or UTF-16 with BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError.at(shown, "not readable as UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise InputError.at(shown, "this is a binary file, not a letter's text or a PDF", 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(text: str, shown: str = "<letter>") -> ReadResult:
    """Read extracted letter text into one proposal per letter in it."""
    lines = html_tables_as_pipes(split_lines(text))
    markdown = looks_like_markdown(lines)
    if markdown:
        lines = [unmarkdown(line) for line in lines]
    furniture = find_furniture(lines)
    sender = _most_common(s for _, s in furniture.senders)
    agency = _most_common(a for _, a in furniture.addressees)
    ministry = _most_common(m[0] for line in lines for m in _MINISTRY.finditer(line.text))
    segments = split_letters(lines, furniture)
    letters: list[LetterProposal] = []
    used: Counter[str] = Counter()
    for segment in segments:
        letter = _read_segment(segment, furniture.lines, shown, sender)
        if letter is None:
            continue
        used[letter.id] += 1
        if used[letter.id] > 1:
            letter.id = f"{letter.id}-{used[letter.id]}"
        letter.agency = agency
        letter.ministry = ministry
        if letter.kind == ALLOCATION and agency and letter.title == f"Tildelingsbrev {letter.year}":
            letter.title = f"{letter.title} - {agency}"
        letters.append(letter)
    return ReadResult(shown, letters, len(lines), "markdown" if markdown else "text")


def _most_common(values: Iterable[str]) -> str | None:
    """What the letter's furniture says most often: a page footer repeats on every page, a stray mention once."""
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else None


def _read_segment(segment: Segment, furniture: set[int], shown: str, sender: str | None) -> LetterProposal | None:
    lines = segment.lines
    if not any(not line.blank and line.no not in furniture for line in lines):
        return None
    identity = identify(segment, sender)
    letter = LetterProposal(
        id=identity.id, kind=identity.kind, source=Source(shown, segment.first, segment.last),
        year=identity.year, title=identity.title, date=segment.date, ref=segment.ref,
        assignments=identity.assignments, form=identity.form,
    )
    tables = find_tables(lines, furniture)
    skip = set(furniture)
    for table in tables:
        skip |= table.lines
    if letter.kind == ALLOCATION:
        kind_reader = AllocationReader
    elif letter.form == "korrigering":
        kind_reader = CorrectionReader
    else:
        kind_reader = SupplementReader
    reader = kind_reader(letter, lines, shown, tables, skip)
    reader.read()
    if letter.date is None:
        # the date dates the letter's changes (actuals counts them from it); never guessed either
        first = next((line.no for line in lines if not line.blank and line.no not in furniture), segment.first)
        reader.review("date-not-found", "the letter prints no date: when it was sent (or received) decides the "
                      "months its changes count in; --into asks for it (--date YYYY-MM-DD, or --received YYYY-MM-DD "
                      "for the day it arrived)", first, first)
    if letter.year is None:
        # never guessed (not from today's date): the advisor knows the year, the letter does not say it
        first = next((line.no for line in lines if not line.blank and line.no not in furniture), segment.first)
        reader.review("year-not-found", "the letter states no year (no TB/TTB id, no date, no year in its title "
                      "or table header): which budget year is it? A proposed ledger leaves `year` for you to fill in",
                      first, first)
    return letter
