"""The fallback for markup no family knows.

Its selectors only take what every page has (``<h1>``, ``<title>``, the usual
article containers); when they find no body, the extract stage hands the page
to trafilatura, the maintained general-purpose extractor, and the Vietnamese
cleaning runs on what it returns.
"""

from crawler.cms.base import Family

FAMILY = Family(
    name="generic",
    label="Unknown CMS (generic extraction)",
    article_url=(r"[^/]+-\d+(?:\.html?|\.aspx)?$", r"/\d{4}/\d{2}/[^/]+/?$", r"\.html?$"),
    exclude_url=(r"/(?:print|savefile|sendmail|in-bai|feed|rss)(?:/|$)", r"[?&](?:print|lang)="),
    title=("h1[itemprop=headline]", "article h1", "h1.title", "h1", "meta[property='og:title']"),
    body=("[itemprop=articleBody]", "article .entry-content", "article .content", ".article-body"),
    lead=("[itemprop=description]", ".sapo", ".lead", ".summary"),
    feeds=("/rss/", "/feed/", "/rss.xml"),
    sitemaps=("/sitemap.xml",),
)
