"""WordPress: tagDiv "Newspaper" (classic ≤ 9 and the 10+ theme builder) and plain themes.

What WordPress core and the themes print (docs/evidence.md §2.2):

- ``<meta name="generator" content="WordPress x.y">``, ``/wp-content/``, ``/wp-includes/``,
  ``/wp-json/`` on every page.
- Posts: ``/<slug>/`` or ``/YYYY/MM/[DD/]<slug>/``; ``/?p=<id>`` with plain permalinks (pretty
  permalinks answer it with a 301). Archives: ``/category/<cat>/page/N/``, ``/tag/<t>/``,
  ``/author/<u>/``, date archives. Copies of a post to skip: ``/<slug>/embed/`` (core oEmbed
  view), ``/<slug>/amp/``, ``/<slug>/feed/``, ``?replytocom=`` comment-reply URLs, attachment pages.
- tagDiv classic single post: ``article.post`` > ``div.td-post-header`` (``ul.td-category
  li.entry-category a``, ``header.td-post-title h1.entry-title``, ``div.td-module-meta-info`` with
  ``div.td-post-author-name`` and ``span.td-post-date time.entry-date[datetime]``), body
  ``div.td-post-content`` (``tagdiv-type``), ``ul.td-tags``, ``div.td-post-next-prev``
  ("Bài trước" / "Bài tiếp theo"), ``.td_block_related_posts``. tagDiv 10+: ``h1.tdb-title-text``,
  ``.tdb_single_content .tdb-block-inner``. Plain themes: ``.entry-content``, ``.entry-meta``,
  ``time.entry-date``.
- Captions are ``figcaption.wp-caption-text`` inside the body (the engine reads them as captions).
- Listing entries: tagDiv ``.td_module_wrap`` (``td_module_10`` …) with ``.td-post-date``; plain
  ``article.post``; next page: ``div.page-nav`` (tagDiv) or ``a.next.page-numbers`` (core).
- Feeds ``/feed/`` (often disabled on these sites), core sitemap ``/wp-sitemap.xml`` (WP ≥ 5.5).
  Some district sites switch every date off in the theme panel: then there is no date to find.
"""

from crawler.cms.base import Family

_NOT_POST = (
    r"(?:category|tag|author|page|feed|search|comments|embed|amp|attachment|"
    r"wp-[a-z-]+|xmlrpc|trackback)"
)

FAMILY = Family(
    name="wordpress",
    label="WordPress (tagDiv Newspaper and plain themes)",
    generator=r"^WordPress\b",
    markers=(
        r"/wp-content/(?:themes|plugins|uploads)/",
        r"/wp-includes/",
        r"""<link[^>]+rel=["']https://api\.w\.org/["']""",
        r"""class=["'][^"']*\btd-post-content\b""",
    ),
    url_markers=(r"^/\?p=\d+$", r"/category/[^/]+/page/\d+/?$"),
    article_url=(
        # /<slug>/ or /YYYY/MM/[DD/]<slug>/ ; the slug has a letter and no dot (not a file)
        rf"^/(?:\d{{4}}/\d{{2}}/(?:\d{{2}}/)?)?(?!{_NOT_POST}(?:/|$))"
        r"(?=[a-z0-9%_-]*[a-z%])[a-z0-9%_-]+/?$",
        r"^/(?:index\.php)?\?p=\d+$",
    ),
    exclude_url=(
        r"/(?:embed|amp|feed|trackback|attachment)(?:/|$)",
        r"[?&](?:replytocom|share|amp|print|preview)=",
        r"^/wp-(?:json|admin|login|content|includes|comments-post)",
        r"^/xmlrpc\.php",
    ),
    listing_item=(
        ".td-ss-main-content .td_module_wrap",
        ".td_block_inner .td_module_wrap",
        "article.post",
        "article.type-post",
    ),
    listing_date=(
        ".td-post-date time",
        ".td-post-date",
        "time.entry-date",
        "time[datetime]",
    ),
    listing_next=(
        ".page-nav span.current + a",
        "a.next.page-numbers",
        ".nav-previous a",
        ".nav-links a.next",
    ),
    feeds=("/feed/",),
    sitemaps=("/wp-sitemap.xml",),
    title=(
        "header.td-post-title h1.entry-title",
        "h1.tdb-title-text",
        "article h1.entry-title",
        "h1.entry-title",
    ),
    date_line=(
        ".td-post-header .td-post-date",
        ".tdb_single_date",
        "article .entry-meta .posted-on",
        "article time.entry-date",
    ),
    lead=(
        ".td-post-header p.td-post-sub-title",
        ".tdb_single_subtitle p",
    ),
    body=(
        "article div.td-post-content",
        ".tdb_single_content .tdb-block-inner",
        "div.td-post-content",
        "article .entry-content",
        ".entry-content",
    ),
    byline=(
        ".td-post-header .td-post-author-name a",
        ".tdb_single_author .tdb-author-name",
        "article .entry-meta .author a",
    ),
    captions=(
        ".td-post-featured-image figcaption",
        ".tdb_single_featured_image figcaption",
    ),
    views=(
        ".td-post-header .td-post-views span",
        ".post-views-count",
    ),
    category=(
        ".td-post-header ul.td-category li.entry-category a",
        ".tdb-category a",
        "article .cat-links a",
    ),
    tags=(
        "ul.td-tags li a",
        ".tdb-tags li a",
        "article .tags-links a",
    ),
    drop=(
        ".td-a-rec",
        ".td-g-rec",
        ".td-post-sharing",
        ".td_block_related_posts",
        ".sharedaddy",
        ".jp-relatedposts",
        ".addtoany_share_save_container",
        "#toc_container",
        ".post-views",
    ),
    notes=(
        "Newspaper's theme panel can hide the post date and author (the Chợ Đồn replica does); "
        "then the page has no date and none must be invented."
    ),
)
