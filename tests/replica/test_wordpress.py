"""What only the WordPress + tagDiv Newspaper replica (chodon, seed 002) does; the rest of
its checks run for every site in ``test_replica_sites.py``.

This theme shows no date anywhere, so nothing on the site may yield one; the author is
hidden (bylines are body paragraphs); posts have ``/embed/`` copies announced by oEmbed and
``/?p=<id>`` shortlinks that redirect to the permalink (docs/evidence.md §2.2).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter

import pytest

from crawler.cms.engine import css, extract, text_of
from replica.model import ReplicaArticle
from tests.replica.conftest import norm, replica_of

R = replica_of("wordpress")
FAMILY, CONTENT, PAGES = R.family, R.content, R.pages
SEED = R.article(seed="002")
SEED_PATH = R.article_path(SEED)


def check_content_shape():
    assert [s.key for s in CONTENT.sections] == ["tin-tuc", "xay-dung-dang"]
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8
    assert all(a.published is None and a.updated is None for a in CONTENT.articles)


# --- article pages ------------------------------------------------------------------------
@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_has_no_date_no_author_and_a_body_byline(article: ReplicaArticle):
    path = R.article_path(article)
    assert re.fullmatch(r"/[a-z0-9-]+/", path)
    ex = extract(PAGES[path].body, R.url(path), FAMILY)
    assert ex.date_line is None
    assert ex.meta_dates == []
    assert ex.updated_raw is None
    assert ex.author is None  # the theme hides the author; bylines are body paragraphs
    assert ex.canonical_url == R.url(path)
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


def check_seed_page_chrome():
    raw = html.unescape(R.text(SEED_PATH))
    root = R.root(SEED_PATH)
    assert len(css("div.td-post-content")(root)) == 1
    visible = norm(root.text_content())
    for text in (
        "Trả lời",
        "Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *",
        "BÀI LIÊN QUAN",
    ):
        assert text in visible, text
    assert 'content="WordPress 6.4' in raw and "/wp-content/themes/Newspaper/" in raw
    # the caption sits mid-body with the seed's leading space
    assert "> Xã Nghĩa Tá tổ chức thành công Đại hội Đảng bộ xã" in R.text(SEED_PATH)


def check_seed_prev_next_are_real_articles_glued_to_their_labels():
    root = R.root(SEED_PATH)
    prev = css(".td-post-next-prev .td-post-prev-post")(root)[0]
    nxt = css(".td-post-next-prev .td-post-next-post")(root)[0]
    by_title = {a.title: a for a in CONTENT.articles}
    prev_title = "Huyện ủy Chợ Đồn tổ chức Hội nghị cán bộ chủ chốt thực hiện quy trình nhân sự"
    next_title = "Chợ Đồn tăng cường phòng chống dịch bệnh COVID-19"
    assert prev.text_content() == "Bài trước" + prev_title
    assert nxt.text_content() == "Bài tiếp theo" + next_title
    assert R.local(prev.find(".//a").get("href")) == R.article_path(by_title[prev_title])
    assert R.local(nxt.find(".//a").get("href")) == R.article_path(by_title[next_title])


def test_no_date_anywhere_on_the_site():
    for path in R.html_paths():
        text = R.text(path)
        for marker in ("<time", "datePublished", "dateModified", "article:published_time"):
            assert marker not in text, (path, marker)
        assert "td-post-date" not in text, path
        root = R.root(path)
        for entry in (e for sel in FAMILY.listing_item for e in css(sel)(root)):
            assert not any(css(s)(entry) for s in FAMILY.listing_date), path
    for path in ("/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml"):
        assert b"lastmod" not in PAGES[path].body
    assert "/feed/" not in PAGES  # feeds are disabled on this site


# --- embeds, shortlinks, URLs ----------------------------------------------------------------
def test_embed_views_are_announced_by_oembed_and_point_back():
    for a in CONTENT.articles:
        path = R.article_path(a)
        embed = f"{path}embed/"
        assert not any(p.search(embed) for p in FAMILY.patterns("article_url"))
        oembed = R.root(path).xpath("//link[@type='application/json+oembed']/@href")
        assert len(oembed) == 1
        data = json.loads(PAGES[R.local(oembed[0])].body)
        assert R.url(embed) in data["html"]
        embed_root = R.root(embed)
        assert embed_root.xpath("//link[@rel='canonical']/@href") == [R.url(path)]
        assert a.title in embed_root.text_content()


def test_shortlinks_redirect_to_the_permalink_and_count_as_articles():
    for a in CONTENT.articles:
        path = R.article_path(a)
        assert f"<link rel='shortlink' href='{R.url(f'/?p={a.id}')}' />" in R.text(path)
        short = PAGES[f"/?p={a.id}"]
        assert short.status == 301 and short.headers["Location"] == R.url(path)
        assert R.is_article(f"/?p={a.id}")


def test_article_url_knows_wordpress_url_forms():
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
        assert R.is_article(path) == (path == "/2023/09/21/some-post/"), path


# --- listings, sitemaps -------------------------------------------------------------------
@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_in_id_order(section):
    """``/category/<cat>/page/N/``; the spider's reading of the listing finds each post
    once; with no dates shown, newest first means highest id first."""
    start = f"/category/{section.key}/"
    walked = R.walk_listing(start)
    expected = CONTENT.in_section(section.key)
    pages = -(-len(expected) // section.per_page)
    later = [f"{start}page/{n}/" for n in range(2, pages + 1)]
    assert [p.path for p in walked] == [start, *later]
    seen = Counter(link for page in walked for link, _ in page.entries)
    assert seen == Counter({R.article_path(a): 1 for a in expected})
    titles = [text_of(a) for a in css(".td_module_10 h3.entry-title a")(walked[0].root)]
    assert titles == [a.title for a in sorted(expected, key=lambda a: -a.id)[: section.per_page]]


def check_core_sitemap_lists_every_post_in_id_order():
    robots = R.text("/robots.txt")
    assert robots.startswith("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php")
    assert re.findall(r"^Sitemap: (\S+)$", robots, re.M) == [R.url("/wp-sitemap.xml")]
    assert R.documents("sitemapindex") == ["/wp-sitemap.xml"]
    locs = R.xml_links("/wp-sitemap.xml")
    assert R.url("/wp-sitemap-posts-post-1.xml") in locs
    for loc in locs:
        assert R.local(loc) in PAGES
    listed = R.xml_links("/wp-sitemap-posts-post-1.xml")
    assert listed == [
        R.url(R.article_path(a)) for a in sorted(CONTENT.articles, key=lambda a: a.id)
    ]


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (
    check_content_shape,
    check_seed_page_chrome,
    check_seed_prev_next_are_real_articles_glued_to_their_labels,
    check_core_sitemap_lists_every_post_in_id_order,
)
