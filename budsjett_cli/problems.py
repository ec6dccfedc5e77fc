"""Located input problems: every problem with an input file names its file, and its line and column where it has them.

One shape for all input: a ledger's YAML (line and column), an accounts
export (line only: column 0 stands for the whole row), a letter or PDF that
cannot be read (the file as a whole: line 0). Commands print each problem
on a line of its own and exit 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Location(NamedTuple):
    """A place in a source file; line and column count from 1, and 0 means "the whole file" or "the whole line"."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}" if self.col else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, said for people: ``path:line:col: message``."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class InputError(Exception):
    """Input that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    @classmethod
    def at(cls, path: str, message: str, line: int = 0, col: int = 0) -> InputError:
        """One problem: ``InputError.at("letter.pdf", "the PDF is encrypted")``."""
        return cls([Problem(Location(path, line, col), message)])
