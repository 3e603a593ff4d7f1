"""What only the Đảng ủy Khối DNN replica (seed 001) does; the rest of its checks run for
every site in ``test_replica_sites.py``.

DNN's news module prints the date line "dd/MM/yyyy | views" [S 001] and the day alone in
listings; "Các bài viết khác" repeats the seed's own titles with relative dates ("7 ngày
trước") computed on a fixed render day; the byline is pushed right with ``&nbsp;``; HTML
modules carry ``.Normal`` too; the RSS ``pubDate`` is local midnight labelled GMT.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from crawler.cms.engine import css, extract, text_of
from replica.model import ReplicaArticle
from tests.conftest import SEEDS
from tests.replica.conftest import norm, pub, replica_of

R = replica_of("dnn")
FAMILY, CONTENT, PAGES, RENDERER = R.family, R.content, R.pages, R.module
SEED = R.article(seed="001")
SEED_PATH = R.article_path(SEED)


def seed_file(suffix: str) -> Path:
    return next(SEEDS.glob(f"001_*{suffix}"))


def check_content_shape():
    assert len(CONTENT.articles) >= 16
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8
    # The module prints the day only, and a view count for every article.
    assert all(a.published and "T" not in a.published and a.views for a in CONTENT.articles)


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_date_line_views_and_byline(article: ReplicaArticle):
    path = R.article_path(article)
    ex = extract(PAGES[path].body, R.url(path), FAMILY)
    assert ex.date_line == f"{pub(article):%d/%m/%Y} | {article.views}"
    assert ex.views_text == str(article.views)
    assert ex.lead == article.lead
    assert ex.meta_dates == []
    texts = [norm(b.text) for b in ex.blocks]
    joined = "\n".join(texts)
    for chrome in ("Các bài viết khác", "ngày trước", "tháng trước", "In bài viết", "•"):
        assert chrome not in joined
    lines = [article.byline or article.author, *article.extra.get("byline_lines", [])]
    assert texts[-len(lines) :] == lines


def test_seed_other_articles_and_byline_as_on_the_site():
    page = R.text(SEED_PATH)
    root = R.root(SEED_PATH)
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
    ex = extract(page, R.url(SEED_PATH), FAMILY)
    assert [b.text for b in ex.blocks[-2:]] == ["Nguyễn Văn Sơn", "Ban Tuyên giáo Đảng ủy Khối"]
    assert "&nbsp;" * 18 + " <em>Ban Tuyên giáo Đảng ủy Khối" in page


def check_render_date_is_fixed_and_shown_as_today():
    assert RENDERER.relative_vi("2020-07-29", date(2020, 8, 5)) == "7 ngày trước"
    assert "Thứ Tư, 05/08/2020" in R.text("/")  # the skin's current-date token, from settings


def check_dnn_markup():
    page = R.text(SEED_PATH)
    root = R.root(SEED_PATH)
    assert "<!-- Start_Module_477 -->" in page
    module = css("div#dnn_ctr477_ModuleContent")(root)[0]
    assert module.get("class") == "DNNModuleContent ModDnnForgeNewsArticlesC"
    assert css("#dnn_ContentPane #dnn_ctr477_ModuleContent")(root)
    # HTML modules carry .Normal too: the family must not take them.
    normals = css("div.Normal")(root)
    assert normals and all("ModDNNHTMLC" in n.getparent().get("class") for n in normals)
    assert 'name="__VIEWSTATE"' in page and "/Portals/0/" in page and "/DesktopModules/" in page


def test_listings_show_the_day():
    assert [s.path for s in R.site.sections] == [
        RENDERER.listing_path(CONTENT, s.key) for s in CONTENT.sections
    ]
    assert R.shown_dates() == {R.article_path(a): f"{pub(a):%d/%m/%Y}" for a in CONTENT.articles}


def test_both_sitemap_spellings_and_feeds_with_midnight_gmt():
    every = {R.url(p) for p in R.articles}
    for name in ("/SiteMap.aspx", "/sitemap.aspx"):
        assert every <= set(R.xml_links(name))
    for sec in CONTENT.sections:
        feed = RENDERER.rss_path(CONTENT, sec.key)
        assert R.xml_links(feed) == [R.url(R.article_path(a)) for a in CONTENT.in_section(sec.key)]
        # .NET "r" format: local midnight labelled GMT; only the day is true.
        assert all(e.text.endswith("00:00:00 GMT") for e in R.xml(feed).iter("pubDate"))
    assert "rss" in FAMILY.day_only_sources


def test_login_page_and_other_article_url_forms():
    login = RENDERER.login_path(CONTENT)
    assert login in PAGES and not R.is_article(login)
    assert R.is_article("/Default.aspx?tabid=61&articleType=ArticleView&articleId=2961")
    assert not R.is_article("/tin-tuc/tabid/61/articleType/CategoryView/categoryId/3/default.aspx")


def check_robots():
    robots = R.text("/robots.txt")
    assert f"Sitemap: {R.url('/SiteMap.aspx')}" in robots
    assert "Disallow: /*/ctl/" in robots


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (
    check_content_shape,
    check_render_date_is_fixed_and_shown_as_today,
    check_dnn_markup,
    check_robots,
)
