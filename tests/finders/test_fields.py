"""Generic byline, view counter and caption finders on layouts written here."""

from __future__ import annotations

from crawler.cms.engine import parse_html
from crawler.finders.byline import find_byline, plausible
from crawler.finders.captions import find_captions, mark_captions
from crawler.finders.title import article_area, title_element
from crawler.finders.views import find_views_text
from crawler.items import Block


def _area(html: str, title: str):
    root = parse_html(html)
    return root, article_area(title_element(root, title))


# ------------------------------------------------------------------ bylines in the markup
def test_itemprop_author_with_a_nested_name() -> None:
    html = (
        "<html><body><article><h1>Bài</h1><div itemprop='author' itemscope>"
        "<img src='a.jpg'><span itemprop='name'>Nguyễn Thị Hoa</span> · Phóng viên</div>"
        "<p>Nội dung.</p></article></body></html>"
    )
    root, area = _area(html, "Bài")
    assert find_byline(root, html, area) == "Nguyễn Thị Hoa"


def test_a_class_named_byline_with_a_by_label() -> None:
    html = (
        "<html><body><div class='story'><h1>Storm season opens</h1>"
        "<p class='story-byline'>By Jane Q. Doe</p><p>Text.</p></div></body></html>"
    )
    root, area = _area(html, "Storm season opens")
    assert find_byline(root, html, area) == "Jane Q. Doe"


def test_json_ld_person_when_the_page_shows_none() -> None:
    html = (
        '<html><head><script type=\'application/ld+json\'>{"@type": "NewsArticle",'
        ' "author": [{"@type": "Person", "name": "Trần Văn Bình"}]}</script></head>'
        "<body><h1>Bài</h1><p>x</p></body></html>"
    )
    assert find_byline(parse_html(html), html) == "Trần Văn Bình"


def test_the_site_as_meta_author_is_not_a_byline() -> None:
    html = (
        "<html><head><meta name='author' content='Ban Tuyên giáo Tỉnh ủy'>"
        '<script type=\'application/ld+json\'>{"author": {"@type": "Organization",'
        ' "name": "Báo Tỉnh"}}</script></head><body><h1>Bài</h1><p>x</p></body></html>'
    )
    assert find_byline(parse_html(html), html) is None


def test_author_boxes_of_other_articles_in_a_side_column_are_ignored() -> None:
    html = (
        "<html><body><div id='wrap'><div class='col-main'><div class='post'><h1>Bài chính</h1>"
        "<p>Nội dung.</p></div></div><div class='col-side'><ul><li><a>Bài khác</a>"
        "<span class='author'>Lê Minh</span></li></ul></div></div></body></html>"
    )
    root, area = _area(html, "Bài chính")
    assert find_byline(root, html, area) is None


def test_plausible_names() -> None:
    assert plausible("Bởi  Phạm Thu Trang") == "Phạm Thu Trang"
    assert plausible("admin") is None
    assert plausible("Báo Quân đội nhân dân") is None
    assert plausible("Đăng lúc 12:30 ngày 3/4/2024") is None


# ------------------------------------------------------------------ view counters
def test_a_counter_beside_the_title_split_over_two_elements() -> None:
    html = (
        "<html><body><div class='content'><div class='box-title'><h1>Bài</h1>"
        "<div class='info'><span>Lượt xem:</span> <b>1.234</b></div></div>"
        "<p>Nội dung.</p></div></body></html>"
    )
    _, area = _area(html, "Bài")
    text = find_views_text(area)
    assert text is not None and "1.234" in text


def test_counters_of_listed_documents_are_not_the_articles() -> None:
    html = (
        "<html><body><div class='content'><div><h1>Bài</h1><p>Nội dung.</p>"
        "<ul class='docs'><li><a>Văn bản mới</a><p>Lượt xem: 194 | lượt tải: 31</p></li></ul>"
        "</div></div></body></html>"
    )
    _, area = _area(html, "Bài")
    assert find_views_text(area) is None


def test_an_english_view_count_after_the_number() -> None:
    html = (
        "<html><body><main><header><h1>Post</h1><small>4,664 views</small></header>"
        "</main></body></html>"
    )
    _, area = _area(html, "Post")
    assert find_views_text(area) == "4,664 views"


def test_no_title_element_no_counter() -> None:
    assert find_views_text(None) is None


# ------------------------------------------------------------------ captions
def test_captions_are_marked_in_the_body_and_chrome_captions_left_out() -> None:
    html = (
        "<html><body><nav><figure><figcaption>Logo của trang</figcaption></figure></nav>"
        "<div class='post'><figure><img src='a.jpg'><figcaption>Quang cảnh hội nghị</figcaption>"
        "</figure><p>Đoạn văn.</p><div class='image-caption'>Đại biểu biểu quyết</div></div>"
        "</body></html>"
    )
    captions = find_captions(parse_html(html), html)
    assert captions == ["Quang cảnh hội nghị", "Đại biểu biểu quyết"]
    blocks = [Block("Quang cảnh hội nghị"), Block("Đoạn văn."), Block("Đại biểu biểu quyết")]
    assert mark_captions(blocks, captions) == 2
    assert [b.kind for b in blocks] == ["caption", "text", "caption"]
