"""The generic body finder: main content found, block structure kept, nothing glued or lost."""

from __future__ import annotations

from lxml import etree

from crawler.cms.engine import body_blocks, css, parse_html, prune
from crawler.finders.body import blocks_of
from crawler.finders.body import find_body as _find_body


def find_body(root, url, drop=()):
    """The finder as the engine calls it: with the family walk for the container."""
    return _find_body(root, url, drop, walk=body_blocks, tidy=lambda el: prune(el, ()))


PARAGRAPHS = [
    "Chiều 12/3, Ban Thường vụ Huyện ủy tổ chức hội nghị sơ kết công tác quý I, đánh giá kết quả"
    " thực hiện nhiệm vụ chính trị và đề ra phương hướng cho những tháng tiếp theo.",
    "Theo báo cáo, trong quý I toàn huyện đã tổ chức 45 lớp học tập, quán triệt nghị quyết cho"
    " hơn 3.000 lượt cán bộ, đảng viên, đạt 98% kế hoạch đề ra từ đầu năm.",
    "Phát biểu kết luận, đồng chí Bí thư Huyện ủy đề nghị các cấp ủy tiếp tục đổi mới nội dung,"
    " phương thức tuyên truyền, bám sát cơ sở và lắng nghe ý kiến của Nhân dân.",
]


def test_tree_output_keeps_text_after_headings_lists_and_line_breaks() -> None:
    body = etree.fromstring(
        "<body><p>Mở đầu<lb/>dòng hai</p><head rend='h2'>Tiêu đề phụ</head>chữ sau tiêu đề"
        "<list><item>ý một</item><item>ý <hi rend='#b'>hai</hi></item></list>chữ sau danh sách"
        "<graphic src='a.jpg'/><p>Quang cảnh hội nghị</p>"
        "<table><row><cell>1</cell><cell>Nguyễn Văn A</cell></row>"
        "<row><cell>2</cell><cell>Trần Thị B</cell></row></table></body>"
    )
    got = [(b.text, b.kind, b.after_image) for b in blocks_of(body)]
    assert got == [
        ("Mở đầu", "text", False),
        ("dòng hai", "text", False),
        ("Tiêu đề phụ", "heading", False),
        ("chữ sau tiêu đề", "text", False),
        ("ý một", "list", False),
        ("ý hai", "list", False),
        ("chữ sau danh sách", "text", False),
        ("Quang cảnh hội nghị", "text", True),
        ("1 | Nguyễn Văn A", "text", False),
        ("2 | Trần Thị B", "text", False),
    ]


def _portal(article: str) -> str:
    menu = "".join(f"<li><a href='/c{i}'>Chuyên mục {i}</a></li>" for i in range(12))
    side = "".join(
        f"<li><a href='/t{i}'>Tin liên quan số {i} trong tuần</a></li>" for i in range(8)
    )
    return (
        "<html><head><title>Sơ kết quý I - Huyện ủy</title></head><body>"
        f"<div id='top'><ul class='menu'>{menu}</ul></div>"
        f"<table width='100%'><tr><td class='left'><ul>{side}</ul></td>"
        f"<td class='content'>{article}</td></tr></table>"
        "<div id='foot'>Bản quyền thuộc Huyện ủy. Địa chỉ: số 1 đường Lê Lợi.</div></body></html>"
    )


def test_the_article_is_found_in_a_table_layout_portal() -> None:
    article = "<h3>Sơ kết quý I</h3>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    blocks = find_body(parse_html(_portal(article)), "http://huyen.example.vn/tin/so-ket-1.html")
    texts = [b.text for b in blocks]
    assert all(p in texts for p in PARAGRAPHS)
    assert not any("Chuyên mục" in t or "Tin liên quan" in t or "Bản quyền" in t for t in texts)


def test_the_family_chrome_rules_are_pruned_before_the_finder_reads() -> None:
    share = (
        "<div class='khoi-phu'>Mời bạn đọc gửi ý kiến đóng góp về hộp thư điện tử của"
        " Ban biên tập trang thông tin để chúng tôi phục vụ tốt hơn.</div>"
    )
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]) + share + f"<p>{PARAGRAPHS[2]}</p>"
    url, rule = "http://h.example/a.html", [css(".khoi-phu").path]
    kept = [b.text for b in find_body(parse_html(_portal(article)), url)]
    pruned = [b.text for b in find_body(parse_html(_portal(article)), url, rule)]
    assert any("Mời bạn đọc" in t for t in kept)  # the finder alone keeps it: the rule matters
    assert not any("Mời bạn đọc" in t for t in pruned) and PARAGRAPHS[2] in pruned


def test_text_the_main_content_finder_drops_is_recovered_from_its_container() -> None:
    article = (
        f"<p>{PARAGRAPHS[0]}</p><h3>Kết quả đạt được</h3>Năm 2024, huyện hoàn thành 15/15 chỉ"
        " tiêu.<ul><li>Một là, nâng cao chất lượng.</li><li>Hai là, đổi mới cách làm.</li></ul>"
        f"<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>"
        "<p style='text-align:right'><b>Lê Văn Châu</b></p>"
    )
    blocks = find_body(parse_html(_portal(article)), "http://h.example/a.html")
    got = [(b.text, b.kind) for b in blocks]
    assert got == [
        (PARAGRAPHS[0], "text"),
        ("Kết quả đạt được", "heading"),
        ("Năm 2024, huyện hoàn thành 15/15 chỉ tiêu.", "text"),
        ("Một là, nâng cao chất lượng.", "list"),
        ("Hai là, đổi mới cách làm.", "list"),
        (PARAGRAPHS[1], "text"),
        (PARAGRAPHS[2], "text"),
        ("Lê Văn Châu", "text"),
    ]
    assert blocks[-1].align == "right" and blocks[-1].emphasis


def test_a_page_without_article_text_gives_no_blocks() -> None:
    assert find_body(parse_html("<html><body><div></div></body></html>"), "http://x/") == []
