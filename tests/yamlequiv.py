"""Compare the fast composer with PyYAML's, for tests."""

from budsjett_cli.ledger.nodes import Mapping, Scalar


def same_tree(a, b, path="$"):
    """None when equal; else a description of the first difference (null positions aside)."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, Scalar):
        if (a.value, a.plain) != (b.value, b.plain):
            return f"{path}: {a!r} != {b!r}"
        if not a.is_null and (a.line, a.col) != (b.line, b.col):
            return f"{path}: position {a.line}:{a.col} != {b.line}:{b.col}"
        return None
    if (a.line, a.col) != (b.line, b.col):
        return f"{path}: position {a.line}:{a.col} != {b.line}:{b.col}"
    if len(a.items) != len(b.items):
        return f"{path}: {len(a.items)} items != {len(b.items)}"
    if isinstance(a, Mapping):
        for ea, eb in zip(a.items, b.items):
            if (ea.key, ea.line, ea.col) != (eb.key, eb.line, eb.col):
                return f"{path}: key {ea.key!r} at {ea.line}:{ea.col} != {eb.key!r} at {eb.line}:{eb.col}"
            diff = same_tree(ea.value, eb.value, f"{path}.{ea.key}")
            if diff:
                return diff
        return None
    for i, (x, y) in enumerate(zip(a.items, b.items)):
        diff = same_tree(x, y, f"{path}[{i}]")
        if diff:
            return diff
    return None
