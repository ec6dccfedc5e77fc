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


def _plain(value):
    """The document a ``Records`` stands for, to give json.dumps."""
    from budsjett_cli.render.jsontext import Records

    if isinstance(value, Records):
        return [_plain(record) for record in value.dicts()]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@st.composite
def _records_of_length(draw, length):
    from budsjett_cli.render.jsontext import Records

    keys = draw(st.lists(st.text(max_size=6), unique=True, max_size=4))
    return Records(keys, [draw(st.lists(SCALARS, min_size=length, max_size=length)) for _ in keys], length)


@settings(max_examples=300)
@given(st.data())
def test_records_given_a_column_at_a_time_are_the_dicts_they_stand_for(data):
    """A report's rows are written column-wise (``Records``): the text must be that of the list of dicts."""
    from budsjett_cli.render.jsontext import Records

    length = data.draw(st.integers(0, 5))
    keys = data.draw(st.lists(st.text(max_size=6), unique=True, max_size=4))
    columns = [data.draw(_records_of_length(length)) if data.draw(st.booleans())
               else data.draw(st.lists(SCALARS, min_size=length, max_size=length)) for _ in keys]
    document = data.draw(st.recursive(st.just(Records(keys, columns, length)),
                                      lambda inner: st.lists(inner, max_size=2)
                                      | st.dictionaries(st.text(max_size=3), inner, max_size=2), max_leaves=4))
    assert dumps(document) == json.dumps(_plain(document), ensure_ascii=False, indent=2)


def test_records_are_written_a_slice_at_a_time_and_the_same_text(monkeypatch):
    import io

    from budsjett_cli.render import jsontext

    monkeypatch.setattr(jsontext, "_RECORDS", 3)
    rows = jsontext.Records(["kind", "values"], [["row"] * 10, jsontext.Records(["a", "b"], [list(range(10)), [None] * 10], 10)], 10)
    stream = io.StringIO()
    jsontext.dump({"rows": rows, "empty": jsontext.Records([], [], 2)}, stream)
    assert stream.getvalue() == json.dumps({"rows": _plain(rows), "empty": [{}, {}]}, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("keys, columns, length", [(["a"], [[1, 2]], 3), (["a", "a"], [[1], [2]], 1), (["a"], [], 0)])
def test_records_whose_columns_do_not_fit_are_refused(keys, columns, length):
    from budsjett_cli.render.jsontext import Records

    with pytest.raises(ValueError):
        Records(keys, columns, length)


def test_a_record_column_of_containers_is_refused_not_written_wrong():
    from budsjett_cli.render.jsontext import Records

    with pytest.raises(TypeError):
        dumps(Records(["a"], [[{"x": 1}]], 1))
