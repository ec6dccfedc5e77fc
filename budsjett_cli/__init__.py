"""budsjett: reconcile the Norwegian state budget as it reaches a state agency."""

__version__ = "0.1.0"
