"""The quick refusals that spare the date grammar and the visible date-line finder most of a
page: each may only say "no date here" where the grammar would find none, so every test
below is a line or a page whose date must still be found, beside lines that are refused.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.cms.engine import parse_html
from crawler.finders.dates import machine_dates, visible_date_line
from crawler.text.dates import could_hold_date, parse_date_line

FETCHED = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)

# One line per form of the grammar (module docstring of crawler/text/dates.py), several
# inside a longer meta line, where the finder reads a part of the line.
READ = [
    "Thứ năm - 28/12/2023 14:55",
    "15/06/2020 | 362",
    "Cập nhật 04/09/2009 - 01:00:58 PM (GMT+7)",
    "18 Tháng 9, 2025",
    "Ngày 28 tháng 12 năm 2023",
    "tháng 7/2020",
    "năm 2020",
    "2023-12-28 08:00",
    "2023/12/28",
    "28 . 12 . 2023",
    "31.10.23",
    "Veröffentlicht am 7. September 2017 um 10:00 Uhr",
    "Posted on Sep 7, 2017 by Jane Doe",
    "March 5th, 2024",
    "5 de marzo de 2024",
    "2 mai 2019",
    "2020年07月03日",
    "2020년 7월 3일",
    "Đăng ngày: 05/04/2024 - 10:22 | Cập nhật: 06/04/2024",
    "02.02.2022 10:16 Uhr - 1. Bundesliga - PM Vereine",
    "By Jane Doe | NOVEMBER 20, 2019 | 3 comments",
]
RELATIVE = ["2 giờ trước", "cách đây 3 ngày", "Hôm qua 10:20", "vừa xong 1"]
REFUSED = ["Copyright © 2019 Press TV. All rights reserved.", "$39.99", "84.1K", "2318"]


@pytest.mark.parametrize("line", READ)
def test_every_form_the_grammar_reads_passes_the_quick_test(line: str) -> None:
    assert could_hold_date(line)


@pytest.mark.parametrize("line", READ)
def test_the_forms_of_the_list_are_dates(line: str) -> None:
    """(The list above is a list of dates: the grammar reads each, whole or in a part.)"""
    parts = [line, *line.replace(" | ", " - ").split(" - ")]
    assert any(parse_date_line(p, FETCHED).value is not None for p in parts)


@pytest.mark.parametrize("line", RELATIVE)
def test_relative_lines_pass_when_a_fetch_time_can_resolve_them(line: str) -> None:
    assert parse_date_line(line, FETCHED).value is not None
    assert could_hold_date(line, relative=True)
    assert not could_hold_date(line)  # without a fetch time the grammar reads none of them
    assert parse_date_line(line).value is None


@pytest.mark.parametrize("line", REFUSED)
def test_lines_without_a_date_shape_are_refused(line: str) -> None:
    assert parse_date_line(line, FETCHED).value is None
    assert not could_hold_date(line, relative=True)


def _page(date_html: str) -> str:
    return (
        "<html><head><title>Hội nghị quán triệt nghị quyết</title></head><body>"
        "<div class='nav'><a href='/'>Trang chủ</a></div>"
        "<div class='detail'><h1>Hội nghị quán triệt nghị quyết</h1>"
        f"{date_html}<p>Ban Tuyên giáo tổ chức hội nghị.</p></div></body></html>"
    )


def test_a_year_split_by_a_zero_width_space_is_still_read() -> None:
    """normalize_date_text drops zero-width characters, so "20\u200b23" is a year to the
    grammar: the finder's quick test must not refuse the line for want of four digits."""
    found = visible_date_line(parse_html(_page("<div class='date'>28/12/20\u200b23 14:55</div>")))
    assert found is not None
    assert parse_date_line(found.raw).value == datetime(2023, 12, 28, 7, 55, tzinfo=UTC)


def test_a_relative_line_with_its_date_in_a_title_attribute_is_read() -> None:
    """No year in the text, only "2 giờ trước": the date is in the title attribute."""
    html = _page("<div class='meta'><span title='05/12/2026 08:30'>2 giờ trước</span></div>")
    found = visible_date_line(parse_html(html))
    assert found is not None and found.raw == "05/12/2026 08:30"


def test_a_relative_line_without_a_title_needs_the_fetch_time() -> None:
    html = _page("<div class='meta'><span>2 giờ trước</span></div>")
    assert visible_date_line(parse_html(html)) is None
    found = visible_date_line(parse_html(html), fetched_at=FETCHED)
    assert found is not None and found.raw == "2 giờ trước"


def test_a_date_inside_boxes_without_digits_of_their_own_is_read() -> None:
    """The boxes around the line hold its digits too; a box is passed over whole only when
    its text has no date shape at all (then nothing inside it can have one)."""
    html = _page(
        "<div class='box'><div>Chia sẻ</div><div>Tin liên quan</div></div>"
        "<div class='info'><div><span>Ngày đăng:</span> <span>15/05/2024</span></div></div>"
    )
    found = visible_date_line(parse_html(html))
    assert found is not None and found.raw == "Ngày đăng: 15/05/2024"
    assert found.kind == "published"


def test_itemprop_dates_are_read_in_document_order_outside_chrome() -> None:
    html = (
        "<html><body><article><h1>Tiêu đề bài viết</h1>"
        "<span itemprop='datePublished'>2024-01-02T09:00:00+07:00</span>"
        "<span itemprop='author'>A</span>"
        "<span itemprop='dateModified' content='2024-01-03'>3/1</span></article>"
        "<aside class='sidebar'><span itemprop='datePublished'>2020-01-01</span></aside>"
        "</body></html>"
    )
    assert machine_dates(parse_html(html)) == [
        ("itemprop:datePublished", "2024-01-02T09:00:00+07:00"),
        ("itemprop:dateModified", "2024-01-03"),
    ]
