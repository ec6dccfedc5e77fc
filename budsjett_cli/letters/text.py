"""Extracted letter text to clean, numbered lines.

PDF converters leave the page furniture of a ministry letter (addresses,
"Side 2", the "Vår ref / Dato" box, the footer with phone numbers and
organisation number) in the middle of sentences and tables, turn bullets
into private-use glyphs and break words with soft hyphens. This module
numbers every line of the input as it stands (so every entry can cite its
source line), marks the furniture so that readers skip it, and keeps what
the furniture tells: the letter's date and reference.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

from budsjett_cli.dates import parse_date

# Every space a converter may put between words or digit groups, and tabs
# (a converter's cell separator, kept as a wide gap).
_SPACES = re.compile("[\u00a0\u2007\u2009\u202f\u2002\u2003\u200a]")
_BULLETS = re.compile(r"^(\s*)[\uf0b7\uf0a7\uf076\uf0d8\u2022\u25aa\u25cf\u25e6\u2023\u2043\u00b7\u2219\u27a2\u25ba]\s*")
_INVISIBLE = re.compile("[\u00ad\u00ac\u200b\u200c\u200d\ufeff]")
# Control characters (NUL, BEL, ESC, DEL, C1, line and paragraph separators) are no part of a letter's text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Line:
    """One input line: its 1-based number in the file and its cleaned text."""

    no: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def stripped(self) -> str:
        return self.text.strip()


def clean(text: str) -> str:
    """One line with converter artefacts removed: odd spaces, soft hyphens, glyph bullets."""
    text = text.replace("\t", "  ")
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _BULLETS.sub(r"\1- ", text)
    return text.rstrip()


def join_wrapped(parts: list[str]) -> str:
    """Lines of a wrapped cell or sentence as one text.

    A word broken at the line end loses its hyphen ("luftveis-" +
    "infeksjoner"); a hyphen that belongs to the text keeps it ("h-" +
    "reseptlegemidler", "EØS-" + "land").
    """
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("-") and not out.endswith(" -"):
            stem = re.search(r"([\wæøåÆØÅ]+)-$", out)
            stem_word = stem[1] if stem else ""
            keep = len(stem_word) <= 2 or stem_word.isupper() or part[:1].isupper() or part[:1].isdigit() \
                or part.startswith(("og ", "eller "))
            out = out + part if keep else out[:-1] + part
        else:
            out = out + " " + part
    return re.sub(r"\s+", " ", out).strip()


def split_lines(text: str) -> list[Line]:
    """Number the lines as an editor does (\\r\\n, \\n or \\r end a line; a form feed is a page break)."""
    raw = re.split(r"\r\n|\n|\r", text.replace("\f", "\n"))
    if raw and raw[-1] == "":
        raw.pop()
    return [Line(i, clean(t)) for i, t in enumerate(raw, start=1)]


# -- markdown (PDF-to-markdown converters) ----------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def is_pipe_row(text: str) -> bool:
    """A markdown table row: | a | b |."""
    stripped = text.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def unmarkdown(line: Line) -> Line:
    """Markdown decoration removed from a line outside tables: # headings, **bold**, escapes, entities."""
    text = line.text
    if is_pipe_row(text):
        return Line(line.no, html.unescape(text))
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = html.unescape(text)
    text = re.sub(r"^(\s*)\*\s+", r"\1- ", text)   # "* item" is a bullet
    return Line(line.no, clean(text))


def looks_like_markdown(lines: list[Line]) -> bool:
    return sum(1 for line in lines if is_pipe_row(line.text)) >= 2 or any(
        _MD_HEADING.match(line.text) for line in lines[:400]
    )


# -- page furniture -----------------------------------------------------------

_FURNITURE_LINE = re.compile(
    r"""^(?:
        Side\s+\d+(?:\s+(?:av|of)\s+\d+)?
      | Postadresse | Kontoradresse | Besøksadresse | Telefon\*? | Telefaks
      | (?:(?:Postadresse|Kontoradresse|Besøksadresse|Telefon\*?|Telefaks|Org\.?\s*n[or]\.?|E-?post)\s*){2,}
      | Org\.?\s*nr\.?(?:\s*:?\s*\d{3}\s?\d{3}\s?\d{3})?
      | Deres\s+ref\.?:? | Ifølge\s+liste | Adresseliste | Kopi\s+til:?
      | Dokumentet\s+er\s+elektronisk\s+signert.*
      | (?:https?://|mailto:|www\.)\S+
      | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
      | \d{2}\s\d{2}\s\d{2}\s\d{2}
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
_POSTBOX = re.compile(r"\bPostboks\s+\d+", re.IGNORECASE)
_POSTCODE = re.compile(r"^\d{4}\s+[A-ZÆØÅ][A-Za-zÆØÅæøå-]+$")
_LABEL_WITH_VALUE = re.compile(r"^(Avdeling|Saksbehandler|Kontoradresse)$", re.IGNORECASE)
_OUR_REF = re.compile(r"^Vår\s+ref(?:eranse)?\.?\s*:?\s*(?P<value>\S.*)?$", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^Dato\s*:?\s*(?P<value>\S.*)?$", re.IGNORECASE)
# A date anywhere in a line, as letters print it: "14. januar 2026", "17.12.2025" (run together with other text).
_DATE_ANYWHERE = re.compile(
    r"(?<!\d)(?:\d{1,2}\.\s?(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)"
    r"\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})(?!\d)", re.IGNORECASE)
# "Dato 14. januar 2026" run together with what stands before it ("Norsk helsenett SFDato 14. januar 2026").
_DATO_IN_LINE = re.compile(r"Dato\s*:?\s*(?P<value>\d.*)$")
# "Oslo, 17.12.2025": a place and the date, alone on a line at the head of a letter.
_PLACE_AND_DATE = re.compile(r"^[A-ZÆØÅ][a-zæøå]+,\s+(?P<value>\d[\d.]*\d)$")
# "Deres ref Vår ref Dato" over "22/4470-12 17.12.2022": the box as one line of labels and one of values.
_REF_BOX = re.compile(r"^Deres\s+ref\.?\s+Vår\s+ref\.?\s+Dato$", re.IGNORECASE)
_HEAD_LINES = 40        # a place-and-date line stands among the first lines of a letter
_REF_VALUE = re.compile(r"^\d{2,4}/\d+(?:-\d*)?$|^[\w.]+/[\w.-]+$")
_CLOSING = re.compile(r"^Med\s+(?:vennlig\s+)?hilsen\b", re.IGNORECASE)
_THEIR_REF = re.compile(r"^Deres\s+ref", re.IGNORECASE)
_MINISTRY_MAIL = re.compile(r"@([a-z]+)\.dep\.no", re.IGNORECASE)   # postmottak@hod.dep.no: the sender
_ORGNR_LABEL = re.compile(r"^Org\.?\s*nr\.?$", re.IGNORECASE)
_ORGNR = re.compile(r"\d{3}\s?\d{3}\s?\d{3}")
_NAME_THEN_POSTBOX = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ-]+(?:\s[\wæøåÆØÅ-]+){0,2}\s+Postboks")
MAX_POSTBOX_LINE = 60   # a postbox line is an address, not a sentence that mentions one
MAX_NAME_LINE = 40      # a name or phone under a label
MAX_PLACE_LINE = 25     # a place name between the postbox and the postcode


@dataclass(slots=True)
class Furniture:
    """Which lines are page furniture, and what the furniture said."""

    lines: set[int] = field(default_factory=set)          # line numbers to skip
    refs: list[tuple[int, str]] = field(default_factory=list)     # (line, "23/133-9")
    dates: list[tuple[int, dt.date]] = field(default_factory=list)
    closings: list[int] = field(default_factory=list)     # "Med hilsen" lines
    addressees: list[tuple[int, str]] = field(default_factory=list)
    senders: list[tuple[int, str]] = field(default_factory=list)  # "hod" from postmottak@hod.dep.no


def find_furniture(lines: list[Line]) -> Furniture:
    """Mark the page furniture in ``lines`` and read the letter's reference and date from it."""
    return _FurnitureFinder(lines).find()


class _FurnitureFinder:
    """Furniture comes as a label and the lines under it: each kind is read with its neighbours."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.found = Furniture()
        self.nonblank = [i for i, line in enumerate(lines) if not line.blank]
        self.position = {i: k for k, i in enumerate(self.nonblank)}

    def next_nonblank(self, i: int, skip: int = 0) -> int | None:
        k = self.position.get(i)
        if k is None or k + 1 + skip >= len(self.nonblank):
            return None
        return self.nonblank[k + 1 + skip]

    def prev_nonblank(self, i: int) -> int | None:
        k = self.position.get(i)
        if k is None or k == 0:
            return None
        return self.nonblank[k - 1]

    def find(self) -> Furniture:
        lines, found = self.lines, self.found
        for i in self.nonblank:
            text = lines[i].stripped
            no = lines[i].no
            if _CLOSING.match(text):
                found.closings.append(no)
            elif _FURNITURE_LINE.match(text):
                self._furniture_line(i, text, no)
            elif _LABEL_WITH_VALUE.match(text):
                self._label_with_value(i, text, no)
            elif _POSTBOX.search(text) and len(text) <= MAX_POSTBOX_LINE:
                self._postbox(i, text, no)
            elif _POSTCODE.match(text):
                found.lines.add(no)
            elif match := _OUR_REF.match(text):
                self._our_ref(i, match, no)
            elif match := _DATE_LABEL.match(text):
                self._date(i, match, no)
            elif _REF_BOX.match(text):
                self._ref_box(i, no)
            elif (match := _DATO_IN_LINE.search(text)) and (date := _date_in(match["value"])):
                found.dates.append((no, date))
            elif i < _HEAD_LINES and (match := _PLACE_AND_DATE.match(text)) and (date := _date_in(match["value"])):
                found.lines.add(no)
                found.dates.append((no, date))
        # The value under "Deres ref" is usually empty and otherwise a reference.
        for i in self.nonblank:
            if lines[i].no in found.lines and _THEIR_REF.match(lines[i].stripped):
                j = self.next_nonblank(i)
                if j is not None and _ref_in(lines[j].stripped) and j - i <= 4:
                    found.lines.add(lines[j].no)
        return found

    def _furniture_line(self, i: int, text: str, no: int) -> None:
        lines, found = self.lines, self.found
        found.lines.add(no)
        mail = _MINISTRY_MAIL.search(text)
        if mail:
            found.senders.append((no, mail[1].upper()))
        if _ORGNR_LABEL.match(text):
            j = self.next_nonblank(i)
            if j is not None and _ORGNR.fullmatch(lines[j].stripped):
                found.lines.add(lines[j].no)

    def _label_with_value(self, i: int, text: str, no: int) -> None:
        """ "Saksbehandler" and the name (and phone) under it; "Avdeling", "Kontoradresse" and the line under it."""
        lines, found = self.lines, self.found
        found.lines.add(no)
        for skip in range(2 if text.lower() == "saksbehandler" else 1):
            j = self.next_nonblank(i, skip)
            if j is not None and len(lines[j].stripped) <= MAX_NAME_LINE and not lines[j].stripped.endswith("."):
                found.lines.add(lines[j].no)

    def _postbox(self, i: int, text: str, no: int) -> None:
        """A postbox address: the addressee above it, and the lines down to the postcode and town."""
        lines, found = self.lines, self.found
        found.lines.add(no)
        # the addressee just above (possibly glued to a greeting: "HeiHelsedirektoratet")
        j = self.prev_nonblank(i)
        if j is not None and i - j <= 3 and _is_name_line(lines[j].stripped) and not _POSTBOX.search(lines[j].stripped) \
                and not _FURNITURE_LINE.match(lines[j].stripped):
            found.lines.add(lines[j].no)
            found.addressees.append((lines[j].no, _strip_greeting(lines[j].stripped)))
        elif _NAME_THEN_POSTBOX.match(text) and not _FURNITURE_LINE.match(text.split()[0]):
            found.addressees.append((no, text[: _POSTBOX.search(text).start()].strip()))
        # the lines down to the postcode and town ("Skøyen", "0213 OSLO")
        between: list[int] = []
        for skip in range(3):
            j = self.next_nonblank(i, skip)
            if j is None:
                break
            value = lines[j].stripped
            between.append(lines[j].no)
            if _POSTCODE.match(value):
                found.lines.update(between)
                break
            if len(value) > MAX_PLACE_LINE or re.search(r"[.:;]", value):
                break

    def _ref_box(self, i: int, no: int) -> None:
        """ "Deres ref Vår ref Dato" and the line of values under it ("22/4470-12 17.12.2022")."""
        lines, found = self.lines, self.found
        found.lines.add(no)
        j = self.next_nonblank(i)
        if j is None:
            return
        value = lines[j].stripped
        date = _date_in(value)
        ref = next((r for word in value.split() if (r := _ref_in(word))), None)
        if date is None and ref is None:
            return
        found.lines.add(lines[j].no)
        if ref is not None:
            found.refs.append((no, ref))
        if date is not None:
            found.dates.append((no, date))

    def _our_ref(self, i: int, match: re.Match, no: int) -> None:
        """ "Vår ref" and the reference beside or under it (and the date, when it stands on the same line)."""
        lines, found = self.lines, self.found
        found.lines.add(no)
        dated = _DATO_IN_LINE.search(match["value"] or "")
        if dated and (date := _date_in(dated["value"])):
            found.dates.append((no, date))
        value = _ref_in(match["value"])
        if value is None:
            j = self.next_nonblank(i)
            if j is not None and _ref_in(lines[j].stripped):
                value = _ref_in(lines[j].stripped)
                found.lines.add(lines[j].no)
        if value is not None:
            found.refs.append((no, value))

    def _date(self, i: int, match: re.Match, no: int) -> None:
        """ "Dato" and the date beside or under it; "Dato for ..." in a sentence is not the label."""
        lines, found = self.lines, self.found
        date = _date_in(match["value"]) if match["value"] else None
        if match["value"] and date is None:
            return
        found.lines.add(no)
        if date is None:
            j = self.next_nonblank(i)
            if j is not None:
                date = _date_in(lines[j].stripped)
                if date is not None:
                    found.lines.add(lines[j].no)
        if date is not None:
            found.dates.append((no, date))


def _is_name_line(text: str) -> bool:
    """A short line that can be an addressee: one to three capitalised words, no sentence."""
    text = _strip_greeting(text)
    words = text.split()
    return 0 < len(words) <= 4 and len(text) <= 45 and text[:1].isupper() and not re.search(r"[.:;,]$", text)


def _strip_greeting(text: str) -> str:
    return re.sub(r"^(Hei|Til)(?=[A-ZÆØÅ])", "", text).strip()


def _ref_in(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    head = value.split()[0] if value.split() else ""
    if _REF_VALUE.match(head) and re.search(r"\d", head):
        return head
    return None


def _date_in(value: str) -> dt.date | None:
    """The date a value states: the whole value, else the first date in it ("17.12.2025 Helsedirektoratet")."""
    value = value.strip().rstrip(".")
    try:
        return parse_date(value)
    except ValueError:
        pass
    match = _DATE_ANYWHERE.search(value)
    if match is None:
        return None
    try:
        return parse_date(match[0])
    except ValueError:
        return None
