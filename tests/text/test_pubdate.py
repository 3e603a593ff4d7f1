"""Which date is the publication date: date line, machine dates, listing, URL — or none."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.text.pubdate import PublicationDate, choose_publication_date

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
FETCHED = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 10:00 in Việt Nam
NUKEVIET_EDIT = ("itemprop:datePublished", "itemprop:dateModified")


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def assert_utc(value: datetime | None, expected: datetime) -> None:
    assert value == expected
    assert value is not None and value.utcoffset() == timedelta(0)


def test_nukeviet_page() -> None:
    """Seed 004's page: the visible line is right, datePublished is the edit time, the
    article:published_time meta is PHP's malformed 'Y-m-dTH:i:s'."""
    got = choose_publication_date(
        "Thứ năm - 28/12/2023 14:55",
        [
            ("itemprop:datePublished", "2024-01-02T09:00:00+07:00"),
            ("itemprop:dateModified", "2024-01-02T09:00:00+07:00"),
            ("meta:article:published_time", "2023-12-28+0714:55:00"),
        ],
        fetched_at=FETCHED,
        edit_time_sources=NUKEVIET_EDIT,
        day_only_sources=("rss",),
    )
    assert_utc(got.published_at, utc(2023, 12, 28, 7, 55))
    assert got.published_raw == "Thứ năm - 28/12/2023 14:55"
    assert (got.precision, got.source) == ("minute", "page")
    assert_utc(got.updated_at, utc(2024, 1, 2, 2, 0))
    assert got.problem is not None
    assert "meta:article:published_time" in got.problem and "malformed" in got.problem


def test_nukeviet_page_without_date_line_uses_rss_day_not_edit_time() -> None:
    got = choose_publication_date(
        None,
        [
            ("itemprop:datePublished", "2024-01-02T09:00:00+07:00"),
            ("meta:article:published_time", "2023-12-28ICT14:55:00"),
            ("rss", "Thu, 28 Dec 2023 07:12:00 GMT"),
        ],
        edit_time_sources=NUKEVIET_EDIT,
        day_only_sources=("rss",),
    )
    assert_utc(got.published_at, utc(2023, 12, 27, 17, 0))  # local midnight of 28/12
    assert (got.precision, got.source, got.published_raw) == (
        "day",
        "meta",
        "Thu, 28 Dec 2023 07:12:00 GMT",
    )
    assert_utc(got.updated_at, utc(2024, 1, 2, 2, 0))


def test_edit_time_not_declared_still_loses_to_the_date_line() -> None:
    got = choose_publication_date(
        "Thứ năm - 28/12/2023 14:55", [("itemprop:datePublished", "2024-01-02T09:00:00+07:00")]
    )
    assert_utc(got.published_at, utc(2023, 12, 28, 7, 55))
    assert got.source == "page"
    assert got.problem is not None and "disagrees" in got.problem


def test_modified_sources_only_feed_updated_at() -> None:
    got = choose_publication_date(None, [("jsonld:dateModified", "2024-01-02T09:00:00+07:00")])
    assert got.published_at is None and got.source is None
    assert_utc(got.updated_at, utc(2024, 1, 2, 2, 0))


def test_visible_edit_time_feeds_updated_at() -> None:
    got = choose_publication_date(
        "15/06/2020 | 362",
        [("updated", "Cập nhật: 16/06/2020 08:30")],
        edit_time_sources=("updated",),
    )
    assert_utc(got.published_at, utc(2020, 6, 14, 17, 0))
    assert_utc(got.updated_at, utc(2020, 6, 16, 1, 30))
    assert got.source == "page" and got.problem is None


def test_jsonld_when_no_date_line() -> None:
    got = choose_publication_date(None, [("jsonld", "2018-08-07T17:23:45+07:00")])
    assert_utc(got.published_at, datetime(2018, 8, 7, 10, 23, 45, tzinfo=UTC))
    assert (got.source, got.precision, got.published_raw) == (
        "meta",
        "minute",
        "2018-08-07T17:23:45+07:00",
    )
    assert got.problem is None


def test_jsonld_outranks_time_tags_earlier_in_the_page() -> None:
    got = choose_publication_date(
        None, [("time", "2023-01-05"), ("jsonld", "2023-12-28T14:55:00+07:00")]
    )
    assert_utc(got.published_at, utc(2023, 12, 28, 7, 55))


def test_day_line_confirmed_by_meta_takes_the_meta_minute() -> None:
    got = choose_publication_date(
        "15/06/2020 | 362", [("meta:article:published_time", "2020-06-15T08:30:00+07:00")]
    )
    assert_utc(got.published_at, utc(2020, 6, 15, 1, 30))
    assert (got.source, got.precision) == ("meta", "minute")


def test_day_line_contradicted_by_meta_keeps_the_line() -> None:
    got = choose_publication_date(
        "15/06/2020 | 362", [("meta:article:published_time", "2020-06-20T08:30:00+07:00")]
    )
    assert_utc(got.published_at, utc(2020, 6, 14, 17, 0))
    assert (got.source, got.precision) == ("page", "day")
    assert got.problem is not None and "disagrees" in got.problem


def test_minute_line_beats_day_meta() -> None:
    got = choose_publication_date("06/01/2021 06:01", [("time", "2021-01-06")])
    assert_utc(got.published_at, utc(2021, 1, 5, 23, 1))
    assert (got.source, got.precision) == ("page", "minute")
    assert got.problem is None


def test_listing_date_only() -> None:
    got = choose_publication_date(
        None, [], listing_date="(28/12/2023)", url="https://x.vn/a-1.html"
    )
    assert_utc(got.published_at, utc(2023, 12, 27, 17, 0))
    assert (got.source, got.precision, got.published_raw) == ("listing", "day", "(28/12/2023)")


def test_url_only() -> None:
    url = "https://tinhuy.vn/2023/09/21/tuyen-truyen/"
    got = choose_publication_date(None, [], url=url)
    assert_utc(got.published_at, utc(2023, 9, 20, 17, 0))
    assert (got.source, got.precision, got.published_raw) == ("url", "day", url)


def test_nothing() -> None:
    got = choose_publication_date(None, [], listing_date=None, url="https://x.vn/Alias-3769.html")
    assert got == PublicationDate(None, None, None, None, None, "no date found")


def test_nothing_explains_what_was_refused() -> None:
    got = choose_publication_date(
        "28-12", [("meta:og:published_time", "2023-12-28+0714:55:00")], listing_date="hôm qua"
    )
    assert got.published_at is None and got.source is None and got.precision is None
    assert got.problem is not None
    assert got.problem.startswith("no date found")
    for fragment in ("no year", "malformed NukeViet", "needs fetched_at"):
        assert fragment in got.problem


def test_relative_date_line() -> None:
    got = choose_publication_date("2 giờ trước", [], fetched_at=FETCHED)
    assert_utc(got.published_at, utc(2026, 3, 10, 1, 0))
    assert (got.source, got.precision, got.published_raw) == ("relative", "minute", "2 giờ trước")


def test_relative_date_line_yields_to_a_machine_date() -> None:
    got = choose_publication_date(
        "2 giờ trước", [("jsonld", "2026-03-10T07:41:00+07:00")], fetched_at=FETCHED
    )
    assert_utc(got.published_at, utc(2026, 3, 10, 0, 41))
    assert got.source == "meta"


def test_contradicting_weekday_falls_back_and_says_why() -> None:
    got = choose_publication_date(
        "Thứ hai - 28/12/2023 14:55", [], url="https://x.vn/2023/12/28/bai/"
    )
    assert got.source == "url"
    assert got.problem is not None and "contradicts" in got.problem


# --------------------------------------------------------------------------- seeds


def _seed(name: str) -> tuple[list[str], dict[str, object]]:
    (text,) = SEEDS.glob(f"{name}_*.txt")
    expected = json.loads(text.with_suffix("").with_suffix(".expected.json").read_text("utf-8"))
    return text.read_text(encoding="utf-8").splitlines(), expected


@pytest.mark.parametrize(("seed", "line_no"), [("000", 3), ("001", 3), ("004", 5)])
def test_seed_date_lines(seed: str, line_no: int) -> None:
    lines, expected = _seed(seed)
    published = expected["published"]
    assert isinstance(published, str)
    got = choose_publication_date(lines[line_no - 1], [], fetched_at=FETCHED)
    assert got.source == "page"
    # "2020-06-15" (day only) is stored as local midnight: 2020-06-15T00:00:00+07:00.
    precision = "minute" if "T" in published else "day"
    value = published if precision == "minute" else f"{published}T00:00:00+07:00"
    assert got.precision == precision
    assert_utc(got.published_at, datetime.fromisoformat(value).astimezone(UTC))


@pytest.mark.parametrize("seed", ["002", "003"])
def test_seeds_without_a_date_line(seed: str) -> None:
    _, expected = _seed(seed)
    assert expected["published"] is None
    got = choose_publication_date(None, [], fetched_at=FETCHED)
    assert got.published_at is None and got.problem


def _thu_nam_lines() -> list[str]:
    lines = [*_seed("001")[0], *_seed("003")[0]]
    found = [line for line in lines if line.startswith("Thứ năm,")]
    assert len(found) == 2  # one enumeration item in each seed
    return found


THU_NAM_TRAPS = [
    *_thu_nam_lines(),
    "Thứ năm, công tác tuyên truyền đại hội đảng bộ các cấp (30/4/1945 – 30/4/2020)",
    "Thứ năm, chủ động, tích cực nắm bắt tình hình",
    "Thứ năm, các cấp ủy họp ngày 30/5/2019",
    "Thứ năm, các cấp ủy 30/5/2019",
    "Thứ năm, tổ chức 45 năm (30/4/2020)",
]


@pytest.mark.parametrize("line", THU_NAM_TRAPS)
def test_thu_nam_enumeration_is_never_a_date(line: str) -> None:
    """The words "Thứ năm" open the fifth item of a list in the bodies of seeds 001 and 003;
    a misfiring date-line selector must not turn them into Thursday, nor take the dates quoted
    after them."""
    got = choose_publication_date(line, [], fetched_at=FETCHED)
    assert got.published_at is None and got.source is None
    assert got.problem is not None and got.problem.startswith("no date found")


# --------------------------------------------------------------------------- fuzz

SOURCES = st.sampled_from(
    ["jsonld", "meta:article:published_time", "time", "itemprop:datePublished", "rss", "x"]
)
RAWS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["2023-12-28", "2023-12-28T14:55:00+07:00", "Thu, 28 Dec 2023 07:12:00 GMT", "2023-12-28"
         "+0714:55:00", "2999-01-01", "2023-02-30T10:00:00Z"]
    ),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    line=st.one_of(st.none(), st.text(max_size=100)),
    metas=st.lists(st.tuples(SOURCES, RAWS), max_size=4),
    listing=st.one_of(st.none(), st.text(max_size=30)),
    url=st.one_of(st.none(), st.text(max_size=60)),
    fetched=st.one_of(st.none(), st.datetimes(), st.datetimes(timezones=st.just(UTC))),
    day_only=st.booleans(),
)
def test_fuzz_never_raises(
    line: str | None,
    metas: list[tuple[str, str]],
    listing: str | None,
    url: str | None,
    fetched: datetime | None,
    day_only: bool,
) -> None:
    got = choose_publication_date(
        line,
        metas,
        listing,
        url,
        fetched,
        edit_time_sources=NUKEVIET_EDIT,
        day_only_sources=("rss", "time") if day_only else (),
    )
    if got.published_at is None:
        assert got.source is None and got.problem
    else:
        assert got.published_at.utcoffset() == timedelta(0)
        assert got.source in ("page", "meta", "listing", "url", "relative")
        assert got.precision in ("minute", "day", "month", "year")


def test_malformed_meta_entries_do_not_raise() -> None:
    got = choose_publication_date(None, [("jsonld",), None, (1, 2)])  # type: ignore[list-item]
    assert got.published_at is None and got.problem
