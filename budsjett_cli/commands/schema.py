"""``budsjett schema``: print the ledger format's JSON Schema, for editors."""

from __future__ import annotations

import click

from budsjett_cli.ledger.schema import ledger_schema_text


@click.command("schema")
def schema_command():
    """Print the JSON Schema of the ledger format.

    Save it beside your ledgers and point your editor's YAML language
    server at it (first line of a ledger), for completion and validation
    while you type.

    \b
    Example:
      budsjett schema > ledger.schema.json
      # and in the ledger, as its first line:
      # yaml-language-server: $schema=ledger.schema.json
    """
    click.echo(ledger_schema_text(), nl=False)
