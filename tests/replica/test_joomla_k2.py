"""The Joomla + K2 replica (a theory journal, lyluanchinhtri.vn style) and the ``joomla_k2`` family.

Rendered in-process. Expectations come from the content file (``gold()``) and the shapes in
research/sites.md §2.6, written out here: ``/index.php/<menu>/item/<id>-<slug>.html``,
"Thứ hai, 11 Tháng 12 2023 16:03", "4664 Lượt xem", breadcrumbs "Trang chủ    <cat>    <title>".
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from lxml import etree

from crawler.cms.detect import detect
from crawler.cms.engine import css, text_of
from crawler.cms.joomla_k2 import FAMILY
from crawler.registry import REPLICA_REGISTRY, load_registry
from crawler.replica.families.joomla_k2 import article_path, render_site
from crawler.replica.model import ReplicaArticle, load_content
from crawler.replica.server import render
from crawler.store.present import published_local
from pipelines.clean import clean_extracted
from pipelines.dates import date_article
from pipelines.extract import extract_page

KEY = "replica-k2-llct"
BASE = "http://127.0.0.1:8809/"
CONTENT = load_content("k2_llct")
PAGES = render_site(CONTENT, BASE)
ARTICLE_PATHS = {article_path(CONTENT, a): a for a in CONTENT.articles}
FETCHED = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)
WEEKDAY_VI = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
CHROME = [
    "Lượt xem",
    "Cỡ chữ",
    "Đăng trong",
    "Thêm trong mục này",
    "trở về đầu trang",
    "Bài đọc nhiều",
    "Lưu trữ",
    "Số mới phát hành",
    "Thống kê truy cập",
    "Tổng Biên tập",
    "Giấy phép",
    "Bản quyền thuộc về",
    "Trang chủ",
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


def k2_date(dt: datetime) -> str:
    return f"{WEEKDAY_VI[dt.weekday()]}, {dt:%d} Tháng {dt.month} {dt:%Y %H:%M}"


def test_content_shape():
    assert CONTENT.family == "joomla_k2"
    assert len(CONTENT.articles) >= 12
    assert len({a.id for a in CONTENT.articles}) == len(CONTENT.articles)
    for sec in CONTENT.sections:
        assert sec.per_page == 3
        assert len(CONTENT.in_section(sec.key)) > 2 * sec.per_page
    assert all(isinstance(a.views, int) for a in CONTENT.articles)
    assert all(a.lead and a.lead.startswith("(LLCT) - ") for a in CONTENT.articles)
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) == 2019 and max(years) == 2025


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_page_gives_gold(article: ReplicaArticle):
    path = article_path(CONTENT, article)
    assert re.fullmatch(rf"/index\.php/{article.section}/item/{article.id}-[a-z0-9-]+\.html", path)
    ex = extract_page(PAGES[path].body, url(path), FAMILY)
    assert ex.problem is None and ex.cms == "joomla_k2"
    dt = pub(article)
    assert ex.date_line == k2_date(dt)
    assert ex.views_text == f"{article.views} Lượt xem"
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)
    assert ex.tags == article.tags
    if article.updated:
        assert (
            ex.updated_raw
            == f"Lần cập nhật cuối {k2_date(datetime.fromisoformat(article.updated))}"
        )

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


def test_k2_markup_and_chrome():
    a = next(a for a in CONTENT.articles if a.extra.get("item_image"))
    path = article_path(CONTENT, a)
    raw = html_of(path)
    root = root_of(path)
    assert '<meta name="generator" content="Joomla! - Open Source Content Management" />' in raw
    assert "/media/k2/" in raw and "/components/com_k2/" in raw
    view = css("div#k2Container.itemView")(root)[0]
    assert text_of(css("div.itemHeader > h2.itemTitle")(view)[0]) == a.title
    assert css("div.itemBody > div.itemIntroText + div.itemFullText")(view)
    assert text_of(css("div.itemImageBlock span.itemImageCaption")(view)[0]) == a.captions[0]
    crumbs = css("div.breadcrumbs")(root)[0]
    assert [text_of(x) for x in crumbs if x.tag in ("a", "span")] == [
        "Trang chủ",
        next(s.name for s in CONTENT.sections if s.key == a.section),
        a.title,
    ]
    assert len(crumbs.findall("img")) == 2
    visible = " ".join(root.text_content().split())
    body_text = " ".join(text_of(css(FAMILY.body[0])(root)[0]).split())
    for chrome in CHROME:
        assert chrome in visible, chrome
    for line in CONTENT.settings["footer_lines"]:
        assert line in visible and line not in body_text


# --- listings, feeds, sitemap -------------------------------------------------------------
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
    start = f"/index.php/{section.key}.html"
    pages, links = walk_listing(start)
    n = len(CONTENT.in_section(section.key))
    per = section.per_page
    assert pages == [start] + [f"{start}?start={k * per}" for k in range(1, -(-n // per))]
    assert len(pages) >= 3
    rows = CONTENT.in_section(section.key)
    assert links == [(article_path(CONTENT, a), k2_date(pub(a))) for a in rows]
    assert all(not is_article(p) for p in pages)
    assert "Trang 2 của" in text_of(css("div.k2PaginationCounter")(root_of(pages[1]))[0])


def xml_links(path: str) -> list[str]:
    root = etree.fromstring(PAGES[path].body)
    locs = [el.text.strip() for el in root.iter("{*}loc") if el.text]
    return locs or [(item.findtext("link") or "").strip() for item in root.iter("item")]


def test_feeds_and_sitemap_list_every_article():
    every = {url(p) for p in ARTICLE_PATHS}
    home = FAMILY.feeds[0]
    newest = sorted(CONTENT.articles, key=lambda a: a.published or "", reverse=True)[:10]
    assert xml_links(home) == [url(article_path(CONTENT, a)) for a in newest]
    in_feeds = set()
    for sec in CONTENT.sections:
        in_feeds |= set(xml_links(f"/index.php/{sec.key}.html?format=feed&type=rss"))
    assert in_feeds == every
    item = etree.fromstring(PAGES[home].body).find(".//item")
    assert item.findtext("pubDate").endswith("+0000")
    robots = PAGES["/robots.txt"].body.decode()
    assert "Disallow: /administrator/" in robots
    sitemap = re.search(r"^Sitemap: (\S+)$", robots, re.M)
    assert sitemap
    locs = xml_links(site_path(sitemap.group(1)))
    assert {loc for loc in locs if is_article(site_path(loc))} == every


# --- URLs and duplicates ------------------------------------------------------------------
def test_article_url_accepts_articles_and_nothing_else():
    for path, page in PAGES.items():
        if page.status == 200:
            assert is_article(path) == (path in ARTICLE_PATHS), path
    for path in (
        "/home/index.php/dao-tao-boi-duong/item/5402-cai-cach-hanh-chinh.html",
        "/index.php?option=com_k2&view=item&id=5402:cai-cach-hanh-chinh&Itemid=112",
        "/index.php?option=com_content&view=article&id=12:tin-tuc&catid=8&Itemid=101",
        "/dao-tao-boi-duong/item/5402-cai-cach-hanh-chinh.html",
    ):
        assert is_article(path), path
    for path in (
        "/index.php/dao-tao-boi-duong/item/5402-cai-cach.html?tmpl=component&print=1",
        "/index.php/dao-tao-boi-duong/itemlist/tag/dân vận.html",
        "/index.php/dao-tao-boi-duong.html?start=3",
        "/index.php/component/mailto/?tmpl=component&template=llct&link=abc",
    ):
        assert not is_article(path), path


def test_print_and_mail_copies_exist_linked_and_excluded():
    for a in CONTENT.articles:
        path = article_path(CONTENT, a)
        raw = html_of(path).replace("&amp;", "&")
        printed = f"{path}?tmpl=component&print=1"
        assert printed in PAGES and printed in raw and not is_article(printed)
        assert a.paragraphs[0] in root_of(printed).text_content()
        mails = [h for h in re.findall(r'href="([^"]+)"', raw) if "/component/mailto/" in h]
        assert len(mails) == 1 and mails[0] in PAGES and not is_article(mails[0])


# --- detection ----------------------------------------------------------------------------
def test_detection_on_all_replica_sites():
    for key, site in load_registry(REPLICA_REGISTRY, check_families=False).items():
        content = load_content(site.replica["content"])
        pages = PAGES if key == KEY else render(content, site.base_url)
        for path, p in pages.items():
            if "html" not in p.content_type or p.status != 200:
                continue
            got = detect(p.body, urljoin(site.base_url, path)).family
            if key == KEY:
                assert got == "joomla_k2", path
            else:
                assert got != "joomla_k2", (key, path)


def test_each_article_listed_once_across_sections():
    counts = Counter(
        link
        for sec in CONTENT.sections
        for link, _ in walk_listing(f"/index.php/{sec.key}.html")[1]
    )
    assert set(counts) == set(ARTICLE_PATHS) and set(counts.values()) == {1}
