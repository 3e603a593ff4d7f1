"""The Liferay 7 replica (Ban Tuyên giáo Đồng Tháp-like) and the ``liferay7`` family data.

Rendered in-process. Expectations come from the content file (``gold()``) and the 7.x shapes
in research/sites.md §2.3 / §1b: ``/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/
content/id/<num>``, ``_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_…``
ids, ``/c/portal/update_language`` duplicates, "Đăng ngày dd-mm-YYYY HH:MM", "null" chrome.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import lxml.html
import pytest
from lxml import etree

from crawler.cms.detect import detect
from crawler.cms.engine import css, text_of
from crawler.cms.liferay7 import FAMILY
from crawler.registry import REPLICA_REGISTRY, load_registry
from crawler.replica.families.liferay7 import article_path, render_site
from crawler.replica.model import ReplicaArticle, load_content
from crawler.replica.server import render
from crawler.store.present import published_local
from pipelines.clean import clean_extracted
from pipelines.dates import date_article
from pipelines.extract import extract_page

KEY = "replica-lr7-dongthap"
BASE = "http://127.0.0.1:8808/"
CONTENT = load_content("lr7_dongthap")
PAGES = render_site(CONTENT, BASE)
ARTICLE_PATHS = {article_path(CONTENT, a): a for a in CONTENT.articles}
FETCHED = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)
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


def url(path: str) -> str:
    return urljoin(BASE, path)


def html_of(path: str) -> str:
    return PAGES[path].body.decode("utf-8")


def root_of(path: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html_of(path))


def site_path(href: str) -> str:
    parts = urlsplit(urljoin(BASE, href))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_article(path: str) -> bool:
    if any(p.search(path) for p in FAMILY.patterns("exclude_url")):
        return False
    return any(p.search(path) for p in FAMILY.patterns("article_url"))


def pub(a: ReplicaArticle) -> datetime:
    assert a.published
    return datetime.fromisoformat(a.published)


def test_content_shape():
    assert CONTENT.family == "liferay7"
    assert len(CONTENT.articles) >= 12
    assert len({a.id for a in CONTENT.articles}) == len(CONTENT.articles)
    for sec in CONTENT.sections:
        assert sec.per_page == 3
        assert len(CONTENT.in_section(sec.key)) > 2 * sec.per_page
    assert all(isinstance(a.views, int) for a in CONTENT.articles)
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) == 2020 and max(years) == 2024


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_page_gives_gold(article: ReplicaArticle):
    path = article_path(CONTENT, article)
    assert (
        path == f"/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/{article.id}"
    )
    ex = extract_page(PAGES[path].body, url(path), FAMILY)
    assert ex.problem is None and ex.cms == "liferay7"
    dt = pub(article)
    assert ex.date_line == f"Đăng ngày {dt:%d-%m-%Y %H:%M}"
    assert ex.views_text == f"Lượt xem: {article.views}"
    # the shared detail page belongs to no section: the menu highlights none
    assert ex.category is None
    # the template prints "null" for its empty category field, inside the body container
    assert any(b.text == "null" for b in ex.blocks)

    art = clean_extracted(ex, KEY)
    date_article(art, ex, FETCHED, family=FAMILY)
    gold = article.gold()
    assert art.title == gold["title"]
    assert art.lead == gold["lead"]
    assert art.body == gold["body"]
    assert art.author == gold["author"]
    assert art.views == gold["views"]
    assert art.captions == gold["captions"]
    assert published_local(art.published_at, art.date_precision) == gold["published"]
    assert art.date_source == "page"
    for chrome in CHROME:
        assert chrome not in art.body, chrome


def test_liferay7_markup_and_chrome():
    a = CONTENT.articles[0]
    path = article_path(CONTENT, a)
    raw = html_of(path)
    root = root_of(path)
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


# --- listings, sitemap --------------------------------------------------------------------
def walk_listing(start: str) -> tuple[list[str], list[tuple[str, str]]]:
    pages, links, path = [], [], start
    while path and path not in pages:
        pages.append(path)
        root = root_of(path)
        for entry in css(FAMILY.listing_item[0])(root):
            href = next(site_path(a.get("href")) for a in entry.iter("a") if a.get("href"))
            date = next(e for s in FAMILY.listing_date for e in css(s)(entry))
            links.append((href, text_of(date)))
        nxt = next((css(s)(root) for s in FAMILY.listing_next if css(s)(root)), [])
        path = site_path(nxt[0].get("href")) if nxt else None
    return pages, links


@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_link_each_article_once(section):
    start = f"/web/btg/{section.key}"
    pages, links = walk_listing(start)
    assert pages[0] == start and len(pages) >= 3
    for n, p in enumerate(pages[1:], start=2):
        query = parse_qs(urlsplit(p).query)
        inst = CONTENT.settings["list_instances"][section.key]
        assert query["p_p_id"] == [f"{AP}_INSTANCE_{inst}"]
        assert query[f"_{AP}_INSTANCE_{inst}_cur"] == [str(n)]
        assert p in PAGES
    rows = CONTENT.in_section(section.key)
    assert links == [(article_path(CONTENT, a), f"{pub(a):%d/%m/%Y %H:%M}") for a in rows]
    assert all(not is_article(p) for p in pages)


def test_section_rss_lists_every_article():
    listed = []
    for sec in CONTENT.sections:
        inst = CONTENT.settings["list_instances"][sec.key]
        feed = f"/web/btg/{sec.key}/-/asset_publisher/{inst}/rss"
        assert url(feed) in html_of(f"/web/btg/{sec.key}")
        assert not is_article(feed)
        root = etree.fromstring(PAGES[feed].body)
        links = [site_path(item.findtext("link")) for item in root.iter("item")]
        assert links == [article_path(CONTENT, a) for a in CONTENT.in_section(sec.key)]
        listed += links
    assert sorted(listed) == sorted(ARTICLE_PATHS)


def test_sitemap_lists_layouts_not_assets():
    robots = PAGES["/robots.txt"].body.decode()
    sitemap = re.search(r"^Sitemap: (\S+)$", robots, re.M)
    assert sitemap and site_path(sitemap.group(1)) == "/sitemap.xml" == FAMILY.sitemaps[0]
    locs = [el.text for el in etree.fromstring(PAGES["/sitemap.xml"].body).iter("{*}loc")]
    assert url("/web/btg/tin-hoat-dong") in locs
    assert not any(is_article(site_path(loc)) for loc in locs)


# --- URLs and duplicates ------------------------------------------------------------------
def test_article_url_accepts_articles_and_nothing_else():
    for path, page in PAGES.items():
        if page.status == 200:
            assert is_article(path) == (path in ARTICLE_PATHS), path
    for path in (
        "/web/guest/tin-tuc/-/asset_publisher/bDngMUmMrWIw/content/tuyen-duong-bi-thu-chi-bo",
        "/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/7337177",
    ):
        assert is_article(path), path
    for path in (
        "/en/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/7337177",
        "/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/7337177"
        f"?_{AP}_INSTANCE_1mOzUrGkrdAE_redirect=%2Fweb%2Fbtg",
        "/c/portal/update_language?p_l_id=3045&redirect=%2Fweb%2Fbtg&languageId=en_US",
    ):
        assert not is_article(path), path


def test_duplicates_exist_linked_and_excluded():
    for a in CONTENT.articles:
        path = article_path(CONTENT, a)
        raw = html_of(path).replace("&amp;", "&")
        printed = f"{path}?p_p_state=pop_up&_{AP}_INSTANCE_1mOzUrGkrdAE_viewMode=print"
        assert printed in PAGES and printed in raw and not is_article(printed)
        assert a.paragraphs[0] in root_of(printed).text_content()
        switches = [h for h in re.findall(r'href="([^"]+)"', raw) if "update_language" in h]
        assert len(switches) == 2
        for sw in switches:
            assert sw in PAGES and not is_article(sw)
            query = parse_qs(urlsplit(sw).query)
            assert unquote(query["redirect"][0]) == path
            target = site_path(PAGES[sw].headers["Location"])
            assert PAGES[sw].status == 302 and target in PAGES
            # vi_VN lands on the article itself; en_US on the /en/ copy, which is excluded
            assert target == (path if query["languageId"] == ["vi_VN"] else "/en" + path)
        assert not is_article("/en" + path)


# --- detection ----------------------------------------------------------------------------
def test_detection_on_all_replica_sites():
    """Every HTML page here is Liferay 7; the Liferay 6 site and all others are not."""
    for key, site in load_registry(REPLICA_REGISTRY, check_families=False).items():
        content = load_content(site.replica["content"])
        pages = PAGES if key == KEY else render(content, site.base_url)
        for path, p in pages.items():
            if "html" not in p.content_type or p.status != 200:
                continue
            got = detect(p.body, urljoin(site.base_url, path)).family
            if key == KEY:
                assert got == "liferay7", path
            else:
                assert got != "liferay7", (key, path)


def test_each_article_listed_once_across_sections():
    counts = Counter(
        link for sec in CONTENT.sections for link, _ in walk_listing(f"/web/btg/{sec.key}")[1]
    )
    assert set(counts) == set(ARTICLE_PATHS) and set(counts.values()) == {1}
