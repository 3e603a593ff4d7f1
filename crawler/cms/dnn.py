"""DotNetNuke / DNN Platform sites with a news-articles module.

docs/evidence.md §2.5. DNN prints ``<meta name="GENERATOR" content="DotNetNuke ">``,
serves skins and files from ``/Portals/<n>/`` and ``/Portals/_default/``, module code
from ``/DesktopModules/<Module>/`` and wraps every module in
``<!-- Start_Module_N --><div id="dnn_ctrN_ModuleContent" class="DNNModuleContent
Mod<Module>C">``. Every HTML block (``ModDNNHTMLC``) has a ``.Normal`` text div, so the
selectors name the *news module's* container class, never ``.Normal``.

News module: the DnnForge/Ventrian NewsArticles module (``ModDnnForgeNewsArticlesC``).
Its URL parameters become path pairs under the tab's friendly URL:
``/<tab>/tabid/<N>/articleType/ArticleView/articleId/<id>/<title>.aspx``; listings page
with ``/currentpage/<n>/``; other views (``articleType/CategoryView|ArchiveView|
AuthorView|TagView``) are listings, ``Print.aspx`` is a duplicate. Its item template
prints the publish day and the view count on one line ("15/06/2020 | 362" [S 001]) in
``div.articleInfo`` (``span.articleDate``, ``span.articleViews``); the skin prints the
render date in the masthead (``span.DateToken``), and "Các bài viết khác" prints dates
relative to the render time — neither is the article's date.

The RSS ``pubDate`` is written with .NET's ``"r"`` format, which appends "GMT" to local
time without converting it; only its day is trustworthy (``day_only_sources``).
Lâm Đồng's ``*.lamdong.dcs.vn`` DNN sites use their own news module with
``/type/detail/id/<n>`` URL pairs (registry entries of crawler/sites.toml).
"""

from crawler.cms.base import Family

_NEWS = 'div.DNNModuleContent[class*="NewsArticlesC"]'

FAMILY = Family(
    name="dnn",
    label="DotNetNuke / DNN Platform (news articles module)",
    generator=r"DotNetNuke|DNN Platform|Evoq",
    markers=(
        r"/Portals/(?:\d+|_default)/",
        r"\bdnn_ctr\d+_ModuleContent\b",
        r"<!-- Start_Module_\d+ -->",
        r"/DesktopModules/",
    ),
    url_markers=(r"/tabid/\d+/", r"[?&]tabid=\d+"),
    article_url=(
        r"/tabid/\d+/(?:[^?#]*/)?(?:articleType/ArticleView/)?articleId/\d+(?:/[^/?#]*)?\.aspx$",
        r"[?&]articleType=ArticleView&articleId=\d+",
        r"/type/detail/id/\d+(?:/task/\d+)?/?$",
    ),
    exclude_url=(
        r"/DesktopModules/[^?#]*/Print\.aspx",
        r"/ctl/(?:Login|Register|SendPassword|Terms|Privacy|Edit\w*)\b",
        r"[?&]ctl=",
        r"[?&]returnurl=",
        r"/LinkClick\.aspx",
        r"/articleType/(?!ArticleView\b)\w+View/",
        r"[?&](?:popUp|print)=true",
    ),
    listing_item=(f"{_NEWS} div.articleItem",),
    listing_date=("span.articleDate",),
    listing_next=(
        "table.PagingTable a.CommandButton[rel=next]",
        f"{_NEWS} a[rel=next]",
    ),
    feeds=(),
    sitemaps=("/SiteMap.aspx", "/sitemap.aspx"),
    title=(f"{_NEWS} h1.articleHeadline", f"{_NEWS} .articleView h1"),
    date_line=(f"{_NEWS} .articleView .articleInfo", f"{_NEWS} .articleView .articleDate"),
    lead=(f"{_NEWS} .articleView .articleSummary",),
    body=(f"{_NEWS} .articleView .articleBody",),
    byline=(f"{_NEWS} .articleView .articleAuthor",),
    captions=(),
    views=(f"{_NEWS} .articleView .articleViews",),
    category=("#dnn_dnnBREADCRUMB_lblBreadCrumb a.Breadcrumb:last-child",),
    tags=(f"{_NEWS} .articleView .articleTags a",),
    drop=(".articleTools", ".articleOthers", ".articleRating", ".articleComments"),
    day_only_sources=("rss",),
    notes=(
        "Select inside the news module's container (class Mod…NewsArticlesC); .Normal is "
        "every HTML module. Date line = 'dd/MM/yyyy | views' (day only). Bylines are the "
        "last body paragraphs, often a name then an affiliation pushed right with &nbsp;."
    ),
)
