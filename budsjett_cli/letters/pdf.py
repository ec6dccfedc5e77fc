"""Text out of a PDF letter, for the same reader as extracted text.

pypdf is used: pure Python, no compiled parts, actively kept, and its plain
text extraction gives the line flow the reader expects (one text line per
line, cells split over lines), the same as the converters the letters
already come through. pdfplumber would add pdfminer.six and a compiled
renderer to get character boxes the reader does not use.
"""

from __future__ import annotations

import io
import logging

from budsjett_cli.problems import InputError


MAX_PAGES = 2000


def pdf_text(data: bytes, shown: str) -> str:
    """The text of every page, one after the other (a page break ends a line, it is not a blank line)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError, PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError.at(shown, "reading PDF files needs pypdf (pip install pypdf)") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several kinds here
                opened = None
            if not opened:  # PasswordType.NOT_DECRYPTED is 0: it needs a password
                raise InputError.at(shown, "the PDF is encrypted and needs a password; save an unprotected copy first")
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise InputError.at(shown, f"the PDF has {len(pages)} pages; a letter has fewer than {MAX_PAGES}")
        texts = []
        for page in pages:
            texts.append(page.extract_text() or "")
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            AssertionError, RecursionError, MemoryError, ArithmeticError, LookupError) as exc:
        # A damaged or hostile PDF (a flate bomb, a /Length of 10^11, an object that refers to itself, a page
        # tree of millions, deeply nested arrays) makes pypdf raise any of these: all of them are bad input.
        detail = " ".join(str(exc).split())[:200]
        raise InputError.at(shown, f"not a readable PDF ({type(exc).__name__}: {detail})") from None
    text = "\n".join(t.rstrip("\n") for t in texts)
    if not text.strip():
        raise InputError.at(shown, "the PDF has no text layer (a scan?); run it through OCR first")
    return text
