"""What only the "Báo cáo viên" VHV replica does; the rest of its checks run for every site in
``test_replica_sites.py``.

VHV prints the date line ``H:i:s | d/m/Y``, which must agree with the ``itemprop=
datePublished`` meta; views ("Lượt xem: 1.234") and the author come from the foot row; the
tool bar ("Đọc bài", "Lưu"), rating, related frames, login box and counter stay out of the
body; article ids are 24-hex object ids whose first 8 digits are the creation time.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from crawler.cms.engine import css, text_of
from replica.model import ReplicaArticle
from tests.replica.conftest import norm, pub, replica_of

R = replica_of("vhv")
FAMILY, CONTENT, PAGES, RENDERER = R.family, R.content, R.pages, R.module


def post_date(a: ReplicaArticle) -> str:
    return f"{pub(a):%H:%M}:00 | {pub(a):%d/%m/%Y}"


def check_content_shape():
    assert len(CONTENT.articles) >= 16 and len(CONTENT.sections) == 2
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8
    assert all(a.published and "T" in a.published and a.views for a in CONTENT.articles)
    # Object ids: 24 hex, the first 8 the creation time (UTC seconds).
    for a in CONTENT.articles:
        oid = RENDERER.object_id(a)
        assert re.fullmatch(r"[0-9a-f]{24}", oid)
        created = datetime(1970, 1, 1) + timedelta(seconds=int(oid[:8], 16), hours=7)
        assert created == pub(a)
    assert len({RENDERER.object_id(a) for a in CONTENT.articles}) == len(CONTENT.articles)


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_date_line_meta_views_author_and_chrome(article: ReplicaArticle):
    ex, art = R.pipeline(article)
    assert art.date_source == "page"
    assert ex.date_line == post_date(article)
    assert ex.meta_dates == [("itemprop:datePublished", f"{article.published}:00+07:00")]
    assert ex.views_text == "Lượt xem: " + f"{article.views:,}".replace(",", ".")
    assert ex.lead == article.lead
    footer_author = article.extra.get("author_in") != "body"
    assert ex.author == (f"Tác giả: {article.byline or article.author}" if footer_author else None)
    root = R.root(R.article_path(article))
    page_text = norm(text_of(root))
    body_el = R.body_element(root)
    assert body_el.get("itemprop") == "articleBody"
    body_text = norm(text_of(body_el))
    for chrome in (*CONTENT.settings["chrome"], ex.date_line):
        if chrome == "Tác giả:" and not footer_author:
            continue
        assert chrome in page_text, chrome
        assert chrome not in body_text, chrome
    art_el = css("div#module17.ModuleWrapper > article#article17")(root)[0]
    assert "news-detail-layout-type-2" in art_el.get("class")
    assert art_el.get("itemtype") == "http://schema.org/NewsArticle"


def test_listings_show_the_post_time():
    assert [s.path for s in R.site.sections] == [
        RENDERER.listing_path(s, 1) for s in CONTENT.sections
    ]
    assert R.shown_dates() == {R.article_path(a): post_date(a) for a in CONTENT.articles}


def test_sitemap_and_article_url_forms():
    assert f"Sitemap: {R.url('/sitemap.xml')}" in R.text("/robots.txt")
    assert FAMILY.sitemaps == ("/sitemap.xml",)
    assert R.is_article("/tin-tuc/hoat-dong-san-xuat-cong-nghiep-5b6bb91d92186525bc21bd9c.html")
    assert R.is_article("/tin-tuc/5b6bb91d92186525bc21bd9c/hoat-dong-san-xuat-cong-nghiep")
    for path in (
        "/tin-tuc",
        "/tin-tuc?page=2",
        "/print/5b6bb91d92186525bc21bd9c",
        "/tin-tuc/bai-viet-5b6bb91d92186525bc21bd9c.html?print=1",
    ):
        assert not R.is_article(path), path


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (check_content_shape,)
