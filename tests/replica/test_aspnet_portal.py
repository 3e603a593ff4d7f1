"""The Trà Vinh ASP.NET replica (seed 003) against the ``aspnet_portal`` family, in process.

Expectations come from the content file and the seed's expected.json: ALL-CAPS titles,
no date anywhere (gold ``published`` null), every gold paragraph inside the content
panel, the seed's chrome (pager, counter, editor and contact block) outside it, listings,
sitemap without ``lastmod`` and the print duplicates.
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
from crawler.cms.engine import css, extract, meta_dates, parse_html, text_of
from crawler.registry import REPLICA_REGISTRY, load_registry
from crawler.replica.families import aspnet_portal as renderer
from crawler.replica.model import load_content

BASE = "http://127.0.0.1:8805/"
KEY = "replica-travinh"
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
CONTENT = load_content("travinh")
FAMILY = get_family("aspnet_portal")
PAGES = renderer.render_site(CONTENT, BASE)
DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d")


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


def gold_seed() -> dict:
    return json.loads(next(SEED.glob("003_*.expected.json")).read_text(encoding="utf-8"))


def test_content_shape():
    assert CONTENT.family == "aspnet_portal"
    assert len(CONTENT.articles) >= 16
    assert [a.seed for a in CONTENT.articles].count("003") == 1
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8 and sec.per_page == 3
    assert all(a.published is None and a.views is None for a in CONTENT.articles)
    assert sum(a.title == a.title.upper() for a in CONTENT.articles) >= 5


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_extraction(article):
    path = renderer.article_path(CONTENT, article)
    ex = extract(PAGES[path].body, url(path), FAMILY)
    assert ex.problem is None
    assert ex.title == article.title
    assert ex.date_line is None and ex.meta_dates == [] and ex.views_text is None
    assert ex.lead == article.lead
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)
    texts = [norm(b.text) for b in ex.blocks]
    for para in article.paragraphs:
        assert any(norm(para) in t for t in texts), para[:60]
    for caption in article.captions:
        assert any(norm(caption) in norm(b.text) for b in ex.blocks if b.after_image), caption
    joined = "\n".join(texts)
    for chrome in ("Tin khác", "Thống kê truy cập", "In bài viết", "Đăng nhập"):
        assert chrome not in joined
    assert texts[-1] == (article.byline or article.author)


def test_seed_page_matches_the_seed():
    seed = next(a for a in CONTENT.articles if a.seed == "003")
    gold = gold_seed()
    assert (seed.title, seed.author, seed.published) == (gold["title"], gold["author"], None)
    body = seed.gold()["body"]
    assert body.startswith(gold["body_starts_with"]) and body.endswith(gold["body_ends_with"])
    path = renderer.article_path(CONTENT, seed)
    page = PAGES[path].body.decode()
    root = parse_html(page)
    page_text = text_of(root)
    body_el = next(el for sel in FAMILY.body for el in css(sel)(root))
    body_text = norm(text_of(body_el))
    for chrome in gold["body_must_not_contain"]:
        # Image alts are page chrome too ("Chung nhan Tin Nhiem Mang").
        for part in chrome.split("\n"):
            assert part in norm(page_text) or f'alt="{part}"' in page, part
            if part != "Trần Bình Trọng":  # the byline: the last body paragraph
                assert part not in body_text, part
    # "TUYÊN TRUYỀN" (the section banner) is directly followed by "Đăng nhập".
    lines = page_text.split("\n")
    i = lines.index("TUYÊN TRUYỀN", lines.index("Tin khác"))
    assert lines[i + 1] == "Đăng nhập"
    pager = norm(text_of(css(".other-news .pager")(root)[0]))
    assert pager == "1 2 3 4 5 ..."
    assert "Trong tuần: 8 047" in norm(page_text)
    # The byline is pushed right with a run of &nbsp;, as in the seed.
    ex = extract(page, url(path), FAMILY)
    assert ex.blocks[-1].text == "Trần Bình Trọng"
    assert "&nbsp;" * 68 + " <strong>Trần Bình Trọng</strong>" in page


def test_no_date_anywhere():
    for path, page in PAGES.items():
        if path.endswith(".xml"):
            assert b"lastmod" not in page.body and b"pubDate" not in page.body
            continue
        if path == "/robots.txt":
            continue
        root = parse_html(page.body)
        assert meta_dates(root) == [], path
        assert not any(css(s)(root) for s in (*FAMILY.date_line, *FAMILY.listing_date)), path
        for el in css(f"{', '.join(FAMILY.body)}, .news-item-summary, .hot-news p")(root):
            el.drop_tree()  # body text quotes dates ("Chủ nhật, 23/5/2021"): not dates of the page
        assert not DATE.search(text_of(root)), path


def test_webforms_markup():
    path = renderer.article_path(CONTENT, CONTENT.articles[0])
    page = PAGES[path].body.decode()
    root = parse_html(page)
    assert css('form#form1 input[name="__VIEWSTATE"]')(root)
    assert "/WebResource.axd?" in page and "/ScriptResource.axd?" in page
    assert css('[id^="ctl00_ContentPlaceHolder1_"]')(root)
    assert "javascript:__doPostBack(" in page
    assert detect(page, url(path)).family == "aspnet_portal"


def test_listings_link_each_article_once():
    registry = load_registry(REPLICA_REGISTRY)[KEY]
    assert [s.path for s in registry.sections] == [
        renderer.listing_path(CONTENT, s.key) for s in CONTENT.sections
    ]
    for section, sec in zip(registry.sections, CONTENT.sections, strict=True):
        path: str | None = section.path
        found, walked = [], 0
        while path:
            root = parse_html(PAGES[path].body)
            walked += 1
            for entry in css(FAMILY.listing_item[0])(root):
                found.append(
                    next(a.get("href") for a in entry.iter("a") if is_article(a.get("href", "")))
                )
            nxt = next((e for s in FAMILY.listing_next for e in css(s)(root)), None)
            path = local(nxt.get("href")) if nxt is not None else None
        expected = [renderer.article_path(CONTENT, a) for a in CONTENT.in_section(sec.key)]
        assert found == expected
        assert walked == -(-len(expected) // sec.per_page) >= 3
        assert f"/{sec.key}/" in section.path and section.path.endswith("/trang-1.aspx")


def test_sitemap_lists_every_article_without_lastmod():
    root = etree.fromstring(PAGES["/sitemap.xml"].body)
    locs = {e.text for e in root.iter("{*}loc")}
    assert {url(renderer.article_path(CONTENT, a)) for a in CONTENT.articles} <= locs
    assert not list(root.iter("{*}lastmod"))


def test_duplicates_exist_are_linked_and_are_not_articles():
    for a in CONTENT.articles:
        path = renderer.article_path(CONTENT, a)
        dup = renderer.print_path(CONTENT, a)
        assert dup in PAGES and dup in hrefs(path)
        assert not is_article(dup)
        assert any(p.search(dup) for p in FAMILY.patterns("exclude_url"))


def test_article_url_matches_articles_only():
    articles = {renderer.article_path(CONTENT, a) for a in CONTENT.articles}
    for path in PAGES:
        assert is_article(path) == (path in articles), path
    assert is_article("/NewsDetail.aspx?id=125")
    assert not is_article("/tin-tuc/1/trang-2.aspx")


def test_robots_and_determinism():
    robots = PAGES["/robots.txt"].body.decode()
    assert f"Sitemap: {url('/sitemap.xml')}" in robots
    again = renderer.render_site(CONTENT, BASE)
    assert all(again[k].body == PAGES[k].body for k in PAGES)
