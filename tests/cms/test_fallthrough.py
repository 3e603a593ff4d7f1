"""A family is a hint: what its selectors miss comes from the generic finders, never a refusal."""

from __future__ import annotations

from crawler.cms.base import Family
from crawler.cms.engine import extract, parse_html, text_of
from crawler.stages.clean import clean_extracted
from crawler.stages.extract import extract_page

# A theme of some family, re-skinned: none of these selectors is on the page below.
FAMILY = Family(
    name="t",
    label="test",
    title=("h1.news-title",),
    body=("#news-bodyhtml",),
    byline=(".news-author",),
    views=(".news-hits",),
    drop=(".box-lienquan", ".tool-print"),
)
PARAS = [
    "Ngày 14/5, Ban Tuyên giáo Huyện ủy phối hợp với Trung tâm Chính trị huyện tổ chức lớp bồi"
    " dưỡng nghiệp vụ công tác tuyên giáo năm 2024 cho 120 cán bộ cơ sở.",
    "Tại lớp học, các học viên được truyền đạt những nội dung cơ bản về công tác nắm bắt dư luận"
    " xã hội, kỹ năng viết tin bài và tuyên truyền trên mạng xã hội.",
    "Kết thúc lớp học, 100% học viên được cấp giấy chứng nhận hoàn thành chương trình bồi dưỡng"
    " theo quy định của Ban Tuyên giáo Tỉnh ủy.",
]
PAGE = (
    "<!doctype html><html><head><title>Bồi dưỡng nghiệp vụ tuyên giáo năm 2024 - Huyện ủy</title>"
    "</head><body><div class='top-menu'><a href='/'>Trang chủ</a><a href='/tin'>Tin tức</a></div>"
    "<div class='wrap'><div class='col-9'><div class='art-head'>"
    "<h2 class='art-title'>Bồi dưỡng nghiệp vụ tuyên giáo năm 2024</h2>"
    "<span class='art-meta'>Lượt xem: 2.015</span></div><div class='art-body'>"
    + "".join(f"<p>{p}</p>" for p in PARAS[:2])
    + "<div class='box-lienquan'><p>Ban Tuyên giáo tổ chức hội nghị báo cáo viên tháng 4,"
    " triển khai nhiều nội dung quan trọng trong thời gian tới.</p></div>"
    + f"<p>{PARAS[2]}</p><p style='text-align:right'><strong>Hoàng Minh Tuấn</strong></p></div>"
    "</div><div class='col-3'><ul><li><a href='/x'>Tin khác trong tuần qua</a></li></ul></div>"
    "</div><div class='footer'>Bản quyền © Huyện ủy</div></body></html>"
)


def test_title_body_byline_views_missed_by_the_family_still_come_out() -> None:
    out = extract(PAGE, "http://huyenuy.example.vn/tin/boi-duong-1.html", FAMILY)
    assert out.problem is None
    assert out.title == "Bồi dưỡng nghiệp vụ tuyên giáo năm 2024"
    assert out.views_text == "Lượt xem: 2.015"
    assert out.cms == "t+generic"
    assert set(out.generic_fields) == {"title", "views", "body"}
    article = clean_extracted(out, "x")
    assert article.problem is None
    assert article.body == "\n\n".join(PARAS)  # the family's drop rule still held
    assert article.author == "Hoàng Minh Tuấn"
    assert article.views == 2015


def test_with_the_finders_off_the_same_page_is_a_miss() -> None:
    out = extract(PAGE, "http://huyenuy.example.vn/tin/boi-duong-1.html", FAMILY, generic=False)
    assert out.title is None and out.problem == "no body container matched"


def test_a_family_whose_body_matches_but_title_misses_is_not_refused() -> None:
    family = Family(name="t2", label="t2", title=("h1.nope",), body=(".art-body",))
    article = clean_extracted(extract_page(PAGE, "http://h.example/a-1.html", family), "x")
    assert article.problem is None and article.title == "Bồi dưỡng nghiệp vụ tuyên giáo năm 2024"
    assert article.body.startswith(PARAS[0])


def test_an_unknown_page_with_a_heading_and_text_is_read() -> None:
    html = (
        "<html><head><title>Trang chủ</title></head><body><h1>Thông báo lịch tiếp công dân</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</body></html>"
    )
    article = clean_extracted(extract_page(html.encode(), "http://x.example/tb.html"), "x")
    assert article.problem is None
    assert article.title == "Thông báo lịch tiếp công dân"
    assert article.body == "\n\n".join(PARAS)


# ------------------------------------------------------------------ text conversion
def test_text_of_separates_list_items_cells_and_br_lines() -> None:
    root = parse_html(
        "<html><body><div id='x'><ul><li>ý một</li><li>ý hai</li></ul>"
        "<table><tr><td>ô một</td><td>ô hai</td></tr></table>dòng một<br>dòng hai"
        "<h3>Tiêu đề</h3>chữ sau tiêu đề</div></body></html>"
    )
    assert text_of(root.get_element_by_id("x")).split("\n") == [
        "ý một",
        "ý hai",
        "ô một",
        "ô hai",
        "dòng một",
        "dòng hai",
        "Tiêu đề",
        "chữ sau tiêu đề",
    ]


def test_a_generic_body_keeps_the_text_after_a_heading() -> None:
    html = (
        "<html><head><title>Bài</title></head><body><h1>Bài</h1><div class='noidung'>"
        f"<p>{PARAS[0]}</p><h3>Kết quả đạt được</h3>{PARAS[1]}<ul><li>Một là, nâng cao chất"
        " lượng.</li><li>Hai là, đổi mới phương thức.</li></ul>"
        f"<p>{PARAS[2]}</p></div></body></html>"
    )
    out = extract_page(html.encode(), "http://x.example/a.html")
    texts = [b.text for b in out.blocks]
    assert PARAS[1] in texts and "Kết quả đạt được" in texts
    assert "Một là, nâng cao chất lượng." in texts and "Hai là, đổi mới phương thức." in texts


def test_a_page_type_title_gives_way_to_the_heading_above_the_text() -> None:
    html = (
        "<html><head><title>Chi tiết tin - Cổng thông tin điện tử huyện</title></head><body>"
        "<h1 class='sr-only'>Điều hướng</h1><div class='col-left'><h3>Tin mới</h3><ul>"
        "<li><a href='/a'>Một tin khác trong tuần</a></li></ul></div><div class='col-main'>"
        "<div class='tieude'><h4><span>Lớp bồi dưỡng nghiệp vụ tuyên giáo 2024</span></h4></div>"
        "<div class='noidung'>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></div>"
        "</body></html>"
    )
    article = clean_extracted(extract_page(html.encode(), "http://huyen.example.vn/ct?id=9"), "x")
    assert article.title == "Lớp bồi dưỡng nghiệp vụ tuyên giáo 2024"
    assert article.body == "\n\n".join(PARAS)


def test_a_stated_title_is_kept_over_an_unrelated_heading_above_the_text() -> None:
    html = (
        "<html><head><title>Lớp bồi dưỡng nghiệp vụ tuyên giáo 2024 | Huyện ủy</title></head>"
        "<body><div class='box'><h3>Tin mới</h3></div><div class='noidung'>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</div></body></html>"
    )
    article = clean_extracted(extract_page(html.encode(), "http://h.example/a.html"), "x")
    assert article.title == "Lớp bồi dưỡng nghiệp vụ tuyên giáo 2024"
