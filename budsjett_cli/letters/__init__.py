"""Reading the ministry's letters: text, markdown or PDF to proposed ledger entries.

The pure core of ``budsjett import``, in the order a letter goes through it:

- ``reader``: the entry points, ``read_file`` / ``read_text`` (``pdf`` extracts a PDF's text);
- ``text``: numbered, cleaned lines and the page furniture to skip;
- ``split``: the letters in a file and what identifies each;
- ``tables``: allocation, change and itemised tables; ``numbers``: their figures and those in sentences;
- ``blocks``: paragraphs and list items under their headings, cut into sentences;
- ``prose``: each amount in a sentence with its post and meaning;
- ``letter``, ``allocation``, ``supplement``: a letter's entries from its tables and statements;
- ``model``: what is proposed (entries, each with its source lines, and what needs review).

Then ``emit`` writes proposals as ledger YAML, ``merge`` inserts them into a
ledger file (``placement`` keeps its comments above the lines they stood
above), ``identity`` recognises a letter the ledger holds, and ``effect``
tells what an import changed. See docs/import.md.
"""
