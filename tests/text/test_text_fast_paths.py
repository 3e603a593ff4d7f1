"""Fast paths of the text helpers give what the plain definitions give, character for character."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.text.dates import _TRANSLATE, normalize_date_text

# The mapped characters, their neighbours and a few Vietnamese letters in both forms (NFD
# "ệ" composes), so that most drawn strings hold several of each.
_PIECES = st.sampled_from(
    [chr(c) for c in _TRANSLATE] + list("aáệđĐ0123456789 /-:.,") + ["e\u0323\u0302", "\u00c6"]
)
_MIXED = st.lists(_PIECES, max_size=30).map("".join)


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TRANSLATE))


@settings(max_examples=500, deadline=None)
@given(_MIXED | st.text(max_size=40))
def test_normalize_date_text_is_translate_then_nfc(text: str) -> None:
    assert normalize_date_text(text) == _plain(text)


def test_normalize_date_text_maps_each_character_of_the_table() -> None:
    for code, to in _TRANSLATE.items():
        want = unicodedata.normalize("NFC", f"a{to or ''}b")
        assert normalize_date_text(f"a{chr(code)}b") == want
    got = normalize_date_text("Ðăng\u00a0ngày 15\u201105\u20112022\u200b")
    assert got == "Đăng ngày 15-05-2022"
