"""Every way pypdf can fail on a hostile PDF is exit 2 with the file's name."""

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

