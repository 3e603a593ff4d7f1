"""The WordPress + Newspaper 12 (tdb theme builder) replica and the ``wordpress_tdb`` family.

Rendered in-process. Expectations come from the content file (``gold()``) and what tagDiv's
builder and WordPress print (research/sites.md §2.2), written out here: ``tdi_NN`` block
classes that change per page, ``<time datetime>`` in ``tdb_single_date``, ``/wp-sitemap.xml``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from lxml import etree

from crawler.cms.detect import detect
from crawler.cms.engine import css, text_of
from crawler.cms.wordpress_tdb import FAMILY
from crawler.registry import REPLICA_REGISTRY, load_registry
from crawler.replica.families.wordpress_tdb import article_path, render_site
from crawler.replica.model import ReplicaArticle, load_content
from crawler.replica.server import render
from crawler.store.present import published_local
from pipelines.clean import clean_extracted
from pipelines.dates import date_article
from pipelines.extract import extract_page

KEY = "replica-tdb-danvan"
BASE = "http://127.0.0.1:8807/"
CONTENT = load_content("tdb_danvan")
PAGES = render_site(CONTENT, BASE)
ARTICLE_PATHS = {article_path(CONTENT, a): a for a in CONTENT.articles}
FETCHED = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)
CHROME = [
    "Bài trước",
    "Bài tiếp theo",
    "Bài viết liên quan",
    "TAGS",
    "Để lại một bình luận",
    "Email của bạn sẽ không được hiển thị công khai",
    "Trả lời",
    "Chia sẻ",
    "Bởi",
    "Tin mới",
    "Văn bản mới",
    "Bản quyền thuộc về",
    "Chịu trách nhiệm nội dung",
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
    assert CONTENT.family == "wordpress_tdb"
    assert len(CONTENT.articles) >= 12
    assert len({a.id for a in CONTENT.articles}) == len(CONTENT.articles)
    assert len(CONTENT.sections) == 2
    for sec in CONTENT.sections:
        assert sec.per_page == 3
        assert len(CONTENT.in_section(sec.key)) > 2 * sec.per_page
    assert all(isinstance(a.views, int) for a in CONTENT.articles)
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) <= 2021 and max(years) == 2025
    # the author is the WordPress account the builder shows, a person's display name
    users = CONTENT.settings["users"]
    assert all(a.author == users[a.extra["user"]] for a in CONTENT.articles)


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_page_gives_gold(article: ReplicaArticle):
    path = article_path(CONTENT, article)
    assert path == f"/{article.slug}/" and re.fullmatch(r"/[a-z0-9-]+/", path)
    ex = extract_page(PAGES[path].body, url(path), FAMILY)
    assert ex.problem is None and ex.cms == "wordpress_tdb"
    dt = pub(article)
    assert ex.date_line == f"{dt:%d/%m/%Y}"  # the site's date_format, day only
    assert ("jsonld", f"{dt:%Y-%m-%dT%H:%M:%S}+07:00") in ex.meta_dates
    assert ex.meta_dates[1] == (
        "jsonld:dateModified",
        f"{article.updated or article.published}:00+07:00",
    )
    assert ex.author == article.author
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)
    assert ex.tags == article.tags

    art = clean_extracted(ex, KEY)
    date_article(art, ex, FETCHED, family=FAMILY)
    gold = article.gold()
    assert art.title == gold["title"]
    assert art.lead == gold["lead"]
    assert art.body == gold["body"]
    assert art.author == gold["author"]
    assert art.views == gold["views"]
    assert art.captions == gold["captions"]
    # the day-only date line is completed by the theme's JSON-LD minute
    assert published_local(art.published_at, art.date_precision) == gold["published"]
    assert art.date_source == "meta" and art.date_precision == "minute"
    for chrome in CHROME:
        assert chrome not in art.body, chrome
    if "read_more" in article.extra:  # the editor's inline "Đọc thêm: <link>" paragraph
        other = next(a for a in CONTENT.articles if a.id == article.extra["read_more"])
        assert f"Đọc thêm: {other.title}" in [b.text for b in ex.blocks]
        assert other.title not in art.body


def test_builder_markup_and_chrome():
    a = next(
        a for a in CONTENT.articles if a.extra.get("comments") and a.extra.get("byline_in_body")
    )
    path = article_path(CONTENT, a)
    raw = html_of(path)
    root = root_of(path)
    # tdb blocks: td_block_wrap tdb_<name> tdi_NN …; the numbers differ between pages
    content = css("div.td_block_wrap.tdb_single_content.td-post-content.tagdiv-type")(root)
    assert len(content) == 1
    tdi = [c for c in content[0].get("class").split() if c.startswith("tdi_")]
    other = root_of(article_path(CONTENT, CONTENT.articles[0]))
    other_tdi = [
        c
        for c in css("div.tdb_single_content")(other)[0].get("class").split()
        if c.startswith("tdi_")
    ]
    assert tdi and other_tdi and tdi != other_tdi
    assert not any("tdi_" in sel for sel in (*FAMILY.body, *FAMILY.title, *FAMILY.date_line))
    assert css("div.tdb_single_content > div.tdb-block-inner.td-fix-index")(root)
    assert '<meta name="generator" content="WordPress 6.7.1" />' in raw
    assert "/wp-content/plugins/td-cloud-library/" in raw and "/wp-json/" in raw
    visible = " ".join(root.text_content().split())
    for chrome in CHROME:
        assert chrome in visible, chrome
    body_text = " ".join(text_of(css(FAMILY.body[0])(root)[0]).split())
    for line in CONTENT.settings["footer_lines"]:
        assert line in visible and line not in body_text
    # the inline ad slot sits inside the content block (and is dropped by the family)
    ad = css("div.tdb_single_content div.td-a-rec img")(root)
    assert [img.get("alt") for img in ad] == ["Cổng dịch vụ công quốc gia"]
    nav = [text_of(d) for d in css("div.tdb_single_next_prev div.tdb-next-post")(root)]
    assert any(t.startswith("Bài trước") for t in nav) or any(
        t.startswith("Bài tiếp theo") for t in nav
    )


# --- listings, feeds, sitemaps ------------------------------------------------------------
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
    start = f"/category/{section.key}/"
    pages, links = walk_listing(start)
    n = len(CONTENT.in_section(section.key))
    assert pages == [start] + [f"{start}page/{k}/" for k in range(2, -(-n // section.per_page) + 1)]
    assert len(pages) >= 3
    rows = CONTENT.in_section(section.key)
    assert links == [(article_path(CONTENT, a), f"{pub(a):%d/%m/%Y}") for a in rows]
    assert all(not is_article(p) for p in pages)
    assert "Trang 2 của" in text_of(css("div.page-nav")(root_of(pages[1]))[0])


def xml_links(path: str) -> list[str]:
    root = etree.fromstring(PAGES[path].body)
    locs = [el.text.strip() for el in root.iter("{*}loc") if el.text]
    return locs or [(item.findtext("link") or "").strip() for item in root.iter("item")]


def test_feeds_and_sitemaps_list_every_article():
    every = {url(p) for p in ARTICLE_PATHS}
    newest = sorted(CONTENT.articles, key=lambda a: a.published or "", reverse=True)[:10]
    assert xml_links("/feed/") == [url(article_path(CONTENT, a)) for a in newest]
    in_feeds = set()
    for sec in CONTENT.sections:
        in_feeds |= set(xml_links(f"/category/{sec.key}/feed/"))
    assert in_feeds == every
    item = etree.fromstring(PAGES["/feed/"].body).find(".//item")
    a = ARTICLE_PATHS[site_path(item.findtext("link"))]
    dt = pub(a)
    assert item.findtext("pubDate").endswith("+0000")  # WordPress feeds are in UTC
    robots = PAGES["/robots.txt"].body.decode()
    assert "Disallow: /wp-admin/" in robots
    sitemap = re.search(r"^Sitemap: (\S+)$", robots, re.M)
    assert sitemap and site_path(sitemap.group(1)) == "/wp-sitemap.xml" == FAMILY.sitemaps[0]
    subs = xml_links("/wp-sitemap.xml")
    posts = [s for s in subs if "posts-post" in s]
    assert len(posts) == 1 and set(xml_links(site_path(posts[0]))) == every
    for s in subs:
        for loc in xml_links(site_path(s)):
            assert is_article(site_path(loc)) == (loc in every), loc
    assert dt.year >= 2021


# --- URLs and duplicates ------------------------------------------------------------------
def test_article_url_accepts_articles_and_nothing_else():
    for path, page in PAGES.items():
        if page.status == 200:
            assert is_article(path) == (path in ARTICLE_PATHS), path
    for path in ("/2024/05/09/mot-bai-viet/", "/?p=123", "/mot-bai-viet"):
        assert is_article(path), path
    for path in (
        "/category/tin-tuc/page/2/",
        "/tag/dan-van-kheo/",
        "/author/quytv/",
        "/feed/",
        "/mot-bai/embed/",
        "/mot-bai/amp/",
        "/mot-bai/?replytocom=12",
        "/wp-sitemap-posts-post-1.xml",
    ):
        assert not is_article(path), path


def test_duplicates_exist_linked_and_excluded():
    for a in CONTENT.articles:
        path = article_path(CONTENT, a)
        raw = html_of(path)
        feed = f"{path}feed/"
        assert feed in PAGES and url(feed) in raw and not is_article(feed)
        short = f"/?p={a.id}"
        assert PAGES[short].status == 301 and PAGES[short].headers["Location"] == url(path)
        assert url(short) in raw
        for n in range(len(a.extra.get("comments", []))):
            reply = f"{path}?replytocom={a.id * 10 + n}"
            assert reply in PAGES and url(reply) in raw.replace("&amp;", "&")
            assert not is_article(reply)
            assert PAGES[reply].body == PAGES[path].body


def test_json_ld_is_the_themes_article():
    a = CONTENT.articles[0]
    root = root_of(article_path(CONTENT, a))
    data = json.loads(root.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "Article" and data["headline"] == a.title
    assert data["datePublished"] == f"{a.published}:00+07:00"


# --- detection ----------------------------------------------------------------------------
def test_detection_on_all_replica_sites():
    """Every HTML page here is a tdb page; classic WordPress and other sites are not."""
    for key, site in load_registry(REPLICA_REGISTRY, check_families=False).items():
        content = load_content(site.replica["content"])
        pages = PAGES if key == KEY else render(content, site.base_url)
        for path, p in pages.items():
            if "html" not in p.content_type or p.status != 200:
                continue
            got = detect(p.body, urljoin(site.base_url, path)).family
            if key == KEY:
                assert got == "wordpress_tdb", path
            else:
                assert got != "wordpress_tdb", (key, path)


def test_each_article_listed_once_across_sections():
    counts = Counter(
        link for sec in CONTENT.sections for link, _ in walk_listing(f"/category/{sec.key}/")[1]
    )
    assert set(counts) == set(ARTICLE_PATHS) and set(counts.values()) == {1}
