"""Every way pypdf can fail on a hostile PDF is exit 2 with the file's name; a password-protected PDF is called encrypted."""

import io

import pytest
import pypdf
from pypdf.errors import LimitReachedError, PyPdfError

from pdfmaker import make_pdf


@pytest.mark.parametrize("error", [LimitReachedError("too big"), PyPdfError("bad"), AssertionError(),
                                   RecursionError("deep"), MemoryError(), ZeroDivisionError("x")],
                         ids=lambda e: type(e).__name__)
def test_every_pypdf_failure_is_exit_2(run, tmp_path, monkeypatch, error):
    path = tmp_path / "brev.pdf"
    path.write_bytes(make_pdf(["Tildelingsbrev 2023"]))

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(pypdf.PdfReader, "__init__", fail)
    result = run("import", str(path))
    assert result.exit_code == 2, result.stderr
    assert f"{path}: not a readable PDF ({type(error).__name__}" in result.stderr


def test_a_pdf_that_needs_a_password_is_called_encrypted(run, tmp_path):
    reader = pypdf.PdfReader(io.BytesIO(make_pdf(["Tildelingsbrev 2023"])))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemmelig", owner_password="eier", algorithm="RC4-128")
    path = tmp_path / "brev.pdf"
    with open(path, "wb") as out:
        writer.write(out)
    result = run("import", str(path))
    assert result.exit_code == 2 and "encrypted (it needs a password)" in result.stderr


def test_the_pdf_text_limit_is_enforced_and_overridable(run, tmp_path, monkeypatch):
    path = tmp_path / "brev.pdf"
    path.write_bytes(make_pdf(["Tildelingsbrev 2023 " * 20] * 40))
    monkeypatch.setenv("BUDSJETT_MAX_PDF_TEXT", "100")
    result = run("import", str(path))
    assert result.exit_code == 2 and "longer than 100 characters" in result.stderr and "BUDSJETT_MAX_PDF_TEXT" in result.stderr
