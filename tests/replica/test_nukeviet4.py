"""The NukeViet 4.5 replica (tuyengiaokontum, seed 004) and the ``nukeviet4`` family data.

Rendered in-process; the expectations come from the content file, the seed's
expected.json and NukeViet's documented formats (research/sites.md §2.1), not from
the renderer's helpers.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
from lxml import etree

from crawler.cms.detect import detect
from crawler.cms.engine import css, extract, text_of
from crawler.cms.nukeviet4 import FAMILY
from crawler.replica.families.nukeviet4 import article_path, render_site
from crawler.replica.model import ReplicaArticle, load_content

BASE = "http://127.0.0.1:8801/"
CONTENT = load_content("tuyengiaokontum")
PAGES = render_site(CONTENT, BASE)
SEED_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEED_GOLD = json.loads(next(SEED_DIR.glob("004_*.expected.json")).read_text(encoding="utf-8"))
SEED = next(a for a in CONTENT.articles if a.seed == "004")
ARTICLE_PATHS = {article_path(CONTENT, a) for a in CONTENT.articles}
# includes/language/vi/global.php, Monday first
WEEKDAY_VI = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


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
    """What the spider does: excluded first, then the article patterns."""
    if any(p.search(path) for p in FAMILY.patterns("exclude_url")):
        return False
    return any(p.search(path) for p in FAMILY.patterns("article_url"))


def pub(a: ReplicaArticle) -> datetime:
    assert a.published
    return datetime.fromisoformat(a.published)


# --- content ------------------------------------------------------------------------------
def test_content_shape():
    assert CONTENT.family == "nukeviet4"
    assert [s.key for s in CONTENT.sections] == ["tin-hoat-dong", "tuyen-truyen"]
    for sec in CONTENT.sections:
        assert sec.per_page == 3
        assert len(CONTENT.in_section(sec.key)) >= 8
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) == 2019 and max(years) == 2025
    assert len({a.id for a in CONTENT.articles}) == len(CONTENT.articles)


def test_seed_content_equals_expected_json():
    gold = SEED.gold()
    assert gold["title"] == SEED_GOLD["title"]
    assert gold["author"] == SEED_GOLD["author"]
    assert gold["views"] == SEED_GOLD["views"]
    assert gold["published"] == SEED_GOLD["published"]
    assert gold["captions"] == SEED_GOLD["captions"]
    assert gold["lead"] is None  # the hometext only repeats the title
    assert gold["body"].startswith(SEED_GOLD["body_starts_with"])
    assert gold["body"].endswith(SEED_GOLD["body_ends_with"])
    for chrome in SEED_GOLD["body_must_not_contain"]:
        assert chrome not in gold["body"], chrome


# --- article pages ------------------------------------------------------------------------
@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_extraction(article: ReplicaArticle):
    path = article_path(CONTENT, article)
    assert re.fullmatch(rf"/{article.section}/[A-Za-z0-9-]+-{article.id}\.html", path)
    ex = extract(PAGES[path].body, url(path), FAMILY)
    assert ex.problem is None
    assert ex.title == article.title
    dt = pub(article)
    assert ex.date_line == f"{WEEKDAY_VI[dt.weekday()]} - {dt:%d/%m/%Y %H:%M}"
    assert ex.category == next(s.name for s in CONTENT.sections if s.key == article.section)
    assert ex.tags == article.tags
    assert (ex.lead or None) == (article.lead or None)

    texts = [norm(b.text) for b in ex.blocks if b.kind != "caption"]
    joined = "\n".join(texts)
    for para in article.paragraphs:
        assert norm(para) in joined, para[:60]
    found_captions = set(ex.captions) | {b.text for b in ex.blocks if b.kind == "caption"}
    for caption in article.captions:
        assert caption in found_captions

    # The edit time sits in both schema spans; the og/article metas carry the PHP 'T' bug.
    edit = datetime.fromisoformat(article.updated or article.published or "")
    assert ex.updated_raw == f"{edit:%Y-%m-%dT%H:%M:%S}+07:00"
    sources = dict(ex.meta_dates)
    assert sources["itemprop:datePublished"] == ex.updated_raw
    assert sources["meta:article:published_time"] == f"{dt:%Y-%m-%d}ICT{dt:%H:%M:%S}"
    assert "meta:article:published_time" in FAMILY.meta_date_ignore
    assert "itemprop:datePublished" in FAMILY.edit_time_sources
    assert not any(s == "jsonld" or s == "time" for s, _ in ex.meta_dates)

    byline = article.byline or article.author
    place = article.extra.get("byline_place", "body")
    if byline and place == "body":
        lines = byline.split("\n")
        tail = ex.blocks[-len(lines) :]
        assert [b.text for b in tail] == lines
        assert all(b.align == "right" for b in tail)
        assert ex.author is None
    elif place == "author_field" and byline:
        assert ex.author == f"Tác giả: {byline}"
    elif article.extra.get("source"):
        assert ex.author == f"Nguồn tin: {article.extra['source']}"


def test_seed_page_chrome_outside_body():
    raw = html.unescape(page(article_path(CONTENT, SEED)))
    root = root_of(article_path(CONTENT, SEED))
    body = css("#news-bodyhtml")(root)
    assert len(body) == 1
    body_text = html.unescape(etree.tostring(body[0], encoding="unicode"))
    byline = SEED.byline or ""
    for chrome in SEED_GOLD["body_must_not_contain"]:
        assert chrome in raw, chrome
        if chrome in byline:
            continue  # the byline is the body's last paragraph; the cleaner splits it off
        assert chrome not in body_text, chrome
    visible = root.text_content()
    assert visible.count("Quang cảnh Hội nghị") == 2  # figcaption + the #imgpreview copy
    for text in (
        "Lượt xem:194 | lượt tải:31",
        "Website: http://https://tuyengiaokontum.org.vn/",
        "Giấy phép số: Giấy phép số 01/GP-TTĐT, ngày 28 tháng 8 năm 2020",
        "Tổng số điểm của bài viết là: 0 trong 0 đánh giá",
        "Hãy đăng nhập tài khoản để sử dụng tài liệu Báo cáo viên",
        "Bạn đã không sử dụng Site, Bấm vào đây để duy trì trạng thái đăng nhập. "
        "Thời gian chờ: 60 giây",
    ):
        assert text in norm(visible), text
    for alt in ("bao chi", "bacho 2", "truongsa", "sls"):
        assert root.xpath(f'//img[@alt="{alt}"]')
    assert 'content="NukeViet v4.5"' in raw
    assert re.search(r'href="/themes/[\w-]+/css/', raw) and 'src="/assets/js/global.js' in raw


def test_seed_counter_labels_glue_to_numbers():
    root = root_of(article_path(CONTENT, SEED))
    items = [text_of(li).replace("\n", "") for li in css("ul.counter li")(root)]
    assert items == [
        "Đang truy cập48",
        "Máy chủ tìm kiếm3",
        "Khách viếng thăm45",
        "Hôm nay19,709",
        "Tháng hiện tại332,500",
        "Tổng lượt truy cập30,863,622",
    ]


def test_other_news_lists_newer_and_older_with_dates():
    root = root_of(article_path(CONTENT, SEED))
    box = css("div.other-news")(root)[0]
    heads = [norm(text_of(p)) for p in css("p.h3")(box)]
    assert heads == ["Những tin mới hơn", "Những tin cũ hơn"]
    same = CONTENT.in_section(SEED.section)
    idx = same.index(SEED)
    listed = [site_path(a.get("href")) for a in box.iter("a")]
    assert set(listed) <= ARTICLE_PATHS
    assert set(listed) == {article_path(CONTENT, a) for a in same[max(0, idx - 4) : idx + 5]} - {
        article_path(CONTENT, SEED)
    }
    for em in css("li > em:not(.fa)")(box):
        assert re.fullmatch(r"\(\d{2}/\d{2}/\d{4}\)", text_of(em))


# --- duplicates -----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["print", "savefile", "sendmail"])
def test_duplicates_exist_are_linked_and_excluded(kind: str):
    for a in CONTENT.articles:
        path = article_path(CONTENT, a)
        dup = f"/{kind}{path}"
        assert dup in PAGES
        assert f'href="{dup}"' in page(path)
        assert not any(p.search(dup) for p in FAMILY.patterns("article_url")), dup
        assert any(p.search(dup) for p in FAMILY.patterns("exclude_url")), dup
        if kind != "sendmail":
            dup_text = norm(lxml.html.document_fromstring(PAGES[dup].body).text_content())
            assert norm(a.paragraphs[-1]) in dup_text  # a full copy of the article
    savefile = PAGES[f"/savefile{article_path(CONTENT, SEED)}"]
    assert savefile.headers["Content-Disposition"].startswith("attachment;")


# --- URLs -----------------------------------------------------------------------------------
def test_article_url_accepts_articles_only():
    for path in PAGES:
        assert is_article(path) == (path in ARTICLE_PATHS), path
    for path in ARTICLE_PATHS:
        assert any(p.search(path) for p in FAMILY.patterns("article_url"))
    # NukeViet's other URL forms (lang/module prefixes, rewriting off)
    alias = f"{SEED.slug}-{SEED.id}"
    for path in (
        f"/vi/news/tin-hoat-dong/{alias}.html",
        f"/news/tin-hoat-dong/{alias}.html",
        f"/index.php?language=vi&nv=news&op=tin-hoat-dong/{alias}.html",
    ):
        assert is_article(path), path
    for path in (
        f"/news/print/tin-hoat-dong/{alias}.html",
        f"/vi/news/savefile/tin-hoat-dong/{alias}.html",
        f"/index.php?language=vi&nv=news&op=print/tin-hoat-dong/{alias}.html",
        "/tin-hoat-dong/page-2",
        "/tag/x%C3%A2y-d%E1%BB%B1ng",
        "/rss/tin-hoat-dong/",
    ):
        assert not is_article(path), path


def test_tag_links_are_percent_encoded_and_resolve():
    root = root_of(article_path(CONTENT, SEED if SEED.tags else CONTENT.articles[0]))
    hrefs = [a.get("href") for a in css('div.news_column div.h5 a[href*="/tag/"]')(root)]
    assert hrefs
    for href in hrefs:
        assert re.fullmatch(r"/tag/[A-Za-z0-9%-]+", href), href
        assert unquote(href) in PAGES


# --- listings -------------------------------------------------------------------------------
@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_link_each_article_once(section):
    expected = CONTENT.in_section(section.key)
    seen: Counter[str] = Counter()
    path: str | None = f"/{section.key}/"
    visited = []
    while path:
        visited.append(path)
        root = root_of(path)
        for entry in (e for sel in FAMILY.listing_item for e in css(sel)(root)):
            link = next(
                (
                    site_path(a.get("href"))
                    for a in entry.iter("a")
                    if is_article(site_path(a.get("href", "")))
                ),
                None,
            )
            if link is None:
                continue
            seen[link] += 1
            article = next(a for a in expected if article_path(CONTENT, a) == link)
            date_el = next(e for s in FAMILY.listing_date for e in css(s)(entry))
            assert norm(text_of(date_el)) == f"{pub(article):%d/%m/%Y %H:%M}:00"
            assert f"Đã xem: {article.extra['hits']}" in norm(text_of(entry))
        nxt = next(
            (e.get("href") for s in FAMILY.listing_next for e in css(s)(root) if e.get("href")),
            None,
        )
        path = site_path(nxt) if nxt else None
        assert len(visited) < 10
    pages = math.ceil(len(expected) / section.per_page)
    assert visited == [f"/{section.key}/"] + [
        f"/{section.key}/page-{n}" for n in range(2, pages + 1)
    ]
    assert seen == Counter({article_path(CONTENT, a): 1 for a in expected})


# --- feeds, sitemaps, robots ----------------------------------------------------------------
def _rss_items(path: str) -> dict[str, str]:
    doc = etree.fromstring(PAGES[path].body)
    assert doc.tag == "rss" and doc.get("version") == "2.0"
    atom = doc.find("channel/{http://www.w3.org/2005/Atom}link")
    assert atom is not None and atom.get("href") == url(path)
    return {item.findtext("link"): item.findtext("pubDate") for item in doc.iter("item")}


def test_rss_lists_every_article_with_nukeviet_pubdate_bug():
    items = _rss_items("/rss/")
    assert set(items) == {url(p) for p in ARTICLE_PATHS}
    for a in CONTENT.articles:
        g = pub(a) - timedelta(hours=7)
        day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][g.weekday()]
        mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        expected = f"{day}, {g.day} {mon[g.month - 1]} {g.year} {g:%H}:{g:%m}:00 GMT"
        assert items[url(article_path(CONTENT, a))] == expected
    assert items[url(article_path(CONTENT, SEED))] == "Thu, 28 Dec 2023 07:12:00 GMT"
    for sec in CONTENT.sections:
        per = _rss_items(f"/rss/{sec.key}/")
        assert set(per) == {url(article_path(CONTENT, a)) for a in CONTENT.in_section(sec.key)}
    assert FAMILY.feeds == ("/rss/",) and FAMILY.day_only_sources == ("rss",)


def test_sitemap_index_leads_to_every_article():
    robots = page("/robots.txt")
    assert "Disallow: /admin/" in robots and "Disallow: /includes/" in robots
    sitemap_lines = re.findall(r"^Sitemap: (\S+)$", robots, re.M)
    assert sitemap_lines == [url("/sitemap.xml")]
    found: set[str] = set()
    todo = [site_path(sitemap_lines[0])]
    while todo:
        doc = etree.fromstring(PAGES[todo.pop()].body)
        locs = [el.text for el in doc.iter("{*}loc")]
        if etree.QName(doc).localname == "sitemapindex":
            todo.extend(site_path(loc) for loc in locs)
        else:
            found.update(locs)
    assert found == {url(p) for p in ARTICLE_PATHS}
    assert "/sitemap-vi.xml" in PAGES and "/sitemap-vi.news.xml" in PAGES


def test_home_links_sections_and_family_is_detected():
    root = root_of("/")
    hrefs = {site_path(a.get("href")) for a in root.iter("a") if a.get("href")}
    for sec in CONTENT.sections:
        assert f"/{sec.key}/" in hrefs
    assert hrefs & ARTICLE_PATHS
    for path in ("/", article_path(CONTENT, SEED), "/tin-hoat-dong/page-2"):
        assert detect(PAGES[path].body, url(path)).family == "nukeviet4"
