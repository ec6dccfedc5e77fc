"""budsjett: reconcile the Norwegian state budget as it reaches a state agency.

The command line is ``budsjett``; scripts and notebooks use the same work
through this package (docs/api.md)::

    import budsjett_cli as bs

    ledger = bs.load("data/chapters.yaml")
    for finding in bs.check(ledger):
        print(finding.location, finding.message)

The API is imported on first use, so ``budsjett`` starts without it.
"""

__version__ = "0.1.0"

_API = {
    "load": "budsjett_cli.api",
    "load_text": "budsjett_cli.api",
    "check": "budsjett_cli.api",
    "analyse": "budsjett_cli.api",
    "summary": "budsjett_cli.api",
    "read_letter": "budsjett_cli.api",
    "read_accounts": "budsjett_cli.api",
    "to_dataframe": "budsjett_cli.api",
    "Finding": "budsjett_cli.findings",
    "Severity": "budsjett_cli.findings",
    "Ledger": "budsjett_cli.ledger.model",
    "Report": "budsjett_cli.reports.model",
    "InputError": "budsjett_cli.problems",
    "Problem": "budsjett_cli.problems",
    "Location": "budsjett_cli.problems",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    """The API's names, imported when first asked for (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'budsjett_cli' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
