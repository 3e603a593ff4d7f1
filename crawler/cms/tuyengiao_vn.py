"""tuyengiao.vn, the Central Propaganda Department's site: its own ASP.NET news CMS.

A per-site family (docs/evidence.md §2.9): the class names are the CMS's ``story_*`` /
``zonepage`` templates, read by the public scrapers of the site.

- Articles: ``/<slug>-<id>`` with no extension. Heading ``span.story_headline``; date
  ``span.story_date`` "Thứ Năm, 8/6/2023 14:46'(GMT+7)"; sapo ``.story_teaser``; lead photo
  ``.story_avatar_b`` (image + caption); body ``.story_body`` / ``#ArticleContent`` whose last
  ``<p>`` is the author; inline photos ``table.tbl-image`` with ``td.td-image-desc``
  captions. The masthead prints **today's** date ("Thứ Sáu, 19/7/2024") on every page, so
  the date line must be taken from ``span.story_date`` only.
- Utilities: ``/Utilities/PrintView.aspx?distributionid=<id>`` and ``SendArticle.aspx``
  duplicate the article.
- Listings: ``div.zonepage-l`` with ``h4 a`` entries; pager ``div.datapager`` whose current
  page is ``span.active``; sections ``/thoi-su``, ``/nhip-cau-tuyen-giao``, ``/theo-guong-bac``,
  ``/bao-ve-nen-tang-tu-tuong-cua-dang``, ``/van-hoa-xa-hoi``, ``/khoa-giao``, ``/kinh-te``,
  ``/the-gioi``, ``/tu-lieu``.
- Images under ``cdn.tuyengiao.vn/uploads/YYYY/M/D/N/…``.
- Detection: the ``story_*`` classes of its story lists (every page's side column, the home
  page's focus story, the story page) and the four-level upload paths; WebForms traces
  (``__VIEWSTATE``) are shared with every ASP.NET CMS and are not used.
"""

from crawler.cms.base import Family

FAMILY = Family(
    name="tuyengiao_vn",
    label="tuyengiao.vn (custom ASP.NET CMS)",
    markers=(
        r"""class=["']story_headline["']""",
        r"""class=["']story_(?:body|teaser|avatar(?:_b)?|item|focus)["']|id=["']ArticleContent["']""",
        r"""class=["']zonepage-l["']|class=["']datapager["']""",
        r"(?:cdn\.tuyengiao\.vn)?/uploads/\d{4}/\d{1,2}/\d{1,2}/\d+/[\w.-]+\.(?:jpe?g|png|gif)",
        r"cdn\.tuyengiao\.vn|/Utilities/PrintView\.aspx\?distributionid=",
    ),
    url_markers=(r"^https?://(?:www\.)?tuyengiao\.vn/",),
    article_url=(r"^/[a-z0-9]+(?:-[a-z0-9]+)*-\d{5,}/?$",),
    exclude_url=(
        r"^/Utilities/",
        r"[?&]distributionid=",
        r"^/(?:rss|tag|tim-kiem|english)(?:/|$)",
    ),
    listing_item=(
        "div.zonepage-l div.story_item",
        "div.zonepage-l h4",
    ),
    listing_date=("span.date", "span.story_date"),
    listing_next=(
        "div.datapager span.active + a",
        "div.datapager a.next",
    ),
    feeds=("/rss/home.rss",),
    sitemaps=("/sitemap.xml",),
    title=(
        "div.story_detail span.story_headline",
        "h1 span.story_headline",
        "span.story_headline",
    ),
    date_line=(
        "div.story_detail span.story_date",
        "span.story_date",
    ),
    lead=(
        "div.story_detail .story_teaser",
        ".story_teaser",
    ),
    body=(
        "div.story_detail #ArticleContent",
        "#ArticleContent",
        ".story_body",
    ),
    byline=(),
    captions=(
        ".story_avatar_b span",
        "table.tbl-image td.td-image-desc",
    ),
    views=(),
    category=("div.breadcrumb a:last-child",),
    tags=("div.story_tags a",),
    drop=(
        "div.story_tools",
        "div.story_other",
    ),
    notes=(
        "Only span.story_date is a publication date: the masthead's date is the day the "
        "page was rendered."
    ),
)
