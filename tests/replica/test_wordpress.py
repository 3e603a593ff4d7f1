"""The WordPress + tagDiv Newspaper replica (chodon, seed 002) and the ``wordpress`` family.

Rendered in-process; the expectations come from the content file, the seed's
expected.json and WordPress/tagDiv behaviour (research/sites.md §2.2). This site
shows no date anywhere, so nothing on it may yield one.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from lxml import etree

from crawler.cms.detect import detect
from crawler.cms.engine import css, extract, text_of
from crawler.cms.wordpress import FAMILY
from crawler.replica.families.wordpress import article_path, render_site
from crawler.replica.model import ReplicaArticle, load_content

BASE = "http://127.0.0.1:8804/"
CONTENT = load_content("chodon")
PAGES = render_site(CONTENT, BASE)
SEED_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEED_GOLD = json.loads(next(SEED_DIR.glob("002_*.expected.json")).read_text(encoding="utf-8"))
SEED = next(a for a in CONTENT.articles if a.seed == "002")
ARTICLE_PATHS = {article_path(CONTENT, a) for a in CONTENT.articles}
HTML_PATHS = [p for p, pg in PAGES.items() if pg.content_type.startswith("text/html") and pg.body]


def url(path: str) -> str:
    return urljoin(BASE, path)


def page(path: str) -> str:
    return PAGES[path].body.decode("utf-8")


def root_of(path: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page(path))


def norm(text: str) -> str:
    return " ".join(text.split())


def site_path(href: str) -> str:
    parts = urlsplit(urljoin(BASE, href))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_article(path: str) -> bool:
    if any(p.search(path) for p in FAMILY.patterns("exclude_url")):
        return False
    return any(p.search(path) for p in FAMILY.patterns("article_url"))


# --- content ------------------------------------------------------------------------------
def test_content_shape():
    assert CONTENT.family == "wordpress"
    assert [s.key for s in CONTENT.sections] == ["tin-tuc", "xay-dung-dang"]
    for sec in CONTENT.sections:
        assert sec.per_page == 3
        assert len(CONTENT.in_section(sec.key)) >= 8
    assert all(a.published is None and a.updated is None for a in CONTENT.articles)
    assert len({a.id for a in CONTENT.articles}) == len(CONTENT.articles)


def test_seed_content_equals_expected_json():
    gold = SEED.gold()
    for key in ("title", "author", "views", "published", "captions"):
        assert gold[key] == SEED_GOLD[key], key
    assert gold["body"].startswith(SEED_GOLD["body_starts_with"])
    assert gold["body"].endswith(SEED_GOLD["body_ends_with"])
    for chrome in SEED_GOLD["body_must_not_contain"]:
        assert chrome not in gold["body"], chrome


# --- article pages ------------------------------------------------------------------------
@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_extraction(article: ReplicaArticle):
    path = article_path(CONTENT, article)
    assert re.fullmatch(r"/[a-z0-9-]+/", path)
    ex = extract(PAGES[path].body, url(path), FAMILY)
    assert ex.problem is None
    assert ex.title == article.title
    assert ex.date_line is None
    assert ex.meta_dates == []
    assert ex.updated_raw is None
    assert ex.author is None  # the theme hides the author; bylines are body paragraphs
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)
    assert ex.tags == article.tags
    assert ex.canonical_url == url(path)

    texts = [norm(b.text) for b in ex.blocks if b.kind != "caption"]
    joined = "\n".join(texts)
    for para in article.paragraphs:
        assert norm(para) in joined, para[:60]
    assert [b.text for b in ex.blocks if b.kind == "caption"] == article.captions
    byline = article.byline or article.author
    if byline:
        lines = byline.split("\n")
        tail = ex.blocks[-len(lines) :]
        assert [b.text for b in tail] == lines
        assert all(b.align == "right" for b in tail)
    else:
        assert norm(ex.blocks[-1].text) == norm(article.paragraphs[-1])
    assert not any("td-a-rec" in b.text for b in ex.blocks)


def test_seed_page_chrome_outside_body():
    path = article_path(CONTENT, SEED)
    raw = html.unescape(page(path))
    root = root_of(path)
    body = css("div.td-post-content")(root)
    assert len(body) == 1
    body_text = norm(html.unescape(etree.tostring(body[0], encoding="unicode")))
    for chrome in SEED_GOLD["body_must_not_contain"]:
        assert chrome in raw, chrome
        assert chrome not in body_text, chrome
    visible = norm(root.text_content())
    for text in (
        "Trả lời",
        "Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *",
        "BÀI LIÊN QUAN",
    ):
        assert text in visible, text
    assert 'content="WordPress 6.4' in raw and "/wp-content/themes/Newspaper/" in raw
    # the caption sits mid-body with the seed's leading space
    assert "> Xã Nghĩa Tá tổ chức thành công Đại hội Đảng bộ xã" in page(path)


def test_seed_prev_next_are_real_articles_glued_to_their_labels():
    root = root_of(article_path(CONTENT, SEED))
    prev = css(".td-post-next-prev .td-post-prev-post")(root)[0]
    nxt = css(".td-post-next-prev .td-post-next-post")(root)[0]
    by_title = {a.title: a for a in CONTENT.articles}
    prev_title = "Huyện ủy Chợ Đồn tổ chức Hội nghị cán bộ chủ chốt thực hiện quy trình nhân sự"
    next_title = "Chợ Đồn tăng cường phòng chống dịch bệnh COVID-19"
    assert prev.text_content() == "Bài trước" + prev_title
    assert nxt.text_content() == "Bài tiếp theo" + next_title
    assert site_path(prev.find(".//a").get("href")) == article_path(CONTENT, by_title[prev_title])
    assert site_path(nxt.find(".//a").get("href")) == article_path(CONTENT, by_title[next_title])


def test_no_date_anywhere_on_the_site():
    for path in HTML_PATHS:
        text = page(path)
        for marker in ("<time", "datePublished", "dateModified", "article:published_time"):
            assert marker not in text, (path, marker)
        assert "td-post-date" not in text, path
        root = lxml.html.document_fromstring(text)
        for entry in (e for sel in FAMILY.listing_item for e in css(sel)(root)):
            assert not any(css(s)(entry) for s in FAMILY.listing_date), path
    for path in ("/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml"):
        assert b"lastmod" not in PAGES[path].body
    assert "/feed/" not in PAGES  # feeds are disabled on this site


# --- duplicates, shortlinks ------------------------------------------------------------------
def test_embed_views_exist_are_linked_and_excluded():
    for a in CONTENT.articles:
        path = article_path(CONTENT, a)
        embed = f"{path}embed/"
        assert embed in PAGES
        assert not any(p.search(embed) for p in FAMILY.patterns("article_url"))
        assert any(p.search(embed) for p in FAMILY.patterns("exclude_url"))
        root = root_of(path)
        oembed = root.xpath("//link[@type='application/json+oembed']/@href")
        assert len(oembed) == 1
        data = json.loads(PAGES[site_path(oembed[0])].body)
        assert url(embed) in data["html"]
        embed_root = root_of(embed)
        assert embed_root.xpath("//link[@rel='canonical']/@href") == [url(path)]
        assert a.title in embed_root.text_content()


def test_shortlinks_redirect_to_the_permalink():
    for a in CONTENT.articles:
        path = article_path(CONTENT, a)
        assert f"<link rel='shortlink' href='{url(f'/?p={a.id}')}' />" in page(path)
        short = PAGES[f"/?p={a.id}"]
        assert short.status == 301 and short.headers["Location"] == url(path)


# --- URLs -----------------------------------------------------------------------------------
def test_article_url_accepts_articles_only():
    for path, pg in PAGES.items():
        if pg.status == 301:  # /?p=<id>: a post address that answers with the permalink
            assert is_article(path), path
            continue
        assert is_article(path) == (path in ARTICLE_PATHS), path
    for path in (
        "/2023/09/21/",
        "/2023/09/21/some-post/",
        "/category/tin-tuc/page/2/",
        "/tag/dai-hoi-dang/",
        "/author/admin/",
        "/some-post/?replytocom=12",
        "/some-post/amp/",
        "/some-post/feed/",
        "/wp-sitemap-posts-post-1.xml",
    ):
        assert is_article(path) == (path == "/2023/09/21/some-post/"), path


# --- listings -------------------------------------------------------------------------------
@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_link_each_article_once(section):
    expected = CONTENT.in_section(section.key)
    seen: Counter[str] = Counter()
    path: str | None = f"/category/{section.key}/"
    visited = []
    while path:
        visited.append(path)
        root = root_of(path)
        for entry in (e for sel in FAMILY.listing_item for e in css(sel)(root)):
            hrefs = [site_path(a.get("href", "")) for a in entry.iter("a")]
            link = next((h for h in hrefs if is_article(h)), None)
            if link is not None:
                seen[link] += 1
        nxt = next(
            (e.get("href") for s in FAMILY.listing_next for e in css(s)(root) if e.get("href")),
            None,
        )
        path = site_path(nxt) if nxt else None
        assert len(visited) < 10
    pages = math.ceil(len(expected) / section.per_page)
    later = [f"/category/{section.key}/page/{n}/" for n in range(2, pages + 1)]
    assert visited == [f"/category/{section.key}/", *later]
    assert seen == Counter({article_path(CONTENT, a): 1 for a in expected})
    # newest first: ids follow the (hidden) publication order
    first = root_of(f"/category/{section.key}/")
    titles = [text_of(a) for a in css(".td_module_10 h3.entry-title a")(first)]
    assert titles == [a.title for a in sorted(expected, key=lambda a: -a.id)[: section.per_page]]


# --- sitemaps, robots, detection ------------------------------------------------------------
def test_core_sitemap_lists_every_post():
    robots = page("/robots.txt")
    assert robots.startswith("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php")
    lines = re.findall(r"^Sitemap: (\S+)$", robots, re.M)
    assert lines == [url("/wp-sitemap.xml")]
    index = etree.fromstring(PAGES["/wp-sitemap.xml"].body)
    assert etree.QName(index).localname == "sitemapindex"
    locs = [el.text for el in index.iter("{*}loc")]
    assert url("/wp-sitemap-posts-post-1.xml") in locs
    for loc in locs:
        assert site_path(loc) in PAGES
    posts = etree.fromstring(PAGES["/wp-sitemap-posts-post-1.xml"].body)
    listed = [el.text for el in posts.iter("{*}loc")]
    assert listed == [
        url(article_path(CONTENT, a)) for a in sorted(CONTENT.articles, key=lambda a: a.id)
    ]


def test_family_is_detected_on_every_page_kind():
    for path in ("/", article_path(CONTENT, SEED), "/category/tin-tuc/page/2/"):
        assert detect(PAGES[path].body, url(path)).family == "wordpress"
