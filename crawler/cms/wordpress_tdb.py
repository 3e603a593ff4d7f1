"""WordPress with tagDiv Newspaper 10+ pages built by its theme builder (tdb cloud templates).

What the builder prints (docs/evidence.md §2.2 "Newspaper 10+"), as opposed to the classic
``loop-single.php`` markup the ``wordpress`` family reads:

- Every block of a cloud template is ``div.td_block_wrap.tdb_<block>.tdi_NN`` (``tdi_NN``
  numbered per page, never usable in a selector) with ``div.tdb-block-inner.td-fix-index``
  inside: ``tdb_title`` → ``h1.tdb-title-text``; ``tdb_single_date`` → ``<time datetime>``
  with the site's date format; ``tdb_single_author`` → ``a.tdb-author-name``;
  ``tdb_single_post_views`` → ``span.td-nr-views-<id>``; ``tdb_single_featured_image`` →
  ``figure > figcaption``; ``tdb_single_content`` (also ``td-post-content tagdiv-type``) → the
  post content; ``tdb_single_categories``, ``tdb_single_tags`` ("TAGS"),
  ``tdb_single_next_prev``, ``tdb_single_related``, ``tdb_single_comments``.
- Pages load ``/wp-content/plugins/td-cloud-library/`` (the builder) and carry body class
  ``tdb-template``; header/footer templates are ``tdc-zone`` rows of ``tdb_header_*`` blocks.
  These markers, with WordPress's generator, tell a tdb page from a classic Newspaper or plain
  WordPress page (whose family scores ``/wp-content/`` and ``td-post-content`` too).
- WordPress itself: ``/<slug>/`` or ``/YYYY/MM/[DD/]<slug>/`` permalinks, ``?p=<id>``;
  ``/category/<cat>/page/N/``; ``/feed/``; ``/wp-sitemap.xml`` (≥ 5.5); duplicates
  ``/<slug>/embed/``, ``/<slug>/feed/``, ``/<slug>/amp/``, ``?replytocom=N``, ``?share=…``.
- Category templates list posts in a ``tdb_loop`` block (``td_module_wrap`` modules with
  ``td-post-date > time``) and page with ``div.page-nav`` (``span.current`` + links).
- The theme's JSON-LD Article carries ``datePublished`` with the minute; the visible date is
  often day-only (``d/m/Y`` or ``j F, Y``), so the machine date completes it.
"""

from crawler.cms.base import Family

# First path segments WordPress uses for things that are not posts.
_NOT_POST = (
    r"(?:category|tag|author|page|feed|comments|search|wp-admin|wp-content|wp-includes|wp-json"
    r"|wp-login\.php|wp-sitemap[\w-]*\.xml|xmlrpc\.php|embed|amp|trackback|attachment)"
)

FAMILY = Family(
    name="wordpress_tdb",
    label="WordPress + tagDiv Newspaper 10+ theme builder (tdb)",
    generator=r"^WordPress\b",
    markers=(
        r"/wp-content/plugins/td-cloud-library/",
        r"""<body[^>]+class=["'][^"']*\btdb-template\b""",
        r"""class=["'][^"']*\btdc[-_]zone\b""",
        r"""class=["'][^"']*\btdb_(?:header|footer|mobile)_[a-z_]+\b""",
        r"""class=["'][^"']*\btdb_(?:single_content|loop|title)\b""",
        r"""class=["'][^"']*\btdb-block-inner\b""",
    ),
    url_markers=(),
    article_url=(
        rf"^/(?:\d{{4}}/\d{{2}}/(?:\d{{2}}/)?)?(?!{_NOT_POST}(?:/|$))"
        r"(?=[a-z0-9%_-]*[a-z%])[a-z0-9%_-]+/?$",
        r"^/(?:index\.php)?\?p=\d+$",
    ),
    exclude_url=(
        r"/(?:embed|amp|feed|trackback|attachment)(?:/|$)",
        r"[?&](?:replytocom|share|amp|print|preview|tdb_template)=",
        r"^/wp-(?:json|admin|login|content|includes|comments-post)",
    ),
    listing_item=(
        ".tdb_loop .td_module_wrap",
        ".tdb_module_loop",
        ".td_block_inner .td_module_wrap",
    ),
    listing_date=(
        ".td-post-date time",
        "time.entry-date",
        "time[datetime]",
    ),
    listing_next=(
        ".page-nav span.current + a",
        '.page-nav a[aria-label="next-page"]',
    ),
    feeds=("/feed/",),
    sitemaps=("/wp-sitemap.xml",),
    title=(
        ".tdb_title h1.tdb-title-text",
        "h1.tdb-title-text",
    ),
    date_line=(
        ".tdb_single_date time",
        ".tdb_single_date .tdb-block-inner",
    ),
    lead=(".tdb_single_subtitle .tdb-block-inner",),
    body=(
        ".tdb_single_content > .tdb-block-inner",
        ".tdb_single_content .tdb-block-inner",
        ".tdb_single_content",
    ),
    byline=(".tdb_single_author a.tdb-author-name",),
    captions=(".tdb_single_featured_image figcaption",),
    views=(
        '.tdb_single_post_views span[class*="td-nr-views-"]',
        ".tdb_single_post_views .tdb-block-inner",
    ),
    category=(".tdb_single_categories a.tdb-entry-category",),
    tags=(".tdb_single_tags ul.tdb-tags li a",),
    drop=(
        ".td-a-rec",
        ".td-a-ad",
        ".td-g-rec",
        ".td-post-sharing",
        ".tdb_single_post_share",
        ".tdb_single_related",
        ".sharedaddy",
        ".jp-relatedposts",
        ".addtoany_share_save_container",
        "#toc_container",
    ),
    notes=(
        "The single template decides which blocks exist; a site may drop the author, date or "
        "views blocks. The author is the WordPress account shown by tdb_single_author; an "
        "in-content byline is taken off the body."
    ),
)
