"""What a searchable word is: one definition for the index, the query and the snippets.

A token is a run of letters and digits in the folded text (``crawler.text.normalize.fold``:
no diacritics, đ→d, lower case), so "Đại hội Đảng bộ tỉnh Kon Tum (2020-2025)" gives
``dai hoi dang bo tinh kon tum 2020 2025`` and "Tỉnh uỷ" / "TỈNH ỦY" both give ``tinh uy``.

Why the words are cut here and not by the database: SQLite's unicode61 tokenizer and
PostgreSQL's parser disagree (PostgreSQL keeps "x²" apart as "x", reads "1.5" as one
number, "a-b" as three words; neither folds đ the same way), so the store is given
words already cut and the two backends cannot find different articles for one query.

Speed: ``fold`` is applied once per distinct character and cached in a translation
table, which gives the same words as folding the whole NFC text (checked by the
tests) about four times faster; that matters when a million articles are indexed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from itertools import chain
from operator import itemgetter

from crawler.text.normalize import fold, tone_normalize

# A placeholder word: keeps a position in the SQLite index where PostgreSQL keeps none
# (see fts.py). Private-use characters are words for unicode61 but never for
# ``tokens``, so no query can ask for it.
HOLE = "\ue000"


class _FoldTable(dict[int, str]):
    """``str.translate`` table: a character → its folded form, separators → a space."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = " " if ch.isspace() else "".join(c if c.isalnum() else " " for c in fold(ch))
        if len(value) != 1:
            _UNEVEN.add(ch)
        self[code] = value
        return value


_TABLE = _FoldTable()
_UNEVEN: set[str] = set()  # characters that fold to nothing or to several characters
_WORD = re.compile(r"[^ ]+")


def tokens(text: str | None) -> list[str]:
    """The folded words of ``text`` in order: "Tỉnh uỷ Kon Tum" → ["tinh", "uy", "kon", "tum"]."""
    if not text:
        return []
    return unicodedata.normalize("NFC", text).translate(_TABLE).split()


# Words that may carry an old-style tone (o/u + a toned a, e or y ending the word:
# "hoà", "Uỷ"): only those go through ``tone_normalize``, which decides; running it on
# every word cost three times the rest of ``exact_tokens``.
_TONED = "àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ"
_OLD_TONE = re.compile(rf"(?<![^\W\d_])[^\W\d_]*[oOuU][{_TONED}](?![^\W\d_])")


def exact_tokens(text: str | None) -> list[str]:
    """The words of ``text`` as written, one for each word of ``tokens`` (same positions).

    Lower case, NFC, tones placed the new way ("Uỷ" → "ủy", so old and new spellings of
    one word stay one word), diacritics and đ kept: "Bác Hồ" → ["bác", "hồ"], never
    "hổ". A word whose written form is not plain letters and digits ("x²" is kept, a
    ligature that folds to two words is not) falls back to its folded form, so the
    exact index always has exactly as many words as the folded one.
    """
    if not text:
        return []
    nfc = unicodedata.normalize("NFC", text)
    written = _OLD_TONE.sub(lambda m: tone_normalize(m.group()), nfc)
    if len(written) != len(nfc):  # pragma: no cover - tone_normalize keeps NFC length
        written = nfc
    folded = fold_even(nfc)
    low = written.lower()
    if folded is not None and len(low) == len(written):
        # The usual case: one folded character per character, so a folded word's span
        # is the written word's span and folds to that one word.
        return [
            low[m.start() : m.end()] if low[m.start() : m.end()].isalnum() else m.group()
            for m in _WORD.finditer(folded)
        ]
    out = []
    for word, start, end in token_spans(nfc):
        piece = written[start:end].lower()
        if piece.isalnum() and len(_exact_fold(piece)) == 1:
            out.append(piece)
        else:
            out.append(word)
    return out


class _PairCache(dict[str, tuple[list[str], list[str]]]):
    """A white-space-free piece of text → its ``tokens`` and ``exact_tokens`` (filled on use)."""

    def __missing__(self, piece: str) -> tuple[list[str], list[str]]:
        if len(self) >= _PAIR_CACHE_SIZE:
            self.clear()  # bounded: a crawl's memory must not grow with its articles
        value = (tokens(piece), exact_tokens(piece))
        self[piece] = value
        return value


_PAIR_CACHE_SIZE = 50_000
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_PAIRS = _PairCache()


def token_pair(text: str | None) -> tuple[list[str], list[str]]:
    """``(tokens(text), exact_tokens(text))``, computed together for the index.

    Both are cut at white space first (no word runs across it, and NFC never composes
    across it), so each piece between spaces is cut once and remembered: the pieces of
    articles repeat (Vietnamese writes a syllable per piece), and storing a batch then
    costs a dictionary lookup per piece instead of folding every character again.
    """
    if not text:
        return [], []
    pieces = list(map(_PAIRS.__getitem__, text.split()))
    folded = list(chain.from_iterable(map(_FIRST, pieces)))
    return folded, list(chain.from_iterable(map(_SECOND, pieces)))


def _exact_fold(piece: str) -> list[str]:
    return piece.translate(_TABLE).split()


def fold_even(text: str) -> str | None:
    """``text`` folded character for character (separators as spaces), or None when some
    character folds to nothing or to several, so offsets would not line up."""
    folded = text.translate(_TABLE)
    if len(folded) == len(text) and _UNEVEN.isdisjoint(text):
        return folded
    return None


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Each word of ``text`` (NFC) with its start and end offsets in ``text``.

    The snippet maker marks "«Đại hội»" in the published text by offsets of the
    folded words "dai", "hoi"; the words are exactly those of ``tokens``.
    """
    folded = fold_even(text)
    if folded is not None:  # one folded char per char: offsets carry over
        return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]
    out: list[tuple[str, int, int]] = []
    word: list[str] = []
    start = end = 0
    for i, ch in enumerate(text):
        piece = _TABLE[ord(ch)]
        if not piece:
            continue
        for c in piece:
            if c == " ":
                if word:
                    out.append(("".join(word), start, end))
                    word = []
            else:
                if not word:
                    start = i
                word.append(c)
                end = i + 1
    if word:
        out.append(("".join(word), start, end))
    return out


# Folding cases whose keys the index depends on; if ``fold`` ever changes them, the
# stored index no longer matches the queries and has to be rebuilt.
_PROBES = (
    "Đại hội ĐẠI HỘI đại hội Ðảng",
    "Tỉnh uỷ Tỉnh ủy TỈNH ỦY hoà hòa khoẻ khỏe",
    "Nghị quyết số 12-NQ/TW, x² ½ İstanbul straße",
    "Ban\u00a0Tuyên\u200bgiáo e\u0301",
)


def fingerprint(layout: str) -> str:
    """A short hash of the index layout and of what ``fold`` makes of the probes."""
    data = layout + "\n" + "\n".join(" ".join(tokens(p)) for p in _PROBES)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:12]
