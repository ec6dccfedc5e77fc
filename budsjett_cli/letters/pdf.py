"""Text out of a PDF letter, for the same reader as extracted text.

pypdf is used: pure Python, no compiled parts, actively kept, and its plain
text extraction gives the line flow the reader expects (one text line per
line, cells split over lines), the same as the converters the letters
already come through. pdfplumber would add pdfminer.six and a compiled
renderer to get character boxes the reader does not use.
"""

from __future__ import annotations

import io
import os
import logging

from budsjett_cli.problems import InputError


MAX_PAGES = 2000


PDF_TEXT_LIMIT_VARIABLE = "BUDSJETT_MAX_PDF_TEXT"
DEFAULT_MAX_PDF_TEXT = 5_000_000   # characters; the longest real letter has about 100 000


def max_pdf_text() -> int:
    """The most text read from a PDF, from ``BUDSJETT_MAX_PDF_TEXT`` or the default."""
    try:
        return int(os.environ.get(PDF_TEXT_LIMIT_VARIABLE, DEFAULT_MAX_PDF_TEXT))
    except ValueError:
        return DEFAULT_MAX_PDF_TEXT


def pdf_text(data: bytes, shown: str) -> str:
    """The text of every page, one after the other (a page break ends a line, it is not a blank line)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError.at(shown, "reading PDF files needs pypdf (pip install pypdf)") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several kinds here
                opened = 0
            if not opened:  # PasswordType.NOT_DECRYPTED: it needs a password
                raise InputError.at(shown, "the PDF is encrypted (it needs a password); "
                                           "save an unprotected copy first") from None
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise InputError.at(shown, f"the PDF has {len(pages)} pages; a letter has fewer than {MAX_PAGES}")
        texts = []
        size = 0
        limit = max_pdf_text()
        for page in pages:
            texts.append(page.extract_text() or "")
            size += len(texts[-1])
            if size > limit:
                raise InputError.at(shown, f"the PDF's text is longer than {limit} characters, more than a letter "
                                           f"has (set {PDF_TEXT_LIMIT_VARIABLE} to allow more)")
    except InputError:
        raise
    except (PdfReadError, Exception) as exc:  # noqa: BLE001 - pypdf fails in many ways on hostile files:
        # LimitReachedError, PyPdfError, AssertionError, RecursionError, MemoryError, ZeroDivisionError...
        raise InputError.at(shown, f"not a readable PDF ({type(exc).__name__}: {str(exc)[:200]})") from None
    text = "\n".join(t.rstrip("\n") for t in texts)
    if not text.strip():
        raise InputError.at(shown, "the PDF has no text layer (a scan?); run it through OCR first")
    return text
