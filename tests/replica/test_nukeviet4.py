"""What only the NukeViet 4.5 replica (tuyengiaokontum, seed 004) does; the rest of its
checks run for every site in ``test_replica_sites.py``.

NukeViet's traps (docs/evidence.md §2.1): the edit time in both schema.org spans, the
``og``/``article`` metas printed with PHP's ``T`` bug ("2023-12-28ICT14:55:00"), the RSS
``pubDate`` with the month where the minutes belong, print/savefile/sendmail copies,
listing dates with seconds and the hit counter, percent-encoded tag links. Expectations
are written out here from NukeViet's documented formats, not taken from the renderer.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import datetime, timedelta
from urllib.parse import unquote

import pytest
from lxml import etree

from crawler.cms.engine import css, extract, text_of
from replica.model import ReplicaArticle
from tests.replica.conftest import norm, pub, replica_of

R = replica_of("nukeviet4")
FAMILY, CONTENT, PAGES = R.family, R.content, R.pages
SEED = R.article(seed="004")
SEED_PATH = R.article_path(SEED)
# includes/language/vi/global.php, Monday first
WEEKDAY_VI = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def check_content_shape():
    assert [s.key for s in CONTENT.sections] == ["tin-hoat-dong", "tuyen-truyen"]
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) == 2019 and max(years) == 2025
    assert SEED.gold()["lead"] is None  # the hometext only repeats the title


# --- article pages ------------------------------------------------------------------------
@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_dates_lead_and_byline(article: ReplicaArticle):
    path = R.article_path(article)
    assert re.fullmatch(rf"/{article.section}/[A-Za-z0-9-]+-{article.id}\.html", path)
    ex = extract(PAGES[path].body, R.url(path), FAMILY)
    dt = pub(article)
    assert ex.date_line == f"{WEEKDAY_VI[dt.weekday()]} - {dt:%d/%m/%Y %H:%M}"
    assert (ex.lead or None) == (article.lead or None)
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


def check_seed_page_chrome():
    raw = html.unescape(R.text(SEED_PATH))
    root = R.root(SEED_PATH)
    body = css("#news-bodyhtml")(root)
    assert len(body) == 1
    # the home image and its caption sit above the body, not in it
    assert "Quang cảnh Hội nghị" not in html.unescape(etree.tostring(body[0], encoding="unicode"))
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


def check_seed_counter_labels_glue_to_numbers():
    items = [text_of(li).replace("\n", "") for li in css("ul.counter li")(R.root(SEED_PATH))]
    assert items == [
        "Đang truy cập48",
        "Máy chủ tìm kiếm3",
        "Khách viếng thăm45",
        "Hôm nay19,709",
        "Tháng hiện tại332,500",
        "Tổng lượt truy cập30,863,622",
    ]


def check_other_news_lists_newer_and_older_with_dates():
    box = css("div.other-news")(R.root(SEED_PATH))[0]
    heads = [norm(text_of(p)) for p in css("p.h3")(box)]
    assert heads == ["Những tin mới hơn", "Những tin cũ hơn"]
    same = CONTENT.in_section(SEED.section)
    idx = same.index(SEED)
    listed = [R.local(a.get("href")) for a in box.iter("a")]
    assert set(listed) <= set(R.articles)
    assert set(listed) == {R.article_path(a) for a in same[max(0, idx - 4) : idx + 5]} - {SEED_PATH}
    for em in css("li > em:not(.fa)")(box):
        assert re.fullmatch(r"\(\d{2}/\d{2}/\d{4}\)", text_of(em))


# --- duplicates, URLs -----------------------------------------------------------------------
def test_duplicates_are_refused_by_article_url_itself():
    """NukeViet's ``article_url`` alone already refuses the copies (``exclude_url`` too)."""
    for a in CONTENT.articles:
        path = R.article_path(a)
        for kind in ("print", "savefile", "sendmail"):
            dup = f"/{kind}{path}"
            assert f'href="{dup}"' in R.text(path)
            assert not any(p.search(dup) for p in FAMILY.patterns("article_url")), dup
    savefile = PAGES[f"/savefile{SEED_PATH}"]
    assert savefile.headers["Content-Disposition"].startswith("attachment;")


def test_article_url_knows_nukeviets_other_url_forms():
    alias = f"{SEED.slug}-{SEED.id}"
    for path in (
        f"/vi/news/tin-hoat-dong/{alias}.html",
        f"/news/tin-hoat-dong/{alias}.html",
        f"/index.php?language=vi&nv=news&op=tin-hoat-dong/{alias}.html",
    ):
        assert R.is_article(path), path
    for path in (
        f"/news/print/tin-hoat-dong/{alias}.html",
        f"/vi/news/savefile/tin-hoat-dong/{alias}.html",
        f"/index.php?language=vi&nv=news&op=print/tin-hoat-dong/{alias}.html",
        "/tin-hoat-dong/page-2",
        "/tag/x%C3%A2y-d%E1%BB%B1ng",
        "/rss/tin-hoat-dong/",
    ):
        assert not R.is_article(path), path


def check_tag_links_are_percent_encoded_and_resolve():
    root = R.root(R.article_path(SEED if SEED.tags else CONTENT.articles[0]))
    hrefs = [a.get("href") for a in css('div.news_column div.h5 a[href*="/tag/"]')(root)]
    assert hrefs
    for href in hrefs:
        assert re.fullmatch(r"/tag/[A-Za-z0-9%-]+", href), href
        assert unquote(href) in PAGES


# --- listings -------------------------------------------------------------------------------
@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_show_time_and_hits(section):
    """``/<cat>/page-N``; the spider's reading of the listing finds each article once, with
    its ``d/m/Y H:i:s`` time and its hit count."""
    start = f"/{section.key}/"
    walked = R.walk_listing(start)
    pages = -(-len(CONTENT.in_section(section.key)) // section.per_page)
    assert [p.path for p in walked] == [start] + [f"{start}page-{n}" for n in range(2, pages + 1)]
    seen = Counter(link for page in walked for link, _ in page.entries)
    assert seen == Counter({R.article_path(a): 1 for a in CONTENT.in_section(section.key)})
    by_path = {R.article_path(a): a for a in CONTENT.articles}
    for page in walked:
        for path, link in page.entries:
            article = by_path[path]
            assert link.date == f"{pub(article):%d/%m/%Y %H:%M}:00"
            assert f"Đã xem: {article.extra['hits']}" in norm(text_of(link.entry))


# --- feeds, sitemaps, robots ----------------------------------------------------------------
def _rss_items(path: str) -> dict[str, str]:
    doc = R.xml(path)
    assert doc.tag == "rss" and doc.get("version") == "2.0"
    atom = doc.find("channel/{http://www.w3.org/2005/Atom}link")
    assert atom is not None and atom.get("href") == R.url(path)
    return {item.findtext("link"): item.findtext("pubDate") for item in doc.iter("item")}


def test_rss_lists_every_article_with_nukeviet_pubdate_bug():
    items = _rss_items("/rss/")
    assert set(items) == {R.url(p) for p in R.articles}
    for a in CONTENT.articles:
        g = pub(a) - timedelta(hours=7)
        day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][g.weekday()]
        mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        expected = f"{day}, {g.day} {mon[g.month - 1]} {g.year} {g:%H}:{g:%m}:00 GMT"
        assert items[R.url(R.article_path(a))] == expected
    assert items[R.url(SEED_PATH)] == "Thu, 28 Dec 2023 07:12:00 GMT"
    for sec in CONTENT.sections:
        per = _rss_items(f"/rss/{sec.key}/")
        assert set(per) == {R.url(R.article_path(a)) for a in CONTENT.in_section(sec.key)}
    assert FAMILY.feeds == ("/rss/",) and FAMILY.day_only_sources == ("rss",)


def check_robots_and_sitemap_index():
    robots = R.text("/robots.txt")
    assert "Disallow: /admin/" in robots and "Disallow: /includes/" in robots
    assert re.findall(r"^Sitemap: (\S+)$", robots, re.M) == [R.url("/sitemap.xml")]
    assert "/sitemap-vi.xml" in PAGES and "/sitemap-vi.news.xml" in PAGES


def check_home_links_sections_and_articles():
    hrefs = {R.local(a.get("href")) for a in R.root("/").iter("a") if a.get("href")}
    for sec in CONTENT.sections:
        assert f"/{sec.key}/" in hrefs
    assert hrefs & set(R.articles)


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (
    check_content_shape,
    check_seed_page_chrome,
    check_seed_counter_labels_glue_to_numbers,
    check_other_news_lists_newer_and_older_with_dates,
    check_tag_links_are_percent_encoded_and_resolve,
    check_robots_and_sitemap_index,
    check_home_links_sections_and_articles,
)
