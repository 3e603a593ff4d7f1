"""What only the WordPress + Newspaper 12 (tdb theme builder) replica does; the rest of its
checks run for every site in ``test_replica_sites.py``.

What tagDiv's builder and WordPress print (docs/evidence.md §2.2), written out here:
``tdi_NN`` block classes that change per page, a day-only date line completed by the
theme's JSON-LD minute, the WordPress user as author, feeds in UTC, ``/?p=`` shortlinks,
comment-reply copies (``?replytocom=``) and per-post comment feeds, ``/wp-sitemap.xml``.
"""

from __future__ import annotations

import json
import re

import pytest

from crawler.cms.engine import css, text_of
from replica.model import ReplicaArticle
from tests.replica.conftest import pub, replica_of

R = replica_of("wordpress_tdb")
FAMILY, CONTENT, PAGES = R.family, R.content, R.pages
CHROME = [
    "Bài trước",
    "Bài tiếp theo",
    "Bài viết liên quan",
    "TAGS",
    "Để lại một bình luận",
    "Email của bạn sẽ không được hiển thị công khai",
    "Trả lời",
    "Chia sẻ",
    "Bởi",
    "Tin mới",
    "Văn bản mới",
    "Bản quyền thuộc về",
    "Chịu trách nhiệm nội dung",
]


def check_content_shape():
    assert len(CONTENT.articles) >= 12
    assert len(CONTENT.sections) == 2
    assert all(isinstance(a.views, int) for a in CONTENT.articles)
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) <= 2021 and max(years) == 2025
    # the author is the WordPress account the builder shows, a person's display name
    users = CONTENT.settings["users"]
    assert all(a.author == users[a.extra["user"]] for a in CONTENT.articles)


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_day_only_date_line_completed_by_json_ld(article: ReplicaArticle):
    path = R.article_path(article)
    assert path == f"/{article.slug}/" and re.fullmatch(r"/[a-z0-9-]+/", path)
    ex, art = R.pipeline(article)
    assert ex.cms == "wordpress_tdb"
    dt = pub(article)
    assert ex.date_line == f"{dt:%d/%m/%Y}"  # the site's date_format, day only
    assert ("jsonld", f"{dt:%Y-%m-%dT%H:%M:%S}+07:00") in ex.meta_dates
    assert ex.meta_dates[1] == (
        "jsonld:dateModified",
        f"{article.updated or article.published}:00+07:00",
    )
    assert ex.author == article.author
    # the day-only date line is completed by the theme's JSON-LD minute
    assert art.date_source == "meta" and art.date_precision == "minute"
    for chrome in CHROME:
        assert chrome not in art.body, chrome
    if "read_more" in article.extra:  # the editor's inline "Đọc thêm: <link>" paragraph
        other = next(a for a in CONTENT.articles if a.id == article.extra["read_more"])
        assert f"Đọc thêm: {other.title}" in [b.text for b in ex.blocks]
        assert other.title not in art.body


def test_builder_markup_and_chrome():
    a = next(
        a for a in CONTENT.articles if a.extra.get("comments") and a.extra.get("byline_in_body")
    )
    path = R.article_path(a)
    raw = R.text(path)
    root = R.root(path)
    # tdb blocks: td_block_wrap tdb_<name> tdi_NN …; the numbers differ between pages
    content = css("div.td_block_wrap.tdb_single_content.td-post-content.tagdiv-type")(root)
    assert len(content) == 1
    tdi = [c for c in content[0].get("class").split() if c.startswith("tdi_")]
    other = R.root(R.article_path(CONTENT.articles[0]))
    other_tdi = [
        c
        for c in css("div.tdb_single_content")(other)[0].get("class").split()
        if c.startswith("tdi_")
    ]
    assert tdi and other_tdi and tdi != other_tdi
    assert not any("tdi_" in sel for sel in (*FAMILY.body, *FAMILY.title, *FAMILY.date_line))
    assert css("div.tdb_single_content > div.tdb-block-inner.td-fix-index")(root)
    assert '<meta name="generator" content="WordPress 6.7.1" />' in raw
    assert "/wp-content/plugins/td-cloud-library/" in raw and "/wp-json/" in raw
    visible = " ".join(root.text_content().split())
    for chrome in CHROME:
        assert chrome in visible, chrome
    body_text = " ".join(text_of(css(FAMILY.body[0])(root)[0]).split())
    for line in CONTENT.settings["footer_lines"]:
        assert line in visible and line not in body_text
    # the inline ad slot sits inside the content block (and is dropped by the family)
    ad = css("div.tdb_single_content div.td-a-rec img")(root)
    assert [img.get("alt") for img in ad] == ["Cổng dịch vụ công quốc gia"]
    nav = [text_of(d) for d in css("div.tdb_single_next_prev div.tdb-next-post")(root)]
    assert any(t.startswith("Bài trước") for t in nav) or any(
        t.startswith("Bài tiếp theo") for t in nav
    )


def check_json_ld_is_the_themes_article():
    a = CONTENT.articles[0]
    root = R.root(R.article_path(a))
    data = json.loads(root.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "Article" and data["headline"] == a.title
    assert data["datePublished"] == f"{a.published}:00+07:00"


@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_show_the_day(section):
    start = f"/category/{section.key}/"
    pages = [page.path for page in R.walk_listing(start)]
    n = len(CONTENT.in_section(section.key))
    assert pages == [start] + [f"{start}page/{k}/" for k in range(2, -(-n // section.per_page) + 1)]
    rows = CONTENT.in_section(section.key)
    assert R.listing_dates(start) == [(R.article_path(a), f"{pub(a):%d/%m/%Y}") for a in rows]
    assert "Trang 2 của" in text_of(css("div.page-nav")(R.root(pages[1]))[0])


def test_feeds_in_utc_and_the_core_sitemap():
    every = {R.url(p) for p in R.articles}
    newest = sorted(CONTENT.articles, key=lambda a: a.published or "", reverse=True)[:10]
    assert R.xml_links("/feed/") == [R.url(R.article_path(a)) for a in newest]
    in_feeds = set()
    for sec in CONTENT.sections:
        in_feeds |= set(R.xml_links(f"/category/{sec.key}/feed/"))
    assert in_feeds == every
    item = R.xml("/feed/").find(".//item")
    assert item.findtext("pubDate").endswith("+0000")  # WordPress feeds are in UTC
    assert pub(R.articles[R.local(item.findtext("link"))]).year >= 2021
    robots = R.text("/robots.txt")
    assert "Disallow: /wp-admin/" in robots
    sitemap = re.search(r"^Sitemap: (\S+)$", robots, re.M)
    assert sitemap and R.local(sitemap.group(1)) == "/wp-sitemap.xml" == FAMILY.sitemaps[0]
    posts = [s for s in R.xml_links("/wp-sitemap.xml") if "posts-post" in s]
    assert len(posts) == 1 and set(R.xml_links(R.local(posts[0]))) == every


def test_article_url_knows_wordpress_url_forms():
    for path in ("/2024/05/09/mot-bai-viet/", "/?p=123", "/mot-bai-viet"):
        assert R.is_article(path), path
    for path in (
        "/category/tin-tuc/page/2/",
        "/tag/dan-van-kheo/",
        "/author/quytv/",
        "/feed/",
        "/mot-bai/embed/",
        "/mot-bai/amp/",
        "/mot-bai/?replytocom=12",
        "/wp-sitemap-posts-post-1.xml",
    ):
        assert not R.is_article(path), path


def check_shortlinks_redirect_and_reply_links_copy_the_page():
    for a in CONTENT.articles:
        path = R.article_path(a)
        raw = R.text(path)
        assert R.url(f"{path}feed/") in raw
        short = f"/?p={a.id}"
        assert PAGES[short].status == 301 and PAGES[short].headers["Location"] == R.url(path)
        assert R.url(short) in raw
        for n in range(len(a.extra.get("comments", []))):
            reply = f"{path}?replytocom={a.id * 10 + n}"
            assert R.url(reply) in raw.replace("&amp;", "&")
            assert PAGES[reply].body == PAGES[path].body


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (
    check_content_shape,
    check_json_ld_is_the_themes_article,
    check_shortlinks_redirect_and_reply_links_copy_the_page,
)
