"""The markup byline finder's sources and their order, on pages written here by hand
(tagDiv's "Bởi <a>Name</a>" meta bar with its classes renamed, "By"/"Tác giả:" labels,
author links, JSON-LD, meta), and the names it must refuse: organisations, accounts,
sources and the site itself. The gold is what a reader of each page sees as its author."""

from __future__ import annotations

import pytest

from crawler.cms.engine import parse_html
from crawler.finders.byline import find_byline, site_names
from crawler.finders.title import article_area, title_element

LD_PERSON = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
    '{"@type": "Person", "name": "%s"}, "publisher": {"@type": "Organization", '
    '"name": "Ban Dân vận Tỉnh ủy Kon Tum"}}</script>'
)


def page(head: str, bar: str, body: str = "<p>Nội dung bài viết dài đủ một câu.</p>") -> str:
    return (
        f"<html><head><title>Hội nghị tổng kết - Dân vận Kon Tum</title>{head}</head><body>"
        "<div class='hdr'><a href='/'>Dân vận Kon Tum</a></div><div class='wrap'><div class='col'>"
        f"<h1>Hội nghị tổng kết</h1>{bar}<div class='txt'>{body}</div></div>"
        "<aside><ul><li><a href='/author/le-minh/'>Lê Minh</a> Bài khác</li></ul></aside>"
        "</div></body></html>"
    )


def byline(html: str, url: str | None = "https://danvan.kontum.gov.vn/a/1") -> str | None:
    root = parse_html(html)
    area = article_area(title_element(root, "Hội nghị tổng kết"))
    return find_byline(root, html, area, url)


CASES = {
    # tagDiv's meta bar with its classes renamed: the label, then a link to /author/.
    "label span + author link": (
        "<div class='m1'><span class='x'>Bởi</span> <a class='y' href='/author/nhung/'>"
        "Nguyễn Thị Hồng Nhung</a></div>",
        "Nguyễn Thị Hồng Nhung",
    ),
    "label text + bold name": ("<p class='m'>Bởi <b>Trần Văn Quý</b></p>", "Trần Văn Quý"),
    "English by line with a date": ("<div>By Jane Q. Doe | March 3, 2021</div>", "Jane Q. Doe"),
    "English by line, comma, weekday": (
        "<p class='meta'>By Sherif Saed,\n Wednesday, 20 November 2019 08:05 GMT</p>",
        "Sherif Saed",
    ),
    "Tác giả label": ("<div class='info'>Tác giả: Phạm Thu Thảo</div>", "Phạm Thu Thảo"),
    "link to an author page alone": (
        "<div class='m'><a href='/tac-gia/le-minh-hoang'>Lê Minh Hoàng</a> - 12/03/2024</div>",
        "Lê Minh Hoàng",
    ),
    "Đăng bởi + name + date": (
        "<div class='m'>Đăng bởi: Trần Quốc Hưng – 08:30 12/03/2024</div>",
        "Trần Quốc Hưng",
    ),
    # Refused: an account, the site, a source, an organisation.
    "Bởi admin": ("<div><span>Bởi</span> <a href='/author/admin/'>admin</a></div>", None),
    "Bởi Admin": ("<div><span>Bởi</span> <a href='/author/admin/'>Admin</a></div>", None),
    "the site's own name": (
        "<div><span>Bởi</span> <a href='/author/bbt/'>Dân vận Kon Tum</a></div>",
        None,
    ),
    "an organisation": (
        "<div>Tác giả: Ban Tuyên giáo Tỉnh ủy Kon Tum</div>",
        None,
    ),
    "a source line": ("<div class='m'>Nguồn: Báo Kon Tum</div>", None),
    "a sentence that starts with Bởi": (
        "",
        None,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_meta_bar_sources(name: str) -> None:
    bar, want = CASES[name]
    # Paragraphs of the body that start with "Bởi" ("because", "by") are sentences.
    body = "<p>Bởi Nguyễn Văn An đến muộn.</p><p>Bởi vì công tác dân vận rất quan trọng.</p>"
    assert byline(page("", bar, body)) == want


def test_the_meta_bar_beats_structured_data() -> None:
    html = page(
        LD_PERSON % "Lê Minh Hoàng" + "<meta name='author' content='Phạm Thu Thảo'>",
        "<div><span>Bởi</span> <a href='/author/x/'>Trần Văn Quý</a></div>",
    )
    assert byline(html) == "Trần Văn Quý"


def test_json_ld_person_then_meta_author() -> None:
    html = page(LD_PERSON % "Lê Minh Hoàng" + "<meta name='author' content='Phạm Thu Thảo'>", "")
    assert byline(html) == "Lê Minh Hoàng"
    assert byline(page("<meta name='author' content='Phạm Thu Thảo'>", "")) == "Phạm Thu Thảo"


@pytest.mark.parametrize(
    "who", ["Ban Dân vận Tỉnh ủy Kon Tum", "Dân vận Kon Tum", "Admin", "Danvan", "Theo TTXVN"]
)
def test_structured_data_naming_the_site_or_an_account_is_refused(who: str) -> None:
    assert byline(page(LD_PERSON % who + f"<meta name='author' content='{who}'>", "")) is None


def test_an_author_link_in_a_side_column_is_not_the_byline() -> None:
    # The page's only author link is in the <aside>'s list of other articles.
    root = parse_html(page("", ""))
    assert find_byline(root, None, None) is None


def test_site_names_come_from_head_publisher_and_host() -> None:
    og = "<meta property='og:site_name' content='DVKT'>"
    html = page(LD_PERSON % "X Y", "").replace("<head>", "<head>" + og)
    names = site_names(parse_html(html), "https://www.danvan.kontum.gov.vn/a")
    assert {"dvkt", "dan van kon tum", "ban dan van tinh uy kon tum", "danvan", "kontum"} <= names
