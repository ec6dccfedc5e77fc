"""Which ledgers a command reads.

Lookup order: the LEDGER arguments; else the paths in BUDSJETT_LEDGER
(separated by the platform's path separator, ":" on Linux and macOS); else
the bundled 2023 ledger, so that ``budsjett check`` works from any
directory right after installing.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV_VAR = "BUDSJETT_LEDGER"
BUNDLED_NAME = "chapters.yaml"


def bundled_ledger() -> Path:
    """The 2023 ledger shipped with the package (data/chapters.yaml in the source tree)."""
    try:
        candidate = Path(str(resources.files("budsjett_cli.bundled").joinpath(BUNDLED_NAME)))
        if candidate.is_file():
            return candidate
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "data" / BUNDLED_NAME


def ledger_paths(arguments: tuple[str, ...] | list[str], environ: dict[str, str] | None = None) -> list[tuple[Path, str]]:
    """(path to read, name to show in messages) for each ledger to use.

    LookupError when BUDSJETT_LEDGER is set but names nothing (":"): a
    misconfigured script must not pass by checking no ledger at all.
    """
    environ = os.environ if environ is None else environ
    if arguments:
        return [(Path(a), a) for a in arguments]
    from_env = environ.get(ENV_VAR, "").strip()
    if from_env:
        paths = [(Path(p), p) for p in from_env.split(os.pathsep) if p.strip()]
        if not paths:
            raise LookupError(f"{ENV_VAR} is set to {from_env!r}, which names no ledger file")
        return paths
    path = bundled_ledger()
    return [(path, str(path))]
