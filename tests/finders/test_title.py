"""The generic title finder on page layouts written here (not copies of any replica theme)."""

from __future__ import annotations

import pytest

from crawler.cms.engine import parse_html
from crawler.finders.title import agree, article_area, find_title, title_element, without_site_name


def page(head: str, body: str) -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


CASES = [
    pytest.param(
        page(
            "<title>Hội nghị tổng kết công tác năm 2024 - Ban Tuyên giáo Tỉnh ủy Gia Lai</title>",
            "<h1 class='logo'>Ban Tuyên giáo Tỉnh ủy Gia Lai</h1>"
            "<div class='main'><h1>Hội nghị tổng kết công tác năm 2024</h1><p>Sáng nay …</p></div>",
        ),
        "Hội nghị tổng kết công tác năm 2024",
        id="logo-h1-then-article-h1",
    ),
    pytest.param(
        page(
            "<meta property='og:title' content='Mùa lúa mới trên cao nguyên'>"
            "<meta property='og:site_name' content='Báo Điện tử Tỉnh'>"
            "<title>Báo Điện tử Tỉnh</title>",
            "<div id='brand'><h1>Báo Điện tử Tỉnh</h1></div>"
            "<article><h2 class='headline'>Mùa lúa mới trên cao nguyên</h2><p>Bài …</p></article>",
        ),
        "Mùa lúa mới trên cao nguyên",
        id="title-in-h2-site-name-in-h1",
    ),
    pytest.param(
        page(
            "<meta property='og:site_name' content='Cổng thông tin huyện'>"
            "<title>Cổng thông tin huyện | Xã A đạt chuẩn nông thôn mới nâng cao</title>",
            "<table><tr><td><b>Xã A đạt chuẩn nông thôn mới nâng cao</b></td></tr></table>",
        ),
        "Xã A đạt chuẩn nông thôn mới nâng cao",
        id="no-heading-site-name-first-in-title",
    ),
    pytest.param(
        page("", "<div><h1>  Tin   vắn\n trong ngày </h1><p>x</p></div>"),
        "Tin vắn trong ngày",
        id="h1-only",
    ),
    pytest.param(
        page(
            "<title>A new bridge opens downtown – City Herald</title>",
            "<header><h1>City Herald</h1></header>"
            "<main><h1>A New Bridge Opens Downtown</h1></main>",
        ),
        "A New Bridge Opens Downtown",
        id="case-differs-from-title",
    ),
    pytest.param(
        page(
            "<title>Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh - Tin tức"
            " - Trang tin điện tử Đảng bộ</title>",
            "<div class='left'><h2>Tin mới</h2></div>",
        ),
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        id="title-with-section-and-site",
    ),
]


@pytest.mark.parametrize(("html", "want"), CASES)
def test_title_on_layouts(html: str, want: str) -> None:
    assert find_title(parse_html(html), "https://dangbo.example.vn/tin-tuc/bai-1.html") == want


def test_a_page_without_any_title_gives_none() -> None:
    assert find_title(parse_html("<html><body><p>chỉ có chữ</p></body></html>")) is None


def test_agreement_is_word_based_not_exact() -> None:
    assert agree("Hội nghị BCH Đảng bộ tỉnh lần thứ 15", "HỘI NGHỊ BCH ĐẢNG BỘ TỈNH LẦN THỨ 15")
    assert not agree("Tin mới", "Hội nghị BCH Đảng bộ tỉnh lần thứ 15")


def test_site_name_is_taken_off_whichever_side() -> None:
    names = ("Trang tin Đảng bộ",)
    assert without_site_name("Trang tin Đảng bộ - Bài viết số một", names) == "Bài viết số một"
    assert without_site_name("Bài viết số một | Trang tin Đảng bộ", names) == "Bài viết số một"
    assert without_site_name("Không có dấu phân cách", names) == "Không có dấu phân cách"


def test_the_area_around_the_title_stops_below_the_page_columns() -> None:
    root = parse_html(
        "<html><body><div id='cols'><div class='main'><div class='detail'><div class='head'>"
        "<h1>Bài</h1></div><p>x</p></div></div><div class='side'>y</div></div></body></html>"
    )
    heading = title_element(root, "Bài")
    assert heading is not None
    area = article_area(heading)
    assert area is not None and area.get("class") == "main"
