"""Related-link boxes inside the article container: the cached link lengths change nothing."""

from __future__ import annotations

import lxml.html
from lxml import etree

from crawler.finders.body import _LINK_LISTS, _drop_link_lists


def _plain(container: etree._Element) -> None:
    """The definition: every box of three or more links whose links make 60 % of its text."""
    for el in list(container.iter(*_LINK_LISTS)):
        if el is container or el.getparent() is None or len(el.findall(".//a")) < 3:
            continue
        text = len("".join(el.itertext()).strip())
        linked = sum(len("".join(a.itertext()).strip()) for a in el.findall(".//a"))
        if text and linked / text >= 0.6:
            el.drop_tree()


_LINKS = "".join(f"<li><a href='/t{i}'>Tin liên quan số {i}</a></li>" for i in range(4))
PAGES = [
    # a box in a box: the outer one goes, the inner one with it
    f"<div><p>Đoạn văn của bài viết, đủ dài để không là hộp liên kết nào cả.</p>"
    f"<div class='related'><h3>Tin khác</h3><ul>{_LINKS}</ul></div></div>",
    # a link around a box of links: the box inside it is judged after the link was measured
    f"<div><p>Đoạn văn ngắn.</p><a href='/x'>Xem thêm <div><ul>{_LINKS}</ul></div> tại đây"
    f"</a><p>Một đoạn nữa của bài, dài hơn một chút so với đoạn đầu tiên.</p>"
    f"<section><a href='/y'>Tin A</a> <a href='/z'>Tin B</a> <a href='/w'>Tin C</a></section>"
    f"</div>",
    # a long link measured first, then a box of short links in prose: each link its own size
    "<div><ul><li><a href='/l'>" + "Một tiêu đề tin liên quan rất dài " * 6 + "</a></li>"
    "<li><a href='/m'>Tin</a></li><li><a href='/n'>Tin</a></li></ul><div>Bài viết có "
    "<a href='/o'>một</a>, <a href='/p'>hai</a> và <a href='/q'>ba</a> liên kết ngắn giữa "
    "những câu văn dài của đoạn, nên hộp này là văn xuôi chứ không phải hộp liên kết.</div></div>",
    # links inside prose: kept
    "<div><p>Theo <a href='/a'>báo A</a>, <a href='/b'>báo B</a> và <a href='/c'>báo C</a>, "
    "hội nghị đã diễn ra trong hai ngày với nhiều nội dung quan trọng được bàn thảo.</p></div>",
]


def test_dropping_link_boxes_equals_the_definition() -> None:
    for page in PAGES:
        ours = lxml.html.fragment_fromstring(page)
        want = lxml.html.fragment_fromstring(page)
        _drop_link_lists(ours)
        _plain(want)
        assert etree.tostring(ours, encoding=str) == etree.tostring(want, encoding=str)
    kept = lxml.html.fragment_fromstring(PAGES[0])
    _drop_link_lists(kept)
    assert "Tin khác" not in kept.text_content() and "Đoạn văn" in kept.text_content()
    prose = lxml.html.fragment_fromstring(PAGES[2])
    _drop_link_lists(prose)
    assert "liên kết ngắn" in prose.text_content() and "rất dài" not in prose.text_content()
