"""A family variant's chrome, removed by the site profile where the family's own
selectors do not know it (issue 11 item 3), and nothing else removed.

The variant (``replica/families/wordpress_widgets.py``, written before the rule) is the
``wordpress`` replica site with two widgets added inside the article text container: a
box of links to other articles after the first paragraph and a feedback note after the
byline. The gold is the content file's (the widgets are not article text).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

import pytest

from benchmarks.ablation import replica_pages
from crawler.items import Article, Block, Extracted, RawPage
from crawler.page import run_stages
from crawler.profile import SiteProfile, learn, strip_template
from crawler.profile.learn import page_view
from replica.families import wordpress_widgets
from replica.model import ReplicaArticle, load_content
from replica.registry import load_replica

FETCHED = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
FIELDS = ("title", "lead", "body", "author")


def variant_pages() -> list[tuple[str, bytes, ReplicaArticle]]:
    entry = load_replica(check_families=False)["replica-chodon"]
    content = load_content(entry.content)
    rendered = wordpress_widgets.render_site(content, entry.site.base_url)
    return [
        (
            entry.site.url(wordpress_widgets.article_path(content, a)),
            rendered[wordpress_widgets.article_path(content, a)].body,
            a,
        )
        for a in content.articles
    ]


def read(url: str, html: bytes, family: str, profile: SiteProfile | None) -> Article:
    raw = RawPage(url, "s", FETCHED, 200, html, {"Content-Type": "text/html; charset=utf-8"})
    article = run_stages(raw, family, profile).article
    assert article is not None
    return article


def leave_one_out(pages: list[tuple[str, bytes, ReplicaArticle]]):
    views = [(url, page_view(html)) for url, html, _ in pages]
    for i, (url, html, a) in enumerate(pages):
        yield url, html, a, learn([v for j, v in enumerate(views) if j != i])


def fields(article: Article) -> dict[str, str | None]:
    return {name: getattr(article, name) for name in FIELDS}


def gold(a: ReplicaArticle) -> dict[str, str | None]:
    g = a.gold()
    return {name: g[name] for name in FIELDS}


def test_the_family_alone_keeps_the_variant_widgets():
    """The control: the ``wordpress`` family does not know these widgets."""
    pages = variant_pages()
    kept = 0
    for url, html, _ in pages:
        body = read(url, html, "wordpress", None).body
        kept += wordpress_widgets.FEEDBACK in body and wordpress_widgets.SUGGEST_HEAD in body
    assert kept == len(pages)


def test_the_profile_removes_the_variant_widgets_from_family_read_pages():
    pages = variant_pages()
    for url, html, a, profile in leave_one_out(pages):
        got = fields(read(url, html, "wordpress", profile))
        assert got == gold(a), a.id


@cache
def family_sites():
    return [s for s in replica_pages() if s.family != "auto"]


@pytest.mark.parametrize("key", [s.key for s in family_sites()])
def test_every_replica_family_page_stays_exact_with_its_profile(key: str):
    site = next(s for s in family_sites() if s.key == key)
    for url, html, a, profile in leave_one_out(site.pages):
        got = fields(read(url, html, site.family, profile))
        assert got == gold(a), a.id


PLACES = ["Hòa Bình", "An Phú", "Tân Lập", "Minh Đức", "Phú Cường"]
WHAT = ["hội nghị", "lớp học", "ngày hội", "buổi tọa đàm", "cuộc thi"]


def small_site_page(i: int) -> str:
    """A page of a small site where one person signs every article, in a slot of its own
    (``p.tg``), and a note repeats under every article."""
    paras = (
        f"<p>Xã {PLACES[i]} tổ chức {WHAT[i]} đông vui.</p><p>Bà con {PLACES[i]} rất phấn khởi.</p>"
    )
    return (
        f"<html><head><title>Tin {PLACES[i]}</title></head><body><div class='nd'>"
        f"<h1>Tin {PLACES[i]}</h1>{paras}<p class='tg'>Hà Trang</p>"
        "<p class='note'>Mời bạn đọc góp ý cho trang.</p>"
        "</div><div class='foot'>Bản quyền thuộc Huyện ủy.</div></body></html>"
    )


def test_a_byline_that_repeats_is_the_articles_own_and_stays():
    profile = learn((f"http://x.vn/{i}", small_site_page(i)) for i in range(1, 5))
    texts = [f"Xã {PLACES[0]} tổ chức {WHAT[0]} đông vui.", f"Bà con {PLACES[0]} rất phấn khởi."]
    blocks = [Block(t) for t in [*texts, "Hà Trang", "Mời bạn đọc góp ý cho trang."]]
    given = Extracted("http://x.vn/0", "wordpress", title=f"Tin {PLACES[0]}", blocks=blocks)
    out = strip_template(given, small_site_page(0), profile)
    assert [b.text for b in out.blocks] == [*texts, "Hà Trang"]
