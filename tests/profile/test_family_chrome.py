"""A family variant's chrome, removed by the site profile where the family's own
selectors do not know it (issue 11 item 3), and nothing else removed.

The variant (``replica/families/wordpress_widgets.py``, written before the rule) is the
``wordpress`` replica site with two widgets added inside the article text container: a
box of links to other articles after the first paragraph and a feedback note after the
byline. The gold is the content file's (the widgets are not article text).
"""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.items import Article, RawPage
from crawler.page import run_stages
from crawler.profile import SiteProfile, learn
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
