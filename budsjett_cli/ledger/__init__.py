"""The ledger: its model, and loading it from YAML text with the source position of every figure.

``loader`` reads a file or a text into a ``model.Ledger`` (located, safe
YAML through ``yamlnodes``/``fastyaml``); ``history`` recomputes each post's
running allocation. Nothing here prints or knows of the terminal.
"""
