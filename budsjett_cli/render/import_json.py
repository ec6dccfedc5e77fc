"""``budsjett import --format json``: what was read, and what a merge did, for scripts.

The layout is documented in docs/import.md ("JSON"); amounts are exact
kroner as strings with the unit and text the letter printed, never floats.
Add keys, never rename or remove them, without changing ``format``.
"""

from __future__ import annotations

from decimal import Decimal

from budsjett_cli.amounts import plain_decimal
from budsjett_cli.findings import Finding
from budsjett_cli.edit.effect import Effect
from budsjett_cli.edit.merge import Merged
from budsjett_cli.letters.model import LetterEarmark, Figure, LetterProposal, ReadResult, Source
from budsjett_cli.render.findings_json import finding_dict

FORMAT = "budsjett-import/1"


def proposal_json(result: ReadResult, letters: list[LetterProposal], skipped: dict[str, str] | None = None) -> dict:
    """The letters read from a file; ``skipped`` gives, per letter id, why the ledger already has it."""
    skipped = skipped or {}
    return {
        "format": FORMAT,
        "file": result.path,
        "input": result.format,
        "lines": result.lines,
        "letters": [letter_json(item, skipped.get(item.id)) for item in letters],
    }


def into_json(result: ReadResult, letters: list[LetterProposal], merged: Merged, effect: Effect, shown: str,
              dry_run: bool, written: bool, diff: str | None, exit_code: int) -> dict:
    document = proposal_json(result, letters, {item.id: known.reason for item, known in merged.skipped})
    document.update({
        "ledger": shown, "dry_run": dry_run, "written": written,
        "imported": [item.id for item in merged.imported],
        "conflicts": [{"kind": r.kind, "message": r.message, "post": r.post} for r in merged.conflicts],
        "running_totals": [{"post": key, "before": _plain(before), "after": _plain(after)}
                           for key, before, after in effect.totals],
        "new_findings": [finding_dict(f) for f in effect.new],
        "changed_findings": [finding_dict(f) for f in effect.changed],
        "resolved_findings": [finding_dict(f) for f in effect.resolved],
        "diff": diff,
        "exit_code": exit_code,
    })
    return document


def new_json(result: ReadResult, letter: LetterProposal, others: list[LetterProposal], findings: list[Finding],
             shown: str, dry_run: bool, written: bool, exit_code: int) -> dict:
    document = proposal_json(result, [letter])
    document.update({
        "ledger": shown, "dry_run": dry_run, "written": written,
        "other_letters": [item.id for item in others],
        "findings": [finding_dict(f) for f in findings], "exit_code": exit_code,
    })
    return document


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else plain_decimal(value)


def figure_json(figure: Figure | None) -> dict | None:
    if figure is None:
        return None
    return {"kroner": plain_decimal(figure.kroner), "unit": figure.unit.label, "text": figure.text or None}


def source_json(source: Source) -> dict:
    return {"path": source.path, "first_line": source.first, "last_line": source.last, "text": list(source.text)}


def earmark_json(earmark: LetterEarmark) -> dict:
    return {
        "purpose": earmark.purpose, "amount": figure_json(earmark.amount), "upto": earmark.upto,
        "minimum": earmark.minimum, "note": earmark.note, "source": source_json(earmark.source),
        "of_which": [earmark_json(e) for e in earmark.of_which],
    }


def letter_json(letter: LetterProposal, skipped: str | None = None) -> dict:
    return {
        "id": letter.id, "kind": letter.kind, "title": letter.title,
        "date": letter.date.isoformat() if letter.date else None, "ref": letter.ref, "year": letter.year,
        "received": letter.received.isoformat() if letter.received else None,
        "assignments": letter.assignments, "source": source_json(letter.source), "already_in_ledger": skipped,
        "posts": [{
            "post": p.key, "chapter": p.chapter, "name": p.name, "chapter_name": p.chapter_name,
            "appropriation": figure_json(p.appropriation), "allocation": figure_json(p.allocation), "note": p.note,
            "origin": p.origin, "section": p.section, "earmarks_partial": p.earmarks_partial,
            "earmarks": [earmark_json(e) for e in p.earmarks], "source": source_json(p.source),
            "allocation_rule": p.allocation_rule,
        } for p in letter.posts],
        "changes": [{
            "post": c.key, "previous": figure_json(c.previous), "amount": figure_json(c.amount),
            "total": figure_json(c.total), "note": c.note, "origin": c.origin, "earmarks_partial": c.earmarks_partial,
            "earmarks": [earmark_json(e) for e in c.earmarks], "source": source_json(c.source),
            "also_from": [source_json(s) for s in c.sources],
        } for c in letter.changes],
        "form": letter.form,
        "stated_totals": [{"stated": figure_json(t.figure), "rows_sum": figure_json(t.rows_sum), "agrees": t.agrees,
                           "chapter": t.chapter, "source": source_json(t.source)} for t in letter.stated_totals],
        "review": [{
            "kind": r.kind, "message": r.message, "post": r.post, "amount": figure_json(r.amount),
            "source": source_json(r.source),
        } for r in letter.review],
    }
