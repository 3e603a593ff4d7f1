"""What only the Liferay 7 replica (Ban Tuyên giáo Đồng Tháp-like) does; the rest of its checks
run for every site in ``test_replica_sites.py``.

The 7.x shapes in docs/evidence.md §2.3 and the ``btg-dongthap`` registry entry: one shared
detail page
``/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/<num>`` that belongs
to no section, ``_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_…``
ids, "Đăng ngày dd-mm-YYYY HH:MM", "null" chrome, a sitemap of layouts only (articles come
from the portlets' RSS), and ``/c/portal/update_language`` switches to an ``/en/`` copy.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from crawler.cms.engine import css, text_of
from replica.model import ReplicaArticle
from tests.replica.conftest import pub, replica_of

R = replica_of("liferay7")
FAMILY, CONTENT, PAGES = R.family, R.content, R.pages
AP = "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
CHROME = [
    "null",
    "Xuất bản thông tin",
    "Đăng ngày",
    "Lượt xem",
    "Nội dung liên quan",
    "Đánh giá trung bình",
    "Chia sẻ:",
    "Tin cùng chuyên mục",
    "Thống kê truy cập",
    "Trực tuyến :",
    "Đã truy cập :",
    "Liên kết website",
    "Nhảy tới nội dung chính",
    "Ghi rõ nguồn",
]


def check_content_shape():
    assert len(CONTENT.articles) >= 12
    assert all(isinstance(a.views, int) for a in CONTENT.articles)
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) == 2020 and max(years) == 2024


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_shared_detail_page_date_views_and_null_chrome(article: ReplicaArticle):
    path = R.article_path(article)
    assert (
        path == f"/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/{article.id}"
    )
    ex, art = R.pipeline(article)
    assert ex.cms == "liferay7"
    assert ex.date_line == f"Đăng ngày {pub(article):%d-%m-%Y %H:%M}"
    assert ex.views_text == f"Lượt xem: {article.views}"
    # the shared detail page belongs to no section: the menu highlights none
    assert ex.category is None
    # the template prints "null" for its empty category field, inside the body container
    assert any(b.text == "null" for b in ex.blocks)
    assert art.date_source == "page"
    for chrome in CHROME:
        assert chrome not in art.body, chrome


def check_liferay7_markup_and_chrome():
    a = CONTENT.articles[0]
    path = R.article_path(a)
    raw = R.text(path)
    root = R.root(path)
    full = css("div.asset-full-content.clearfix.mb-5")(root)
    assert len(full) == 1
    jca = css("div.asset-content > div.journal-content-article")(full[0])[0]
    assert jca.get("data-analytics-asset-title") == a.title
    assert text_of(css("h4.component-title span.asset-title")(full[0])[0]) == a.title
    portlet = root.get_element_by_id(f"p_p_id_{AP}_INSTANCE_1mOzUrGkrdAE_")
    assert "portlet-boundary_" + AP in portlet.get("class")
    titles = [text_of(h) for h in css("h2.portlet-title-text")(root)]
    assert titles[0] == "null" and "Xuất bản thông tin" in titles
    visible = " ".join(root.text_content().split())
    for chrome in CHROME:
        assert chrome in visible, chrome
    body_text = " ".join(text_of(jca).split())
    for line in CONTENT.settings["footer_lines"]:
        assert line in visible and line not in body_text
    assert "/o/js_loader_config" in raw and "/combo?browserId=" in raw
    assert "_101_INSTANCE_" not in raw  # 6.x portlet ids


@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_are_portlet_render_urls(section):
    start = f"/web/btg/{section.key}"
    pages = [page.path for page in R.walk_listing(start)]
    assert pages[0] == start
    inst = CONTENT.settings["list_instances"][section.key]
    for n, p in enumerate(pages[1:], start=2):
        query = parse_qs(urlsplit(p).query)
        assert query["p_p_id"] == [f"{AP}_INSTANCE_{inst}"]
        assert query[f"_{AP}_INSTANCE_{inst}_cur"] == [str(n)]
    rows = CONTENT.in_section(section.key)
    assert R.listing_dates(start) == [(R.article_path(a), f"{pub(a):%d/%m/%Y %H:%M}") for a in rows]


def test_section_rss_lists_its_articles_and_the_sitemap_only_layouts():
    for sec in CONTENT.sections:
        inst = CONTENT.settings["list_instances"][sec.key]
        feed = f"/web/btg/{sec.key}/-/asset_publisher/{inst}/rss"
        assert R.url(feed) in R.text(f"/web/btg/{sec.key}")
        links = [R.local(link) for link in R.xml_links(feed)]
        assert links == [R.article_path(a) for a in CONTENT.in_section(sec.key)]
    sitemap = re.search(r"^Sitemap: (\S+)$", R.text("/robots.txt"), re.M)
    assert sitemap and R.local(sitemap.group(1)) == "/sitemap.xml" == FAMILY.sitemaps[0]
    locs = R.xml_links("/sitemap.xml")
    assert R.url("/web/btg/tin-hoat-dong") in locs
    assert not any(R.is_article(R.local(loc)) for loc in locs)


def test_article_url_knows_7x_url_forms():
    for path in (
        "/web/guest/tin-tuc/-/asset_publisher/bDngMUmMrWIw/content/tuyen-duong-bi-thu-chi-bo",
        "/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/7337177",
    ):
        assert R.is_article(path), path
    for path in (
        "/en/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/7337177",
        "/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/7337177"
        f"?_{AP}_INSTANCE_1mOzUrGkrdAE_redirect=%2Fweb%2Fbtg",
        "/c/portal/update_language?p_l_id=3045&redirect=%2Fweb%2Fbtg&languageId=en_US",
    ):
        assert not R.is_article(path), path


def test_language_switches_lead_to_the_article_or_its_excluded_en_copy():
    for a in CONTENT.articles:
        path = R.article_path(a)
        raw = R.text(path).replace("&amp;", "&")
        switches = [h for h in re.findall(r'href="([^"]+)"', raw) if "update_language" in h]
        assert len(switches) == 2
        for sw in switches:
            assert sw in PAGES and not R.is_article(sw)
            query = parse_qs(urlsplit(sw).query)
            assert unquote(query["redirect"][0]) == path
            target = R.local(PAGES[sw].headers["Location"])
            assert PAGES[sw].status == 302 and target in PAGES
            # vi_VN lands on the article itself; en_US on the /en/ copy, which is excluded
            assert target == (path if query["languageId"] == ["vi_VN"] else "/en" + path)
        assert not R.is_article("/en" + path)


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (
    check_content_shape,
    check_liferay7_markup_and_chrome,
)
