"""What only the Joomla + K2 replica (a theory journal, lyluanchinhtri.vn style) does; the rest
of its checks run for every site in ``test_replica_sites.py``.

The shapes in docs/evidence.md §2.6, written out here: ``/index.php/<menu>/item/<id>-<slug>
.html``, "Thứ hai, 11 Tháng 12 2023 16:03", "4664 Lượt xem", "Lần cập nhật cuối …",
breadcrumbs "Trang chủ    <cat>    <title>", ``?start=N`` paging, feeds in UTC, one
``/component/mailto/`` link per article.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from crawler.cms.engine import css, text_of
from replica.model import ReplicaArticle
from tests.replica.conftest import pub, replica_of

R = replica_of("joomla_k2")
FAMILY, CONTENT, PAGES = R.family, R.content, R.pages
WEEKDAY_VI = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
CHROME = [
    "Lượt xem",
    "Cỡ chữ",
    "Đăng trong",
    "Thêm trong mục này",
    "trở về đầu trang",
    "Bài đọc nhiều",
    "Lưu trữ",
    "Số mới phát hành",
    "Thống kê truy cập",
    "Tổng Biên tập",
    "Giấy phép",
    "Bản quyền thuộc về",
    "Trang chủ",
]


def k2_date(dt: datetime) -> str:
    return f"{WEEKDAY_VI[dt.weekday()]}, {dt:%d} Tháng {dt.month} {dt:%Y %H:%M}"


def check_content_shape():
    assert len(CONTENT.articles) >= 12
    assert all(isinstance(a.views, int) for a in CONTENT.articles)
    assert all(a.lead and a.lead.startswith("(LLCT) - ") for a in CONTENT.articles)
    years = {pub(a).year for a in CONTENT.articles}
    assert min(years) == 2019 and max(years) == 2025


@pytest.mark.parametrize("article", CONTENT.articles, ids=lambda a: str(a.id))
def test_k2_date_views_and_last_update(article: ReplicaArticle):
    path = R.article_path(article)
    assert re.fullmatch(rf"/index\.php/{article.section}/item/{article.id}-[a-z0-9-]+\.html", path)
    ex, art = R.pipeline(article)
    assert ex.cms == "joomla_k2"
    assert ex.date_line == k2_date(pub(article))
    assert ex.views_text == f"{article.views} Lượt xem"
    if article.updated:
        assert (
            ex.updated_raw
            == f"Lần cập nhật cuối {k2_date(datetime.fromisoformat(article.updated))}"
        )
    assert art.date_source == "page"
    for chrome in CHROME:
        assert chrome not in art.body, chrome


def test_k2_markup_and_chrome():
    a = next(a for a in CONTENT.articles if a.extra.get("item_image"))
    path = R.article_path(a)
    raw = R.text(path)
    root = R.root(path)
    assert '<meta name="generator" content="Joomla! - Open Source Content Management" />' in raw
    assert "/media/k2/" in raw and "/components/com_k2/" in raw
    view = css("div#k2Container.itemView")(root)[0]
    assert text_of(css("div.itemHeader > h2.itemTitle")(view)[0]) == a.title
    assert css("div.itemBody > div.itemIntroText + div.itemFullText")(view)
    assert text_of(css("div.itemImageBlock span.itemImageCaption")(view)[0]) == a.captions[0]
    crumbs = css("div.breadcrumbs")(root)[0]
    assert [text_of(x) for x in crumbs if x.tag in ("a", "span")] == [
        "Trang chủ",
        R.section_name(a),
        a.title,
    ]
    assert len(crumbs.findall("img")) == 2
    visible = " ".join(root.text_content().split())
    body_text = " ".join(text_of(css(FAMILY.body[0])(root)[0]).split())
    for chrome in CHROME:
        assert chrome in visible, chrome
    for line in CONTENT.settings["footer_lines"]:
        assert line in visible and line not in body_text


@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.key)
def test_listing_pages_go_by_start_offset(section):
    start = f"/index.php/{section.key}.html"
    pages = [page.path for page in R.walk_listing(start)]
    n = len(CONTENT.in_section(section.key))
    per = section.per_page
    assert pages == [start] + [f"{start}?start={k * per}" for k in range(1, -(-n // per))]
    rows = CONTENT.in_section(section.key)
    assert R.listing_dates(start) == [(R.article_path(a), k2_date(pub(a))) for a in rows]
    assert "Trang 2 của" in text_of(css("div.k2PaginationCounter")(R.root(pages[1]))[0])


def test_feeds_in_utc_and_robots():
    every = {R.url(p) for p in R.articles}
    home = FAMILY.feeds[0]
    newest = sorted(CONTENT.articles, key=lambda a: a.published or "", reverse=True)[:10]
    assert R.xml_links(home) == [R.url(R.article_path(a)) for a in newest]
    in_feeds = set()
    for sec in CONTENT.sections:
        in_feeds |= set(R.xml_links(f"/index.php/{sec.key}.html?format=feed&type=rss"))
    assert in_feeds == every
    assert R.xml(home).find(".//item").findtext("pubDate").endswith("+0000")
    assert "Disallow: /administrator/" in R.text("/robots.txt")


def test_article_url_knows_joomla_url_forms():
    for path in (
        "/home/index.php/dao-tao-boi-duong/item/5402-cai-cach-hanh-chinh.html",
        "/index.php?option=com_k2&view=item&id=5402:cai-cach-hanh-chinh&Itemid=112",
        "/index.php?option=com_content&view=article&id=12:tin-tuc&catid=8&Itemid=101",
        "/dao-tao-boi-duong/item/5402-cai-cach-hanh-chinh.html",
    ):
        assert R.is_article(path), path
    for path in (
        "/index.php/dao-tao-boi-duong/item/5402-cai-cach.html?tmpl=component&print=1",
        "/index.php/dao-tao-boi-duong/itemlist/tag/dân vận.html",
        "/index.php/dao-tao-boi-duong.html?start=3",
        "/index.php/component/mailto/?tmpl=component&template=llct&link=abc",
    ):
        assert not R.is_article(path), path


def test_one_mail_link_per_article():
    for a in CONTENT.articles:
        raw = R.text(R.article_path(a)).replace("&amp;", "&")
        mails = [h for h in re.findall(r'href="([^"]+)"', raw) if "/component/mailto/" in h]
        assert len(mails) == 1 and mails[0] in PAGES and not R.is_article(mails[0])


# Checks of the fixture itself (no product code): run by tests/replica/test_fixture.py.
FIXTURE_CHECKS = (check_content_shape,)
