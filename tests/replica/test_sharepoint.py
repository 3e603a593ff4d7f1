"""What only the Chợ Mới SharePoint replica does; the rest of its checks run for every site in
``test_replica_sites.py``.

SharePoint portals publish in two URL shapes (publishing pages and list items through
``View_Detail.aspx``) with two date lines ("Đăng ngày dd - mm - yyyy", "( Cập nhật lúc:
dd/mm/yyyy )"), both day-only and so stored day-only; the rich-text field starts with a
zero-width space; the ribbon, skip links, Sign In, digit counter and footer surround it.
"""

from __future__ import annotations

import re

import pytest

from crawler.cms.engine import extract, text_of
from replica.model import ReplicaArticle
from tests.replica.conftest import norm, pub, replica_of

R = replica_of("sharepoint")
FAMILY, CONTENT, PAGES, RENDERER = R.family, R.content, R.pages, R.module


def check_content_shape():
    assert len(CONTENT.articles) >= 16 and len(CONTENT.sections) == 2
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8
    # The portal prints the day only: no article may carry a time.
    assert all(a.published and "T" not in a.published for a in CONTENT.articles)
    # Both URL shapes are on the site.
    paths = list(R.articles)
    assert any("/Pages/" in p for p in paths) and any("View_Detail.aspx" in p for p in paths)


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_day_only_date_lines_stay_day_only(article: ReplicaArticle):
    ex, art = R.pipeline(article)
    day = pub(article)
    if RENDERER.list_name(CONTENT, article.section):
        assert ex.date_line == f"Đăng ngày {day:%d} - {day:%m} - {day:%Y}"
    else:
        assert ex.date_line == f"( Cập nhật lúc: {day:%d/%m/%Y} )"
    assert ex.meta_dates == []
    assert art.date_precision == "day" and art.date_source == "page"


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_rich_text_field_and_chrome(article: ReplicaArticle):
    path = R.article_path(article)
    page = R.text(path)
    ex = extract(page, R.url(path), FAMILY)
    # The body is the rich-text field, which starts with SharePoint's zero-width space; a
    # list's rich text sits in a div.ExternalClass<hex> inside it.
    listed = RENDERER.list_name(CONTENT, article.section)
    wrapper = r'<div class="ExternalClass[0-9A-F]{32}">' if listed else ""
    assert re.search(rf'class="ms-rtestate-field"[^>]*>{wrapper}&#8203;', page)
    root = R.root(path)
    page_text = norm(text_of(root))
    body_text = norm(text_of(R.body_element(root)))
    for chrome in (*CONTENT.settings["chrome"], ex.date_line):
        assert chrome in page_text, chrome
        assert chrome not in body_text, chrome
    digits = re.findall(r'<img src="/Style%20Library/ChoMoi/images/(\d)\.png" />', page)
    assert "".join(digits) == str(CONTENT.settings["counter"])
    visible = norm(text_of(root.find("body")))
    assert visible.index("Skip Ribbon Commands") < visible.index(article.title)


def test_byline_field_and_page_image():
    """The layout's ``div.by-line`` and ``div.captioned-image`` sit outside the body."""
    field = [a for a in CONTENT.articles if a.extra.get("byline_in") == "field"]
    assert field
    for a in field:
        path = R.article_path(a)
        ex = extract(PAGES[path].body, R.url(path), FAMILY)
        assert ex.author == (a.byline or a.author)
        assert all(norm(b.text) != ex.author for b in ex.blocks)
        if a.extra.get("page_image"):
            assert ex.captions == [a.body[0]["caption"]]


def test_listings_show_each_shapes_date():
    assert [s.path for s in R.site.sections] == [
        RENDERER.listing_path(s, 1) for s in CONTENT.sections
    ]
    shown = R.shown_dates()
    for a in CONTENT.articles:
        listed = RENDERER.list_name(CONTENT, a.section)
        want = RENDERER.posted_line(a) if listed else f"({pub(a):%d/%m/%Y})"
        assert shown[R.article_path(a)] == want
    assert len(shown) == len(CONTENT.articles)


def test_sitemap_robots_and_no_feeds():
    robots = R.text("/robots.txt")
    assert f"Sitemap: {R.url('/sitemap.xml')}" in robots
    assert "Disallow: /_layouts/" in robots and "/Lists/" not in robots
    assert FAMILY.sitemaps == ("/sitemap.xml",)
    assert FAMILY.feeds == () and not any(p.endswith((".rss", "/rss")) for p in PAGES)


def test_article_url_knows_other_sharepoint_portals():
    """Other SharePoint portals' article shapes (docs/evidence.md §2.4)."""
    assert R.is_article(
        "/Pages/tin-tuc-su-kien-319/cho-moi-day-manh-tuyen-truyen-de-439f7d184b4877c1.aspx"
    )
    assert R.is_article(
        "/portal/Pages/2023-11-11/Thu-tuong-Chinh-phu-Pham-Minh-Chinh-tham-va-lam-vi5x3u4r.aspx"
    )
    assert R.is_article("/thanhuyhanoi/Lists/TinTuc/View_Detail.aspx?ItemID=1234")
    assert R.is_article("/Trang/ChiTietTinTuc.aspx?nid=113139")
    for path in (
        "/Pages/default.aspx",
        "/Pages/tin-tuc-su-kien-319.aspx?Page=2",
        "/Lists/TinTuc/AllItems.aspx",
        "/Lists/TinTuc/View_Detail.aspx?ItemID=12&Mobile=1",
        "/_layouts/15/Authenticate.aspx?Source=%2FPages%2Fdefault.aspx",
    ):
        assert not R.is_article(path), path


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (check_content_shape,)
