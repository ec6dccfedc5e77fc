"""The located YAML tree: each value's source text with its line and column, nothing constructed.

Both composers (``fastyaml`` for plain block YAML, PyYAML's through ``yamlnodes``) build these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class Scalar(NamedTuple):
    """A scalar's source text; ``plain`` is False when it was quoted or a block scalar.

    A tuple, not a class with slots: a large ledger has hundreds of
    thousands of scalars, and tuples are the cheapest to make and free.
    """

    value: str
    plain: bool
    line: int
    col: int

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in _NULLS


class Entry(NamedTuple):
    """One ``key: value`` of a mapping: the key's text and position, and the value node."""

    key: str
    line: int
    col: int
    value: Node


@dataclass(slots=True)
class Mapping:
    items: list[Entry] = field(default_factory=list)
    line: int = 1
    col: int = 1


@dataclass(slots=True)
class Sequence:
    items: list[Node] = field(default_factory=list)
    line: int = 1
    col: int = 1


Node = Scalar | Mapping | Sequence


def kind_of(node: Node) -> str:
    """How a node reads to a person: "a mapping", "a list", "a value"."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "empty" if node.is_null else f"the value {node.value!r}"
