"""The tuyengiao.vn replica against the ``tuyengiao_vn`` family, in process.

Expectations come from the content file (``tuyengiao_vn.json``): every story page gives the
gold fields through extract → clean → dates; the date is the ``span.story_date``
"Thứ Năm, 8/6/2023 14:46'(GMT+7)", never the masthead's today ("Thứ Sáu, 19/7/2024") that
every page prints; the last ``<p>`` of ``#ArticleContent`` is the author; photo captions come
from ``.story_avatar_b`` and ``td.td-image-desc``; listings, feeds, sitemap, the print and
send-mail utilities, and detection.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from crawler.cms import get_family
from crawler.cms.detect import detect
from crawler.cms.engine import css, extract, parse_html, text_of
from crawler.registry import REPLICA_REGISTRY, load_registry
from crawler.replica.families import tuyengiao_vn as renderer
from crawler.replica.model import load_content
from crawler.replica.server import renderer as renderer_of
from crawler.store.present import published_local
from pipelines.clean import clean_extracted
from pipelines.dates import date_article
from pipelines.extract import extract_page

BASE = "http://127.0.0.1:8812/"
KEY = "replica-tuyengiao-vn"
CONTENT = load_content("tuyengiao_vn")
FAMILY = get_family("tuyengiao_vn")
PAGES = renderer.render_site(CONTENT, BASE)
ARTICLES = {renderer.article_path(CONTENT, a): a for a in CONTENT.articles}
TODAY = "Thứ Sáu, 19/7/2024"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def norm(text: str) -> str:
    return " ".join(text.split())


def url(path: str) -> str:
    return BASE.rstrip("/") + path


def local(href: str) -> str:
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_article(path: str) -> bool:
    if any(p.search(path) for p in FAMILY.patterns("exclude_url")):
        return False
    return any(p.search(path) for p in FAMILY.patterns("article_url"))


def hrefs(path: str) -> set[str]:
    return {html.unescape(h) for h in re.findall(r'href="([^"]+)"', PAGES[path].body.decode())}


def story_date(iso: str) -> str:
    dt = datetime.fromisoformat(iso)
    return f"{WEEKDAYS[dt.weekday()]}, {dt.day}/{dt.month}/{dt.year} {dt:%H:%M}'(GMT+7)"


def test_content_shape():
    assert CONTENT.family == "tuyengiao_vn"
    assert len(CONTENT.articles) >= 16 and len(CONTENT.sections) == 2
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8 and sec.per_page == 3
    assert all(a.published and "T" in a.published and a.lead for a in CONTENT.articles)
    # Every story predates the masthead's "today", which must never be taken as a date.
    assert max(a.published or "" for a in CONTENT.articles) < "2024-07-19"
    assert CONTENT.settings["today"] == TODAY
    assert story_date("2023-06-08T14:46") == "Thứ Năm, 8/6/2023 14:46'(GMT+7)"


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_pipeline_equals_gold(article):
    path = renderer.article_path(CONTENT, article)
    ex = extract_page(PAGES[path].body, url(path), FAMILY)
    art = clean_extracted(ex, KEY)
    date_article(art, ex, None, family=FAMILY)
    gold = article.gold()
    got = {
        "title": art.title,
        "lead": art.lead,
        "body": art.body,
        "author": art.author,
        "views": art.views,
        "published": published_local(art.published_at, art.date_precision),
        "captions": art.captions,
        "tags": art.tags,
    }
    assert got == {k: gold[k] for k in got}
    assert art.date_source == "page" and art.date_precision == "minute"


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_markup_and_chrome(article):
    path = renderer.article_path(CONTENT, article)
    page = PAGES[path].body.decode()
    ex = extract(page, url(path), FAMILY)
    assert ex.problem is None and ex.title == article.title
    assert ex.date_line == story_date(article.published or "")
    assert ex.lead == article.lead
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)
    texts = [norm(b.text) for b in ex.blocks]
    for para in article.paragraphs:
        assert norm(para) in texts, para[:60]
    # The last <p> of #ArticleContent is the author, as printed.
    if article.byline or article.author:
        assert texts[-1] == article.byline or texts[-1] == article.author
    root = parse_html(page)
    page_text = norm(text_of(root))
    body_el = next(el for sel in FAMILY.body for el in css(sel)(root))
    assert body_el.get("id") == "ArticleContent" and "story_body" in body_el.get("class")
    body_text = norm(text_of(body_el))
    for chrome in CONTENT.settings["chrome"]:
        if chrome == "Từ khóa:" and not article.tags:
            continue
        assert chrome in page_text, chrome
        assert chrome not in body_text, chrome
    # The masthead's today comes before the story's own date on every story page.
    assert page_text.index(TODAY) < page_text.index(ex.date_line)


def test_masthead_date_is_on_every_page_but_never_a_publication_date():
    for path, page in PAGES.items():
        if "html" in page.content_type and not path.startswith("/Utilities/"):
            assert TODAY in page.body.decode(), path
    for path in ARTICLES:
        ex = extract(PAGES[path].body, url(path), FAMILY)
        art = clean_extracted(ex, KEY)
        date_article(art, ex, None, family=FAMILY)
        assert published_local(art.published_at, art.date_precision) != "2024-07-19"
        assert "19/7/2024" not in (art.published_raw or "")


def test_listings_link_each_article_once():
    registry = load_registry(REPLICA_REGISTRY)[KEY]
    assert [s.path for s in registry.sections] == [
        renderer.listing_path(s, 1) for s in CONTENT.sections
    ]
    for section, sec in zip(registry.sections, CONTENT.sections, strict=True):
        path: str | None = section.path
        found, shown, walked = [], {}, 0
        while path:
            root = parse_html(PAGES[path].body)
            walked += 1
            assert css("div.zonepage-l h4 a")(root)
            assert css("div.datapager span.active")(root)
            for entry in (e for sel in FAMILY.listing_item[:1] for e in css(sel)(root)):
                link = next(
                    local(a.get("href")) for a in entry.iter("a") if is_article(a.get("href", ""))
                )
                found.append(link)
                date_el = next(e for s in FAMILY.listing_date for e in css(s)(entry))
                shown[link] = norm(text_of(date_el))
            nxt = next((e for s in FAMILY.listing_next for e in css(s)(root)), None)
            path = local(nxt.get("href")) if nxt is not None else None
        expected = [renderer.article_path(CONTENT, a) for a in CONTENT.in_section(sec.key)]
        assert found == expected
        assert walked == -(-len(expected) // sec.per_page) >= 3
        for a in CONTENT.in_section(sec.key):
            assert shown[renderer.article_path(CONTENT, a)] == renderer.short_date(a)


def test_feeds_sitemap_and_robots():
    robots = PAGES["/robots.txt"].body.decode()
    assert f"Sitemap: {url('/sitemap.xml')}" in robots and "Disallow: /Utilities/" in robots
    root = etree.fromstring(PAGES["/sitemap.xml"].body)
    assert {url(p) for p in ARTICLES} <= {e.text for e in root.iter("{*}loc")}
    home = etree.fromstring(PAGES[FAMILY.feeds[0]].body)
    items = list(home.iter("item"))
    assert [i.findtext("link") for i in items] == [
        url(renderer.article_path(CONTENT, a))
        for a in sorted(CONTENT.articles, key=lambda a: (a.published, a.id), reverse=True)
    ]
    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    by_link = {url(p): a for p, a in ARTICLES.items()}
    for item in items:
        when = parsedate_to_datetime(item.findtext("pubDate") or "").astimezone(hcm)
        assert when.strftime("%Y-%m-%dT%H:%M") == by_link[item.findtext("link") or ""].published
    for sec in CONTENT.sections:
        feed = etree.fromstring(PAGES[f"/rss/{sec.key}.rss"].body)
        assert [i.findtext("link") for i in feed.iter("item")] == [
            url(renderer.article_path(CONTENT, a)) for a in CONTENT.in_section(sec.key)
        ]


def test_utilities_exist_are_linked_and_are_not_articles():
    for path, a in ARTICLES.items():
        for dup in (renderer.print_path(a), renderer.send_path(a)):
            assert dup in PAGES and dup in hrefs(path)
            assert not is_article(dup)


def test_article_url_matches_articles_only():
    for path in PAGES:
        assert is_article(path) == (path in ARTICLES), path
    assert is_article("/tuyen-truyen-ve-chu-quyen-bien-dao-149483")
    for path in (
        "/thoi-su",
        "/thoi-su?page=2",
        "/nhip-cau-tuyen-giao",
        "/the-gioi",
        "/rss/home.rss",
        "/Utilities/PrintView.aspx?distributionid=149483",
        "/ky-niem-75-nam-2020",
    ):
        assert not is_article(path), path


def _replica_pages() -> dict[str, tuple[object, dict]]:
    out = {}
    for key, site in load_registry(REPLICA_REGISTRY, check_families=False).items():
        try:
            content = load_content(site.replica.get("content", key))
            pages = renderer_of(content.family).render_site(content, site.base_url)
        except Exception:  # another family's renderer still in progress
            continue
        out[key] = (site, pages)
    return out


def test_detection_across_replica_sites():
    sites = _replica_pages()
    assert KEY in sites
    for key, (site, pages) in sites.items():
        base = site.base_url.rstrip("/")  # type: ignore[attr-defined]
        for path, page in pages.items():
            if "html" not in page.content_type:
                continue
            found = detect(page.body, base + path).family
            if key == KEY:
                assert found == "tuyengiao_vn", path
            else:
                assert found != "tuyengiao_vn", (key, path)
