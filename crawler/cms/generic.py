"""The fallback for markup no family knows.

It names no title or body selector: the generic finders (``crawler/finders``) read
the title from the agreement of ``<h1>``, ``og:title`` and ``<title>``, and the body
with a main-content finder, which beats any fixed container guess (an ``article
.content`` selector picks a "most read" list on news sites). The Vietnamese cleaning
runs on what they return.
"""

from crawler.cms.base import Family

FAMILY = Family(
    name="generic",
    label="Unknown CMS (generic extraction)",
    article_url=(r"[^/]+-\d+(?:\.html?|\.aspx)?$", r"/\d{4}/\d{2}/[^/]+/?$", r"\.html?$"),
    exclude_url=(r"/(?:print|savefile|sendmail|in-bai|feed|rss)(?:/|$)", r"[?&](?:print|lang)="),
    title=("h1[itemprop=headline]",),
    lead=(".sapo", "[itemprop=description]"),
    feeds=("/rss/", "/feed/", "/rss.xml"),
    sitemaps=("/sitemap.xml",),
)
