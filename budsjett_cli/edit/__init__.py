"""Editing ledgers: a letter's proposal as YAML, merged into a ledger keeping every byte it does not change.

``emit`` writes entries, ``merge`` adds them to a ledger's text,
``placement`` keeps comments where the author put them, ``identity`` knows
what the ledger already holds, ``effect`` says what an import changed.
"""
