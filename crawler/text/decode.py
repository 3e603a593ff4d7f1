"""Bytes → text: the project's one decoder for pages, text dumps and probes.

Vietnamese sites send every kind of bytes: UTF-8 labelled ISO-8859-1 by a server default,
windows-1258 whose tones are combining marks, UTF-16 from Windows editors, NUL bytes from
broken transports. ``decode_html`` trusts the bytes over
labels that are known to lie, in this order:

1. a UTF-16/32 byte-order mark, or BOM-less UTF-16 ("<" beside NUL bytes);
2. NUL bytes dropped (never part of a character in 8-bit or UTF-8 text);
3. bytes that are (almost all) valid multi-byte UTF-8 are UTF-8, whatever the labels say;
4. the label from the HTTP header unless it is a server default (``DEFAULT_LABELS``),
   then ``<meta charset>``;
5. UTF-8, then windows-1258 when its tone bytes follow vowels, then windows-1252.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["BOMS", "DEFAULT_LABELS", "charset_of", "decode_html", "wide_codec"]

# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE = tuple((bom, codec) for bom, codec in BOMS if codec != "utf-8")
# Labels servers send by default whatever the page is (Apache/IIS): not evidence of anything.
# Browsers (WHATWG) read all of them as windows-1252, and so does this decoder.
DEFAULT_LABELS = frozenset(
    ["iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "cp1252", "windows-1252"]
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]{2,40})""", re.I
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]{2,40})", re.I)
# cp1258 tone bytes (0xCC grave, 0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below) right
# after a vowel byte: "Ti\xd2nh", "Tra\xcc".
_CP1258_TONE = re.compile(
    rb"[aeiouyAEIOUY\xe2\xe3\xea\xf4\xf5\xfd\xc2\xc3\xca\xd4\xd5\xdd][\xcc\xec\xd2\xde\xf2]"
)


def charset_of(content_type: str) -> str | None:
    """The ``charset=`` of a Content-Type header, if any."""
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def wide_codec(data: bytes) -> str | None:
    """UTF-16/32 by byte-order mark, or BOM-less UTF-16: "<" then seven more ASCII characters
    each beside a NUL byte; one stray NUL before "<" is not UTF-16."""
    for bom, codec in _WIDE:
        if data.startswith(bom):
            return codec
    even, odd = data[0:16:2], data[1:16:2]
    if len(odd) == 8 and even[:1] == b"<" and odd == bytes(8) and 0 not in even:
        return "utf-16-le"
    if len(odd) == 8 and odd[:1] == b"<" and even == bytes(8) and 0 not in odd:
        return "utf-16-be"
    return None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in DEFAULT_LABELS:
        label = "windows-1252"
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


def _try(data: bytes, codec: str) -> str | None:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError, ValueError):
        return None
    return unicodedata.normalize("NFC", text) if codec == "cp1258" else text


def _mostly_utf8(data: bytes) -> str | None:
    """The text when non-ASCII bytes are UTF-8 but for a few broken sequences, else None.

    Each multi-byte character shortens the text by 1–3; each broken sequence shows as one
    U+FFFD. A page cut inside "ộ", or with one corrupt byte, is still UTF-8. Real
    windows-1258 text is never valid UTF-8 (its tone bytes follow plain vowels).
    """
    if data.isascii():
        return None
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad == 0 or bad * 20 <= len(data) - len(text):
        return text.lstrip("\ufeff")
    return None


def _sniff(data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom) :], codec)
            if text is not None:
                return text, codec
    labels = [_codec(declared)]
    m = _META_CHARSET.search(data[:8192])
    if m:
        labels.append(_codec(m.group(1).decode("ascii", "ignore")))
    for label in labels:
        if label and (text := _try(data, label)) is not None:
            return text, label
    for name in ("utf-8", "cp1258", "cp1252"):
        if name == "cp1258" and not _CP1258_TONE.search(data):
            continue
        if (text := _try(data, name)) is not None:
            return text, name
    return unicodedata.normalize("NFC", data.decode("cp1258", "replace")), "cp1258"


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page or a text dump; returns ``(text, codec name)`` and never raises.

    ``declared`` is the HTTP header's label, bare or as a whole Content-Type. windows-1258
    decodes to combining marks ("Ti" + U+0309) and is NFC-composed:
    ``b'Ti\\xd2nh u\\xd2y'`` → "Tỉnh ủy". The text has no NUL characters.
    """
    try:
        if not isinstance(data, bytes | bytearray | memoryview):
            return str(data), "str"
        data = bytes(data)
        wide = wide_codec(data)
        if wide is not None:  # a label cannot be right against a byte-order mark or "<\0h\0"
            return data.decode(wide, "replace").lstrip("\ufeff").replace("\x00", ""), wide
        data = data.replace(b"\x00", b"")
        text = _mostly_utf8(data)
        if text is not None:
            return text, "utf-8"
        label = (charset_of(declared) or declared) if declared else None
        if label and label.strip().strip("\"'").lower() in DEFAULT_LABELS:
            label = None
        return _sniff(data, label)
    except Exception:  # the contract is "never raises"
        try:
            return bytes(data).decode("utf-8", "replace").replace("\x00", ""), "utf-8"
        except Exception:
            return "", "utf-8"
