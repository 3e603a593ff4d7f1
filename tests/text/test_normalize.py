"""normalize.py: keep the published text, undo transport damage, build search keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.text.decode import decode_html
from crawler.text.normalize import fold, normalize_text, search_key, tone_normalize


def _as_cp1252_mojibake(text: str) -> str:
    """What a UTF-8 page looks like when read as windows-1252 (C1 bytes kept as controls)."""
    return "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in text.encode("utf-8")
    )


# ---------------------------------------------------------------------------- normalize_text
def test_nfd_input_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Lại Xuân Lâm, Tỉnh ủy Trà Vinh")
    assert nfd != "Lại Xuân Lâm, Tỉnh ủy Trà Vinh"
    assert normalize_text(nfd) == "Lại Xuân Lâm, Tỉnh ủy Trà Vinh"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\u00d0ảng ta", "Đảng ta"),
        ("\u00d0à Nẵng", "Đà Nẵng"),
        ("\u00f0ồng chí", "đồng chí"),
        ("ĐẢNG \u00d0ỘC LẬP", "ĐẢNG ĐỘC LẬP"),
    ],
)
def test_eth_lookalike_becomes_d_with_stroke(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


def test_eth_outside_vietnamese_words_is_left() -> None:
    assert normalize_text("með") == "með"


def test_spaces_and_invisibles() -> None:
    raw = "  Đại\u00a0hội \u200bĐảng\ufeff   bộ\u00ad  \u200c\n\n\n\nTin\u2009khác\u00a0\u00a0 "
    assert normalize_text(raw) == "Đại hội Đảng bộ\n\nTin khác"


def test_line_ends_stripped_and_crlf() -> None:
    assert normalize_text("Dòng một \r\nDòng hai\u00a0\rDòng ba") == "Dòng một\nDòng hai\nDòng ba"


def test_tone_placement_is_kept_as_published() -> None:
    text = "BAN TUYÊN GIÁO TỈNH UỶ TRÀ VINH, hoà bình, Tỉnh ủy, quý"
    assert normalize_text(text) == text


@pytest.mark.parametrize(
    "mojibake",
    [
        "Tá»‰nh á»§y TrÃ\u00a0 Vinh",  # NBSP kept, as decoding produced it
        "Tá»‰nh á»§y TrÃ  Vinh",  # NBSP already turned into a space
    ],
)
def test_mojibake_repaired(mojibake: str) -> None:
    assert normalize_text(mojibake) == "Tỉnh ủy Trà Vinh"


def test_mojibake_round_trip_of_a_long_sentence() -> None:
    text = "ĐẠI HỘI Đảng bộ tỉnh Kon Tum lần thứ XVI; người dân ở Trà Vinh, Ỡ, Ạ, Nguyễn Văn Hòa"
    assert normalize_text(_as_cp1252_mojibake(text)) == text


@pytest.mark.parametrize(
    "clean",
    [
        "Tỉnh ủy Trà Vinh",
        "ĐÃ\u00a0BAN HÀNH “NGÃ” BA",
        "Hội thảo “CÔ”–ÊÔ, café, Chợ Đồn",
        "Ban Tuyên giáo và Dân vận Tỉnh uỷ",
    ],
)
def test_clean_vietnamese_is_not_touched_by_repair(clean: str) -> None:
    assert normalize_text(clean) == clean.replace("\u00a0", " ")


def test_normalize_is_idempotent_on_seed_like_text() -> None:
    once = normalize_text("  Tin, ảnh:\u00a0Ngô Đức Hải \n\n\n Tổng số điểm ")
    assert normalize_text(once) == once


# ---------------------------------------------------------------------------- decode_html
def test_cp1258_bytes_decode_and_compose() -> None:
    text, enc = decode_html(b"Ti\xd2nh u\xd2y Tra\xcc Vinh")
    assert text == "Tỉnh ủy Trà Vinh"
    assert enc == "cp1258"
    assert unicodedata.is_normalized("NFC", text)


def test_cp1258_declared_in_header() -> None:
    text, enc = decode_html(b"Ti\xd2nh u\xd2y", "text/html; charset=windows-1258")
    assert (text, enc) == ("Tỉnh ủy", "cp1258")


def test_utf8_bom_wins() -> None:
    data = b"\xef\xbb\xbf" + "Đảng bộ".encode()
    assert decode_html(data, "windows-1252") == ("Đảng bộ", "utf-8")


def test_meta_charset_used() -> None:
    html = '<html><head><meta charset="windows-1258"></head><body>Ti\xd2nh</body>'
    text, enc = decode_html(html.encode("latin-1"))
    assert enc == "cp1258"
    assert "Tỉnh" in text


def test_latin1_label_on_utf8_body_is_a_server_default() -> None:
    data = "<p>Tỉnh ủy Trà Vinh</p>".encode()
    assert decode_html(data, "text/html; charset=ISO-8859-1") == (
        "<p>Tỉnh ủy Trà Vinh</p>",
        "utf-8",
    )


def test_plain_utf8_and_garbage() -> None:
    assert decode_html("Đại hội".encode()) == ("Đại hội", "utf-8")
    text, _ = decode_html(b"\xff\xfe\x00\x81\x8d garbage \xc3")
    assert isinstance(text, str)


def test_unknown_declared_charset_falls_back() -> None:
    assert decode_html("Đại hội".encode(), "x-no-such-charset") == ("Đại hội", "utf-8")


# ---------------------------------------------------------------------------- tone / fold
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("Tỉnh Uỷ", "Tỉnh Ủy"),
        ("TỈNH UỶ", "TỈNH ỦY"),
        ("hoà bình", "hòa bình"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("Thuỷ", "Thủy"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("tuỳ theo", "tùy theo"),
        ("hoạ sĩ", "họa sĩ"),
        ("uỷ ban", "ủy ban"),
    ],
)
def test_tone_normalize_old_to_new(old: str, new: str) -> None:
    assert tone_normalize(old) == new


@pytest.mark.parametrize(
    "word", ["quý", "Quý", "quả", "giữ", "hoàng", "huỳnh", "thuyền", "ủy", "hòa", "khỏe"]
)
def test_tone_normalize_leaves_unambiguous_words(word: str) -> None:
    assert tone_normalize(word) == word


@pytest.mark.parametrize("variant", ["ĐẠI HỘI", "Đại hội", "dai hoi", "đại hội", "  Đại   hội "])
def test_fold_variants_are_equal(variant: str) -> None:
    assert fold(variant) == "dai hoi"


def test_fold_tone_placement_and_lookalikes() -> None:
    assert fold("Tỉnh uỷ") == fold("Tỉnh ủy") == fold("TỈNH UỶ") == "tinh uy"
    assert fold("\u00d0ảng") == "dang"
    assert fold(unicodedata.normalize("NFD", "Đắk Lắk")) == "dak lak"
    assert fold("Ban Tuyên giáo và Dân vận") == "ban tuyen giao va dan van"


def test_search_key_keeps_punctuation_as_separators() -> None:
    assert search_key("Đảng,Nhà nước\n– Tỉnh Uỷ!") == "dang,nha nuoc – tinh uy!"


# ---------------------------------------------------------------------------- never raises
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_text_functions_never_raise(s: str) -> None:
    assert isinstance(normalize_text(s), str)
    assert isinstance(tone_normalize(s), str)
    assert isinstance(fold(s), str)
    assert isinstance(search_key(s), str)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.one_of(st.none(), st.text(max_size=40)))
def test_decode_html_never_raises(data: bytes, declared: str | None) -> None:
    text, enc = decode_html(data, declared)
    assert isinstance(text, str)
    assert isinstance(enc, str)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="TáÃ»‰§ÆÄ°¡‘ \u00a0\x90ĐđỉủàạếữơưnhyVi", max_size=60))
def test_mojibake_like_text_never_raises(s: str) -> None:
    assert isinstance(normalize_text(s), str)
