"""The NukeViet 3.4 replica (Tây Ninh party portal archive) and the ``nukeviet3`` family data.

Rendered in-process. Expectations come from the content file (``gold()``) and the 3.x formats
documented in research/sites.md §2.1 (``l - d/m/Y  H:i`` with two spaces, ``/news/<Cat>/…/``
URLs, print/savefile copies), written out here rather than taken from the renderer.
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
from crawler.cms.nukeviet3 import FAMILY
from crawler.registry import REPLICA_REGISTRY, load_registry
from crawler.replica.families.nukeviet3 import article_path, render_site
from crawler.replica.model import ReplicaArticle, load_content
from crawler.replica.server import render
from crawler.store.present import published_local
from crawler.text.dates import parse_date_line
from pipelines.clean import clean_extracted
from pipelines.dates import date_article
from pipelines.extract import extract_page

KEY = "replica-nv3-tayninh"
BASE = "http://127.0.0.1:8806/"
CONTENT = load_content("nv3_tayninh")
PAGES = render_site(CONTENT, BASE)
ARTICLE_PATHS = {article_path(CONTENT, a): a for a in CONTENT.articles}
FETCHED = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)
WEEKDAY_VI = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
CHROME = [
    "Tổng số điểm của bài viết là",
    "Click để đánh giá bài viết",
    "Những tin mới hơn",
    "Những tin cũ hơn",
    "Ý kiến bạn đọc",
    "Từ khóa",
    "Thăm dò ý kiến",
    "Thống kê truy cập",
    "Đang truy cập",
    "Tổng lượt truy cập",
    "Liên kết website",
    "Giấy phép số",
    "Ghi rõ nguồn",
    "Bản quyền thuộc về",
    "Tác giả:",
    "Nguồn tin:",
    "Powered by",
]


def url(path: str) -> str:
    return urljoin(BASE, path)


def html_of(path: str) -> str:
    return PAGES[path].body.decode("utf-8")


def root_of(path: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html_of(path))


def site_path(href: str, base: str = BASE) -> str:
    parts = urlsplit(urljoin(base, href))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_article(path: str) -> bool:
    """What the spider does: excluded first, then the article patterns."""
    if any(p.search(path) for p in FAMILY.patterns("exclude_url")):
        return False
    return any(p.search(path) for p in FAMILY.patterns("article_url"))


def pub(a: ReplicaArticle) -> datetime:
    assert a.published
    return datetime.fromisoformat(a.published)


# --- content ------------------------------------------------------------------------------
def test_content_shape():
    assert CONTENT.family == "nukeviet3"
    assert len(CONTENT.articles) >= 12
    assert len({a.id for a in CONTENT.articles}) == len(CONTENT.articles)
    assert len(CONTENT.sections) == 2
    for sec in CONTENT.sections:
        assert sec.per_page == 3
        assert len(CONTENT.in_section(sec.key)) > 2 * sec.per_page  # ≥ 3 listing pages
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) == 2019 and max(years) >= 2022
    assert all(a.views is None for a in CONTENT.articles)  # 3.x detail pages show no hits
    assert any(a.lead for a in CONTENT.articles) and any(not a.lead for a in CONTENT.articles)
    assert any(a.captions for a in CONTENT.articles)


# --- article pages ------------------------------------------------------------------------
@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_page_gives_gold(article: ReplicaArticle):
    path = article_path(CONTENT, article)
    assert re.fullmatch(rf"/news/{article.section}/[A-Za-z0-9-]+-{article.id}/", path)
    raw = PAGES[path].body
    ex = extract_page(raw, url(path), FAMILY)
    assert ex.problem is None and ex.cms == "nukeviet3"
    dt = pub(article)
    # 3.x: nv_date('l - d/m/Y  H:i') — two spaces in the markup, folded by the reader
    assert f"{WEEKDAY_VI[dt.weekday()]} - {dt:%d/%m/%Y}  {dt:%H:%M}" in raw.decode()
    assert ex.date_line == f"{WEEKDAY_VI[dt.weekday()]} - {dt:%d/%m/%Y} {dt:%H:%M}"
    assert ex.tags == article.tags
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)

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


def test_page_chrome_is_there_but_outside_the_body():
    a = next(a for a in CONTENT.articles if a.extra.get("source"))
    path = article_path(CONTENT, a)
    root = root_of(path)
    visible = " ".join(root.text_content().split())
    body = css("div#news_detail div.bodytext")(root)
    assert len(body) == 1
    body_text = " ".join(text_of(body[0]).split())
    for chrome in [
        *CHROME,
        *CONTENT.settings["footer_lines"],
        CONTENT.settings["poll"]["question"],
    ]:
        if chrome in ("Tác giả:", "Nguồn tin:") and a.extra.get("byline_place") != "author_field":
            continue
        assert " ".join(chrome.split()) in visible, chrome
        assert chrome not in body_text, chrome
    raw = html_of(path)
    assert '<meta name="generator" content="NukeViet v3.4" />' in raw
    assert "var nv_siteroot = '/';" in raw and "nv_cookie_prefix = 'nv3c_" in raw
    assert 'src="/js/global.js"' in raw and "/assets/js/" not in raw
    assert css("div.news_column > div#news_detail > span.time")(root)
    assert css("div#idcomment form, div#idcomment div#formcomment")(root)
    related = css("ul.related li span.date")(root)
    assert related and all(re.fullmatch(r"\(\d{2}/\d{2}/\d{4}\)", text_of(s)) for s in related)


def test_home_image_caption_sits_under_the_sapo_not_in_the_body():
    for a in (a for a in CONTENT.articles if a.extra.get("homeimg")):
        root = root_of(article_path(CONTENT, a))
        hometext = css("div#news_detail > div#hometext")(root)[0]
        assert " ".join(text_of(hometext).split()) == (a.lead or "")
        note = css("div#news_detail > div#hometext + div p em")(root)
        assert [text_of(n) for n in note] == [a.captions[0]]


# --- listings, feeds, sitemaps ------------------------------------------------------------
def walk_listing(start: str) -> tuple[list[str], list[str]]:
    """Follow the family's next-page selectors like the spider; return pages and links."""
    pages, links, path = [], [], start
    while path and path not in pages:
        pages.append(path)
        root = root_of(path)
        for entry in (e for sel in FAMILY.listing_item[:1] for e in css(sel)(root)):
            hrefs = [site_path(a.get("href")) for a in entry.iter("a") if a.get("href")]
            links.append(next(h for h in hrefs if is_article(h)))
        nxt = next((css(s)(root) for s in FAMILY.listing_next if css(s)(root)), [])
        path = site_path(nxt[0].get("href")) if nxt else None
    return pages, links


@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_link_each_article_once(section):
    start = f"/news/{section.key}/"
    pages, links = walk_listing(start)
    n = len(CONTENT.in_section(section.key))
    per = section.per_page
    # 3.x pages by row offset: page 2 is page-3/, page 3 is page-6/ …
    assert pages == [start] + [f"{start}page-{k * per}/" for k in range(1, -(-n // per))]
    assert len(pages) >= 3
    expected = [article_path(CONTENT, a) for a in CONTENT.in_section(section.key)]
    assert links == expected  # newest first, each exactly once
    assert all(not is_article(p) for p in pages)
    pager = text_of(css("div.generate_page")(root_of(pages[1]))[0])
    assert "Trang trước" in pager and "Trang sau" in pager


def xml_links(path: str) -> list[str]:
    """Sitemap ``loc``s, or the ``link`` of each RSS item."""
    root = etree.fromstring(PAGES[path].body)
    locs = [el.text.strip() for el in root.iter("{*}loc") if el.text]
    return locs or [(item.findtext("link") or "").strip() for item in root.iter("item")]


def test_feeds_and_sitemaps_list_every_article():
    every = {url(p) for p in ARTICLE_PATHS}
    assert set(xml_links("/news/rss/")) == every
    for sec in CONTENT.sections:
        got = set(xml_links(f"/news/rss/{sec.key}/"))
        assert got == {url(article_path(CONTENT, a)) for a in CONTENT.in_section(sec.key)}
    robots = PAGES["/robots.txt"].body.decode()
    sitemap = re.search(r"^Sitemap: (\S+)$", robots, re.M)
    assert sitemap and site_path(sitemap.group(1)) in FAMILY.sitemaps
    index = xml_links("/Sitemap.xml")
    assert set(xml_links(site_path(index[0]))) == every
    # the RSS pubDate carries the minutes-are-the-month pattern: only its day is trusted
    assert "rss" in FAMILY.day_only_sources
    item = etree.fromstring(PAGES["/news/rss/"].body).find(".//item")
    a = ARTICLE_PATHS[site_path(item.findtext("link"))]
    assert re.search(rf"\d\d:{pub(a).month:02d}:\d\d GMT$", item.findtext("pubDate"))


# --- URLs ---------------------------------------------------------------------------------
def test_article_url_accepts_articles_and_nothing_else():
    for path in PAGES:
        assert is_article(path) == (path in ARTICLE_PATHS), path
    for path in (
        "/vi/news/Tin-tuc/Mot-bai-viet-12/",
        "/index.php?language=vi&nv=news&op=Tin-tuc/Bai-12",
    ):
        assert is_article(path), path
    for path in ("/news/Tin-tuc/page-20/", "/news/rss/Tin-tuc/", "/news/tag/bao-cao-vien/"):
        assert not is_article(path), path


def test_print_savefile_sendmail_copies_exist_linked_and_excluded():
    for a in CONTENT.articles:
        path = article_path(CONTENT, a)
        raw = html_of(path)
        for kind in ("print", "savefile", "sendmail"):
            dup = f"/news/{kind}/{a.section}/{a.slug}-{a.id}/"
            assert dup in PAGES and dup in raw
            assert not is_article(dup)
        assert (
            PAGES[f"/news/savefile/{a.section}/{a.slug}-{a.id}/"]
            .headers["Content-Disposition"]
            .startswith("attachment")
        )
        # the print copy repeats the article: exactly why it must not be crawled
        assert (
            a.paragraphs[0] in root_of(f"/news/print/{a.section}/{a.slug}-{a.id}/").text_content()
        )


# --- detection ----------------------------------------------------------------------------
def test_detection_on_all_replica_sites():
    """Every HTML page of this site is NukeViet 3; no page of another replica site is."""
    for key, site in load_registry(REPLICA_REGISTRY, check_families=False).items():
        content = load_content(site.replica["content"])
        pages = PAGES if key == KEY else render(content, site.base_url)
        for path, p in pages.items():
            if "html" not in p.content_type or p.status != 200:
                continue
            got = detect(p.body, urljoin(site.base_url, path)).family
            if key == KEY:
                assert got == "nukeviet3", path
            else:
                assert got != "nukeviet3", (key, path)
                if content.family == "nukeviet4":
                    assert got == "nukeviet4", (key, path)


def test_listing_entries_counted_once():
    counts = Counter(
        link for sec in CONTENT.sections for link in walk_listing(f"/news/{sec.key}/")[1]
    )
    assert set(counts) == set(ARTICLE_PATHS) and set(counts.values()) == {1}


def test_date_line_parses_to_the_publication_minute():
    for a in CONTENT.articles:
        dt = pub(a)
        parsed = parse_date_line(f"{WEEKDAY_VI[dt.weekday()]} - {dt:%d/%m/%Y}  {dt:%H:%M}")
        assert parsed.precision == "minute"
        assert parsed.value is not None and parsed.value.replace(tzinfo=None) == dt
