"""The Đảng ủy Khối DNN replica (seed 001) against the ``dnn`` family, in process.

Expectations come from the content file and the seed's expected.json: the date line
"dd/MM/yyyy | views" [S 001], every gold paragraph inside the news module's body, the
"Các bài viết khác" block with the seed's own titles and relative dates outside it,
listings, sitemap, feeds and the print duplicates.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from crawler.cms import get_family
from crawler.cms.detect import detect
from crawler.cms.engine import css, extract, parse_html, text_of
from crawler.registry import REPLICA_REGISTRY, load_registry
from crawler.replica.families import dnn as renderer
from crawler.replica.model import load_content

BASE = "http://127.0.0.1:8803/"
KEY = "replica-dukcqtw"
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
CONTENT = load_content("dukcqtw")
FAMILY = get_family("dnn")
PAGES = renderer.render_site(CONTENT, BASE)


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


def seed_file(suffix: str) -> Path:
    return next(SEED.glob(f"001_*{suffix}"))


def dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def test_content_shape():
    assert CONTENT.family == "dnn"
    assert len(CONTENT.articles) >= 16
    assert [a.seed for a in CONTENT.articles].count("001") == 1
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8 and sec.per_page == 3
    # The module prints the day only, and a view count for every article.
    assert all("T" not in a.published and a.views for a in CONTENT.articles)


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_extraction(article):
    path = renderer.article_path(CONTENT, article)
    ex = extract(PAGES[path].body, url(path), FAMILY)
    assert ex.problem is None
    assert ex.title == article.title
    assert ex.date_line == f"{dmy(article.published)} | {article.views}"
    assert ex.views_text == str(article.views)
    assert ex.lead == article.lead
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)
    assert ex.meta_dates == []
    texts = [norm(b.text) for b in ex.blocks]
    for para in article.paragraphs:
        assert any(norm(para) in t for t in texts), para[:60]
    for caption in article.captions:
        assert any(norm(caption) in norm(b.text) for b in ex.blocks if b.after_image), caption
    joined = "\n".join(texts)
    for chrome in ("Các bài viết khác", "ngày trước", "tháng trước", "In bài viết", "•"):
        assert chrome not in joined
    lines = [article.byline or article.author, *article.extra.get("byline_lines", [])]
    assert texts[-len(lines) :] == lines


def test_seed_page_matches_the_seed():
    seed = next(a for a in CONTENT.articles if a.seed == "001")
    gold = json.loads(seed_file(".expected.json").read_text(encoding="utf-8"))
    assert (seed.title, seed.author, seed.views, seed.published) == (
        gold["title"],
        gold["author"],
        gold["views"],
        gold["published"],
    )
    body = seed.gold()["body"]
    assert body.startswith(gold["body_starts_with"]) and body.endswith(gold["body_ends_with"])
    path = renderer.article_path(CONTENT, seed)
    page = PAGES[path].body.decode()
    root = parse_html(page)
    page_text = norm(text_of(root))
    for chrome in gold["body_must_not_contain"]:
        assert chrome in page_text, chrome
    body_el = next(el for sel in FAMILY.body for el in css(sel)(root))
    body_text = norm(text_of(body_el))
    for chrome in gold["body_must_not_contain"]:
        if chrome != "Nguyễn Văn Sơn":  # the byline: last body paragraph, as on the site
            assert chrome not in body_text, chrome
    # The seed's other-articles chrome, verbatim: titles twice (alt + link) with the same
    # relative dates, then the bullet list.
    seed_text = seed_file(".txt").read_text(encoding="utf-8")
    others = seed_text.split("Các bài viết khác", 1)[1]
    featured = re.findall(r"\n\n(.+)\n\n\1\n(\d+ (?:ngày|tháng) trước)", others)
    bullets = re.findall(r"• (.+) \((\d+ (?:ngày|tháng) trước)\)", others)
    assert len(featured) == 4 and len(bullets) == 10
    items = css(".articleOthers .otherItem")(root)
    assert [(i.find(".//img").get("alt"), norm(text_of(i))) for i in items] == [
        (t, f"{t} {ago}") for t, ago in featured
    ]
    lis = [norm(text_of(li)) for li in css(".articleOthers ul.otherList li")(root)]
    assert lis == [f"• {t} ({ago})" for t, ago in bullets]
    # Byline: the name, then the affiliation pushed right with a run of &nbsp;.
    ex = extract(page, url(path), FAMILY)
    assert [b.text for b in ex.blocks[-2:]] == ["Nguyễn Văn Sơn", "Ban Tuyên giáo Đảng ủy Khối"]
    assert "&nbsp;" * 18 + " <em>Ban Tuyên giáo Đảng ủy Khối" in page


def test_render_date_is_fixed_and_shown_as_today():
    assert renderer.relative_vi("2020-07-29", date(2020, 8, 5)) == "7 ngày trước"
    page = PAGES["/"].body.decode()
    assert "Thứ Tư, 05/08/2020" in page  # the skin's current-date token, from settings
    again = renderer.render_site(CONTENT, BASE)
    assert all(again[k].body == PAGES[k].body for k in PAGES)


def test_dnn_markup():
    seed = next(a for a in CONTENT.articles if a.seed == "001")
    path = renderer.article_path(CONTENT, seed)
    page = PAGES[path].body.decode()
    root = parse_html(page)
    assert "<!-- Start_Module_477 -->" in page
    module = css("div#dnn_ctr477_ModuleContent")(root)[0]
    assert module.get("class") == "DNNModuleContent ModDnnForgeNewsArticlesC"
    assert css("#dnn_ContentPane #dnn_ctr477_ModuleContent")(root)
    # HTML modules carry .Normal too: the family must not take them.
    normals = css("div.Normal")(root)
    assert normals and all("ModDNNHTMLC" in n.getparent().get("class") for n in normals)
    assert 'name="__VIEWSTATE"' in page and "/Portals/0/" in page and "/DesktopModules/" in page
    assert detect(page, url(path)).family == "dnn"


def test_listings_link_each_article_once():
    registry = load_registry(REPLICA_REGISTRY)[KEY]
    assert [s.path for s in registry.sections] == [
        renderer.listing_path(CONTENT, s.key) for s in CONTENT.sections
    ]
    for section, sec in zip(registry.sections, CONTENT.sections, strict=True):
        path: str | None = section.path
        found, shown, walked = [], {}, 0
        while path:
            root = parse_html(PAGES[path].body)
            walked += 1
            for entry in (e for sel in FAMILY.listing_item for e in css(sel)(root)):
                link = next(a.get("href") for a in entry.iter("a") if is_article(a.get("href", "")))
                found.append(link)
                date_el = next(e for s in FAMILY.listing_date for e in css(s)(entry))
                shown[link] = norm(text_of(date_el))
            nxt = next((e for s in FAMILY.listing_next for e in css(s)(root)), None)
            path = local(nxt.get("href")) if nxt is not None else None
        expected = [renderer.article_path(CONTENT, a) for a in CONTENT.in_section(sec.key)]
        assert found == expected
        assert walked == -(-len(expected) // sec.per_page) >= 3
        for a in CONTENT.in_section(sec.key):
            assert shown[renderer.article_path(CONTENT, a)] == dmy(a.published)


def test_sitemap_and_feeds_list_every_article():
    for name in ("/SiteMap.aspx", "/sitemap.aspx"):
        root = etree.fromstring(PAGES[name].body)
        locs = {e.text for e in root.iter("{*}loc")}
        assert {url(renderer.article_path(CONTENT, a)) for a in CONTENT.articles} <= locs
    for sec in CONTENT.sections:
        feed = etree.fromstring(PAGES[renderer.rss_path(CONTENT, sec.key)].body)
        links = [e.text for e in feed.iter("link")][1:]
        assert links == [
            url(renderer.article_path(CONTENT, a)) for a in CONTENT.in_section(sec.key)
        ]
        # .NET "r" format: local midnight labelled GMT; only the day is true.
        assert all(e.text.endswith("00:00:00 GMT") for e in feed.iter("pubDate"))
    assert "rss" in FAMILY.day_only_sources


def test_duplicates_exist_are_linked_and_are_not_articles():
    for a in CONTENT.articles:
        path = renderer.article_path(CONTENT, a)
        dup = renderer.print_path(CONTENT, a)
        assert dup in PAGES and dup in hrefs(path)
        assert not is_article(dup)
        assert any(p.search(dup) for p in FAMILY.patterns("exclude_url"))
    login = renderer.login_path(CONTENT)
    assert login in PAGES and not is_article(login)


def test_article_url_matches_articles_only():
    articles = {renderer.article_path(CONTENT, a) for a in CONTENT.articles}
    for path in PAGES:
        assert is_article(path) == (path in articles), path
    # The module's other URL forms of an article.
    assert is_article("/Default.aspx?tabid=61&articleType=ArticleView&articleId=2961")
    assert not is_article("/tin-tuc/tabid/61/articleType/CategoryView/categoryId/3/default.aspx")


def test_robots():
    robots = PAGES["/robots.txt"].body.decode()
    assert f"Sitemap: {url('/SiteMap.aspx')}" in robots
    assert "Disallow: /*/ctl/" in robots
