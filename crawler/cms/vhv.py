"""VHV CMS (vhv.vn), a Vietnamese vendor CMS for agency portals.

What the CMS's own templates print (docs/evidence.md §2.8, the ``templatesotc.vhv.vn``
template and its module-34 variant):

- every block is a ``div#module<N>.ModuleWrapper[moduleRootId]``; assets under
  ``/App/Corporate/`` (the application) and ``/3rdparty/``; a ``VHV`` JavaScript object
  (``VHV.alert``, ``VHV.site``); frames ``div.panel.frame-general`` titled ``div.panel-title``.
- Articles: ``article.news-detail-layout-type-<n>[itemtype*=NewsArticle]`` (``#article17``)
  with ``<meta itemprop="datePublished" content="2018-08-07T17:23:45+07:00">``, the date line
  ``span.post-date.left`` in ``H:i:s | d/m/Y``, ``h1.title-detail[itemprop=headline]``, the
  sapo ``div.brief``, the body ``div.content-detail[itemprop=articleBody]``; after it, in
  ``div.clearfix.mt-10``, a view count "Lượt xem: N" and ``div.author`` "Tác giả: …"; the
  tool bar ``block_share`` (A⁻ A A⁺, print, email), the "Đọc bài" / "Lưu" buttons and the
  ``div.rating`` widget are outside the body.
- URLs carry the 24-hex object id: ``/<category>/<slug>-<oid>.html``; the print view is the
  same URL with ``?print=1``.
- Listings: ``section.section-list`` of ``article.list-news-one`` entries with
  ``span.post-date``; pager ``div.default-pagination`` (``ul.pagination li.active``).
"""

from crawler.cms.base import Family

FAMILY = Family(
    name="vhv",
    label="VHV CMS",
    markers=(
        r"""class=["']ModuleWrapper["'][^>]*moduleRootId=|moduleRootId=["']\d+["']""",
        r"/App/Corporate/",
        r"""class=["']news-detail-layout-type-\d""",
        r"\bVHV\.(?:alert|site|App|\w+\()",
    ),
    url_markers=(r"-[0-9a-f]{24}(?:\.html?)?(?:$|\?)",),
    article_url=(
        r"^/(?:[\w-]+/)*[\w-]+-[0-9a-f]{24}(?:\.html?)?$",
        r"^/(?:[\w-]+/)*[0-9a-f]{24}(?:/[\w-]+)?/?$",
    ),
    exclude_url=(
        r"[?&](?:print|printer|mode=print)\b",
        r"^/print/",
    ),
    listing_item=(
        "section.section-list article.list-news-one",
        "div.listNewsType1 .item",
    ),
    listing_date=("span.post-date", "time"),
    listing_next=(
        "div.default-pagination li.active + li > a",
        "ul.pagination li.active + li > a",
        'div.default-pagination a[aria-label="Next"]',
    ),
    feeds=(),
    sitemaps=("/sitemap.xml",),
    title=(
        "article[class*=news-detail-layout] h1.title-detail",
        "h1.title-detail[itemprop=headline]",
        "h1.title-detail",
    ),
    date_line=(
        "article[class*=news-detail-layout] header span.post-date",
        "article[class*=news-detail-layout] span.post-date",
    ),
    lead=(
        "article[class*=news-detail-layout] div.brief",
        "div.block-core-a3 div.brief",
    ),
    body=(
        "article[class*=news-detail-layout] div.content-detail[itemprop=articleBody]",
        "article[class*=news-detail-layout] div.content-detail",
        "div.content-detail[itemprop=articleBody]",
    ),
    byline=(
        "article[class*=news-detail-layout] div.clearfix.mt-10 div.author",
        "article[class*=news-detail-layout] div.author",
    ),
    captions=(),
    views=(
        "article[class*=news-detail-layout] div.clearfix.mt-10 .post-view",
        "article[class*=news-detail-layout] .post-view",
    ),
    category=("ol.breadcrumb li:last-child a",),
    tags=("article[class*=news-detail-layout] .tags a",),
    drop=(
        "div.block_share",
        "div.social-connect",
        "div.rating",
        "div[id^=audio]",
    ),
    notes=(
        "Detail layouts are numbered (news-detail-layout-type-2, -5 …) but keep the same "
        "inner classes; related frames follow the article outside it."
    ),
)
