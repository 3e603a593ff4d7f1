"""What only the tuyengiao.vn replica does; the rest of its checks run for every site in
``test_replica_sites.py``.

The date is the ``span.story_date`` "Thứ Năm, 8/6/2023 14:46'(GMT+7)", never the masthead's
today ("Thứ Sáu, 19/7/2024") that every page prints; the last ``<p>`` of ``#ArticleContent``
is the author; feeds give ``pubDate`` in GMT, newest first.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest

from crawler.cms.engine import css, text_of
from crawler.store.present import published_local
from replica.model import ReplicaArticle
from tests.replica.conftest import norm, pub, replica_of

R = replica_of("tuyengiao_vn")
FAMILY, CONTENT, PAGES, RENDERER = R.family, R.content, R.pages, R.module
TODAY = "Thứ Sáu, 19/7/2024"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def story_date(iso: str | None) -> str:
    dt = datetime.fromisoformat(iso or "")
    return f"{WEEKDAYS[dt.weekday()]}, {dt.day}/{dt.month}/{dt.year} {dt:%H:%M}'(GMT+7)"


def check_content_shape():
    assert len(CONTENT.articles) >= 16 and len(CONTENT.sections) == 2
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8
    assert all(a.published and "T" in a.published and a.lead for a in CONTENT.articles)
    # Every story predates the masthead's "today", which must never be taken as a date.
    assert max(a.published or "" for a in CONTENT.articles) < "2024-07-19"
    assert CONTENT.settings["today"] == TODAY
    assert story_date("2023-06-08T14:46") == "Thứ Năm, 8/6/2023 14:46'(GMT+7)"


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_story_date_author_and_chrome(article: ReplicaArticle):
    ex, art = R.pipeline(article)
    assert art.date_source == "page" and art.date_precision == "minute"
    assert ex.date_line == story_date(article.published)
    assert ex.lead == article.lead
    texts = [norm(b.text) for b in ex.blocks]
    # The last <p> of #ArticleContent is the author, as printed.
    if article.byline or article.author:
        assert texts[-1] == article.byline or texts[-1] == article.author
    root = R.root(R.article_path(article))
    page_text = norm(text_of(root))
    body_el = R.body_element(root)
    assert body_el.get("id") == "ArticleContent" and "story_body" in body_el.get("class")
    body_text = norm(text_of(body_el))
    for chrome in CONTENT.settings["chrome"]:
        if chrome == "Từ khóa:" and not article.tags:
            continue
        assert chrome in page_text, chrome
        assert chrome not in body_text, chrome
    # The masthead's today comes before the story's own date on every story page.
    assert page_text.index(TODAY) < page_text.index(ex.date_line)


def test_masthead_date_is_on_every_page_but_never_a_publication_date():
    for path, page in PAGES.items():
        if "html" in page.content_type and not path.startswith("/Utilities/"):
            assert TODAY in page.body.decode(), path
    for a in CONTENT.articles:
        _ex, art = R.pipeline(a)
        assert published_local(art.published_at, art.date_precision) != "2024-07-19"
        assert "19/7/2024" not in (art.published_raw or "")


def test_listings_show_the_short_date():
    assert [s.path for s in R.site.sections] == [
        RENDERER.listing_path(s, 1) for s in CONTENT.sections
    ]
    for entry in R.site.sections:
        for page in R.walk_listing(entry.path):
            assert css("div.zonepage-l h4 a")(page.root)
            assert css("div.datapager span.active")(page.root)
    assert R.shown_dates() == {R.article_path(a): f"({pub(a):%d/%m/%Y})" for a in CONTENT.articles}


def test_feeds_newest_first_in_gmt():
    robots = R.text("/robots.txt")
    assert f"Sitemap: {R.url('/sitemap.xml')}" in robots and "Disallow: /Utilities/" in robots
    home = R.xml(FAMILY.feeds[0])
    items = list(home.iter("item"))
    assert [i.findtext("link") for i in items] == [
        R.url(R.article_path(a))
        for a in sorted(CONTENT.articles, key=lambda a: (a.published, a.id), reverse=True)
    ]
    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    by_link = {R.url(p): a for p, a in R.articles.items()}
    for item in items:
        when = parsedate_to_datetime(item.findtext("pubDate") or "").astimezone(hcm)
        assert when.strftime("%Y-%m-%dT%H:%M") == by_link[item.findtext("link") or ""].published
    for sec in CONTENT.sections:
        assert R.xml_links(f"/rss/{sec.key}.rss") == [
            R.url(R.article_path(a)) for a in CONTENT.in_section(sec.key)
        ]


def test_article_url_knows_the_site_shapes():
    assert R.is_article("/tuyen-truyen-ve-chu-quyen-bien-dao-149483")
    for path in (
        "/thoi-su",
        "/thoi-su?page=2",
        "/nhip-cau-tuyen-giao",
        "/the-gioi",
        "/rss/home.rss",
        "/Utilities/PrintView.aspx?distributionid=149483",
        "/ky-niem-75-nam-2020",
    ):
        assert not R.is_article(path), path


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (check_content_shape,)
