"""The one decoder (``crawler.text.decode``): what the crawl, probe, ``clean`` and
``import-text`` all read bytes with. Expected text is written by hand from the bytes."""

from __future__ import annotations

import pytest

from crawler.text.decode import charset_of, decode_html


def test_a_server_default_label_does_not_beat_windows_1258_bytes() -> None:
    data = b"<p>Ti\xd2nh u\xd2y Tra\xcc Vinh</p>"
    for declared in ("ISO-8859-1", "text/html; charset=ISO-8859-1", "windows-1252"):
        assert decode_html(data, declared) == ("<p>Tỉnh ủy Trà Vinh</p>", "cp1258"), declared


def test_a_real_label_is_used() -> None:
    assert decode_html(b"Ti\xd2nh", "text/html; charset=windows-1258")[0] == "Tỉnh"


@pytest.mark.parametrize(
    "data",
    [
        "\ufeff<p>Đảng</p>".encode("utf-16-le"),
        "\ufeff<p>Đảng</p>".encode("utf-16-be"),
        "\ufeff<p>Đảng</p>".encode("utf-32-le"),
        "<html><p>Đảng</p>".encode("utf-16-le"),  # no BOM: "<" beside NUL bytes
    ],
)
def test_wide_encodings_win_over_any_label(data: bytes) -> None:
    text, _ = decode_html(data, "utf-8")
    assert text.endswith("<p>Đảng</p>") and "\ufeff" not in text


def test_nul_bytes_are_dropped_and_a_page_cut_inside_a_character_stays_utf8() -> None:
    assert decode_html("Đả\x00ng".encode()) == ("Đảng", "utf-8")
    cut = ("Tỉnh ủy Trà Vinh tổ chức hội nghị. " * 3).encode() + "ộ".encode()[:2]
    text, codec = decode_html(cut, "windows-1258")
    assert codec == "utf-8" and text.startswith("Tỉnh ủy Trà Vinh")


@pytest.mark.parametrize(
    ("header", "charset"),
    [
        ("text/html; charset=UTF-8", "UTF-8"),
        ('text/html;charset="windows-1258"', "windows-1258"),
        ("text/html", None),
        ("text/html; charset=", None),
    ],
)
def test_charset_of(header: str, charset: str | None) -> None:
    assert charset_of(header) == charset
