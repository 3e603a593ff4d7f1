"""The engine on hand-written markup: what it keeps, what it drops, how it marks blocks."""

from __future__ import annotations

from crawler.cms.base import Family
from crawler.cms.engine import body_blocks, extract, page_names, parse_html

FAMILY = Family(
    name="t",
    label="test",
    title=("h1.t",),
    date_line=("span.d",),
    lead=("div.lead",),
    body=("#body",),
    drop=(".share",),
    captions=(".pic-note",),
    views=(".views",),
    tags=(".tags a",),
)
PAGE = """<!doctype html><html><head>
<meta property="article:published_time" content="2023-12-28ICT14:55:00">
<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle",
 "datePublished":"2023-12-28T14:55:00+07:00"}]}</script></head><body>
<div class="menu"><a href="/">Trang chủ</a></div>
<h1 class="t">Tiêu  đề&nbsp;bài</h1><span class="d">Thứ năm - 28/12/2023 14:55</span>
<span class="views">Lượt xem: 1.234</span>
<div class="lead">Sapo của bài.</div>
<div id="body">
 <p>Đoạn một <b>đậm</b> tiếp.</p>
 <div class="share">Chia sẻ: Facebook</div>
 <p><img src="/u/a.jpg"></p><p><em>Quang cảnh hội nghị</em></p>
 <figure><img src="/u/b.jpg"><figcaption>Chú thích hình</figcaption></figure>
 <div class="hidden">Quang cảnh hội nghị</div><div style="display: none">ẩn</div>
 Chữ rời <span>trong thân</span><br>dòng hai
 <h3>Tiêu đề phụ</h3><ul><li>ý một</li><li>ý hai</li></ul>
 <p style="text-align: right;"><strong>Trần Bình Trọng</strong></p>
 <script>var x = "không phải nội dung";</script>
</div>
<span itemprop="datePublished" class="hidden">2024-01-02T09:00:00+07:00</span>
<div class="tags"><a>đại hội</a><a>tuyên giáo</a></div>
<p class="pic-note">Ảnh ngoài thân bài</p>
</body></html>"""


def test_fields_and_blocks():
    out = extract(PAGE, "http://x.example/a-1.html", FAMILY)
    assert out.problem is None
    assert out.title == "Tiêu đề bài"
    assert out.date_line == "Thứ năm - 28/12/2023 14:55"
    assert out.views_text == "Lượt xem: 1.234"
    assert out.lead == "Sapo của bài."
    assert out.tags == ["đại hội", "tuyên giáo"]
    assert out.captions == ["Ảnh ngoài thân bài"]
    assert out.images == ["http://x.example/u/a.jpg", "http://x.example/u/b.jpg"]
    got = [(b.text, b.kind, b.align, b.after_image) for b in out.blocks]
    assert got == [
        ("Đoạn một đậm tiếp.", "text", None, False),
        ("Quang cảnh hội nghị", "text", None, True),
        ("Chú thích hình", "caption", None, True),
        ("Chữ rời trong thân", "text", None, False),
        ("dòng hai", "text", None, False),
        ("Tiêu đề phụ", "heading", None, False),
        ("ý một", "list", None, False),
        ("ý hai", "list", None, False),
        ("Trần Bình Trọng", "text", "right", False),
    ]
    assert out.blocks[1].emphasis and not out.blocks[0].emphasis


def test_machine_dates_are_collected_with_their_source_hidden_ones_included():
    out = extract(PAGE, "http://x.example/a-1.html", FAMILY)
    assert out.meta_dates == [
        ("jsonld", "2023-12-28T14:55:00+07:00"),
        ("meta:article:published_time", "2023-12-28ICT14:55:00"),
        ("itemprop:datePublished", "2024-01-02T09:00:00+07:00"),
    ]


def test_no_body_is_a_problem_not_an_exception():
    page = "<html><body><h1 class=t>x</h1></body></html>"
    out = extract(page, "http://x/", FAMILY, generic=False)
    assert out.problem == "no body container matched" and out.title == "x"
    assert extract("   ", "http://x/", FAMILY).problem == "empty page"


def test_a_photo_floated_inside_the_sapo_stays_out_of_the_lead():
    html = (
        '<html><body><h1 class="t">T</h1><div class="lead"><div id="imghome">'
        '<img src="/a.jpg"><p><em>Quang cảnh hội nghị</em></p></div>'
        "Ngày 22/3/2019, Ban Chấp hành họp.</div><div id=body><p>Thân bài.</p></div></body></html>"
    )
    assert extract(html, "http://x/", FAMILY).lead == "Ngày 22/3/2019, Ban Chấp hành họp."


def test_contains_selectors_are_refused():
    import pytest

    from crawler.cms.engine import css

    with pytest.raises(ValueError, match="contains"):
        css('p:contains("Tác giả")')


def test_class_named_captions_inside_the_body_are_captions():
    """The caption selectors naming a class (the family's and the common ones) still find
    their captions when the walk skips the selectors whose classes the page lacks."""
    caption_body = (
        "<p>Đoạn một của bài viết này, đủ dài để là văn xuôi thật sự của bài.</p>"
        '<div class="wp-caption"><img src="/u/c.jpg"><p class="wp-caption-text">Ảnh WP</p></div>'
        "<p>Đoạn hai của bài viết này, đủ dài để là văn xuôi thật sự của bài.</p>"
        '<p class="pic-note">Ghi chú ảnh của họ</p>'
    )
    page = PAGE.replace('<div id="body">', '<div id="body">' + caption_body)
    kinds = {b.text: b.kind for b in extract(page, "http://x.example/a-1.html", FAMILY).blocks}
    assert kinds["Ảnh WP"] == "caption" and kinds["Ghi chú ảnh của họ"] == "caption"
    root = parse_html(page)
    body = root.get_element_by_id("body")
    names = page_names(root)
    with_names = [(b.text, b.kind) for b in body_blocks(body, FAMILY.captions, names)]
    assert with_names == [(b.text, b.kind) for b in body_blocks(body, FAMILY.captions)]
    assert ("Ảnh WP", "caption") in with_names
