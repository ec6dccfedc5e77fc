"""Our JSON writer gives exactly the characters json.dumps(..., ensure_ascii=False, indent=2) gives."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budsjett_cli.render.jsontext import dumps

SCALARS = st.none() | st.booleans() | st.integers() | st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=40)


@settings(max_examples=500)
@given(DOCUMENTS)
def test_same_text_as_the_standard_library(document):
    assert dumps(document) == json.dumps(document, ensure_ascii=False, indent=2)


def test_a_report_document_with_norwegian_text_and_control_characters():
    document = {"rows": [{"values": {"Postnavn": "Spesielle driftsutgifter, «kan overføres»\x1b[31m", "Beløp": "-2400.5",
                                     "tom": None, "n": 3, "ok": True}}], "notes": [], "meta": {}}
    assert dumps(document) == json.dumps(document, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [1.5, {1: "x"}, {"a": object()}])
def test_what_the_reports_never_hold_is_refused_not_written_wrong(value):
    with pytest.raises(TypeError):
        dumps(value)


def test_dump_writes_a_large_document_in_pieces_and_the_same_text(monkeypatch):
    import io

    from budsjett_cli.render import jsontext

    monkeypatch.setattr(jsontext, "_CHUNK", 50)
    document = {"rows": [{"values": {"a": str(n), "b": n}} for n in range(200)]}
    stream = io.StringIO()
    writes = []
    real_write = stream.write
    stream.write = lambda text: writes.append(text) or real_write(text)
    jsontext.dump(document, stream)
    assert stream.getvalue() == json.dumps(document, ensure_ascii=False, indent=2)
    assert len(writes) > 5
