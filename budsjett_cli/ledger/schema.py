"""The ledger format's JSON Schema, built from the loader's own tables so that the grammar is written once.

The records and their keys come from ledger/keys.py; the patterns of
amounts, dates and organisation numbers from the modules that parse them
(amounts, dates, ledger/orgnr), where the parsers gate on the same patterns.
The package ships the result as budsjett_cli/ledger.schema.json for editors;
a test holds the file to this module's output. After changing a key or a
grammar, regenerate it:

    python -m budsjett_cli.ledger.schema > budsjett_cli/ledger.schema.json
"""

from __future__ import annotations

import json

from budsjett_cli.amounts import AMOUNT_PATTERN, MAX_DIGITS, UNIT_NAMES
from budsjett_cli.dates import DATE_PATTERN
from budsjett_cli.ledger.keys import (
    CHANGE, CHAPTER, CHAPTER_NUMBERS, EARMARK, LEDGER, LETTER, POST, POST_NUMBERS, RECORDS, TRUE_WORDS, FALSE_WORDS,
    YEARS, Key, Kind, Record,
)
from budsjett_cli.ledger.orgnr import DIGITS as ORGNR_DIGITS, ORGNR_PATTERN
from budsjett_cli.patterns import alternatives, caseless, number_range

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "budsjett ledger"
DESCRIPTION = (
    "One budget year of one agency as the ministry's letters give it: the allocation letter (tildelingsbrev) "
    "and its supplements (tillegg til tildelingsbrev), chapter by chapter and post by post. The loader "
    "(budsjett_cli/ledger/loader.py) is the authority and this schema is generated from its tables "
    "(budsjett_cli/ledger/schema.py); docs/ledger-format.md describes the format. The schema cannot see "
    "duplicate keys, letters cited but not declared, impossible dates (2023-02-30), nor a number's source text "
    "(so a YAML float such as 187.166, which the loader refuses as ambiguous, passes here)."
)
CHAPTER_KEY = f"^0*{number_range(CHAPTER_NUMBERS)}$"
POST_KEY = f"^0*{number_range(POST_NUMBERS)}$"
YEAR_TEXT = f"^0*{number_range(YEARS)}$"


def _words(words) -> str:
    return "^" + alternatives(caseless(word) for word in words) + "$"


def ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def _keyed(key_pattern: str, message: str, record: str) -> dict:
    """A mapping keyed by number (chapters, posts): the keys as the loader reads them, each a record."""
    return {
        "type": "object",
        "propertyNames": {"pattern": key_pattern, "patternErrorMessage": message},
        "patternProperties": {key_pattern: ref(record)},
        "additionalProperties": False,
    }


# What each kind of value is in JSON: how YAML hands it to an editor's language server.
KINDS = {
    Kind.TEXT: ref("text"),
    Kind.AMOUNT: ref("amount"),
    Kind.DATE: ref("date"),
    Kind.FLAG: ref("flag"),
    Kind.EARMARKS: ref("earmarks"),
    Kind.YEAR: {"anyOf": [
        {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[-1]},
        {"type": "string", "pattern": YEAR_TEXT},
    ]},
    Kind.ORGNR: {"anyOf": [
        {"type": "integer", "minimum": 10 ** (ORGNR_DIGITS - 1), "maximum": 10 ** ORGNR_DIGITS - 1},
        {"type": "string", "pattern": ORGNR_PATTERN},
    ]},
    Kind.UNIT: {"enum": list(UNIT_NAMES)},
    Kind.LETTERS: {
        "type": "object",
        "patternProperties": {"\\S": {"anyOf": [ref(LETTER.name), ref("absent")]}},
        "additionalProperties": False,
    },
    Kind.CHAPTERS: _keyed(CHAPTER_KEY, f"A chapter is a number from {CHAPTER_NUMBERS[0]} to {CHAPTER_NUMBERS[-1]}, "
                                       "such as 765.", CHAPTER.name),
    Kind.POSTS: _keyed(POST_KEY, f"A post is a number from {POST_NUMBERS[0]:02d} to {POST_NUMBERS[-1]}, such as 21.",
                       POST.name),
    Kind.CHANGES: {"type": "array", "items": ref(CHANGE.name)},
    Kind.POST_REF: {"type": "string", "pattern": f"^0*{number_range(CHAPTER_NUMBERS)}\\.0*{number_range(POST_NUMBERS)}$"},
}


def _value(key: Key) -> dict:
    """What a key's value is in JSON: its kind's schema, or the record(s) or choices the key names."""
    if key.kind is Kind.RECORD:
        return ref(key.record)
    if key.kind is Kind.RECORDS:
        return {"type": "array", "items": ref(key.record)}
    if key.kind is Kind.CHOICE:
        return {"enum": list(key.choices)}
    return KINDS[key.kind]

# The values every kind refers to, with the description an editor shows for them.
VALUES = {
    "absent": {"description": "Empty (or null, ~): the same as leaving the key out.", "type": "null"},
    "text": {
        "description": "Text as printed. A value YAML would read as a number or a boolean is read as the text written.",
        "type": ["string", "number", "boolean"],
    },
    "amount": {
        "description": (
            "An exact amount (beløp) in the file's unit, written the Norwegian way: digit groups of three separated "
            "by a space, no-break space or thin space (187 166), decimal comma (3 624,4), sign - or − (−2 400). "
            "A unit written with the number overrides the file's: 8,5 mill., 2,053 mill. kroner, 20 millioner "
            "kroner, 500 000 kr, kr 500 000, 1,2 mrd. A YAML number (187166, 3624.4) is read from its source text; "
            "187.166 is refused by the loader as ambiguous (thousands point or decimal point?)."
        ),
        "$comment": "The pattern is budsjett_cli/amounts.py AMOUNT_PATTERN, which parse_amount itself gates on.",
        "anyOf": [
            {"type": "number", "minimum": -(10 ** MAX_DIGITS - 1), "maximum": 10 ** MAX_DIGITS - 1},
            {"type": "string", "pattern": AMOUNT_PATTERN,
             "patternErrorMessage": "Write an amount such as 187 166, 3 624,4, −2 400, 8,5 mill. or 500 000 kr."},
        ],
        "examples": ["187 166", "3 624,4", "8,5 mill.", "−2 mill.", "500 000 kr"],
    },
    "date": {
        "description": "A date (dato): ISO 2023-02-06 (a YAML date), dotted 06.02.2023, or as letters print it: "
                       "6. februar 2023, 6. feb. 2023.",
        "type": "string",
        "pattern": DATE_PATTERN,
        "patternErrorMessage": "Write a date such as 2023-02-06, 06.02.2023 or 6. februar 2023.",
        "examples": ["2023-02-06", "6. februar 2023"],
    },
    "flag": {
        "description": "true or false (yes and no are read too).",
        "anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _words(TRUE_WORDS + FALSE_WORDS)}],
    },
    "set": {
        "description": "A flag that is set: true or yes.",
        "anyOf": [{"const": True}, {"type": "string", "pattern": _words(TRUE_WORDS)}],
    },
    "earmarks": {
        "description": "A list of earmarks, each starting with '- '.",
        "type": "array",
        "items": ref(EARMARK.name),
    },
}


def _property(key) -> dict:
    """One key: its description, its value (or empty, when it may be left out) and its examples."""
    value = _value(key)
    if not key.required:
        value = {"anyOf": [*value["anyOf"], ref("absent")]} if list(value) == ["anyOf"] else \
            {"anyOf": [value, ref("absent")]}
    out = {"description": key.description, **value}
    if key.examples:
        out["examples"] = list(key.examples)
    return out


def _record(record: Record) -> dict:
    """A record: its keys and no others, the required ones, and the rules across keys."""
    out: dict = {"type": "object", "additionalProperties": False}
    if record.required:
        out["required"] = list(record.required)
    if record.one_of:
        out["anyOf"] = [
            {"required": [name], "properties": {name: _value(record.keys[name])}} for name in record.one_of
        ]
    if record.not_both:
        out["not"] = {"required": list(record.not_both), "properties": {name: ref("set") for name in record.not_both}}
    if record.only_one:
        out["not"] = {"required": list(record.only_one),
                      "properties": {name: _value(record.keys[name]) for name in record.only_one}}
    if record.goes_with:
        key, partners = record.goes_with
        out["if"] = {"required": [key], "properties": {key: _value(record.keys[key])}}
        out["then"] = {"anyOf": [{"required": [name], "properties": {name: _value(record.keys[name])}}
                                 for name in partners]}
    out["properties"] = {name: _property(key) for name, key in record.keys.items()}
    return out


def ledger_schema() -> dict:
    """The JSON Schema of a ledger file (draft 2020-12)."""
    top = {"$schema": DIALECT, "title": TITLE, "description": DESCRIPTION, **_record(LEDGER)}
    top["$defs"] = dict(VALUES)
    for record in RECORDS:
        if record is not LEDGER:
            top["$defs"][record.name] = {"description": record.description, **_record(record)}
    return top


def ledger_schema_text() -> str:
    """The schema as shipped in budsjett_cli/ledger.schema.json: indented JSON, non-ASCII as itself."""
    return json.dumps(ledger_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(ledger_schema_text(), end="")
