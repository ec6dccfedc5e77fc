"""No input crashes budsjett: mutated ledgers, letters, markdown, PDFs and accounts files give exit 0, 1 or 2.

Each test mutates a real input (bytes replaced, inserted, deleted, lines
duplicated or cut) and runs the command in-process with exceptions not
caught, so a traceback (exit 3 for a user) fails the test. CI runs a few
examples per kind; for a longer run:

    BUDSJETT_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import LETTER_2023_LATE, ROOT
from pdfmaker import make_pdf

EXAMPLES = int(os.environ.get("BUDSJETT_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("BUDSJETT_FUZZ_EXAMPLES"),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

LEDGER = (ROOT / "data" / "2025.yaml").read_bytes()
LETTER = LETTER_2023_LATE.read_bytes()[:20_000]
MARKDOWN = (ROOT / "tests" / "letter_variants" / "tb2023-markdown-pagebreaks.md").read_bytes()[:20_000]
ACCOUNTS = b"\n".join((ROOT / "data" / "example-accounts-2023-made-up.csv").read_bytes().split(b"\n")[:60])
PDF = make_pdf(["Tildelingsbrev 2023", "Kap. 765, post 21", "Helsedirektoratet tildeles 2 mill. kroner."])

INTERESTING = [b"\x00", b"\x01", b"\x1b[31m", b"\xe2\x80\xa8", b"\xc2\xb2", b"\xff", b"-", b":", b"{", b"[", b"&a",
               b"*a", b"!!python/object", b"'", b'"', b"\t", b"\r", b"  ", b"9" * 40, b"1.5", b",", b"...", b"---"]


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "duplicate", "cut"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        piece = draw(st.one_of(st.sampled_from(INTERESTING), st.binary(min_size=1, max_size=8)))
        if kind == "replace":
            data[at:at + len(piece)] = piece
        elif kind == "insert":
            data[at:at] = piece
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "duplicate":
            end = data.find(b"\n", at)
            data[at:at] = data[at:end if end != -1 else len(data)]
        else:
            del data[at:]
    return bytes(data)


def _ok(result) -> None:
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output


@FUZZ
@given(data=mutated(LEDGER))
def test_mutated_ledgers(run, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "l.yaml"
    path.write_bytes(data)
    for command in (["check"], ["summary", "--format", "csv"], ["show", "760.21"]):
        _ok(run(*command, str(path)))


@FUZZ
@given(data=mutated(LETTER))
def test_mutated_letter_text(run, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "letter.txt"
    path.write_bytes(data)
    _ok(run("import", str(path)))
    _ok(run("import", str(path), "--format", "json"))


@FUZZ
@given(data=mutated(MARKDOWN))
def test_mutated_markdown_letters(run, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "letter.md"
    path.write_bytes(data)
    _ok(run("import", str(path)))


@FUZZ
@given(data=mutated(PDF))
def test_mutated_pdfs(run, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "letter.pdf"
    path.write_bytes(data)
    _ok(run("import", str(path)))


@FUZZ
@given(data=mutated(ACCOUNTS))
def test_mutated_accounts_files(run, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "accounts.csv"
    path.write_bytes(data)
    _ok(run("actuals", str(ROOT / "data" / "chapters.yaml"), str(path), "--skip-bad-rows"))
