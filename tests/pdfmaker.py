"""A small PDF writer for tests: text lines on pages, in a standard font.

Enough to make PDFs of the letters' text and read them back through
``budsjett import``'s PDF path (pypdf). One text line is one line on the
page; characters outside Windows-1252 become "-" or "?".
"""

from __future__ import annotations

LINES_PER_PAGE = 60
_REPLACE = {"\u2212": "-", "\uf0b7": "-", "\u2009": " ", "\u202f": " ", "\u00a0": " "}


def _escape(text: str) -> bytes:
    for bad, good in _REPLACE.items():
        text = text.replace(bad, good)
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(lines: list[str], lines_per_page: int = LINES_PER_PAGE) -> bytes:
    """A PDF whose pages hold ``lines`` in order."""
    pages = [lines[i:i + lines_per_page] for i in range(0, max(len(lines), 1), lines_per_page)] or [[]]
    objects: list[bytes] = []
    # 1: catalog, 2: pages, 3: font, then a content stream and a page per page
    kids = []
    for index, page in enumerate(pages):
        content = [b"BT", b"/F1 9 Tf", b"11 TL", b"40 800 Td"]
        for line in page:
            content.append(b"(" + _escape(line) + b") Tj T*")
        content.append(b"ET")
        stream = b"\n".join(content)
        content_number = 4 + index * 2
        page_number = content_number + 1
        kids.append(page_number)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % content_number)
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    everything = head + objects
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(everything, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(everything) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(everything) + 1, xref)
    return bytes(out)
