"""The "Báo cáo viên" VHV replica against the ``vhv`` family, in process.

Expectations come from the content file (``vhv_baocaovien.json``): every article page gives
the gold fields through extract → clean → dates; the ``H:i:s | d/m/Y`` date line agrees with
the ``itemprop=datePublished`` meta; views and author come from the foot row; the VHV chrome
(tool bar, "Đọc bài" / "Lưu", rating, related frames, login box, counter) stays out of the
body; listings, sitemap, the print duplicate and detection.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from lxml import etree

from crawler.cms import get_family
from crawler.cms.detect import detect
from crawler.cms.engine import css, extract, parse_html, text_of
from crawler.registry import REPLICA_REGISTRY, load_registry
from crawler.replica.families import vhv as renderer
from crawler.replica.model import load_content
from crawler.replica.server import renderer as renderer_of
from crawler.store.present import published_local
from pipelines.clean import clean_extracted
from pipelines.dates import date_article
from pipelines.extract import extract_page

BASE = "http://127.0.0.1:8811/"
KEY = "replica-vhv-baocaovien"
CONTENT = load_content("vhv_baocaovien")
FAMILY = get_family("vhv")
PAGES = renderer.render_site(CONTENT, BASE)
ARTICLES = {renderer.article_path(CONTENT, a): a for a in CONTENT.articles}


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


def post_date(iso: str) -> str:
    dt = datetime.fromisoformat(iso)
    return f"{dt:%H:%M}:00 | {dt:%d/%m/%Y}"


def test_content_shape():
    assert CONTENT.family == "vhv"
    assert len(CONTENT.articles) >= 16 and len(CONTENT.sections) == 2
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8 and sec.per_page == 3
    assert all(a.published and "T" in a.published and a.views for a in CONTENT.articles)
    # Object ids: 24 hex, the first 8 the creation time (UTC seconds).
    for a in CONTENT.articles:
        oid = renderer.object_id(a)
        assert re.fullmatch(r"[0-9a-f]{24}", oid)
        created = datetime(1970, 1, 1) + timedelta(seconds=int(oid[:8], 16), hours=7)
        assert created == datetime.fromisoformat(a.published or "")
    assert len({renderer.object_id(a) for a in CONTENT.articles}) == len(CONTENT.articles)


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
    }
    assert got == {k: gold[k] for k in got}
    assert art.date_source == "page" and art.date_problem is None


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_markup_and_chrome(article):
    path = renderer.article_path(CONTENT, article)
    page = PAGES[path].body.decode()
    ex = extract(page, url(path), FAMILY)
    assert ex.problem is None and ex.title == article.title
    assert ex.date_line == post_date(article.published or "")
    assert ex.meta_dates == [("itemprop:datePublished", f"{article.published}:00+07:00")]
    assert ex.views_text == "Lượt xem: " + f"{article.views:,}".replace(",", ".")
    assert ex.lead == article.lead
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)
    footer_author = article.extra.get("author_in") != "body"
    assert ex.author == (f"Tác giả: {article.byline or article.author}" if footer_author else None)
    texts = [norm(b.text) for b in ex.blocks]
    for para in article.paragraphs:
        assert norm(para) in texts, para[:60]
    root = parse_html(page)
    page_text = norm(text_of(root))
    body_el = next(el for sel in FAMILY.body for el in css(sel)(root))
    assert body_el.get("itemprop") == "articleBody"
    body_text = norm(text_of(body_el))
    for chrome in (*CONTENT.settings["chrome"], ex.date_line):
        if chrome == "Tác giả:" and not footer_author:
            continue
        assert chrome in page_text, chrome
        assert chrome not in body_text, chrome
    art = css("div#module17.ModuleWrapper > article#article17")(root)[0]
    assert "news-detail-layout-type-2" in art.get("class")
    assert art.get("itemtype") == "http://schema.org/NewsArticle"


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
            assert shown[renderer.article_path(CONTENT, a)] == post_date(a.published or "")


def test_sitemap_and_robots():
    robots = PAGES["/robots.txt"].body.decode()
    assert f"Sitemap: {url('/sitemap.xml')}" in robots
    root = etree.fromstring(PAGES["/sitemap.xml"].body)
    locs = [e.text for e in root.iter("{*}loc")]
    assert {url(p) for p in ARTICLES} <= set(locs)
    assert FAMILY.sitemaps == ("/sitemap.xml",)


def test_print_duplicate_exists_is_linked_and_is_not_an_article():
    for path, a in ARTICLES.items():
        dup = renderer.print_path(CONTENT, a)
        assert dup in PAGES and dup in hrefs(path)
        assert not is_article(dup)


def test_article_url_matches_articles_only():
    for path in PAGES:
        assert is_article(path) == (path in ARTICLES), path
    assert is_article("/tin-tuc/hoat-dong-san-xuat-cong-nghiep-5b6bb91d92186525bc21bd9c.html")
    assert is_article("/tin-tuc/5b6bb91d92186525bc21bd9c/hoat-dong-san-xuat-cong-nghiep")
    for path in (
        "/tin-tuc",
        "/tin-tuc?page=2",
        "/print/5b6bb91d92186525bc21bd9c",
        "/tin-tuc/bai-viet-5b6bb91d92186525bc21bd9c.html?print=1",
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
                assert found == "vhv", path
            else:
                assert found != "vhv", (key, path)
