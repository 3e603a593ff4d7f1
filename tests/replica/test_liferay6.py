"""The Kon Tum Liferay 6 replica (seed 000) against the ``liferay6`` family, in process.

Expectations come from the content file and the seed's expected.json, not from the
renderer: titles, date lines as the portal prints them ("06/01/2021 06:01"), every gold
paragraph inside the body container, chrome outside it, listings, sitemap, feeds and
the duplicates a crawler must skip.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from crawler.cms import get_family
from crawler.cms.detect import detect
from crawler.cms.engine import css, extract, parse_html, text_of
from crawler.registry import REPLICA_REGISTRY, load_registry
from crawler.replica.families import liferay6 as renderer
from crawler.replica.model import load_content

BASE = "http://127.0.0.1:8802/"
KEY = "replica-kontum-portal"
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
CONTENT = load_content("kontum_portal")
FAMILY = get_family("liferay6")
PAGES = renderer.render_site(CONTENT, BASE)


def norm(text: str) -> str:
    return " ".join(text.split())


def url(path: str) -> str:
    return BASE.rstrip("/") + path


def is_article(path: str) -> bool:
    if any(p.search(path) for p in FAMILY.patterns("exclude_url")):
        return False
    return any(p.search(path) for p in FAMILY.patterns("article_url"))


def local(href: str) -> str:
    """Path + query of a link (lxml already unescaped ``&amp;``)."""
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def hrefs(path: str) -> set[str]:
    return {html.unescape(h) for h in re.findall(r'href="([^"]+)"', PAGES[path].body.decode())}


def gold_seed() -> dict:
    return json.loads(next(SEED.glob("000_*.expected.json")).read_text(encoding="utf-8"))


def test_content_shape():
    assert CONTENT.family == "liferay6"
    assert len(CONTENT.articles) >= 16
    assert [a.seed for a in CONTENT.articles].count("000") == 1
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8
        assert sec.per_page == 3
    years = {a.published[:4] for a in CONTENT.articles}
    assert {"2019", "2025"} <= years


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_extraction(article):
    path = renderer.article_path(CONTENT, article)
    ex = extract(PAGES[path].body, url(path), FAMILY)
    assert ex.problem is None
    assert ex.title == article.title
    assert ex.date_line == renderer.dmy_hm(article.published)
    assert ex.lead == article.lead
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)
    texts = [norm(b.text) for b in ex.blocks]
    for para in article.paragraphs:
        assert any(norm(para) in t for t in texts), para[:60]
    for caption in article.captions:
        assert any(
            norm(caption) in norm(b.text) for b in ex.blocks if b.kind == "caption" or b.after_image
        ), caption
    # Nothing of the date line, the other-news block or the widgets reaches the body.
    joined = "\n".join(texts)
    assert ex.date_line not in joined
    assert "Chuyên mục khác" not in joined and "Đánh giá trung bình" not in joined
    # The byline is the last block.
    byline = article.byline or article.author
    if byline:
        lines = [byline, *article.extra.get("byline_lines", [])]
        assert texts[-len(lines) :] == lines


def test_seed_page_chrome_outside_body():
    seed = next(a for a in CONTENT.articles if a.seed == "000")
    gold = gold_seed()
    assert seed.title == gold["title"] and seed.author == gold["author"]
    assert seed.captions == gold["captions"]
    body = seed.gold()["body"]
    assert body.startswith(gold["body_starts_with"]) and body.endswith(gold["body_ends_with"])
    path = renderer.article_path(CONTENT, seed)
    page = PAGES[path].body.decode()
    root = parse_html(page)
    page_text = norm(text_of(root))
    body_el = next(el for sel in FAMILY.body for el in css(sel)(root))
    body_text = norm(text_of(body_el))
    for chrome in gold["body_must_not_contain"]:
        assert chrome in page_text, chrome
    # Chrome proper is outside the body container; byline and caption are inside it (the
    # cleaner takes them out), exactly as the seed shows them.
    assert "Chuyên mục khác" not in body_text
    assert body_text.endswith("Lê Văn Châu")
    assert "06/01/2021 06:01" in page_text
    ex = extract(page, url(path), FAMILY)
    assert ex.blocks[-1].text == "Lê Văn Châu" and ex.blocks[-1].align == "right"
    caption = next(b for b in ex.blocks if "Ảnh: Mai Trâm" in b.text)
    assert caption.after_image and caption.text == gold["captions"][0]


def test_portal_chrome():
    seed = next(a for a in CONTENT.articles if a.seed == "000")
    path = renderer.article_path(CONTENT, seed)
    page = PAGES[path].body.decode()
    root = parse_html(page)
    titles = [norm(text_of(e)) for e in css("span.portlet-title-text")(root)]
    assert titles[0] == "Xây dựng Đảng" and "null" in titles
    assert "Thống kê truy cập" in titles
    text = norm(text_of(root))
    assert "Trực tuyến : 5814" in text and "Đã truy cập : 43584994" in text
    assert "Đăng nhập" in text
    assert "/html/themes/" in page and "/combo?" in page
    assert css(
        f"section.portlet#portlet_101_INSTANCE_{CONTENT.settings['instances']['xay-dung-dang']}"
    )(root)
    assert detect(page, url(path)).family == "liferay6"


def test_listings_link_each_article_once():
    registry = load_registry(REPLICA_REGISTRY)[KEY]
    assert [s.path for s in registry.sections] == [
        renderer.listing_path(CONTENT, s.key, 1) for s in CONTENT.sections
    ]
    for section, sec in zip(registry.sections, CONTENT.sections, strict=True):
        path: str | None = section.path
        found: list[str] = []
        shown: dict[str, str] = {}
        walked = 0
        while path:
            root = parse_html(PAGES[path].body)
            walked += 1
            for entry in (e for sel in FAMILY.listing_item for e in css(sel)(root)):
                link = next(a.get("href") for a in entry.iter("a") if is_article(a.get("href", "")))
                found.append(link)
                date = next(e for s in FAMILY.listing_date for e in css(s)(entry))
                shown[link] = norm(text_of(date))
            nxt = next((e for s in FAMILY.listing_next for e in css(s)(root)), None)
            path = local(nxt.get("href")) if nxt is not None else None
        expected = [renderer.article_path(CONTENT, a) for a in CONTENT.in_section(sec.key)]
        assert found == expected
        assert walked == -(-len(expected) // sec.per_page) >= 3
        for a in CONTENT.in_section(sec.key):
            assert shown[renderer.article_path(CONTENT, a)] == renderer.dmy(a.published)


def test_pagination_urls_are_liferay_render_urls():
    sec = CONTENT.sections[0]
    iid = CONTENT.settings["instances"][sec.key]
    page2 = renderer.listing_path(CONTENT, sec.key, 2)
    assert f"p_p_id=101_INSTANCE_{iid}" in page2 and f"_101_INSTANCE_{iid}_cur=2" in page2
    assert page2 in PAGES and not is_article(page2)
    assert any(
        f"_101_INSTANCE_{iid}_cur=2" in h for h in hrefs(renderer.listing_path(CONTENT, sec.key, 1))
    )


def test_sitemap_and_feeds_list_every_article():
    root = etree.fromstring(PAGES["/sitemap.xml"].body)
    locs = {e.text for e in root.iter("{*}loc")}
    assert {url(renderer.article_path(CONTENT, a)) for a in CONTENT.articles} <= locs
    for sec in CONTENT.sections:
        feed = etree.fromstring(PAGES[renderer.rss_path(CONTENT, sec.key)].body)
        links = [e.text for e in feed.iter("link")][1:]
        assert links == [
            url(renderer.article_path(CONTENT, a)) for a in CONTENT.in_section(sec.key)
        ]
        assert all(e.text.endswith("GMT") for e in feed.iter("pubDate"))


def test_duplicates_exist_are_linked_and_are_not_articles():
    for a in CONTENT.articles:
        path = renderer.article_path(CONTENT, a)
        plid = next(x["plid"] for x in CONTENT.settings["layouts"] if x["key"] == a.section)
        dups = [renderer.print_path(CONTENT, a), renderer.language_path(CONTENT, plid, path)]
        links = hrefs(path)
        for dup in dups:
            assert dup in PAGES and dup in links
            assert not is_article(dup)
            assert any(p.search(dup) for p in FAMILY.patterns("exclude_url"))


def test_article_url_matches_articles_only():
    articles = {renderer.article_path(CONTENT, a) for a in CONTENT.articles}
    for path in PAGES:
        assert is_article(path) == (path in articles), path


def test_robots_and_determinism():
    robots = PAGES["/robots.txt"].body.decode()
    assert f"Sitemap: {url('/sitemap.xml')}" in robots
    again = renderer.render_site(CONTENT, BASE)
    assert again.keys() == PAGES.keys()
    assert all(again[k].body == PAGES[k].body for k in PAGES)
