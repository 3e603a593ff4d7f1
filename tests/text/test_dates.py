"""Date strings as the sites print them (docs/evidence.md §3) → value, precision, or a reason.

Expected values are written by hand from the strings; the property tests render random datetimes
in each shape with renderers written here, independent of the parser.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.text.dates import (
    LOCAL_TZ,
    ParsedDate,
    date_from_url,
    parse_date_line,
    parse_iso_strict,
    parse_rss_date,
)

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
GMT7 = timezone(timedelta(hours=7))
# Tuesday 10 March 2026, 10:00:30 in Việt Nam.
FETCHED = datetime(2026, 3, 10, 3, 0, 30, tzinfo=UTC)


def local(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=LOCAL_TZ)


def plus7(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=GMT7)


def assert_date(got: ParsedDate, value: datetime, precision: str) -> None:
    assert got.problem is None, got.problem
    assert got.value == value
    assert got.value is not None and got.value.utcoffset() == value.utcoffset()
    assert got.precision == precision


# (date line, expected value, precision, expected `matched` or None to skip that check)
SHAPES: list[tuple[str, datetime, str, str | None]] = [
    # seeds
    ("06/01/2021 06:01", local(2021, 1, 6, 6, 1), "minute", "06/01/2021 06:01"),
    ("15/06/2020 | 362", local(2020, 6, 15), "day", "15/06/2020"),
    ("Thứ năm - 28/12/2023 14:55", local(2023, 12, 28, 14, 55), "minute", None),
    # weekday prefixes
    ("Chủ nhật - 29/09/2024 19:43 35 0", local(2024, 9, 29, 19, 43), "minute",
     "Chủ nhật - 29/09/2024 19:43"),
    ("Thứ Hai, 19/01/2026", local(2026, 1, 19), "day", None),
    ("Thứ sáu, 23/04/2021 10:40", local(2021, 4, 23, 10, 40), "minute", None),
    ("Thứ ba, 26/12/2023", local(2023, 12, 26), "day", None),
    ("Thứ tư, 27/12/2023", local(2023, 12, 27), "day", None),
    ("Thứ bảy, 30/12/2023", local(2023, 12, 30), "day", None),
    ("Thứ 5, 28/12/2023", local(2023, 12, 28), "day", None),
    ("Thứ 7 - 30/12/2023", local(2023, 12, 30), "day", None),
    ("T5, 28/12/2023", local(2023, 12, 28), "day", "T5, 28/12/2023"),
    ("CN, 31/12/2023", local(2023, 12, 31), "day", None),
    ("THỨ NĂM - 28/12/2023 14:55", local(2023, 12, 28, 14, 55), "minute", None),
    ("Thursday, 28/12/2023", local(2023, 12, 28), "day", None),
    ("Thứ năm  -  28/12/2023  14:55", local(2023, 12, 28, 14, 55), "minute", None),  # NV 3.x
    # time first
    ("04:35 15/03/2016", local(2016, 3, 15, 4, 35), "minute", None),
    ("10:12, 18/12/2022", local(2022, 12, 18, 10, 12), "minute", None),
    ("21:48 | 28/06/2020", local(2020, 6, 28, 21, 48), "minute", None),
    ("00:17 28/01/2017", local(2017, 1, 28, 0, 17), "minute", None),
    ("Ngày đăng : 08:59, 30/03/2022", local(2022, 3, 30, 8, 59), "minute", "08:59, 30/03/2022"),
    ("Cập nhật lúc: 18:00 |22/05/2022", local(2022, 5, 22, 18, 0), "minute", None),
    # seconds, 1-digit hours, "h"
    ("04/11/2022 16:26:08", local(2022, 11, 4, 16, 26, 8), "minute", None),
    ("9:05:12 | 28/12/2023", local(2023, 12, 28, 9, 5, 12), "minute", None),
    ("28/12/2023 9:05", local(2023, 12, 28, 9, 5), "minute", None),
    ("9h05 28/12/2023", local(2023, 12, 28, 9, 5), "minute", None),
    # AM/PM (English and Vietnamese SA/CH)
    ("Cập nhật 04/09/2009 - 01:00:58 PM (GMT+7)", plus7(2009, 9, 4, 13, 0, 58), "minute",
     "04/09/2009 - 01:00:58 PM (GMT+7)"),
    ("04/09/2009 12:05 AM", local(2009, 9, 4, 0, 5), "minute", None),
    ("04/09/2009 12:05 PM", local(2009, 9, 4, 12, 5), "minute", None),
    ("04/09/2009 1:05:00 CH", local(2009, 9, 4, 13, 5), "minute", None),
    ("04/09/2009 1:05:00 SA", local(2009, 9, 4, 1, 5), "minute", None),
    # stated offsets
    ("Thứ Năm, 8/6/2023 14:46'(GMT+7)", plus7(2023, 6, 8, 14, 46), "minute", None),
    ("06/10/2024 | 00:35 GMT+7", plus7(2024, 10, 6, 0, 35), "minute", None),
    ("07-09-2025, 06:00 (GMT+7)", plus7(2025, 9, 7, 6, 0), "minute", None),
    ("28/12/2023 14:55 (GMT+07:00)", plus7(2023, 12, 28, 14, 55), "minute", None),
    ("28/12/2023 07:55 GMT", datetime(2023, 12, 28, 7, 55, tzinfo=UTC), "minute", None),
    # pipes and counters
    ("Publish date 25/02/2019 | 02:13 | View count: 1095", local(2019, 2, 25, 2, 13), "minute",
     "25/02/2019 | 02:13"),
    ("Lượt xem: 7370 | Gửi lúc: 05/12/2013 15:42:27", local(2013, 12, 5, 15, 42, 27), "minute",
     "05/12/2013 15:42:27"),
    ("28/12/2023 14:55 | Lượt xem: 194 | Bình luận: 0", local(2023, 12, 28, 14, 55), "minute",
     None),
    # labels, parentheses
    ("Cập nhật: 28/12/2023 14:55", local(2023, 12, 28, 14, 55), "minute", None),
    ("Ngày: 28/12/2023", local(2023, 12, 28), "day", None),
    ("Đăng ngày 15-05-2022 10:48", local(2022, 5, 15, 10, 48), "minute", None),
    ("( Cập nhật lúc: 14/10/2020  )", local(2020, 10, 14), "day", "14/10/2020"),
    ("Tác giả: Nguyễn Văn Sơn | 15/06/2020", local(2020, 6, 15), "day", None),
    # separators
    ("28-12-2023", local(2023, 12, 28), "day", None),
    ("Đăng ngày 11 - 11 - 2023", local(2023, 11, 11), "day", "11 - 11 - 2023"),
    ("28.12.2023", local(2023, 12, 28), "day", None),
    ("2023-12-28 14:55", local(2023, 12, 28, 14, 55), "minute", None),
    ("29/02/2024", local(2024, 2, 29), "day", None),
    # month words
    ("11 Tháng 12 2023", local(2023, 12, 11), "day", None),
    ("Thứ hai, 11 Tháng 12 2023 16:03", local(2023, 12, 11, 16, 3), "minute", None),
    ("18 Tháng 9, 2025", local(2025, 9, 18), "day", None),
    ("ngày 28 tháng 8 năm 2020", local(2020, 8, 28), "day", "28 tháng 8 năm 2020"),
    ("Hà Nội, ngày 08 tháng 01 năm 2021", local(2021, 1, 8), "day", None),
    # month / year precision
    ("tháng 7/2020", local(2020, 7, 1), "month", "tháng 7/2020"),
    ("Tháng 7 năm 2020", local(2020, 7, 1), "month", None),
    ("năm 2020", local(2020, 1, 1), "year", "năm 2020"),
    # the year after the fetch is still accepted (clock skew, "Tết" issues prepared early)
    ("01/01/2027", local(2027, 1, 1), "day", None),
    # normalization: NFD, NBSP, zero-width, Ð (U+00D0) for Đ, en dash
    (unicodedata.normalize("NFD", "Thứ năm - 28/12/2023 14:55"), local(2023, 12, 28, 14, 55),
     "minute", None),
    ("Thứ\u00a0năm\u00a0-\u00a028/12/2023\u00a014:55", local(2023, 12, 28, 14, 55), "minute", None),
    ("28/12/2023\u200b 14:55\ufeff", local(2023, 12, 28, 14, 55), "minute", None),
    ("\u00d0ăng ngày 15-05-2022", local(2022, 5, 15), "day", None),
    ("Thứ năm \u2013 28/12/2023 14:55", local(2023, 12, 28, 14, 55), "minute", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value", "precision", "matched"), SHAPES)
def test_shapes(text: str, value: datetime, precision: str, matched: str | None) -> None:
    got = parse_date_line(text, FETCHED)
    assert_date(got, value, precision)
    assert got.relative is False
    if matched is not None:
        assert got.matched == matched


# Relative forms against FETCHED = 2026-03-10 10:00:30 local.
RELATIVE: list[tuple[str, datetime, str]] = [
    ("7 ngày trước", local(2026, 3, 3), "day"),
    ("(3 tháng trước)", local(2025, 12, 1), "month"),
    ("2 giờ trước", local(2026, 3, 10, 8, 0), "minute"),
    ("5 phút trước", local(2026, 3, 10, 9, 55), "minute"),
    ("30 giây trước", local(2026, 3, 10, 10, 0), "minute"),
    ("3 tuần trước", local(2026, 2, 17), "day"),
    ("1 tháng trước", local(2026, 2, 1), "month"),
    ("14 tháng trước", local(2025, 1, 1), "month"),
    ("1 năm trước", local(2025, 1, 1), "year"),
    ("hôm qua", local(2026, 3, 9), "day"),
    ("Hôm nay", local(2026, 3, 10), "day"),
    ("hôm kia", local(2026, 3, 8), "day"),
    ("vừa xong", local(2026, 3, 10, 10, 0), "minute"),
    ("vài giây trước", local(2026, 3, 10, 10, 0), "minute"),
    ("cách đây 2 giờ", local(2026, 3, 10, 8, 0), "minute"),
    ("Cập nhật: 2 giờ trước", local(2026, 3, 10, 8, 0), "minute"),
]


@pytest.mark.parametrize(("text", "value", "precision"), RELATIVE)
def test_relative(text: str, value: datetime, precision: str) -> None:
    got = parse_date_line(text, FETCHED)
    assert_date(got, value, precision)
    assert got.relative is True


def test_relative_crosses_the_local_midnight() -> None:
    # 17:30 UTC on 9 March is 00:30 on 10 March in Việt Nam: "hôm qua" is the 9th, not the 8th.
    got = parse_date_line("hôm qua", datetime(2026, 3, 9, 17, 30, tzinfo=UTC))
    assert_date(got, local(2026, 3, 9), "day")


# (text, a fragment the problem must contain)
REFUSED: list[tuple[object, str]] = [
    (None, "not a string"),
    (12, "not a string"),
    ("", "empty"),
    ("  \u00a0 ", "empty"),
    ("garbage", "no date found"),
    ("14:55", "no date found"),
    ("Thứ năm", "no date found"),
    ("28-12", "no year"),
    ("Sáng 28-12", "no year"),
    ("Sáng nay (01.8)", "no year"),
    ("28/12/23", "two-digit year"),
    ("31/02/2020", "impossible date 31/02/2020"),
    ("29/02/2021", "impossible date"),
    ("28/13/2023", "impossible date"),
    ("28/12/2099", "year 2099 is in the future"),
    ("28/12/2028", "year 2028 is in the future"),  # fetched in 2026
    ("01/01/1944", "before 1945"),
    ("tháng 13/2020", "impossible month"),
    ("năm 1900", "before 1945"),
    ("Thứ hai - 28/12/2023 14:55", "weekday Thứ hai contradicts 28/12/2023 (Thursday)"),
    ("T2, 28/12/2023", "contradicts"),
    ("CN - 28/12/2023", "contradicts"),
    ("28/12/2023 25:00", "impossible time"),
    ("28/12/2023 14:60", "impossible time"),
    ("13:00 PM 28/12/2023", "impossible time"),
    ("28/12/2023 14:55 GMT+15", "impossible time zone"),
    ("(30/4/1945 - 30/4/2020)", "more than one date"),
    ("28/12/2023 14:55 | cập nhật 15:00", "more than one time"),
    ("Thứ năm, Thứ sáu 28/12/2023", "more than one weekday"),
    ("Hội nghị ngày 30/5/2019", "inside a sentence"),
    ("Thứ năm, các cấp ủy 30/5/2019", "enumeration"),
    ("Chỉ thị số 35-CT/TW, 30/5/2019 của Bộ Chính trị", "not the main content"),
    ("Kế hoạch năm 2020", "not the main content"),
    ("Hội nghị tháng 6/2020", "not the main content"),
    ("Hôm nay: 1234", "no date found"),  # a visitor counter, not "today"
    ("vài phút trước", "vague"),
    ("7 ngày trước", "needs fetched_at"),  # see test_relative_needs_fetched_at
    ("x" * 81, "too long"),
    ("Thứ năm - 28/12/2023 14:55 " + "chữ " * 20, "too long"),
    ("28/12/2023 " * 100_000, "too long"),
]


@pytest.mark.parametrize(("text", "fragment"), REFUSED)
def test_refused(text: object, fragment: str) -> None:
    fetched = None if text == "7 ngày trước" else FETCHED
    got = parse_date_line(text, fetched)  # type: ignore[arg-type]
    assert got.value is None
    assert got.precision is None
    assert got.problem is not None and fragment in got.problem


def test_relative_needs_fetched_at() -> None:
    assert parse_date_line("2 giờ trước").value is None
    assert parse_date_line("2 giờ trước", FETCHED).value is not None


def test_future_is_judged_against_now_without_fetched_at() -> None:
    next_year = datetime.now(UTC).year + 1
    assert parse_date_line(f"01/01/{next_year}").value == local(next_year, 1, 1)
    problem = parse_date_line(f"01/01/{next_year + 1}").problem
    assert problem == f"year {next_year + 1} is in the future"


# --------------------------------------------------------------------------- seeds


def _seed_lines(name: str) -> list[str]:
    (path,) = SEEDS.glob(f"{name}_*.txt")
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("seed", "line_no", "value", "precision"),
    [
        ("000", 3, local(2021, 1, 6, 6, 1), "minute"),
        ("001", 3, local(2020, 6, 15), "day"),
        ("004", 5, local(2023, 12, 28, 14, 55), "minute"),
        ("002", None, None, None),
        ("003", None, None, None),
    ],
)
def test_only_the_date_line_of_a_seed_parses(
    seed: str, line_no: int | None, value: datetime | None, precision: str | None
) -> None:
    """Feed every line of a seed page as if a selector had picked it: bodies, related lists,
    counters and licence blocks must give nothing; only the real date line gives the date.
    Without fetched_at the relative dates of 001's related list give nothing either."""
    dated = {
        i: parse_date_line(line)
        for i, line in enumerate(_seed_lines(seed), start=1)
        if parse_date_line(line).value is not None
    }
    if line_no is None:
        assert dated == {}
        return
    assert list(dated) == [line_no]
    assert value is not None and precision is not None
    assert_date(dated[line_no], value, precision)


def test_seed_related_list_is_relative_when_fetched_at_is_known() -> None:
    lines = _seed_lines("001")
    got = {line: parse_date_line(line, FETCHED) for line in lines if "trước" in line}
    assert got["7 ngày trước"].value == local(2026, 3, 3)
    assert all(p.relative for p in got.values() if p.value is not None)
    # "• Hội nghị … (1 tháng trước)" lines are list items, not date lines.
    assert all(p.value is None for line, p in got.items() if line.startswith("•"))


# --------------------------------------------------------------------------- ISO, RSS, URL

ISO_OK: list[tuple[str, datetime, str]] = [
    ("2018-08-07T17:23:45+07:00", plus7(2018, 8, 7, 17, 23, 45), "minute"),
    ("2023-12-28T07:55:00Z", datetime(2023, 12, 28, 7, 55, tzinfo=UTC), "minute"),
    ("2023-12-28T07:55:00.250+0000",
     datetime(2023, 12, 28, 7, 55, 0, 250_000, tzinfo=UTC), "minute"),
    ("2023-12-28 14:55:00+07:00", plus7(2023, 12, 28, 14, 55), "minute"),
    ("2023-12-28T14:55", local(2023, 12, 28, 14, 55), "minute"),
    ("  2023-12-28  ", local(2023, 12, 28), "day"),
    ("2023-12", local(2023, 12, 1), "month"),
    ("2023", local(2023, 1, 1), "year"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value", "precision"), ISO_OK)
def test_iso_strict(text: str, value: datetime, precision: str) -> None:
    assert_date(parse_iso_strict(text), value, precision)


def test_iso_naive_time_is_local_with_a_warning() -> None:
    got = parse_iso_strict("2023-12-28T14:55:00")
    assert got.value == local(2023, 12, 28, 14, 55)
    assert got.warnings


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2023-12-28+0714:55:00", "malformed NukeViet"),
        ("2023-12-28ICT14:55:00", "malformed NukeViet"),
        ("28/12/2023", "not strict ISO"),
        ("2023-12-28T14:55:00+25:00", "impossible UTC offset"),
        ("2023-02-30", "impossible date"),
        ("2023-12-28T24:00:00Z", "impossible time"),
        ("1900-01-01", "before 1945"),
        ("2999-01-01", "in the future"),
        ("", "empty"),
        ("2023-12-28" + " " * 300, "too long"),
    ],
)
def test_iso_refused(text: str, fragment: str) -> None:
    got = parse_iso_strict(text)
    assert got.value is None
    assert got.problem is not None and fragment in got.problem


def test_rss() -> None:
    got = parse_rss_date("Thu, 28 Dec 2023 07:12:00 GMT")
    assert_date(got, datetime(2023, 12, 28, 7, 12, tzinfo=UTC), "minute")
    got = parse_rss_date("Thu, 28 Dec 2023 14:55:00 +0700")
    assert_date(got, plus7(2023, 12, 28, 14, 55), "minute")


def test_rss_nukeviet_day_only() -> None:
    # ":12" is the month (PHP 'm'); the hour is a real GMT hour, so the local day is known.
    assert_date(
        parse_rss_date("Thu, 28 Dec 2023 07:12:00 GMT", day_only=True), local(2023, 12, 28), "day"
    )
    assert_date(
        parse_rss_date("Thu, 28 Dec 2023 20:12:00 GMT", day_only=True), local(2023, 12, 29), "day"
    )
    # minutes > 59 are the bug's normal output only when they are the month: 12 is fine, but an
    # hour of 25 is still impossible.
    assert parse_rss_date("Thu, 28 Dec 2023 25:12:00 GMT", day_only=True).value is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Fri, 28 Dec 2023 07:12:00 GMT", "weekday Fri contradicts"),
        ("Thu, 28 Dec 23 07:12:00 GMT", "four digits"),
        ("Thu, 28 Foo 2023 07:12:00 GMT", "unknown month"),
        ("2023-12-28", "not an RFC 822"),
        ("Thu, 28 Dec 2023 07:75:00 GMT", "impossible time"),
    ],
)
def test_rss_refused(text: str, fragment: str) -> None:
    got = parse_rss_date(text)
    assert got.value is None
    assert got.problem is not None and fragment in got.problem


@pytest.mark.parametrize(
    ("url", "value", "precision"),
    [
        ("https://x.gov.vn/2023/09/21/tuyen-truyen-dai-hoi/", local(2023, 9, 21), "day"),
        ("https://x.gov.vn/2023/09/tuyen-truyen/", local(2023, 9, 1), "month"),
        ("https://x.gov.vn/tin-tuc/tuyen-truyen-20230921.html", local(2023, 9, 21), "day"),
        ("https://x.vn/news/2023-09-21/slug.html", local(2023, 9, 21), "day"),
        ("https://x.vn/slug-20230921101530.htm", local(2023, 9, 21), "day"),
        ("https://x.vn/2023/09/21/slug-20230921.html", local(2023, 9, 21), "day"),
    ],
)
def test_url(url: str, value: datetime, precision: str) -> None:
    assert_date(date_from_url(url), value, precision)


@pytest.mark.parametrize(
    "url",
    [
        "https://tuyengiaotiengiang.vn/tuyen-truyen/Alias-3769.html",  # NukeViet id, no date
        "https://x.vn/slug-01022020.html",  # DDMMYYYY reading is valid too: ambiguous
        "https://x.vn/2023/09/21/slug-20230922.html",  # two different dates
        "https://x.vn/tin?date=2023-09-21",  # query strings are ignored
        "https://x.vn/2023/13/slug",
        "https://x.vn/1900/01/01/slug",
        "http://[::1",  # unparseable
    ],
)
def test_url_refused(url: str) -> None:
    got = date_from_url(url)
    assert got.value is None and got.problem


# --------------------------------------------------------------------------- properties

WEEKDAYS_VI = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
WEEKDAYS_CAP = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
WEEKDAYS_SHORT = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]


def _ampm(t: datetime) -> str:
    """ "The 12-hour "01:00:58 PM" that ASP.NET sites print in en-US culture."""
    meridiem = "PM" if t.hour >= 12 else "AM"
    return f"{(t.hour % 12) or 12:02d}:{t.minute:02d}:{t.second:02d} {meridiem}"


# name → (precision, keeps seconds, stated +7 offset, renderer)
Renderer = Callable[[datetime], str]
RENDERERS: dict[str, tuple[str, bool, bool, Renderer]] = {
    "d/m/Y H:i": ("minute", False, False, lambda t: t.strftime("%d/%m/%Y %H:%M")),
    "d/m/Y | views": ("day", False, False, lambda t: f"{t:%d/%m/%Y} | {t.minute * 7}"),
    "NukeViet l - d/m/Y H:i": (
        "minute", False, False, lambda t: f"{WEEKDAYS_VI[t.weekday()]} - {t:%d/%m/%Y %H:%M}"),
    "Thứ Hai, d/m/Y": ("day", False, False, lambda t: f"{WEEKDAYS_CAP[t.weekday()]}, {t:%d/%m/%Y}"),
    "T5, d/m/Y": ("day", False, False, lambda t: f"{WEEKDAYS_SHORT[t.weekday()]}, {t:%d/%m/%Y}"),
    "Thứ N, d/m/Y": (
        "day", False, False,
        lambda t: f"{'Chủ nhật' if t.weekday() == 6 else f'Thứ {t.weekday() + 2}'}, {t:%d/%m/%Y}"),
    "counters after": (
        "minute", False, False,
        lambda t: f"{WEEKDAYS_VI[t.weekday()]} - {t:%d/%m/%Y %H:%M} {t.day * 3} {t.month}"),
    "H:i d/m/Y": ("minute", False, False, lambda t: t.strftime("%H:%M %d/%m/%Y")),
    "H:i, d/m/Y": ("minute", False, False, lambda t: t.strftime("%H:%M, %d/%m/%Y")),
    "d/m/Y H:i:s": ("minute", True, False, lambda t: t.strftime("%d/%m/%Y %H:%M:%S")),
    "AM/PM GMT+7": (
        "minute", True, True, lambda t: f"Cập nhật {t:%d/%m/%Y} - {_ampm(t)} (GMT+7)"),
    "| H:i GMT+7": ("minute", False, True, lambda t: f"{t:%d/%m/%Y | %H:%M} GMT+7"),
    "apostrophe GMT+7": (
        "minute", False, True,
        lambda t: f"{WEEKDAYS_CAP[t.weekday()]}, {t.day}/{t.month}/{t.year} {t:%H:%M}'(GMT+7)"),
    "dashes GMT+7": ("minute", False, True, lambda t: f"{t:%d-%m-%Y, %H:%M} (GMT+7)"),
    "Ngày đăng": ("minute", False, False, lambda t: f"Ngày đăng : {t:%H:%M, %d/%m/%Y}"),
    "Đăng ngày spaced": ("day", False, False, lambda t: f"Đăng ngày {t:%d - %m - %Y}"),
    "Publish date": (
        "minute", False, False,
        lambda t: f"Publish date {t:%d/%m/%Y | %H:%M} | View count: {t.second * 31}"),
    "Gửi lúc": (
        "minute", True, False,
        lambda t: f"Lượt xem: {t.day * 11} | Gửi lúc: {t:%d/%m/%Y %H:%M:%S}"),
    "Cập nhật lúc |": ("minute", False, False, lambda t: f"Cập nhật lúc: {t:%H:%M |%d/%m/%Y}"),
    "parentheses": ("day", False, False, lambda t: f"( Cập nhật lúc: {t:%d/%m/%Y}  )"),
    "VHV G:i:s | d/m/Y": (
        "minute", True, False, lambda t: f"{t.hour}:{t:%M:%S} | {t.day}/{t.month}/{t.year}"),
    "Tháng words + time": (
        "minute", False, False,
        lambda t: f"{WEEKDAYS_VI[t.weekday()]}, {t.day} Tháng {t.month} {t.year} {t:%H:%M}"),
    "j Tháng n, Y": ("day", False, False, lambda t: f"{t.day} Tháng {t.month}, {t.year}"),
    "ngày … tháng … năm": (
        "day", False, False, lambda t: f"ngày {t.day:02d} tháng {t.month} năm {t.year}"),
    "dots": ("day", False, False, lambda t: t.strftime("%d.%m.%Y")),
    "Y-m-d H:i": ("minute", False, False, lambda t: t.strftime("%Y-%m-%d %H:%M")),
    "tháng m/Y": ("month", False, False, lambda t: f"tháng {t.month}/{t.year}"),
    "năm Y": ("year", False, False, lambda t: f"năm {t.year}"),
    "NFD + NBSP": (
        "minute", False, False,
        lambda t: unicodedata.normalize(
            "NFD", f"{WEEKDAYS_VI[t.weekday()]}\u00a0-\u00a0{t:%d/%m/%Y %H:%M}")),
}  # fmt: skip

FAR_FETCH = datetime(2031, 6, 1, tzinfo=UTC)
naive_datetimes = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2030, 12, 31))


def _truncate(t: datetime, precision: str, seconds: bool) -> datetime:
    if precision == "minute":
        return t.replace(second=t.second if seconds else 0, microsecond=0)
    if precision == "day":
        return datetime(t.year, t.month, t.day)
    if precision == "month":
        return datetime(t.year, t.month, 1)
    return datetime(t.year, 1, 1)


@pytest.mark.parametrize("shape", sorted(RENDERERS))
@settings(max_examples=60, deadline=None)
@given(naive=naive_datetimes)
def test_rendered_shapes_round_trip(shape: str, naive: datetime) -> None:
    precision, seconds, stated, render = RENDERERS[shape]
    text = render(naive)
    expected = _truncate(naive, precision, seconds).replace(tzinfo=GMT7 if stated else LOCAL_TZ)
    got = parse_date_line(text, FAR_FETCH)
    assert got.problem is None, (text, got.problem)
    assert got.value == expected, text
    assert got.value is not None and got.value.utcoffset() == expected.utcoffset()
    assert got.precision == precision


offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(
    lambda q: timezone(timedelta(minutes=15 * q))
)
aware = st.builds(lambda naive, tz: naive.replace(tzinfo=tz), naive_datetimes, offsets)


@settings(max_examples=200, deadline=None)
@given(t=aware)
def test_iso_round_trip(t: datetime) -> None:
    got = parse_iso_strict(t.isoformat(), fetched_at=FAR_FETCH)
    assert got.value == t and got.precision == "minute"
    assert got.value is not None and got.value.utcoffset() == t.utcoffset()


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()


def _rfc822(t: datetime, minute: int | None = None) -> str:
    m = t.minute if minute is None else minute
    return (
        f"{_DAYS[t.weekday()]}, {t.day} {_MONTHS[t.month - 1]} {t.year} "
        f"{t.hour:02d}:{m:02d}:{t.second:02d} GMT"
    )


@settings(max_examples=200, deadline=None)
@given(naive=naive_datetimes)
def test_rss_round_trip(naive: datetime) -> None:
    t = naive.replace(microsecond=0, tzinfo=UTC)
    assert parse_rss_date(_rfc822(t), fetched_at=FAR_FETCH).value == t
    # NukeViet: minutes replaced by the month; the local day survives.
    bugged = parse_rss_date(_rfc822(t, minute=t.month), day_only=True, fetched_at=FAR_FETCH)
    local_day = t.astimezone(LOCAL_TZ)
    assert bugged.value == datetime(local_day.year, local_day.month, local_day.day, tzinfo=LOCAL_TZ)
    assert bugged.precision == "day"


@settings(max_examples=200, deadline=None)
@given(
    fetched=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)),
    n=st.integers(min_value=0, max_value=2000),
    unit=st.sampled_from(["giờ", "phút", "ngày", "tuần"]),
)
def test_relative_round_trip(fetched: datetime, n: int, unit: str) -> None:
    fetched_at = fetched.replace(tzinfo=UTC)
    got = parse_date_line(f"{n} {unit} trước", fetched_at)
    if unit in ("giờ", "phút"):
        delta = timedelta(hours=n) if unit == "giờ" else timedelta(minutes=n)
        expected = (fetched_at - delta).astimezone(LOCAL_TZ).replace(second=0, microsecond=0)
    else:
        days = n * (7 if unit == "tuần" else 1)
        day = fetched_at.astimezone(LOCAL_TZ).date() - timedelta(days=days)
        expected = datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)
    if expected.year < 1945:
        assert got.value is None
        return
    assert got.value == expected and got.relative


@settings(max_examples=100, deadline=None)
@given(naive=st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2030, 12, 31)))
def test_url_round_trip(naive: datetime) -> None:
    url = f"https://tinhuy.vn/{naive:%Y/%m/%d}/bai-viet.html"
    got = date_from_url(url, fetched_at=FAR_FETCH)
    assert got.value == datetime(naive.year, naive.month, naive.day, tzinfo=LOCAL_TZ)


# --------------------------------------------------------------------------- fuzz

DATE_TOKENS = [
    *"0123456789/-.:|,() '+",
    "Thứ ",
    "năm",
    "CN",
    "T5",
    "GMT",
    "ngày",
    "tháng ",
    "trước",
    "hôm qua",
    "PM",
    "h",
    "\u00a0",
    "\u0301",
    "2023",
    "28/12/",
]
DATEISH = st.lists(st.sampled_from(DATE_TOKENS), max_size=25).map("".join)
FETCHES = st.one_of(st.none(), st.datetimes(), st.datetimes(timezones=st.just(UTC)))


def _sane(got: ParsedDate) -> None:
    if got.value is None:
        assert got.problem and got.precision is None
    else:
        assert got.problem is None and got.value.tzinfo is not None
        assert got.precision in ("minute", "day", "month", "year")


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=200), DATEISH), fetched=FETCHES)
def test_fuzz_never_raises(text: str, fetched: datetime | None) -> None:
    _sane(parse_date_line(text, fetched))
    _sane(parse_iso_strict(text, fetched))
    _sane(parse_rss_date(text, day_only=True))
    _sane(parse_rss_date(text))
    _sane(date_from_url("https://x.vn/" + text, fetched))
