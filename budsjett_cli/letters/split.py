"""One input file to its letters, and each letter's identity.

A file may hold several letters one after the other (the allocation letter
followed by the year's supplements, as in a case file printed to one PDF).
A letter begins at a title ("Tillegg til tildelingsbrev", "Statsbudsjettet
2023 - ...") and ends with its closing ("Med hilsen", the signatures, the
copy list); what follows a closing without a new title (an attachment, a
table of activities) still belongs to it.

A letter is named the way the ledgers name it: the allocation letter by
its year ("TB2023"), a supplement by the range of the assignment ids it
gives ("TTB2023-02..06", "TB2025-80..91"), and a letter with neither by its
sender and date ("HOD-2023-06-16").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from budsjett_cli.letters.model import ALLOCATION, SUPPLEMENT
from budsjett_cli.letters.text import Furniture, Line

_TITLE = re.compile(
    r"^(?:Statsbudsjettet\s+\d{4}\s*[-–]\s*\S.*|(?:Tillegg(?:\s+nr\.?\s*\d+)?\s+til\s+tildelingsbrev|Supplerende\s+tildelingsbrev|"
    r"Tilleggsoppdrag\s+til\s+tillegg\s+til\s+tildelingsbrev|Tildelingsbrev)"
    r"(?:(?:\s+(?:for\s+)?(?:\d{4}|nr\.?\s*\d+)){1,2}(?:\s*[-–]\s*[\w .,-]+)?)?"
    r"(?:\s+(?:for|til)\s+[A-ZÆØÅ][\wæøåÆØÅ .-]{1,60})?)\s*(?<![.,;])$"   # "... for Mattilsynet"
)
# The titles of letters to other kinds of recipients: "Oppdragsdokument 2026 for Norsk helsenett SF",
# "Oppdragsbrev 2026 til ...", "Korrigering av oppdragsbrev 2026 ...": a short line naming a year.
_OTHER_TITLE = re.compile(r"^(?:Oppdragsdokument|Oppdragsbrev|Korrigering\b|Supplerende\s+tildelingsbrev|Tildelingsbrev)"
                          r"(?=.*\b20\d{2}\b)[^.;]{0,100}$", re.IGNORECASE)
# The letter's form, from its title, as the ministries name them (the first that matches).
FORMS = (
    ("korrigering", re.compile(r"^Korrigering\b|\bkorrigering\s+av\b", re.I)),
    ("oppdragsdokument", re.compile(r"\bOppdragsdokument", re.I)),
    ("oppdragsbrev", re.compile(r"\bOppdragsbrev", re.I)),
    ("tillegg til tildelingsbrev", re.compile(r"\bTillegg(?:\s+nr\.?\s*\d+)?\s+til\s+tildelingsbrev|Tilleggsoppdrag", re.I)),
    ("supplerende tildelingsbrev", re.compile(r"\bSupplerende\s+tildelingsbrev", re.I)),
    ("tildelingsbrev", re.compile(r"\bTildelingsbrev|^Statsbudsjettet", re.I)),
)
# An assignment heading at the start of a line: "TTB2023-44 Oppdrag ...", "ID: TB2023-01 ...", "TB2025 – 85 ...".
ASSIGNMENT = re.compile(
    r"^\s*(?:[-–]\s*)?(?:ID:\s*)?(?P<prefix>TTB|TB)\s?(?P<year>\d{4})\s*[-–]\s*(?P<number>\d{1,3})(?=\s+[A-ZÆØÅ«\"(]|\s*$)"
)
_ALLOCATION_HEADER = re.compile(r"\bBevilgning\s+(?P<year>\d{4})\b.*\bTildeling\s+\d{4}\b", re.IGNORECASE)
_ALLOCATION_SECTION = re.compile(r"^\d+(?:\.\d+)*\s+Tildelinger\b", re.IGNORECASE)
_CHANGE_HEADER = re.compile(r"\bTidligere\s+(?:tildeling|bevilgning)\b", re.IGNORECASE)
# A letterhead's reference and date line: "Deres ref Vår ref Dato", "Vår dato: 3. november 2023".
_LETTERHEAD_CUE = re.compile(r"^(?:Deres\s+ref|Vår\s+ref|Vår\s+dato|Dato\b)", re.IGNORECASE)
# A title starts a new letter only after this many lines of the one before (or after its closing):
# a title near the top is the same letter's (a subject line under the letterhead).
MIN_CONTENT_BEFORE_TITLE = 5


@dataclass(slots=True)
class Segment:
    """The lines of one letter in the file, and what identifies it."""

    lines: list[Line]
    title: str | None = None
    closed_at: int | None = None
    date: dt.date | None = None
    ref: str | None = None
    assignments: list[tuple[str, int, str, int]] = field(default_factory=list)  # (prefix, year, number, line)

    @property
    def first(self) -> int:
        return self.lines[0].no if self.lines else 0

    @property
    def last(self) -> int:
        return self.lines[-1].no if self.lines else 0


def split_letters(lines: list[Line], furniture: Furniture) -> list[Segment]:
    """Cut the file's lines into letters at titles; a closing ends a letter's body."""
    segments: list[Segment] = []
    current = Segment(lines=[])
    content = 0
    index = 0
    closings = set(furniture.closings)
    while index < len(lines):
        line = lines[index]
        text = line.stripped
        if line.no in furniture.lines or not text:
            current.lines.append(line)
            index += 1
            continue
        title = _title_at(lines, index, furniture)
        if title is not None and (content >= MIN_CONTENT_BEFORE_TITLE or current.closed_at is not None) and current.lines:
            head = _letterhead(current)
            current.lines = current.lines[:len(current.lines) - len(head)]
            segments.append(current)
            current = Segment(lines=head)
            content = 0
        if title is not None and current.title is None:
            text_of_title, end = title
            current.title = text_of_title
            current.lines.extend(lines[index:end + 1])
            index = end + 1
            continue
        if line.no in closings and current.closed_at is None:
            current.closed_at = line.no
        current.lines.append(line)
        content += 1
        index += 1
    if current.lines:
        segments.append(current)
    for segment in segments:
        _identify(segment, furniture)
    return [s for s in segments if any(not line.blank for line in s.lines)]


def _letterhead(segment: Segment) -> list[Line]:
    """The next letter's letterhead at the end of a closed letter: the recipient's address and the "Deres ref Vår ref
    Dato" lines that stand after the signature and before the next title (its date is the next letter's)."""
    if segment.closed_at is None:
        return []
    lines = segment.lines
    after = next((i for i, line in enumerate(lines) if line.no == segment.closed_at), len(lines)) + 1
    cue = next((i for i in range(after, len(lines)) if _LETTERHEAD_CUE.search(lines[i].stripped)), None)
    if cue is None:
        return []
    start = cue
    while start - 1 > after and not (lines[start - 1].blank and lines[start - 2].blank):
        start -= 1
    while start < cue and lines[start].blank:
        start += 1
    return lines[start:]


def _title_at(lines: list[Line], index: int, furniture: Furniture) -> tuple[str, int] | None:
    """A letter's title starting at ``lines[index]`` (joined if wrapped), and the index of its last line."""
    text = lines[index].stripped
    if not _TITLE.match(text) and not _OTHER_TITLE.match(text):
        return None
    end = index
    # "Statsbudsjettet 2023 - kap. 740 Helsedirektoratet - Tillegg til" / "tildelingsbrev"
    while end + 1 < len(lines) and end - index < 2:
        following = lines[end + 1].stripped
        if not following or lines[end + 1].no in furniture.lines:
            break
        if text.endswith((" til", " -", " og", "–", "-")) or (following[:1].islower() and len(following) <= 40):
            text = f"{text} {following}"
            end += 1
            continue
        break
    return re.sub(r"\s+", " ", text).strip(), end


def _identify(segment: Segment, furniture: Furniture) -> None:
    """The segment's reference, date and assignment ids, from the furniture and headings inside it."""
    numbers = {line.no for line in segment.lines}
    refs = [value for no, value in furniture.refs if no in numbers]
    dates = [value for no, value in furniture.dates if no in numbers]
    segment.ref = refs[0] if refs else None
    segment.date = dates[0] if dates else None
    for line in segment.lines:
        if line.no in furniture.lines:
            continue
        match = ASSIGNMENT.match(line.text)
        if match:
            segment.assignments.append((match["prefix"], int(match["year"]), match["number"], line.no))


@dataclass(frozen=True, slots=True)
class Identity:
    id: str
    kind: str
    year: int | None
    assignments: list[str]
    title: str
    form: str | None = None


def identify(segment: Segment, sender: str | None) -> Identity:
    """The letter's kind, id and title, from its tables, title and assignment ids."""
    texts = [line.stripped for line in segment.lines]
    allocation_header = next((m for t in texts if (m := _ALLOCATION_HEADER.search(t))), None)
    allocation_section = any(_ALLOCATION_SECTION.match(t) for t in texts)
    change_tables = any(_CHANGE_HEADER.search(t) for t in texts)
    title = segment.title or ""
    form = form_of(title)
    supplement_title = bool(re.search(r"tillegg|supplerende|korrigering", title, re.IGNORECASE))
    # The letter's own year: the most common year of its assignment ids.
    years = Counter(year for _, year, _, _ in segment.assignments)
    year = years.most_common(1)[0][0] if years else None
    if year is None and allocation_header:
        year = int(allocation_header["year"])
    if year is None:
        title_year = re.search(r"\b(20\d{2})\b", title)
        year = int(title_year[1]) if title_year else (segment.date.year if segment.date else None)
    own = [(p, n) for p, y, n, _ in segment.assignments if y == year]
    numbers_tb = sorted({n for p, n in own if p == "TB"}, key=int)
    numbers_ttb = sorted({n for p, n in own if p == "TTB"}, key=int)
    if (allocation_header or allocation_section) and not supplement_title and not numbers_ttb \
            and not (change_tables and not allocation_header):
        kind = ALLOCATION
    elif re.match(r"^(?:Tildelingsbrev|Oppdragsbrev|Oppdragsdokument)\b", title, re.IGNORECASE) and not numbers_ttb:
        kind = ALLOCATION
    else:
        kind = SUPPLEMENT
    assignments = [f"{p}{year}-{n}" for p, n in _ordered(own)]
    if kind == ALLOCATION:
        letter_id = f"TB{year}" if year else "TB"
        shown_title = f"Tildelingsbrev {year}" if year else "Tildelingsbrev"
        return Identity(letter_id, kind, year, assignments, segment.title or shown_title, form)
    prefix, numbers = ("TTB", numbers_ttb) if numbers_ttb else ("TB", numbers_tb)
    if numbers:
        low, high = _padded_range(numbers)
        letter_id = f"{prefix}{year}-{low}" if low == high else f"{prefix}{year}-{low}..{high}"
        listed = _title_ids(prefix, year, numbers, numbers_tb if prefix == "TTB" else [])
        kind_title = "Tillegg til tildelingsbrev" if prefix == "TTB" else "Supplerende tildelingsbrev"
        if segment.title and not re.fullmatch(r"(?i)tillegg til tildelingsbrev|supplerende tildelingsbrev", segment.title):
            shown = f"{segment.title} ({listed})"
        else:
            shown = f"{kind_title} ({listed})"
        return Identity(letter_id, kind, year, assignments, shown, form)
    who = sender or "brev"
    if segment.date is not None:
        letter_id = f"{who}-{segment.date.isoformat()}"
        slug = _slug(segment)
        if slug:
            letter_id = f"{letter_id}-{slug}"
    elif year is not None:
        letter_id = f"{who}-{year}-udatert"
    else:
        letter_id = f"{who}-udatert"
    return Identity(letter_id, kind, year, assignments, segment.title or "Tillegg til tildelingsbrev", form)


def form_of(title: str) -> str | None:
    """What the letter calls itself: "tildelingsbrev", "oppdragsdokument", "korrigering", ... (None when untitled)."""
    return next((form for form, pattern in FORMS if pattern.search(title)), None)


def _ordered(pairs):
    """(prefix, number) pairs once each, TB before TTB, by number."""
    seen = []
    for pair in pairs:
        if pair not in seen:
            seen.append(pair)
    return sorted(seen, key=lambda pair: (pair[0] != "TB", int(pair[1])))


def _padded_range(numbers: list[str]) -> tuple[str, str]:
    """The first and last assignment number, both as wide as the widest (at least two digits): "02", "06"."""
    width = max(2, max(len(n) for n in numbers))
    return numbers[0].zfill(width), numbers[-1].zfill(width)


def _title_ids(prefix: str, year: int, numbers: list[str], others: list[str]) -> str:
    """ "TTB2023-02 til -06", with other-kind ids first: "TB2024-03, TTB2024-54 til -62"."""
    low, high = _padded_range(numbers)
    text = f"{prefix}{year}-{low}" if low == high else f"{prefix}{year}-{low} til -{high}"
    if others:
        other_width = max(2, max(len(n) for n in others))
        text = ", ".join(f"TB{year}-{n.zfill(other_width)}" for n in others) + ", " + text
    return text


_GENERIC_WORDS = {"tillegg", "til", "tildelingsbrev", "supplerende", "statsbudsjettet", "brev", "og", "om"}


def _slug(segment: Segment) -> str | None:
    """A word that tells a letter without assignment ids from others of its day.

    The first word of the title's last part when it is not a generic one
    ("Tilleggsoppdrag til tillegg til tildelingsbrev" -> "tilleggsoppdrag"),
    else the last word of the body's first numbered heading ("1 Ny
    virksomhetsstruktur" -> "virksomhetsstruktur").
    """
    if segment.title:
        last_part = re.split(r"\s+[-–]\s+", segment.title)[-1]
        words = re.findall(r"[a-zæøå]+", last_part.lower())
        if words and words[0] not in _GENERIC_WORDS:
            return words[0]
    for line in segment.lines:
        match = re.match(r"^\s*1\.?\s+([A-ZÆØÅ][\wæøåÆØÅ -]{2,60})$", line.text)
        if match:
            words = re.findall(r"[a-zæøå]+", match[1].lower())
            if words:
                return words[-1]
    return None
