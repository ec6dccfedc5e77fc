"""The vendored letters are the real ones."""

import pytest

from conftest import LETTERS, SHARED_LETTERS


@pytest.mark.skipif(not SHARED_LETTERS.is_dir(), reason="no ../shared/letters beside this checkout")
def test_vendored_letters_match_the_shared_copy():
    shared = sorted(p.name for p in SHARED_LETTERS.iterdir())
    assert sorted(p.name for p in LETTERS.iterdir()) == shared
    for name in shared:
        assert (LETTERS / name).read_bytes() == (SHARED_LETTERS / name).read_bytes(), name
