"""NukeViet 3.x (VINADES), the ``news`` module: the old sites still running 3.4.

Everything here is what the 3.x code and its bundled themes print (docs/evidence.md §2.1, last
paragraph: tag 3.4.03 of nukeviet/nukeviet), not one site's theme:

- ``<meta name="generator" content="NukeViet v3.4">`` (``v3.x``); 3.x keeps scripts at the web
  root (``/js/global.js``, ``/js/language/vi.js``, ``/js/shadowbox/``; 4.x moved them to
  ``/assets/js/``), declares ``var nv_siteroot = '/'`` (4.x: ``nv_base_siteurl``) and a cookie
  prefix ``nv3c_…`` (4.x: ``nv4c_``). These tell 3.x from 4.x, whose family also accepts any
  "NukeViet" generator.
- Articles: ``/[vi/]news/<Cat-Alias>/<Alias>-<id>/`` (3.x kept the case of aliases and ended
  URLs with ``/``), or ``index.php?language=vi&nv=news&op=<Cat>/<Alias>-<id>`` without rewriting;
  ``/news/print/…``, ``/news/savefile/…`` (seen on tuyengiaotiengiang.vn), ``/news/sendmail/…``
  copy the article.
- ``detail.tpl`` (default theme): ``div.news_column > div#news_detail`` with ``h1``,
  ``span.time`` "Thứ hai - 11/12/2023  16:03" (``l - d/m/Y  H:i``, two spaces), ``div#hometext``
  (home image ``#imghome`` + its note in ``p``, then the sapo in ``h2``), ``div.bodytext``, an
  author/source line, then keywords, ``#stringrating``, ``ul.related`` with ``span.date``,
  ``div#idcomment``. The "modern" theme has the same parts as ``div.header-details`` (``h1``,
  ``span.small``), ``#hometext.short-desc``, ``#bodytext.details-content``, ``div.aright.source``.
- Listings (``viewcat_page.tpl``: ``div.news_column > div.items`` with an ``h2`` link and the
  hometext, no date): ``/news/<Cat>/``, then ``/news/<Cat>/page-<row offset>/`` (3.x
  ``nv_generate_page`` takes the first row, not the page number); the current page in
  ``strong``, "Trang trước" / "Trang sau" at the ends.
- RSS ``/news/rss/``: pubDate with the minutes-are-the-month pattern 4.x still has (so only
  the day is trusted); sitemap ``/Sitemap.xml``.
- No view count on article pages (listings show "Lượt xem").
"""

from crawler.cms.base import Family

_DUP = r"(?:print|savefile|sendmail)"
_NOT_ARTICLE = rf"(?:{_DUP}|rss|tag|topic|search|groups|author|Sitemap)"

FAMILY = Family(
    name="nukeviet3",
    label="NukeViet 3.x (news module)",
    generator=r"NukeViet\s+v?3\.",
    markers=(
        r"""id=["']news_detail["']""",
        r"""nv_siteroot\s*=""",
        r"""nv_cookie_prefix\s*=\s*["']nv3c_""",
        r"""src=["'][^"']*(?<!/assets)/js/global\.js""",
        r"""/js/shadowbox/shadowbox\.js""",
    ),
    url_markers=(r"/news/(?:[\w-]+/)?[\w-]+-\d+/$", r"/page-\d+/$"),
    article_url=(
        # /[lang/]news/<Cat>/<Alias>-<id>/ — not a print/savefile/rss/tag copy, not a pager
        rf"^/(?:[a-z]{{2}}/)?(?:[a-z0-9-]+/)?(?!{_NOT_ARTICLE}/)[a-z0-9-]+/"
        r"(?!page-\d+/?$)[a-z0-9-]+-\d+/?$",
        r"^/index\.php\?(?:language=[a-z]{2}&(?:amp;)?)?nv=[a-z0-9-]+&(?:amp;)?"
        rf"op=(?!{_DUP}/)[a-z0-9-]+/[a-z0-9-]+-\d+/?$",
    ),
    exclude_url=(
        rf"^/(?:[a-z]{{2}}/)?[a-z0-9-]+/{_DUP}/",
        rf"[?&](?:amp;)?op={_DUP}(?:/|&|$)",
    ),
    listing_item=(
        "div.news_column div.items",
        "div.listz-news div.content-box",
        "div.news_column ul.related li",
    ),
    listing_date=(
        "span.time",
        "div.info.small",
        "span.date",
    ),
    # nv_generate_page (3.x): "<a>1</a>, <strong>2</strong>, <a>3</a>" — the page after the bold one
    listing_next=("div.generate_page strong + a",),
    feeds=("/news/rss/",),
    sitemaps=("/Sitemap.xml",),
    title=(
        "div#news_detail h1",
        "div.header-details div.title h1",
    ),
    date_line=(
        "div#news_detail span.time",
        "div.header-details div.title span.small",
    ),
    lead=(
        "div#hometext.short-desc h2",  # modern theme wraps the sapo
        "div#news_detail div#hometext",  # default theme prints it bare (see notes)
    ),
    body=(
        "div#news_detail div.bodytext",
        "div#bodytext.details-content",
        "div.news_column div.bodytext",
    ),
    # default theme: "Tác giả:" is the first right-aligned p after the body, then "Nguồn tin:",
    # then p.copyright; modern theme: both in div.aright.source (see notes).
    byline=(
        "div#news_detail > div.bodytext + p:not(.copyright)",
        "div.aright.source",
    ),
    captions=(
        "div#news_detail > div#hometext + div:not(.bodytext) p em",  # imgfull: under the sapo
        "div#hometext div#imghome p",  # imgthumb: floated inside the sapo
    ),
    views=(),  # detail.tpl shows no hit count in 3.x; listings do ("Lượt xem: N")
    category=("div.breadcrumbs a:last-child",),
    tags=("div.news_column div.keywords a",),
    drop=(),  # the body is the editor's HTML; 3.x inserts nothing into it
    day_only_sources=("rss",),
    notes=(
        "3.x default and modern themes; custom 3.x themes keep #news_detail or .header-details. "
        "Known gaps: with the home image floated inside #hometext (imgthumb) the lead text "
        "starts with the image note; without a 'Tác giả' line the byline selector finds the "
        "'Nguồn tin' line (identical markup), which the cleaner refuses as an author; the "
        "modern theme's div.aright.source holds both lines in one element."
    ),
)
