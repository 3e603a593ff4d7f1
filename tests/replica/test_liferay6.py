"""What only the Kon Tum Liferay 6 replica (seed 000) does; the rest of its checks run for
every site in ``test_replica_sites.py``.

The portal prints "06/01/2021 06:01" as the date line and the day alone in listings; the
byline and the photo note are the body's last paragraphs (as in the seed); paging and print
views are portlet render URLs (``p_p_id=101_INSTANCE_…``); each article has a language
switch (``/c/portal/update_language``) that renders the page again.
"""

from __future__ import annotations

import pytest

from crawler.cms.engine import css, extract, text_of
from replica.model import ReplicaArticle
from tests.conftest import seed_gold
from tests.replica.conftest import norm, pub, replica_of

R = replica_of("liferay6")
FAMILY, CONTENT, PAGES, RENDERER = R.family, R.content, R.pages, R.module
SEED = R.article(seed="000")
SEED_PATH = R.article_path(SEED)


def check_content_shape():
    assert len(CONTENT.articles) >= 16
    for sec in CONTENT.sections:
        assert len(CONTENT.in_section(sec.key)) >= 8
    years = {a.published[:4] for a in CONTENT.articles if a.published}
    assert {"2019", "2025"} <= years


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_article_date_line_lead_and_byline(article: ReplicaArticle):
    path = R.article_path(article)
    ex = extract(PAGES[path].body, R.url(path), FAMILY)
    assert ex.date_line == f"{pub(article):%d/%m/%Y %H:%M}"
    assert ex.lead == article.lead
    # Nothing of the date line, the other-news block or the widgets reaches the body.
    texts = [norm(b.text) for b in ex.blocks]
    joined = "\n".join(texts)
    assert ex.date_line not in joined
    assert "Chuyên mục khác" not in joined and "Đánh giá trung bình" not in joined
    # The byline is the last block.
    byline = article.byline or article.author
    if byline:
        lines = [byline, *article.extra.get("byline_lines", [])]
        assert texts[-len(lines) :] == lines


def test_seed_byline_and_photo_note_sit_in_the_body_as_on_the_site():
    gold = seed_gold()["000"]
    root = R.root(SEED_PATH)
    # The byline and caption are inside the body container (the cleaner takes them out).
    assert norm(text_of(R.body_element(root))).endswith("Lê Văn Châu")
    assert "06/01/2021 06:01" in norm(text_of(root))
    ex = extract(R.text(SEED_PATH), R.url(SEED_PATH), FAMILY)
    assert ex.blocks[-1].text == "Lê Văn Châu" and ex.blocks[-1].align == "right"
    caption = next(b for b in ex.blocks if "Ảnh: Mai Trâm" in b.text)
    assert caption.after_image and caption.text == gold["captions"][0]


def check_portal_chrome():
    page = R.text(SEED_PATH)
    root = R.root(SEED_PATH)
    titles = [norm(text_of(e)) for e in css("span.portlet-title-text")(root)]
    assert titles[0] == "Xây dựng Đảng" and "null" in titles
    assert "Thống kê truy cập" in titles
    text = norm(text_of(root))
    assert "Trực tuyến : 5814" in text and "Đã truy cập : 43584994" in text
    assert "Đăng nhập" in text
    assert "/html/themes/" in page and "/combo?" in page
    instance = CONTENT.settings["instances"]["xay-dung-dang"]
    assert css(f"section.portlet#portlet_101_INSTANCE_{instance}")(root)


def test_listings_show_the_day_and_page_by_render_urls():
    assert [s.path for s in R.site.sections] == [
        RENDERER.listing_path(CONTENT, s.key, 1) for s in CONTENT.sections
    ]
    assert R.shown_dates() == {R.article_path(a): f"{pub(a):%d/%m/%Y}" for a in CONTENT.articles}
    sec = CONTENT.sections[0]
    iid = CONTENT.settings["instances"][sec.key]
    page2 = RENDERER.listing_path(CONTENT, sec.key, 2)
    assert f"p_p_id=101_INSTANCE_{iid}" in page2 and f"_101_INSTANCE_{iid}_cur=2" in page2
    assert page2 in PAGES and not R.is_article(page2)
    assert any(
        f"_101_INSTANCE_{iid}_cur=2" in h
        for h in R.hrefs(RENDERER.listing_path(CONTENT, sec.key, 1))
    )


def check_section_feeds_list_their_articles_in_gmt():
    for sec in CONTENT.sections:
        feed = RENDERER.rss_path(CONTENT, sec.key)
        assert R.xml_links(feed) == [R.url(R.article_path(a)) for a in CONTENT.in_section(sec.key)]
        assert all(e.text.endswith("GMT") for e in R.xml(feed).iter("pubDate"))
    assert f"Sitemap: {R.url('/sitemap.xml')}" in R.text("/robots.txt")


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (
    check_content_shape,
    check_portal_chrome,
    check_section_feeds_list_their_articles_in_gmt,
)
