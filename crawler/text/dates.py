"""Read the date strings of Vietnamese propaganda sites as aware datetimes with honest precision.

The sites print dates in some thirty shapes (docs/evidence.md §3): "Thứ năm - 28/12/2023 14:55",
"15/06/2020 | 362" (362 is a view count), "Cập nhật 04/09/2009 - 01:00:58 PM (GMT+7)",
"18 Tháng 9, 2025", "7 ngày trước"… A general parser such as dateparser fails on the labels and
counters around them and invents the parts a string lacks ("năm 2020" → 20 May 2020). This module
is a small explicit grammar instead: it reads only what is printed, says how precise the result
is, and explains in words why there is no date. Nothing here raises on bad input.

Functions (all pure; stdlib only):

- ``parse_date_line``: the visible date line of an article or a listing entry.
- ``parse_iso_strict``: machine dates (JSON-LD, ``<meta>``, ``<time datetime>``).
- ``parse_rss_date``: RFC 822 ``<pubDate>``, with NukeViet's minutes-are-the-month bug.
- ``date_from_url``: ``/2023/09/21/slug``, ``/2023/09/``, ``…-20230921.html``.
- ``is_date_line``: whether a line is *only* a date with its trimmings, by the same grammar
  ``parse_date_line`` reads (one grammar: the plain-text cleaner and the chrome judge use this,
  so a line that parses as a date is also recognised as one, "Ngày 28 tháng 12 năm 2023").
- ``parse_machine_date``: strict ISO first, then the common non-ISO machine forms (RFC 1123 /
  2822, ``YYYY/MM/DD``, ``MM/DD/YYYY`` only when the day is over 12, ``DD/MM/YYYY`` on pages
  that write the day first, such as Vietnamese ones).
- ``offset_minutes``: the UTC offset a parsed value states, in minutes east of UTC.

Rules of ``parse_date_line`` (why: callers pass the text a CMS date-line selector found, and a
selector that misfires hands us a body sentence such as "Thứ năm, các cấp ủy … ngày 30/5/2019"):

- A date line is short: over ``MAX_LINE_CHARS`` (80) characters it is not read at all.
- It holds one date and at most one time of day; two dates ("(30/4/1945 – 30/4/2020)") or two
  times are ambiguous and give no date.
- The date is its main content: besides the date, time, weekday, time zone, numbers (view and
  comment counters) and known labels ("Cập nhật lúc", "Ngày đăng", "Lượt xem", "Publish date"…)
  at most ``MAX_OTHER_WORDS`` (4) other words may appear (room for a byline name).
- A date right after "<word> ngày" where the word is not a label is a date quoted in a sentence
  ("Hội nghị ngày 30/5/2019"); "Đăng ngày 15-05-2022" and "Hà Nội, ngày 08 tháng 01 năm 2021"
  are fine.
- Words between a weekday and the date make the weekday an enumeration ordinal ("Thứ năm, các
  cấp ủy … 30/5/2019" means "fifth", not Thursday) and give no date.
- Weak forms (month only "tháng 7/2020", year only "năm 2020", relative "7 ngày trước") must stand
  alone: nothing but labels and numbers around them.
- A weekday that contradicts the date gives no date; ``problem`` names the contradiction, because
  one of the two is wrong and we cannot tell which.
- A stated offset ("GMT+7", "(GMT+07:00)") gives a fixed offset; otherwise local time is
  Asia/Ho_Chi_Minh (the tz database gives it UTC+8 in 1947–1955 and 1960–1975).
- A missing year is never defaulted ("28-12" → no date, "no year"); years before 1945 or more than
  one year after the fetch (or now) are rejected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

__all__ = [
    "EARLIEST_YEAR",
    "LOCAL_TZ",
    "MAX_LINE_CHARS",
    "MAX_OTHER_WORDS",
    "PRECISION_ORDER",
    "PUBLISHED_LABEL",
    "TODAY_LABEL",
    "UPDATED_LABEL",
    "ParsedDate",
    "Precision",
    "could_hold_date",
    "date_from_url",
    "is_date_line",
    "normalize_date_text",
    "offset_minutes",
    "parse_date_line",
    "parse_iso_strict",
    "parse_machine_date",
    "parse_rss_date",
    "split_date_line",
    "updated_segment",
]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Precision = Literal["minute", "day", "month", "year"]

MAX_LINE_CHARS = 80
MAX_OTHER_WORDS = 4
EARLIEST_YEAR = 1945
_MAX_INPUT = 2000  # longer raw input is refused before any normalization or regex work

PRECISION_ORDER: dict[str, int] = {"minute": 0, "day": 1, "month": 2, "year": 3}


@dataclass(frozen=True)
class ParsedDate:
    """One date read from one string.

    ``value`` is aware: local strings get ``LOCAL_TZ`` or the offset they state ("GMT+7"). For
    day/month/year precision it is local midnight of the first day of the period; ``precision``
    says how much of it is real; seconds are kept when printed, under "minute". ``matched`` is
    the substring read, after Unicode and whitespace normalization: "Thứ năm - 28/12/2023 14:55"
    out of "Thứ năm - 28/12/2023 14:55 35 0". ``relative`` marks values resolved against
    ``fetched_at`` ("7 ngày trước"): their precision is the unit's, and the site's rounding
    ("1 tháng trước" for 45 days) can put them one unit off.
    """

    value: datetime | None
    precision: Precision | None
    matched: str | None
    relative: bool = False
    problem: str | None = None
    warnings: tuple[str, ...] = ()


def _fail(problem: str, matched: str | None = None) -> ParsedDate:
    return ParsedDate(value=None, precision=None, matched=matched, problem=problem)


# --------------------------------------------------------------------------- normalization

_TRANSLATE: dict[int, str | None] = {
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
    **dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u3000\t\r\n\f\v"), " "),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-"),
    **dict.fromkeys(map(ord, "\u2018\u2019\u2032\u00b4"), "'"),
    0x00D0: "\u0110",  # Ð (Icelandic eth) typed for Đ
    0x00F0: "\u0111",  # ð for đ
}


def normalize_date_text(text: str) -> str:
    """NFC; Đ/đ for the look-alikes Ð/ð; one plain space for NBSP and friends; zero-width
    characters dropped; ASCII "-" for en/em dashes and "'" for typographic apostrophes.

    Why: the same "Đăng ngày 15‑05‑2022" arrives as NFD, with NBSP, zero-width joiners or "Ðăng".
    """
    if _TRANSLATED.search(text) is not None:
        # ``str.translate`` looks every character up in the table; most lines hold none of
        # them, and those that do hold few: replaced where they are.
        text = _TRANSLATED.sub(_translated, text)
    return unicodedata.normalize("NFC", text)


# The characters ``_TRANSLATE`` maps, and what each becomes ("" for those it drops).
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")
_REPLACEMENT = {chr(c): to or "" for c, to in _TRANSLATE.items()}


def _translated(match: re.Match[str]) -> str:
    return _REPLACEMENT[match.group()]


# --------------------------------------------------------------------------- grammar

_I = re.IGNORECASE
# Full dates. [0-9], not \d: \d also matches Thai or Arabic-Indic digits.
_DMY = re.compile(r"(?<![0-9/.\-])([0-9]{1,2}) *([/.\-]) *([0-9]{1,2}) *\2 *([0-9]{4})(?![0-9])")
_YMD = re.compile(r"(?<![0-9/.\-])([0-9]{4})([/\-])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])")
_WORDS = re.compile(
    r"(?<![0-9])([0-9]{1,2}) +tháng +([0-9]{1,2})(?: *, *| +)(?:năm +)?([0-9]{4})(?![0-9])", _I
)
# Month names of the other languages the generic finder meets on pages it was not written for
# (English, German, French): "5 March 2024", "March 5th, 2024", "7. September 2017", "2 mai 2019".
_NAMED_MONTHS: dict[str, int] = {
    **{m: i for i, m in enumerate(
        "january february march april may june july august september october november december"
        .split(), 1)},
    **{m: i for i, m in enumerate(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    "sept": 9,
    **{m: i for i, m in enumerate(
        "januar februar märz april mai juni juli august september oktober november dezember"
        .split(), 1)},
    "jänner": 1, "maerz": 3, "mär": 3, "okt": 10, "dez": 12,
    "janv": 1, "févr": 2, "avr": 4, "juil": 7, "déc": 12,
    **{m: i for i, m in enumerate(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
        .split(), 1)},
    # Italian, Spanish, Portuguese: full names only ("set", "mar" are words elsewhere)
    **{m: i for i, m in enumerate(
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre"
        " dicembre".split(), 1)},
    **{m: i for i, m in enumerate(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
        .split(), 1)},
    "setiembre": 9,
    **{m: i for i, m in enumerate(
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"
        .split(), 1)},
}  # fmt: skip
_MONTH_NAME = "|".join(sorted(map(re.escape, _NAMED_MONTHS), key=len, reverse=True))
_NAMED_DMY = re.compile(
    rf"(?<![0-9])([0-9]{{1,2}})(?:\.|st|nd|rd|th|er)? *(?:de +)?\b({_MONTH_NAME})\b\.?,? +"
    r"(?:de +)?([0-9]{4})(?![0-9])",
    _I,
)
_NAMED_MDY = re.compile(
    rf"\b({_MONTH_NAME})\b\.? +([0-9]{{1,2}})(?:st|nd|rd|th)?,? +([0-9]{{4}})(?![0-9])", _I
)
_MONTH = re.compile(r"\btháng +([0-9]{1,2})(?: *[/.\-] *| *, *| +năm +| +)([0-9]{4})(?![0-9])", _I)
_YEAR = re.compile(r"\bnăm +([0-9]{4})(?![0-9])", _I)
# "31.10.23": day, month and a two-digit year with dots (German and Central European pages);
# the century is the one that puts the year at most one year after the reference year.
_DMY_DOTS_SHORT = re.compile(
    r"(?<![\w/.\-])([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{2})(?![\w.\-/]|\.[0-9])"
)
# "2020年07月03日" (Chinese, Japanese), "2020년 7월 3일" (Korean): year, month, day.
_CJK = re.compile(
    r"(?<![0-9])([0-9]{4}) *[年년] *([0-9]{1,2}) *[月월] *([0-9]{1,2}) *[日일](?![0-9])"
)
_TWO_DIGIT_YEAR = re.compile(r"(?<![0-9/.\-])[0-9]{1,2}([/.\-])[0-9]{1,2}\1[0-9]{2}(?![0-9])")
_PARTIAL = re.compile(r"(?<![0-9/.\-:])[0-9]{1,2} *[/.\-] *[0-9]{1,2}(?![0-9]|[/.\-][0-9])")

_TIME = re.compile(
    r"(?<![0-9:])([0-9]{1,2})(?::|h)([0-9]{2})(?::([0-9]{2}))?(?![0-9:])"
    r"(?: *')?(?: *\b(AM|PM|SA|CH)\b)?",
    _I,
)
_TZ = re.compile(
    r"\(? *\b(?:GMT|UTC)(?: *([+\-]) *([0-9]{1,2})(?::?([0-9]{2}))?)?(?![0-9]) *\)?", _I
)
_WEEKDAY = re.compile(
    r"\b(?:thứ *(hai|ba|tư|bốn|năm|sáu|bảy|bẩy)\b|thứ *([2-7])(?![0-9])(?![/.\-][0-9])"
    r"|t([2-7])\b(?![/.\-][0-9])|(chủ *nhật|cn)\b"
    r"|(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)",
    _I,
)
_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tư": 2, "bốn": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_UNIT = r"(giây|phút|giờ|tiếng|ngày|tuần|tháng|năm)"
_RELATIVE = re.compile(
    rf"\b(?:([0-9]{{1,4}}|một|vài) *{_UNIT} +trước\b|cách +đây +([0-9]{{1,4}}|một|vài) *{_UNIT}\b"
    r"|(hôm +qua|hôm +kia|hôm +nay|vừa +xong)\b(?! *:))",
    _I,
)
_LETTERS = re.compile(r"[^\W\d_]+")
_SENTENCE_NGAY = re.compile(r"([^\W\d_]+) +ngày[ :]*$", _I)

# Words a date line may carry besides the date: labels, counter names, byline labels.
_KNOWN_WORDS = frozenset(
    """
    cập nhật lúc ngày đăng gửi xuất bản thời gian vào hồi tin bài viết
    lượt xem đọc truy đã bình luận thích chia sẻ tác giả người bởi nguồn
    publish published date posted post on at updated update last modified created by
    view views viewed count hits comment comments share shares gmt utc ict
    """.split()
)


def _year_problem(year: int, fetched_at: datetime | None) -> str | None:
    if year < EARLIEST_YEAR:
        return f"year {year} is before {EARLIEST_YEAR}"
    ref = (fetched_at or datetime.now(UTC)).year
    if year > ref + 1:
        return f"year {year} is in the future"
    return None


def _aware(fetched_at: object) -> datetime | None:
    """fetched_at as an aware datetime; a naive one is read as UTC (crawler clocks run in UTC)."""
    if not isinstance(fetched_at, datetime):
        return None
    return fetched_at if fetched_at.tzinfo is not None else fetched_at.replace(tzinfo=UTC)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _day_start(year: int, month: int = 1, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=LOCAL_TZ)


def _content_problem(
    blanked: str, date_start: int, weekday: re.Match[str] | None, max_other: int
) -> str | None:
    """Why the line is not a date line (see the module docstring), or None."""
    if weekday is not None and weekday.end() <= date_start:
        between = [
            w
            for w in _LETTERS.findall(blanked[weekday.end() : date_start])
            if w.casefold() not in _KNOWN_WORDS
        ]
        if between:
            return (
                f"'{weekday.group(0).strip()}' is followed by words ('{' '.join(between[:3])}…'),"
                " an enumeration, not a weekday"
            )
    sentence = _SENTENCE_NGAY.search(blanked[:date_start])
    if sentence and sentence.group(1).casefold() not in _KNOWN_WORDS:
        return f"the date follows '{sentence.group(1)} ngày' inside a sentence"
    other = [w for w in _LETTERS.findall(blanked) if w.casefold() not in _KNOWN_WORDS]
    if len(other) > max_other:
        return f"the date is not the main content of the line (other words: {' '.join(other[:6])})"
    return None


def _full_year(short: int, reference: int) -> int:
    """The four-digit year of "23" in "31.10.23": at most one year after ``reference``."""
    year = reference // 100 * 100 + short
    return year - 100 if year > reference + 1 else year


def _find_full_dates(
    text: str, day_first: bool = True, reference_year: int | None = None
) -> list[tuple[re.Match[str], int, int, int]]:
    """(match, year, month, day) of every full date, left to right, without overlaps.

    Numeric dates are day first ("05/06/2023" is 5 June), except where that is impossible and
    month first is not ("12/28/2023"), or where ``day_first`` is False (American pages) and
    both orders are possible. "31.10.23" (dots, two-digit year) is day first, its century
    taken from ``reference_year`` (the fetch year, else this year).
    """
    found: list[tuple[re.Match[str], int, int, int]] = []
    reference = reference_year or datetime.now(UTC).year
    for m in _CJK.finditer(text):
        found.append((m, int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _DMY_DOTS_SHORT.finditer(text):
        found.append((m, _full_year(int(m.group(3)), reference), int(m.group(2)), int(m.group(1))))
    for m in _DMY.finditer(text):
        first, second = int(m.group(1)), int(m.group(3))
        if (second > 12 or not day_first) and first <= 12 and (second <= 31):
            first, second = second, first  # month first
        found.append((m, int(m.group(4)), second, first))
    for m in _YMD.finditer(text):
        found.append((m, int(m.group(1)), int(m.group(3)), int(m.group(4))))
    for m in _WORDS.finditer(text):
        found.append((m, int(m.group(3)), int(m.group(2)), int(m.group(1))))
    if not _NAMED_MONTHS.keys().isdisjoint(_LETTERS.findall(text.casefold())):
        for m in _NAMED_DMY.finditer(text):
            month = _NAMED_MONTHS[m.group(2).casefold()]
            found.append((m, int(m.group(3)), month, int(m.group(1))))
        for m in _NAMED_MDY.finditer(text):
            month = _NAMED_MONTHS[m.group(1).casefold()]
            found.append((m, int(m.group(3)), month, int(m.group(2))))
    found.sort(key=lambda f: f[0].start())
    kept: list[tuple[re.Match[str], int, int, int]] = []
    for f in found:
        if kept and f[0].start() < kept[-1][0].end():
            continue
        kept.append(f)
    return kept


def _weekday_index(m: re.Match[str]) -> int:
    word, digit, short, sunday, english = m.groups()
    if word:
        return _WEEKDAY_WORDS[word.casefold()]
    if digit or short:
        return int(digit or short) - 2  # Thứ 2 = Monday
    if sunday:
        return 6
    return _ENGLISH_DAYS.index(english.casefold())


def _span_text(text: str, matches: list[re.Match[str] | None]) -> str:
    present = [m for m in matches if m is not None]
    start = min(m.start() for m in present)
    end = max(m.end() for m in present)
    return text[start:end].strip()


def _fixed_offset(sign: str, hours: str, minutes: str | None) -> timezone | None:
    h, mi = int(hours), int(minutes or 0)
    if h > 14 or mi > 59:
        return None
    delta = timedelta(hours=h, minutes=mi)
    return timezone(-delta if sign == "-" else delta)


# --------------------------------------------------------------------------- date lines


def parse_date_line(
    text: str, fetched_at: datetime | None = None, day_first: bool = True
) -> ParsedDate:
    """Read the visible date line of an article or listing entry.

    "Thứ năm - 28/12/2023 14:55" → 2023-12-28 14:55+07:00, minute;
    "15/06/2020 | 362" → 2020-06-15, day (362 is the view count);
    "tháng 7/2020" → July 2020, month; "2 giờ trước" → fetched_at − 2 h, relative.
    Rules and refusals are listed in the module docstring. ``day_first=False`` (American
    pages) reads "08/11/2023" as 11 August; "12/28/2023" is 28 December either way.
    """
    if not isinstance(text, str):
        return _fail("no date line (not a string)")
    if len(text) > _MAX_INPUT:
        return _fail(f"too long for a date line ({len(text)} chars > {MAX_LINE_CHARS})")
    line = normalize_date_text(text)
    collapsed = " ".join(line.split())
    if not collapsed:
        return _fail("empty date line")
    if len(collapsed) > MAX_LINE_CHARS:
        return _fail(f"too long for a date line ({len(collapsed)} chars > {MAX_LINE_CHARS})")
    fetched = _aware(fetched_at)
    if fetched is None:  # a page's finder reads the same short line several times
        return _read_line_now(collapsed, day_first, datetime.now(UTC).year)
    return _read_line(collapsed, fetched, day_first)


@lru_cache(maxsize=2048)
def _read_line_now(line: str, day_first: bool, year: int) -> ParsedDate:
    """``_read_line`` without a fetch time, kept per line (``year``, this year, is part of the
    key because the grammar refuses years after the next one)."""
    return _read_line(line, None, day_first)


def _read_line(line: str, fetched: datetime | None, day_first: bool) -> ParsedDate:
    """``parse_date_line`` on a normalized line of single spaces (``matched`` is cut from it)."""
    dates = _find_full_dates(line, day_first, fetched.year if fetched is not None else None)
    if len(dates) > 1:
        shown = ", ".join(d[0].group(0) for d in dates)
        return _fail(f"more than one date in the line: {shown}")
    if dates:
        return _read_full_date(line, *dates[0], fetched=fetched)

    month = list(_MONTH.finditer(line))
    if month:
        return _read_period(line, month, fetched, "month")
    year = list(_YEAR.finditer(line))
    if year:
        return _read_period(line, year, fetched, "year")
    relative = list(_RELATIVE.finditer(line))
    if relative:
        return _read_relative(line, relative, fetched)

    two_digit = _TWO_DIGIT_YEAR.search(line)
    if two_digit:
        return _fail(f"two-digit year in '{two_digit.group(0)}'; the century is not printed")
    partial = _PARTIAL.search(line)
    if partial:
        return _fail(f"no year in '{partial.group(0).strip()}'")
    return _fail("no date found")


def _read_full_date(
    line: str,
    dm: re.Match[str],
    year: int,
    month: int,
    day: int,
    *,
    fetched: datetime | None,
) -> ParsedDate:
    spans = [dm.span()]
    rest = _blank(line, spans)
    zones = list(_TZ.finditer(rest))  # before times: "GMT+07:00" holds a time-like "07:00"
    if len(zones) > 1:
        return _fail(f"more than one time zone in the line: {', '.join(z.group(0) for z in zones)}")
    tz_match = zones[0] if zones else None
    if tz_match:
        spans.append(tz_match.span())
        rest = _blank(line, spans)
    times = list(_TIME.finditer(rest))
    if len(times) > 1:
        shown = ", ".join(t.group(0) for t in times)
        return _fail(f"more than one time of day in the line: {shown}")
    tm = times[0] if times else None
    if tm:
        spans.append(tm.span())
        rest = _blank(line, spans)
    else:
        tz_match = None  # a zone without a time says nothing about a day
    weekdays = list(_WEEKDAY.finditer(rest))
    if len(weekdays) > 1:
        return _fail(
            f"more than one weekday in the line: {', '.join(w.group(0) for w in weekdays)}"
        )
    wd = weekdays[0] if weekdays else None
    if wd:
        spans.append(wd.span())
        rest = _blank(line, spans)

    problem = _content_problem(rest, dm.start(), wd, MAX_OTHER_WORDS)
    if problem:
        return _fail(problem)
    matched = _span_text(line, [dm, tm, tz_match, wd])
    problem = _year_problem(year, fetched)
    if problem:
        return _fail(problem, matched)
    try:
        day_date = date(year, month, day)
    except ValueError:
        return _fail(f"impossible date {dm.group(0)}", matched)
    if wd and _weekday_index(wd) != day_date.weekday():
        actual = _ENGLISH_DAYS[day_date.weekday()].capitalize()
        return _fail(f"weekday {wd.group(0).strip()} contradicts {dm.group(0)} ({actual})", matched)
    if tm is None:
        return ParsedDate(_day_start(year, month, day), "day", matched)

    hour, minute = int(tm.group(1)), int(tm.group(2))
    second = int(tm.group(3) or 0)
    meridiem = (tm.group(4) or "").upper()
    if meridiem:
        if not 1 <= hour <= 12 and not (hour == 0 and meridiem in ("AM", "SA")):
            return _fail(f"impossible time {tm.group(0).strip()}", matched)
        hour = hour % 12 + (12 if meridiem in ("PM", "CH") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return _fail(f"impossible time {tm.group(0).strip()}", matched)
    zone: tzinfo = LOCAL_TZ
    if tz_match:
        sign, hours, minutes = tz_match.groups()
        offset = _fixed_offset(sign, hours, minutes) if sign else UTC
        if offset is None:
            return _fail(f"impossible time zone {tz_match.group(0).strip()}", matched)
        zone = offset
    value = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    return ParsedDate(value, "minute", matched)


def _read_period(
    line: str, found: list[re.Match[str]], fetched: datetime | None, precision: Precision
) -> ParsedDate:
    if len(found) > 1:
        return _fail(f"more than one date in the line: {', '.join(m.group(0) for m in found)}")
    m = found[0]
    problem = _content_problem(_blank(line, [m.span()]), m.start(), None, 0)
    if problem:
        return _fail(problem)
    year = int(m.group(m.lastindex or 1))
    month = int(m.group(1)) if precision == "month" else 1
    problem = _year_problem(year, fetched)
    if problem:
        return _fail(problem, m.group(0))
    if not 1 <= month <= 12:
        return _fail(f"impossible month {m.group(0)}", m.group(0))
    return ParsedDate(_day_start(year, month), precision, m.group(0))


_UNIT_PRECISION: dict[str, Precision] = {
    "giây": "minute",
    "phút": "minute",
    "giờ": "minute",
    "tiếng": "minute",
    "ngày": "day",
    "tuần": "day",
    "tháng": "month",
    "năm": "year",
}


_UNIT_SECONDS = {"giây": 1, "phút": 60, "giờ": 3600, "tiếng": 3600}
_FIXED_RELATIVE = {
    "vừa xong": (0, "giây"),
    "hôm nay": (0, "ngày"),
    "hôm qua": (1, "ngày"),
    "hôm kia": (2, "ngày"),
}


def _relative_value(fetched: datetime, count: int, unit: str) -> datetime:
    local = fetched.astimezone(LOCAL_TZ)
    precision = _UNIT_PRECISION[unit]
    if precision == "minute":
        instant = fetched - timedelta(seconds=_UNIT_SECONDS[unit] * count)
        return instant.astimezone(LOCAL_TZ).replace(second=0, microsecond=0)
    if precision == "day":
        day = local.date() - timedelta(days=count * (7 if unit == "tuần" else 1))
        return _day_start(day.year, day.month, day.day)
    if precision == "month":
        year, month0 = divmod(local.year * 12 + local.month - 1 - count, 12)
        return _day_start(year, month0 + 1)
    return _day_start(local.year - count)


def _read_relative(line: str, found: list[re.Match[str]], fetched: datetime | None) -> ParsedDate:
    if len(found) > 1:
        return _fail(f"more than one relative date: {', '.join(m.group(0) for m in found)}")
    m = found[0]
    matched = m.group(0).strip()
    problem = _content_problem(_blank(line, [m.span()]), m.start(), None, 0)
    if problem:
        return _fail(problem)
    if fetched is None:
        return _fail(f"relative date '{matched}' needs fetched_at", matched)
    fixed = " ".join((m.group(5) or "").casefold().split())
    if fixed:
        count, unit = _FIXED_RELATIVE[fixed]
    else:
        count_text = (m.group(1) or m.group(3)).casefold()
        unit = (m.group(2) or m.group(4)).casefold()
        if count_text == "vài" and unit != "giây":
            return _fail(f"vague relative date '{matched}'", matched)
        words = {"vài": 0, "một": 1}
        count = words[count_text] if count_text in words else int(count_text)
    try:
        value = _relative_value(fetched, count, unit)
    except (OverflowError, ValueError):
        return _fail(f"relative date '{matched}' is out of range", matched)
    problem = _year_problem(value.year, fetched)
    if problem:
        return _fail(problem, matched)
    warnings = ("relative to when the page was rendered; a cached page shifts it",)
    return ParsedDate(value, _UNIT_PRECISION[unit], matched, relative=True, warnings=warnings)


# --------------------------------------------------------------------------- a quick refusal

# Looser forms of the grammar's patterns, without its look-arounds: whatever part of a line
# the grammar reads a date from, these find in the whole line (``could_hold_date``).
_SHAPE = re.compile(
    r"[0-9] *[/.\-] *[0-9]{1,2} *[/.\-] *[0-9]{4}"  # _DMY
    r"|[0-9]{4}[/\-][0-9]{1,2}[/\-][0-9]"  # _YMD
    r"|[0-9]\.[0-9]{1,2}\.[0-9]{2}"  # _DMY_DOTS_SHORT
    r"|[0-9]{4} *[年년] *[0-9]{1,2} *[月월] *[0-9]{1,2} *[日일]"  # _CJK
)
_FOUR_DIGITS = re.compile(r"[0-9]{4}")
_DATE_WORD = re.compile(rf"tháng|năm|\b(?:{_MONTH_NAME})", _I)  # _WORDS, _MONTH, _YEAR, named
_RELATIVE_WORD = re.compile(r"trước|cách|hôm|vừa", _I)  # _RELATIVE


def could_hold_date(text: str, relative: bool = False) -> bool:
    """False when ``parse_date_line`` reads a date from no part of ``text`` (a quick refusal
    for a finder that tries a line whole and in pieces): no numeric or CJK date shape, no
    year with a month word, and, when ``relative`` dates count (a fetch time is known), no
    relative word. True says nothing: the grammar decides."""
    line = normalize_date_text(text)
    return bool(
        _SHAPE.search(line)
        or (_FOUR_DIGITS.search(line) and _DATE_WORD.search(line))
        or (relative and _RELATIVE_WORD.search(line))
    )


# --------------------------------------------------------------------------- recognising lines

# Words a line may hold and still be nothing but a date line: the labels of ``_KNOWN_WORDS``
# minus those that name people or things (a byline, "Tin bài"), plus the meridiem markers.
_NAMING_WORDS = {"tin", "bài", "viết", "tác", "giả", "người", "bởi", "nguồn", "by"}
_LINE_WORDS = (_KNOWN_WORDS - _NAMING_WORDS) | {
    "am", "pm", "sa", "ch", "h", "tháng", "năm", "số", "lần", "ngày",
}  # fmt: skip
_MAX_RECOGNISED_CHARS = 100
_MAX_RECOGNISED_WORDS = 16


def is_date_line(text: str) -> bool:
    """True for a short line that is only a date and its trimmings (weekday, time, zone,
    labels, counters), read with ``parse_date_line``'s own patterns.

    "Thứ năm - 28/12/2023 14:55", "15/06/2020 | 362", "( Cập nhật lúc: 14/10/2020 )",
    "Ngày 28 tháng 12 năm 2023", "06/01/21 06:01" (two-digit year: still a date line, though
    it gives no date) are; "Hà Nội, ngày 08 tháng 01 năm 2021" (a place),
    "Sáng 28-12, Ban Tuyên giáo …" (no year, a sentence) and "Tin, ảnh: … 28/12/2023" (a
    byline) are not.
    """
    if not isinstance(text, str) or len(text) > _MAX_INPUT:
        return False
    line = " ".join(normalize_date_text(text).split())
    if not line or len(line) > _MAX_RECOGNISED_CHARS or len(line.split()) > _MAX_RECOGNISED_WORDS:
        return False
    return _is_date_text(line)


@lru_cache(maxsize=2048)
def _is_date_text(line: str) -> bool:
    """``is_date_line`` on a normalized line of single spaces, kept per line."""
    spans = [d[0].span() for d in _find_full_dates(line)]
    spans += [m.span() for m in _TWO_DIGIT_YEAR.finditer(line)]
    if not spans:
        return False
    rest = _blank(line, spans)
    for rx in (_TZ, _TIME, _WEEKDAY):
        rest = _blank(rest, [m.span() for m in rx.finditer(rest)])
    return all(w.casefold() in _LINE_WORDS for w in _LETTERS.findall(rest))


# Labels of a date line: which date it is.
PUBLISHED_LABEL = re.compile(
    r"\b(?:đăng|xuất bản|ngày đăng|posted|published|publish|veröffentlicht|publié|erschienen)",
    re.I,
)
UPDATED_LABEL = re.compile(
    r"\b(?:cập nhật|sửa|updated?|modified|last modified|aktualisiert|mis à jour)\b", re.I
)
TODAY_LABEL = re.compile(r"\b(?:hôm nay|today|heute)\b", re.I)
# Where one line holds two labelled dates: split before each label and at "|".
_SPLIT = re.compile(
    r"\s*\|\s*|\s+(?=(?:ngày )?(?:cập nhật|đăng|xuất bản|updated|modified|published|posted)\b)",
    re.I,
)
_MAX_META_LINE = 120


def split_date_line(line: str, fetched_at: datetime | None = None) -> tuple[str, str] | None:
    """The date segment of a short metadata line and its label kind, or None.

    "Đăng ngày: 05/04/2024 - 10:22 | Cập nhật: 06/04/2024" → the first segment, "published";
    "Đăng bởi Ban Tuyên giáo | 18 Tháng 9, 2025 | 0 Bình luận" → "18 Tháng 9, 2025", "plain";
    "Hôm nay: Thứ hai, 07/12/2026" → None (a clock); "2 ngày trước" → itself, "plain" (with
    ``fetched_at``). A whole line that is one date line is returned whole (its counter is read
    by the caller).
    """
    text = " ".join(normalize_date_text(line).split())
    if not text or len(text) > _MAX_META_LINE or TODAY_LABEL.search(text):
        return None
    candidates: list[tuple[str, str]] = []
    parts = [text] if is_date_line(text) and parse_date_line(text, fetched_at).value else []
    if not parts:
        parts = [p for p in _SPLIT.split(text) if p and p.strip()]
        if len(parts) > 6:
            return None
    for part in parts:
        part = part.strip(" -–|,;")
        read = parse_date_line(part, fetched_at) if part else None
        if read is None or read.value is None or not (is_date_line(part) or read.relative):
            continue  # a relative date ("2 ngày trước") parses only when it stands alone
        kind = (
            "updated"
            if UPDATED_LABEL.search(part)
            else "published"
            if PUBLISHED_LABEL.search(part)
            else "plain"
        )
        candidates.append((part, kind))
    for wanted in ("published", "plain", "updated"):
        for part, kind in candidates:
            if kind == wanted:
                return part, kind
    return None


def updated_segment(line: str, fetched_at: datetime | None = None) -> str | None:
    """The updated-labelled date segment of a metadata line ("Cập nhật: 06/04/2024 - 08:00"
    out of "Đăng ngày: 05/04/2024 - 10:22 | Cập nhật: 06/04/2024 - 08:00"), if any."""
    text = " ".join(normalize_date_text(line).split())
    if not text or len(text) > _MAX_META_LINE:
        return None
    for part in _SPLIT.split(text):
        part = (part or "").strip(" -–|,;")
        if (
            part
            and UPDATED_LABEL.search(part)
            and is_date_line(part)
            and parse_date_line(part, fetched_at).value is not None
        ):
            return part
    return None


# --------------------------------------------------------------------------- machine dates

_ISO = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?(Z|[+\-][0-9]{2}(?::?[0-9]{2})?)?)?)?)?",
    _I,
)
_NUKEVIET_META = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[+\-][0-9]{2}(?::?[0-9]{2})?|[A-Za-z]{2,5})"
    r"[0-9]{2}:[0-9]{2}:[0-9]{2}"
)


def parse_iso_strict(text: str, fetched_at: datetime | None = None) -> ParsedDate:
    """Read a strict ISO 8601 / W3C-DTF date from JSON-LD, ``<meta>`` or ``<time datetime>``.

    "2018-08-07T17:23:45+07:00" → minute; "2023-12-28" → day; "2023-12" → month; "2023" →
    year; a time without offset is read as Asia/Ho_Chi_Minh (with a warning). Strict because
    NukeViet prints ``date('Y-m-dTH:i:s')`` where PHP's T is the zone name, giving
    "2023-12-28+0714:55:00" or "2023-12-28ICT14:55:00": those are refused, not guessed at.
    """
    if not isinstance(text, str):
        return _fail("no machine date (not a string)")
    if len(text) > 200:
        return _fail("too long for a machine date")
    raw = normalize_date_text(text).strip()
    if not raw:
        return _fail("empty machine date")
    m = _ISO.fullmatch(raw)
    if m is None:
        if _NUKEVIET_META.fullmatch(raw):
            return _fail(
                f"malformed NukeViet date '{raw}' (PHP 'Y-m-dTH:i:s' prints the zone for T)"
            )
        return _fail(f"not strict ISO 8601: '{raw[:40]}'")
    year_s, month_s, day_s, hour_s, minute_s, second_s, fraction, zone_s = m.groups()
    year = int(year_s)
    problem = _year_problem(year, _aware(fetched_at))
    if problem:
        return _fail(problem, raw)
    month, day = int(month_s or 1), int(day_s or 1)
    try:
        date(year, month, day)
    except ValueError:
        return _fail(f"impossible date {raw}", raw)
    if month_s is None:
        return ParsedDate(_day_start(year), "year", raw)
    if day_s is None:
        return ParsedDate(_day_start(year, month), "month", raw)
    if hour_s is None:
        return ParsedDate(_day_start(year, month, day), "day", raw)
    hour, minute, second = int(hour_s), int(minute_s), int(second_s or 0)
    if hour > 23 or minute > 59 or second > 59:
        return _fail(f"impossible time in {raw}", raw)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    warnings: tuple[str, ...] = ()
    zone: tzinfo
    if zone_s is None:
        zone = LOCAL_TZ
        warnings = ("no UTC offset; read as Asia/Ho_Chi_Minh",)
    elif zone_s.upper() == "Z":
        zone = UTC
    else:
        digits = zone_s[1:].replace(":", "")
        offset = _fixed_offset(zone_s[0], digits[:2], digits[2:] or None)
        if offset is None:
            return _fail(f"impossible UTC offset in {raw}", raw)
        zone = offset
    value = datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    return ParsedDate(value, "minute", raw, warnings=warnings)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RSS = re.compile(
    r"(?:(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? +)?([0-9]{1,2}) +([a-z]{3})[a-z]* +([0-9]{2,4})"
    r"(?: +([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
    r"(?: +(gmt|ut|utc|z|[ecmp][sd]t|[+\-][0-9]{4}))?)?",
    _I,
)
_US_ZONES = {"est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}


def parse_rss_date(
    text: str, day_only: bool = False, fetched_at: datetime | None = None
) -> ParsedDate:
    """Read an RFC 822 ``<pubDate>`` such as "Thu, 28 Dec 2023 07:12:00 GMT".

    ``day_only`` is for NukeViet 4.0–4.5, which writes ``gmdate('D, j M Y H:m:s')``: the minutes
    are the month (":12" in December) but the hour is a real GMT hour. The local day is therefore
    known: "Thu, 28 Dec 2023 20:12:00 GMT" is 29/12/2023 in Việt Nam (20 h GMT = 03 h next day).
    We return that local day at day precision.
    """
    if not isinstance(text, str):
        return _fail("no RSS date (not a string)")
    if len(text) > 200:
        return _fail("too long for an RSS date")
    raw = " ".join(normalize_date_text(text).split())
    m = _RSS.fullmatch(raw)
    if m is None:
        return _fail(f"not an RFC 822 date: '{raw[:40]}'")
    wday, day_s, mon_s, year_s, hour_s, minute_s, second_s, zone_s = m.groups()
    if mon_s.casefold() not in _MONTHS:
        return _fail(f"unknown month '{mon_s}'", raw)
    if len(year_s) != 4:
        return _fail(f"year '{year_s}' is not four digits", raw)
    year, month, day = int(year_s), _MONTHS.index(mon_s.casefold()) + 1, int(day_s)
    problem = _year_problem(year, _aware(fetched_at))
    if problem:
        return _fail(problem, raw)
    try:
        printed = date(year, month, day)
    except ValueError:
        return _fail(f"impossible date {raw}", raw)
    if wday and _ENGLISH_DAYS[printed.weekday()][:3] != wday.casefold():
        actual = _ENGLISH_DAYS[printed.weekday()].capitalize()
        return _fail(f"weekday {wday} contradicts {day} {mon_s} {year} ({actual})", raw)
    if hour_s is None:
        return ParsedDate(_day_start(year, month, day), "day", raw)
    hour, minute, second = int(hour_s), int(minute_s), int(second_s or 0)
    if hour > 23 or (not day_only and (minute > 59 or second > 59)):
        return _fail(f"impossible time in {raw}", raw)
    if zone_s is None:
        return ParsedDate(
            _day_start(year, month, day), "day", raw, warnings=("no time zone; kept the day only",)
        )
    zone_key = zone_s.casefold()
    zone: tzinfo
    if zone_key in ("gmt", "ut", "utc", "z"):
        zone = UTC
    elif zone_key in _US_ZONES:
        zone = timezone(timedelta(hours=_US_ZONES[zone_key]))
    else:
        offset = _fixed_offset(zone_s[0], zone_s[1:3], zone_s[3:5])
        if offset is None:
            return _fail(f"impossible UTC offset in {raw}", raw)
        zone = offset
    if day_only:
        # Vietnam's offsets were whole hours, so the real (unknown) minutes cannot move the day.
        local_day = datetime(year, month, day, hour, tzinfo=zone).astimezone(LOCAL_TZ).date()
        warnings = () if minute == month else ("minutes differ from the month; bug may be fixed",)
        value = _day_start(local_day.year, local_day.month, local_day.day)
        return ParsedDate(value, "day", raw, warnings=warnings)
    value = datetime(year, month, day, hour, minute, second, tzinfo=zone)
    return ParsedDate(value, "minute", raw)


# --------------------------------------------------------------------------- URLs

_URL_ISO = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_URL_DIGITS = re.compile(r"(?<![0-9])([0-9]{8}|[0-9]{12}|[0-9]{14}|[0-9]{17})(?![0-9])")


# A web archive's copy: "/web/20131110121040/http://…" (the digits are the capture time).
_WAYBACK = re.compile(r"/web/[0-9]{8,14}[a-z_]*/+(.+)$", re.I)
# "/2020-02/19/c_1125597921.htm": year-month then the day, as Chinese news CMSes write it.
_YEAR_MONTH_DAY = re.compile(r"/([0-9]{4})-([0-9]{2})/([0-9]{2})/")


def _valid_day(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def date_from_url(url: str, fetched_at: datetime | None = None) -> ParsedDate:
    """A date the URL path states unambiguously.

    "/2023/09/21/slug" → day; "/2023/09/slug" → month; "/tin-tuc/slug-20230921.html" (also the
    12/14/17-digit "YYYYMMDDhhmm…" ids of news CMSes) → day. An 8-digit run that also reads as a
    valid DDMMYYYY is ambiguous and ignored; so are URLs stating two different dates. The query
    string is ignored (it carries filters, not publication dates).
    """
    if not isinstance(url, str) or len(url) > 4000:
        return _fail("no usable URL")
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return _fail("unparseable URL")
    archived = _WAYBACK.match(path)
    if archived:  # the archive's capture time is not the page's date; read the page's URL
        return date_from_url(archived.group(1), fetched_at)
    fetched = _aware(fetched_at)
    found: list[tuple[int, int, int | None, str]] = []  # year, month, day or None, text
    for m in _YEAR_MONTH_DAY.finditer(path):
        found.append((int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0).strip("/")))
    segments = path.split("/")
    for i, seg in enumerate(segments[:-1]):
        nxt = segments[i + 1]
        if re.fullmatch(r"[0-9]{4}", seg) and re.fullmatch(r"[0-9]{1,2}", nxt):
            third = segments[i + 2] if i + 2 < len(segments) else ""
            if re.fullmatch(r"[0-9]{1,2}", third):
                found.append((int(seg), int(nxt), int(third), f"{seg}/{nxt}/{third}"))
            else:
                found.append((int(seg), int(nxt), None, f"{seg}/{nxt}"))
    for m in _URL_ISO.finditer(path):
        found.append((int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(0)))
    for m in _URL_DIGITS.finditer(path):
        s = m.group(1)
        if len(s) == 8 and _valid_day(int(s[4:8]), int(s[2:4]), int(s[:2])):
            continue  # also a valid DDMMYYYY
        if len(s) > 8 and (int(s[8:10]) > 23 or int(s[10:12]) > 59):
            continue
        found.append((int(s[:4]), int(s[4:6]), int(s[6:8]), s))

    valid = [
        f
        for f in found
        if 1 <= f[1] <= 12
        and (f[2] is None or _valid_day(f[0], f[1], f[2]))
        and _year_problem(f[0], fetched) is None
    ]
    if not valid:
        return _fail("no date in the URL")
    days = {(y, mo, d) for y, mo, d, _ in valid if d is not None}
    months = {(y, mo) for y, mo, _, _ in valid}
    if len(days) > 1 or len(months) > 1:
        return _fail(f"more than one date in the URL: {', '.join(f[3] for f in valid)}")
    best = min(valid, key=lambda f: f[2] is None)
    year, month, day, text = best
    if day is None:
        return ParsedDate(_day_start(year, month), "month", text)
    return ParsedDate(_day_start(year, month, day), "day", text)


# --------------------------------------------------------------------------- non-ISO machine dates

# A zone after a machine time: Z, UTC/GMT, a numeric offset, or a US/Central European
# abbreviation ("2020-09-29T00:30:00PDT", "Tue, Sep 15 2020 10:01:41 EDT").
_MACHINE_ZONE = r"(Z|UTC|GMT|[ECMP][SD]T|CES?T|[+\-][0-9]{2}:?[0-9]{2})"
_ZONE_HOURS = {**_US_ZONES, "cet": 1, "cest": 2}
_ISO_LOOSE = re.compile(
    r"([0-9]{4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,2})(?:[T ,]+([0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)"
    rf"(?:[.,:]([0-9]{{1,9}}))?)?(?: *{_MACHINE_ZONE})?",
    _I,
)
_NUMERIC_DAY = re.compile(
    r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4})(?:[T ,]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
    rf"(?: *(AM|PM))?)?(?: *{_MACHINE_ZONE})?",
    _I,
)
_MONTH_NAMES = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"  # English month names
_NAMED_MONTH = re.compile(
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? +)?"
    rf"(?:{_MONTH_NAMES} +([0-9]{{1,2}})(?:st|nd|rd|th)?,? +([0-9]{{4}})"
    rf"|([0-9]{{1,2}})(?:st|nd|rd|th)?\.? +{_MONTH_NAMES},? +([0-9]{{4}}))"
    r"(?:,? +(?:at +)?([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))? *(am|pm)?)?"
    rf"(?: *{_MACHINE_ZONE})?",
    _I,
)


def _zone_suffix(zone: str | None) -> str:
    if not zone:
        return ""
    if zone.upper() in ("Z", "UTC", "GMT"):
        return "Z"
    if zone.casefold() in _ZONE_HOURS:
        hours = _ZONE_HOURS[zone.casefold()]
        return f"{'-' if hours < 0 else '+'}{abs(hours):02d}:00"
    digits = zone[1:].replace(":", "")
    return f"{zone[0]}{digits[:2]}:{digits[2:]}"


def _iso_text(y: int, mo: int, d: int, hms: str | None, zone: str | None) -> str:
    day = f"{y:04d}-{mo:02d}-{d:02d}"
    if not hms:
        return day
    return f"{day}T{hms}{_zone_suffix(zone)}"


def _clock(hour: str, minute: str, second: str | None, meridiem: str | None) -> str | None:
    h, mi = int(hour), int(minute)
    if meridiem:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if meridiem.upper() == "PM" else 0)
    return f"{h:02d}:{mi:02d}:{int(second or 0):02d}"


def parse_machine_date(
    text: str, fetched_at: datetime | None = None, day_first: bool = False
) -> ParsedDate:
    """A machine date (JSON-LD, ``<meta>``, ``<time datetime>``) in ISO 8601 or a common
    non-ISO form.

    Strict ISO first (``parse_iso_strict``, which refuses NukeViet's malformed values); then
    "2023/12/28 14:55", "2023-12-28 14:55:00 +0700"; RFC 1123 / 2822 ("Thu, 28 Dec 2023
    07:12:00 GMT"); "December 28, 2023" and "28 Dec 2023"; numeric day and month in either
    order only when unambiguous: the first number over 12 is the day ("28/12/2023"), the
    second over 12 makes it American ("12/28/2023"), dots are always day first
    ("28.12.2023"), and otherwise ``day_first`` (pages in Vietnamese write the day first)
    decides, or the value is refused as ambiguous. A value without offset is local time
    (Asia/Ho_Chi_Minh), as in ``parse_iso_strict``.
    """
    strict = parse_iso_strict(text, fetched_at)
    if strict.value is not None or not isinstance(text, str) or len(text) > 200:
        return strict
    if strict.problem and strict.problem.startswith("malformed NukeViet"):
        return strict
    raw = " ".join(normalize_date_text(text).split()).strip()
    m = _ISO_LOOSE.fullmatch(raw)
    if m:
        y, mo, d, hms, fraction, zone = m.groups()
        hms = f"{hms}.{fraction}" if hms and fraction and hms.count(":") == 2 else hms
        return _reparsed(_iso_text(int(y), int(mo), int(d), hms, zone), raw, fetched_at)
    m = _NUMERIC_DAY.fullmatch(raw)
    if m:
        a, sep, b, y, hour, minute, second, meridiem, zone = m.groups()
        first, second_n = int(a), int(b)
        if first > 12 or sep == "." or (day_first and second_n <= 12):
            day, month = first, second_n
        elif second_n > 12:
            day, month = second_n, first
        else:
            return _fail(f"ambiguous day and month in '{raw}'", raw)
        hms = _clock(hour, minute, second, meridiem) if hour else None
        if hour and hms is None:
            return _fail(f"impossible time in {raw}", raw)
        return _reparsed(_iso_text(int(y), month, day, hms, zone), raw, fetched_at)
    rss = parse_rss_date(raw, fetched_at=fetched_at)
    if rss.value is not None:
        return rss
    m = _NAMED_MONTH.fullmatch(raw)
    if m:
        mon1, d1, y1, d2, mon2, y2, hour, minute, second, meridiem, zone = m.groups()
        month = _MONTHS.index((mon1 or mon2).casefold()[:3]) + 1
        hms = _clock(hour, minute, second, meridiem) if hour else None
        if hour and hms is None:
            return _fail(f"impossible time in {raw}", raw)
        return _reparsed(_iso_text(int(y1 or y2), month, int(d1 or d2), hms, zone), raw, fetched_at)
    return strict


def _reparsed(iso: str, raw: str, fetched_at: datetime | None) -> ParsedDate:
    parsed = parse_iso_strict(iso, fetched_at)
    if parsed.value is None:
        return _fail(f"{parsed.problem} (read from '{raw[:40]}')", raw)
    return ParsedDate(parsed.value, parsed.precision, raw, warnings=parsed.warnings)


def offset_minutes(value: datetime | None) -> int | None:
    """The UTC offset ``value`` states, in minutes east of UTC (+07:00 → 420), or None."""
    if value is None or value.utcoffset() is None:
        return None
    delta = value.utcoffset()
    return int(delta.total_seconds() // 60) if delta is not None else None
