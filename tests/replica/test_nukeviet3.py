"""What only the NukeViet 3.4 replica (Tây Ninh party portal archive) does; the rest of its
checks run for every site in ``test_replica_sites.py``.

The 3.x formats (docs/evidence.md §2.1), written out here rather than taken from the
renderer: the date line ``l - d/m/Y  H:i`` with two spaces, ``/news/<Cat>/…/`` URLs,
listing pages by row offset (``page-3/``), the home image's note under the sapo, the RSS
``pubDate`` with the month where the minutes belong, the ``savefile`` attachment.
"""

from __future__ import annotations

import re

import pytest

from crawler.cms.engine import css, text_of
from crawler.text.dates import parse_date_line
from replica.model import ReplicaArticle
from tests.replica.conftest import pub, replica_of

R = replica_of("nukeviet3")
FAMILY, CONTENT, PAGES = R.family, R.content, R.pages
WEEKDAY_VI = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
CHROME = [
    "Tổng số điểm của bài viết là",
    "Click để đánh giá bài viết",
    "Những tin mới hơn",
    "Những tin cũ hơn",
    "Ý kiến bạn đọc",
    "Từ khóa",
    "Thăm dò ý kiến",
    "Thống kê truy cập",
    "Đang truy cập",
    "Tổng lượt truy cập",
    "Liên kết website",
    "Giấy phép số",
    "Ghi rõ nguồn",
    "Bản quyền thuộc về",
    "Tác giả:",
    "Nguồn tin:",
    "Powered by",
]


def date_line_3x(a: ReplicaArticle) -> str:
    """``nv_date('l - d/m/Y  H:i')``: two spaces before the time, in the markup."""
    dt = pub(a)
    return f"{WEEKDAY_VI[dt.weekday()]} - {dt:%d/%m/%Y}  {dt:%H:%M}"


def check_content_shape():
    assert len(CONTENT.articles) >= 12
    assert len(CONTENT.sections) == 2
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) == 2019 and max(years) >= 2022
    assert all(a.views is None for a in CONTENT.articles)  # 3.x detail pages show no hits
    assert any(a.lead for a in CONTENT.articles) and any(not a.lead for a in CONTENT.articles)
    assert any(a.captions for a in CONTENT.articles)


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_two_space_date_line_and_no_chrome_in_the_body(article: ReplicaArticle):
    path = R.article_path(article)
    assert re.fullmatch(rf"/news/{article.section}/[A-Za-z0-9-]+-{article.id}/", path)
    ex, art = R.pipeline(article)
    assert ex.cms == "nukeviet3"
    # 3.x: two spaces in the markup, folded by the reader
    assert date_line_3x(article) in R.text(path)
    assert ex.date_line == " ".join(date_line_3x(article).split())
    assert art.date_source == "page"
    for chrome in CHROME:
        assert chrome not in art.body, chrome


def test_date_line_parses_to_the_publication_minute():
    for a in CONTENT.articles:
        parsed = parse_date_line(date_line_3x(a))
        assert parsed.precision == "minute"
        assert parsed.value is not None and parsed.value.replace(tzinfo=None) == pub(a)


def check_page_chrome_is_there_but_outside_the_body():
    a = next(a for a in CONTENT.articles if a.extra.get("source"))
    path = R.article_path(a)
    root = R.root(path)
    visible = " ".join(root.text_content().split())
    body = css("div#news_detail div.bodytext")(root)
    assert len(body) == 1
    body_text = " ".join(text_of(body[0]).split())
    for chrome in [
        *CHROME,
        *CONTENT.settings["footer_lines"],
        CONTENT.settings["poll"]["question"],
    ]:
        if chrome in ("Tác giả:", "Nguồn tin:") and a.extra.get("byline_place") != "author_field":
            continue
        assert " ".join(chrome.split()) in visible, chrome
        assert chrome not in body_text, chrome
    raw = R.text(path)
    assert '<meta name="generator" content="NukeViet v3.4" />' in raw
    assert "var nv_siteroot = '/';" in raw and "nv_cookie_prefix = 'nv3c_" in raw
    assert 'src="/js/global.js"' in raw and "/assets/js/" not in raw
    assert css("div.news_column > div#news_detail > span.time")(root)
    assert css("div#idcomment form, div#idcomment div#formcomment")(root)
    related = css("ul.related li span.date")(root)
    assert related and all(re.fullmatch(r"\(\d{2}/\d{2}/\d{4}\)", text_of(s)) for s in related)


def check_home_image_caption_sits_under_the_sapo_not_in_the_body():
    for a in (a for a in CONTENT.articles if a.extra.get("homeimg")):
        root = R.root(R.article_path(a))
        hometext = css("div#news_detail > div#hometext")(root)[0]
        assert " ".join(text_of(hometext).split()) == (a.lead or "")
        note = css("div#news_detail > div#hometext + div p em")(root)
        assert [text_of(n) for n in note] == [a.captions[0]]


@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_go_by_row_offset(section):
    start = f"/news/{section.key}/"
    pages = [page.path for page in R.walk_listing(start)]
    n = len(CONTENT.in_section(section.key))
    per = section.per_page
    # 3.x pages by row offset: page 2 is page-3/, page 3 is page-6/ …
    assert pages == [start] + [f"{start}page-{k * per}/" for k in range(1, -(-n // per))]
    pager = text_of(css("div.generate_page")(R.root(pages[1]))[0])
    assert "Trang trước" in pager and "Trang sau" in pager


def test_feeds_and_sitemap_with_the_pubdate_bug():
    every = {R.url(p) for p in R.articles}
    assert set(R.xml_links("/news/rss/")) == every
    for sec in CONTENT.sections:
        got = set(R.xml_links(f"/news/rss/{sec.key}/"))
        assert got == {R.url(R.article_path(a)) for a in CONTENT.in_section(sec.key)}
    sitemap = re.search(r"^Sitemap: (\S+)$", R.text("/robots.txt"), re.M)
    assert sitemap and R.local(sitemap.group(1)) in FAMILY.sitemaps
    index = R.xml_links("/Sitemap.xml")
    assert set(R.xml_links(R.local(index[0]))) == every
    # the RSS pubDate carries the minutes-are-the-month pattern: only its day is trusted
    assert "rss" in FAMILY.day_only_sources
    item = R.xml("/news/rss/").find(".//item")
    a = R.articles[R.local(item.findtext("link"))]
    assert re.search(rf"\d\d:{pub(a).month:02d}:\d\d GMT$", item.findtext("pubDate"))


def test_article_url_knows_3x_url_forms():
    for path in (
        "/vi/news/Tin-tuc/Mot-bai-viet-12/",
        "/index.php?language=vi&nv=news&op=Tin-tuc/Bai-12",
    ):
        assert R.is_article(path), path
    for path in ("/news/Tin-tuc/page-20/", "/news/rss/Tin-tuc/", "/news/tag/bao-cao-vien/"):
        assert not R.is_article(path), path


def check_savefile_is_an_attachment():
    for a in CONTENT.articles:
        savefile = PAGES[f"/news/savefile/{a.section}/{a.slug}-{a.id}/"]
        assert savefile.headers["Content-Disposition"].startswith("attachment")


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (
    check_content_shape,
    check_page_chrome_is_there_but_outside_the_body,
    check_home_image_caption_sits_under_the_sapo_not_in_the_body,
    check_savefile_is_an_attachment,
)
