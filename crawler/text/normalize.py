"""Unicode normalisation and search keys for Vietnamese page text (bytes: ``decode.py``).

Two different jobs live here and must not be confused:

* ``normalize_text`` (and ``crawler.text.decode``) keep the text *as published* (old or new tone
  placement, case, punctuation) and only undo transport damage: NFD, look-alike
  letters, invisible characters, mojibake, legacy code pages (docs/evidence.md §5).
* ``tone_normalize`` / ``fold`` / ``search_key`` build *keys* for matching and
  indexing, where "Tỉnh Uỷ", "TỈNH ỦY" and "tinh uy" must be equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "normalize_text", "search_key", "tone_normalize"]

# --------------------------------------------------------------------------------------------
# Invisible characters and spaces (§5.7: NBSP in every seed, U+200B/U+FEFF from editors).
# --------------------------------------------------------------------------------------------
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANK_RUNS = re.compile(r"\n{3,}")

# Ð (U+00D0, Icelandic eth) and ð typed for Đ/đ: "Ðảng", "Ðà Nẵng" (§5.3). In Vietnamese
# đ always opens a syllable, so it is followed by a vowel; Icelandic "með" is left alone.
_VI_VOWEL = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_ETH = re.compile(
    r"[\u00d0\u00f0](?=[" + _VI_VOWEL + r"]|[àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị"
    r"òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊ"
    r"ÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ])"
)

# --------------------------------------------------------------------------------------------
# Mojibake: UTF-8 bytes read as windows-1252 ("Tá»‰nh á»§y TrÃ  Vinh", §5.6).
# --------------------------------------------------------------------------------------------
# Signatures that only mojibake produces: "á»"/"áº" (the U+1EA0–U+1EF9 block: ạ ả … ỹ),
# "Æ°"/"Æ¡" (ư ơ), "Ä‘"/"Ä\x90" (đ Đ), "Ã" + a Latin-1 sign (é → "Ã©"). Not "Ã" + NBSP or a
# quote: "ĐÃ\u00a0BAN HÀNH" and "“NGÃ”" are good Vietnamese capitals.
_MOJIBAKE_SIGNATURE = re.compile("á»|áº|Æ°|Æ¡|Ä‘|Ä\x90|Ã[\u00a1-\u00bf]")


def _cp1252_byte(ch: str) -> int | None:
    """The byte a character came from when UTF-8 was shown as windows-1252, or None."""
    o = ord(ch)
    if o < 0x80 or 0x80 <= o <= 0x9F:  # ASCII, or a C1 control kept by a lenient decoder
        return o
    if 0xA0 <= o <= 0xFF:
        return o
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


def _continuations(b: int | None) -> int:
    """How many continuation bytes a UTF-8 lead byte announces (0: not a lead byte)."""
    if b is None:
        return 0
    if 0xC2 <= b <= 0xDF:
        return 1
    if 0xE0 <= b <= 0xEF:
        return 2
    if 0xF0 <= b <= 0xF4:
        return 3
    return 0


def _plausible(ch: str) -> bool:
    """Only accept repairs that yield Latin/Vietnamese letters or common punctuation."""
    o = ord(ch)
    return (
        0xA0 <= o <= 0x17F
        or o in (0x1A0, 0x1A1, 0x1AF, 0x1B0)
        or 0x300 <= o <= 0x323
        or 0x1EA0 <= o <= 0x1EF9
        or 0x2010 <= o <= 0x206F
        or o == 0x20AC
    )


def _repair_mojibake(s: str) -> str:
    """Re-decode cp1252-looking runs as UTF-8, sequence by sequence; leave the rest alone.

    Why per sequence: a page can mix good text with one damaged field
    ("Tỉnh ủy – Tá»‰nh á»§y"), and a whole-string round trip would fail on the good part.
    """
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        b = _cp1252_byte(ch)
        need = _continuations(b)
        if need:
            seq: list[int] = [b] if b is not None else []
            for k in range(1, need + 1):
                if i + k >= n:
                    break
                nb = _cp1252_byte(s[i + k])
                # "TrÃ  Vinh": a 0xA0 byte shows as NBSP, which often became a plain space.
                if nb == 0x20 and (k > 1 or b in (0xC3, 0xC2)):
                    nb = 0xA0
                if nb is None or not 0x80 <= nb <= 0xBF:
                    break
                seq.append(nb)
            if len(seq) == need + 1:
                try:
                    dec = bytes(seq).decode("utf-8")
                except UnicodeDecodeError:
                    dec = ""
                if dec and _plausible(dec):
                    out.append(dec)
                    i += need + 1
                    continue
        out.append(ch)
        i += 1
    return "".join(out)


def _visible(s: str) -> str:
    """``s`` without zero-width characters and soft hyphens. Most texts have none, and
    ``str.translate`` costs a dictionary look-up per character of a non-ASCII text."""
    if s.isascii() or not any(c in s for c in _INVISIBLE_CHARS):
        return s
    return s.translate(_INVISIBLE)


def normalize_text(s: str) -> str:
    """Undo transport damage, keep the published wording.

    NFC; mojibake repaired only when its signature is present; Ð→Đ inside words;
    NBSP and odd spaces → one space; zero-width and soft hyphens removed; each line
    stripped; at most one blank line in a row. Tone placement is *not* touched:
    "BAN TUYÊN GIÁO TỈNH UỶ" stays "UỶ" (the store keeps what the site printed).
    """
    if not s:
        return ""
    # Each rule runs only where the characters it needs are there (an ASCII text can hold
    # no mojibake, no eth, no Unicode line separator): a regex pass costs per character.
    ascii = s.isascii()
    if not ascii and _MOJIBAKE_SIGNATURE.search(s):
        s = _repair_mojibake(s)
    s = _visible(unicodedata.normalize("NFC", s))
    if not ascii and ("\u00d0" in s or "\u00f0" in s):
        s = _ETH.sub(lambda m: "Đ" if m.group(0) == "\u00d0" else "đ", s)
    if "\r" in s or not ascii:
        s = _NEWLINES.sub("\n", s)
    # ``_SPACES`` holds no line break: one pass over the text is one pass per line.
    s = "\n".join(line.strip() for line in _SPACES.sub(" ", s).split("\n"))
    if "\n\n\n" in s:
        s = _BLANK_RUNS.sub("\n\n", s)
    return s.strip()


# --------------------------------------------------------------------------------------------
# Tone placement and search keys (§5.2).
# --------------------------------------------------------------------------------------------
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_ONSETS = {
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "r", "s", "t", "th", "tr", "v", "x",
}  # fmt: skip
# Open syllables ending in oa / oe / uy with the tone on the *second* vowel (old style).
_OLD_STYLE = re.compile(r"^([^\W\d_]*?)([oOuU])([aAeEyY])([" + _TONE_MARKS + r"])$")
_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,7}(?![^\W\d_])")


def _new_style(m: re.Match[str]) -> str:
    word = m.group(0)
    nfd = unicodedata.normalize("NFD", word)
    mm = _OLD_STYLE.match(nfd)
    if not mm:
        return word
    onset, v1, v2, tone = mm.groups()
    pair = (v1 + v2).lower()
    if pair not in ("oa", "oe", "uy") or onset.lower() not in _ONSETS:
        return word
    # "quý": the u belongs to the onset "qu", so y is the only vowel; never moved.
    return unicodedata.normalize("NFC", onset + v1 + tone + v2)


def tone_normalize(s: str) -> str:
    """Put tones the new way in open oa/oe/uy syllables, keeping case.

    "Tỉnh Uỷ" → "Tỉnh Ủy", "HOÀ" → "HÒA", "khoẻ" → "khỏe"; "quý", "quả", "giữ" and
    closed syllables ("hoàng", "huỳnh") are already unambiguous and stay.
    """
    if not s:
        return ""
    return _WORD.sub(_new_style, unicodedata.normalize("NFC", s))


_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "\u00d0": "d", "\u00f0": "d"})


class _FoldTable(dict[int, str]):
    """Per character: its letters without marks, lower-cased, đ→d. Filled on first use,
    so folding a whole article is one ``str.translate`` instead of a Python loop."""

    def __missing__(self, code: int) -> str:
        ch = chr(code).translate(_FOLD_EXTRA)
        bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        value = bare.lower().translate(_FOLD_EXTRA)
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=2048)
def fold(s: str) -> str:
    """Search key: no diacritics, đ→d, lower case, spaces collapsed.

    Cached: the cleaning asks for the key of the same block under several rules.

    "ĐẠI HỘI", "Đại hội", "đại hội" and "dai hoi" all give "dai hoi"; "Tỉnh Uỷ" and
    "Tỉnh ủy" give "tinh uy". Stripping every mark makes tone placement irrelevant,
    which is what ``tone_normalize`` would achieve first. Length-preserving on NFC
    Vietnamese text, so offsets found in a key point at the same place in the text.
    """
    if not s:
        return ""
    if s.isascii():  # what the table does to ASCII, without a look-up per character
        return " ".join(s.lower().split())
    # ``str.split()`` breaks at exactly the characters ``\s`` matches: spaces collapsed.
    return " ".join(_visible(unicodedata.normalize("NFC", s)).translate(_FOLD_TABLE).split())


def search_key(s: str) -> str:
    """``fold`` over a whole text, for full-text indexes.

    Punctuation is kept, so it still separates words ("Đảng,Nhà nước" → "dang,nha nuoc"
    is two tokens for a tokenizer that splits on non-letters); line breaks become spaces.
    """
    return fold(s)
