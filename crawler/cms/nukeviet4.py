"""NukeViet 4.x (VINADES), the ``news`` module; 3.x fallbacks where cheap.

Everything here is what the CMS's own templates and PHP print (docs/evidence.md
§2.1, from the nukeviet/nukeviet source), not one site's theme:

- ``<meta name="generator" content="NukeViet v4.5">`` on every page; ``/themes/<t>/``,
  ``/assets/js/``, ``/uploads/news/YYYY_MM/`` paths; ``div.news_column`` + ``#news-bodyhtml``.
- Articles: ``/[vi/][news/]<cat-alias>/<Alias-With-Case>-<id>.html`` (``rewrite_exturl``),
  or ``index.php?language=vi&nv=news&op=<cat>/<alias>-<id>`` without rewriting.
  ``/print/…``, ``/savefile/…``, ``/sendmail/…`` copy the article (``detail.php``).
- ``detail.tpl`` (4.5): ``h1.title[itemprop=headline]``; ``span.h5`` "Thứ năm - 28/12/2023 14:55"
  (``l - d/m/Y H:i``); ``div.hometext`` (the sapo, often a copy of the title);
  ``figure.article figcaption`` (the home image caption, repeated in the hidden ``#imgpreview``);
  ``div#news-bodyhtml``; ``p.h5.text-right`` "Tác giả:" / "Nguồn tin:"; tags ``div.h5`` links to
  ``/tag/<alias>``. 3.x: ``#news_detail`` with ``span.time``, ``#hometext``, ``div.bodytext``.
- Date bugs: the hidden ``itemprop=datePublished`` span holds ``date('c', edittime)`` in 4.5/4.6
  (``theme.php`` assigns it twice), so it is an edit time; ``article:published_time`` /
  ``article:modified_time`` are ``date('Y-m-dTH:i:s')`` (``2023-12-28ICT14:55:00``: ``T`` is the
  zone abbreviation), unusable; RSS ``pubDate`` is ``gmdate('D, j M Y H:m:s')`` (the "minutes"
  are the month, the clock is GMT), so only its day can be trusted.
- Listings (``viewcat_page_new``): ``div.news_column > div.panel-body`` entries with
  ``d/m/Y H:i:s`` and "Đã xem: N"; pages ``/<cat>/page-2``; ``ul.pagination`` with ``li.active``.
"""

from crawler.cms.base import Family

_DUP = r"(?:print|savefile|sendmail)"
_NOT_ARTICLE_ROOT = (
    r"(?:print|savefile|sendmail|rss|tag|seek|search|topic|groups|author|users|voting)"
)

FAMILY = Family(
    name="nukeviet4",
    label="NukeViet 4.x (news module)",
    generator=r"NukeViet",
    markers=(
        r"""id=["']news-bodyhtml["']""",
        r"""class=["']news_column""",
        r"/themes/[\w-]+/(?:css|js)/[\w.-]+\.(?:css|js)",
        r"/assets/js/(?:global|language/vi)\.js",
        r"/uploads/news/\d{4}_\d{2}/",
        r"""id=["']timeoutsess["']""",
    ),
    url_markers=(r"[?&]nv=news(?:&|$)", r"/page-\d+$"),
    article_url=(
        # /[lang/][module/]<cat>/<Alias>-<id>.html, never under a print/savefile/rss/tag root
        rf"^/(?:[a-z]{{2}}/)?(?!(?:[a-z0-9-]+/)?{_NOT_ARTICLE_ROOT}/)(?:[a-z0-9-]+/)?"
        r"[a-z0-9-]+/[a-z0-9-]+-\d+\.html$",
        # rewriting off
        r"^/index\.php\?(?:language=[a-z]{2}&(?:amp;)?)?nv=[a-z0-9-]+&(?:amp;)?"
        r"op=[a-z0-9-]+/[a-z0-9-]+-\d+(?:\.html)?$",
    ),
    exclude_url=(
        rf"^/(?:[a-z]{{2}}/)?(?:[a-z0-9-]+/)?{_DUP}/",
        rf"[?&](?:amp;)?op={_DUP}(?:/|&|$)",
        r"[?&]nvvithemever=",
    ),
    listing_item=(
        "div.news_column div.panel-body",
        "div.news_column div.thumbnail",
        "div.news_column ul.related li",
    ),
    listing_date=(
        "div.text-muted ul li:first-child",
        "span.date",
        "em:not(.fa)",
    ),
    listing_next=(
        "ul.pagination li.active + li > a",
        "ul.pagination a[rel=next]",
    ),
    feeds=("/rss/",),
    sitemaps=("/sitemap.xml",),
    title=(
        "div.news_column h1.title",
        "h1[itemprop=headline]",
        "#news_detail h1",
    ),
    date_line=(
        "div.news_column div.row span.h5",
        "div.news_column span.h5",
        "#news_detail span.time",
    ),
    updated=(
        "div.news_column [itemprop=dateModified]",
        "div.news_column [itemprop=datePublished]",
    ),
    lead=(
        "div.news_column div.hometext",
        "#news_detail #hometext",
    ),
    body=(
        "#news-bodyhtml",
        "div.news_column div.bodytext",
        "#news_detail div.bodytext",
    ),
    # "Tác giả:" is printed first, then "Nguồn tin:" (same markup); CSS cannot tell them apart
    # by text, so with only a source set this yields "Nguồn tin: …" for the cleaner to reject.
    byline=(
        "div.news_column div.margin-bottom-lg > p.h5.text-right:first-child",
        '#news_detail > p[style*="right"]',
    ),
    captions=(
        "div.news_column figure.article figcaption",
        "#news_detail #imghome p",
    ),
    views=(),  # detail.tpl shows no hit count; listings do ("Đã xem: N")
    category=(
        "ul.temp-breadcrumbs li:last-child [itemprop=name]",
        "ul.breadcrumbs li:last-child a",
    ),
    tags=(
        'div.news_column div.h5 a[href*="/tag/"]',
        "div.keywords a",
    ),
    drop=(
        "#imgpreview",
        "div.socialicon",
        "div.news-download-file",
    ),
    day_only_sources=("rss",),
    edit_time_sources=("itemprop:datePublished", "itemprop:dateModified"),
    meta_date_ignore=("meta:article:published_time", "meta:article:modified_time"),
    notes=(
        "News module as home module drops the /news/ segment. Custom themes rename outer "
        "wrappers but keep the detail.tpl order; override selectors per site if needed."
    ),
)
