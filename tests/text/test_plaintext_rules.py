"""Rules of the plain-text path (``clean_plain_text``), each on a small dump written for it.

The dumps here are synthetic and short; the whole path is measured on the hand-written
dumps by ``benchmarks/plaintext.py``. Every test names one rule and fails when it breaks.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.text.clean import clean_plain_text, is_menu_line

FETCHED = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # Monday 7 December 2026, 10:00 in Việt Nam
P1 = (
    "Sáng 2/12, Huyện ủy tổ chức hội nghị sơ kết công tác tuyên giáo 11 tháng năm 2026, "
    "triển khai nhiệm vụ những tháng cuối năm."
)
P2 = (
    "Hội nghị đã biểu dương các chi bộ làm tốt công tác nắm bắt dư luận xã hội và đề ra "
    "nhiệm vụ trọng tâm cho năm tới."
)
TITLE = "Huyện ủy sơ kết công tác tuyên giáo 11 tháng năm 2026"


# --------------------------------------------------------------------------- menus and titles
@pytest.mark.parametrize(
    "line",
    [
        "Trang chủ | Giới thiệu | Tin tức | Liên hệ",
        "Thời sự  Kinh tế  Xã hội  Văn hóa",
        "Trang chủ • Giới thiệu • Tin tức",
        "07/12/2026 | Đăng nhập | Liên hệ | Sơ đồ trang",
    ],
)
def test_a_navigation_bar_on_one_line_is_a_menu(line: str) -> None:
    assert is_menu_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Tác giả: Hồng Nhung | Ngày đăng: 09/01/2024 16:20 | Lượt xem: 312",  # a meta line
        "Publish date 25/11/2026 | 09:30 | View count: 1095",
        "Đại hội Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2025 - 2030",  # a title
        "Trang chủ | Tin tức",  # two items: a breadcrumb's business, not a menu's
    ],
)
def test_a_meta_line_or_a_title_is_not_a_menu(line: str) -> None:
    assert not is_menu_line(line)


def test_a_masthead_clock_above_the_menu_loses_to_the_date_line_under_the_title() -> None:
    dump = "\n".join(
        [
            "CỔNG THÔNG TIN ĐIỆN TỬ ĐẢNG BỘ TỈNH",
            "Thứ Hai, 07/12/2026",
            "Giới thiệu  Tin tức - Sự kiện  Xây dựng Đảng  Văn bản",  # would pair with the clock
            "Xuất bản thông tin",
            TITLE,
            "Đăng ngày 03-12-2026 09:05",
            P1,
            P2,
        ]
    )
    art = clean_plain_text(dump, FETCHED)
    assert art.title == TITLE
    assert art.date_line == "Đăng ngày 03-12-2026 09:05"
    assert art.body == f"{P1}\n\n{P2}"


def test_without_a_date_line_the_title_is_the_line_right_before_the_body() -> None:
    dump = "\n".join(
        ["ĐẢNG BỘ HUYỆN VĨNH LINH", "Tỉnh ủy Lào Cai - Ban Tuyên giáo", "Tin tức", TITLE, P1, P2]
    )
    art = clean_plain_text(dump, FETCHED)
    assert art.title == TITLE
    assert art.date_line is None
    assert art.body.startswith(P1)


def test_a_date_in_a_top_bar_is_not_the_articles_date() -> None:
    dump = "\n".join(
        ["07/12/2026 | Đăng nhập | Liên hệ | Sơ đồ trang", "HUYỆN ỦY CAN LỘC", "Tin tức", TITLE, P1]
    )
    art = clean_plain_text(dump, FETCHED)
    assert art.title == TITLE
    assert art.date_line is None


def test_a_clock_far_above_the_body_is_not_paired_with_the_line_after_it() -> None:
    dump = "\n".join(
        [
            "Thứ Hai, 07/12/2026",
            "HUYỆN ỦY CAN LỘC TỈNH HÀ TĨNH",
            "Trang thông tin điện tử",
            "Tin tức",
            "Chuyên mục Xây dựng Đảng",
            "Tin nổi bật hôm nay",
            TITLE,
            P1,
        ]
    )
    art = clean_plain_text(dump, FETCHED)
    assert art.title == TITLE
    assert art.date_line is None


def test_of_two_date_lines_with_a_title_before_the_one_nearer_the_body_wins() -> None:
    dump = "\n".join(
        [
            "Tỉnh ủy Đồng Tháp trang tin tổng hợp",
            "Thứ Hai, 07/12/2026",
            "Tin tức",
            TITLE,
            "Đăng ngày 03-12-2026 09:05",
            P1,
        ]
    )
    art = clean_plain_text(dump, FETCHED)
    assert (art.title, art.date_line) == (TITLE, "Đăng ngày 03-12-2026 09:05")
