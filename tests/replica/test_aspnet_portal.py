"""What only the Trà Vinh ASP.NET replica (seed 003) does; the rest of its checks run for
every site in ``test_replica_sites.py``.

The portal prints no date anywhere (gold ``published`` null [S 003]): not on articles,
listings or the sitemap (no ``lastmod``). Titles are often in capitals; the byline is the
last body paragraph, pushed right with a run of ``&nbsp;``; the seed's chrome (pager,
counter, section banner before "Đăng nhập") surrounds the content panel; WebForms markup.
"""

from __future__ import annotations

import re

import pytest

from crawler.cms.engine import css, extract, parse_html, text_of
from crawler.finders.dates import article_anchor, machine_dates
from replica.model import ReplicaArticle
from tests.replica.conftest import norm, replica_of

R = replica_of("aspnet_portal")
FAMILY, CONTENT, PAGES, RENDERER = R.family, R.content, R.pages, R.module
SEED = R.article(seed="003")
SEED_PATH = R.article_path(SEED)
DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d")


def check_content_shape():
    assert len(CONTENT.articles) >= 16
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8
    assert all(a.published is None and a.views is None for a in CONTENT.articles)
    assert sum(a.title == a.title.upper() for a in CONTENT.articles) >= 5


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_has_no_date_and_ends_with_the_byline(article: ReplicaArticle):
    path = R.article_path(article)
    ex = extract(PAGES[path].body, R.url(path), FAMILY)
    assert ex.date_line is None and ex.meta_dates == [] and ex.views_text is None
    assert ex.lead == article.lead
    texts = [norm(b.text) for b in ex.blocks]
    joined = "\n".join(texts)
    for chrome in ("Tin khác", "Thống kê truy cập", "In bài viết", "Đăng nhập"):
        assert chrome not in joined
    assert texts[-1] == (article.byline or article.author)


def test_seed_page_chrome_as_on_the_site():
    page = R.text(SEED_PATH)
    root = R.root(SEED_PATH)
    page_text = text_of(root)
    # "TUYÊN TRUYỀN" (the section banner) is directly followed by "Đăng nhập".
    lines = page_text.split("\n")
    i = lines.index("TUYÊN TRUYỀN", lines.index("Tin khác"))
    assert lines[i + 1] == "Đăng nhập"
    pager = norm(text_of(css(".other-news .pager")(root)[0]))
    assert pager == "1 2 3 4 5 ..."
    assert "Trong tuần: 8 047" in norm(page_text)
    # The byline is pushed right with a run of &nbsp;, as in the seed.
    ex = extract(page, R.url(SEED_PATH), FAMILY)
    assert ex.blocks[-1].text == "Trần Bình Trọng"
    assert "&nbsp;" * 68 + " <strong>Trần Bình Trọng</strong>" in page


def test_no_date_anywhere():
    for path, page in PAGES.items():
        if path.endswith(".xml"):
            assert b"lastmod" not in page.body and b"pubDate" not in page.body
            continue
        if path == "/robots.txt":
            continue
        root = parse_html(page.body)
        assert machine_dates(root, article_anchor(root)) == [], path
        assert not any(css(s)(root) for s in (*FAMILY.date_line, *FAMILY.listing_date)), path
        for el in css(f"{', '.join(FAMILY.body)}, .news-item-summary, .hot-news p")(root):
            el.drop_tree()  # body text quotes dates ("Chủ nhật, 23/5/2021"): not dates of the page
        assert not DATE.search(text_of(root)), path


def check_webforms_markup():
    path = R.article_path(CONTENT.articles[0])
    page = R.text(path)
    root = R.root(path)
    assert css('form#form1 input[name="__VIEWSTATE"]')(root)
    assert "/WebResource.axd?" in page and "/ScriptResource.axd?" in page
    assert css('[id^="ctl00_ContentPlaceHolder1_"]')(root)
    assert "javascript:__doPostBack(" in page


def test_listing_and_article_urls():
    assert [s.path for s in R.site.sections] == [
        RENDERER.listing_path(CONTENT, s.key) for s in CONTENT.sections
    ]
    for entry, sec in zip(R.site.sections, CONTENT.sections, strict=True):
        assert f"/{sec.key}/" in entry.path and entry.path.endswith("/trang-1.aspx")
    assert R.is_article("/NewsDetail.aspx?id=125")
    assert not R.is_article("/tin-tuc/1/trang-2.aspx")
    assert f"Sitemap: {R.url('/sitemap.xml')}" in R.text("/robots.txt")


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (
    check_content_shape,
    check_webforms_markup,
)
