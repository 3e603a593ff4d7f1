"""Microsoft SharePoint publishing portals (2010/2013/2016) of provinces and districts.

What SharePoint itself prints, whatever the vendor's theme (docs/evidence.md §2.4):

- ``<meta name="GENERATOR" content="Microsoft SharePoint">``; scripts and styles under
  ``/_layouts/15/`` (``/_layouts/`` in 2010); vendor themes under ``/Style%20Library/`` and
  ``/SiteAssets/``, page images under ``/PublishingImages/``; the ribbon ``#s4-ribbonrow``
  whose skip links give the leading "Skip Ribbon Commands / Skip to main content"; "Sign In";
  ``#s4-workspace``, ``#DeltaPlaceHolderMain``; ``_spPageContextInfo``; ``ctl00_…`` ids (also
  plain ASP.NET, so not a marker here).
- Article URLs: publishing pages ``/Pages/<folder>/<slug>-<id>.aspx`` (Chợ Mới:
  ``/Pages/tin-tuc-su-kien-319/<slug>-<16hex>.aspx``), dated folders
  ``/portal/Pages/YYYY-MM-DD/<slug>.aspx`` (thanhhoa.gov.vn), list items shown by a detail
  page ``/Lists/<list>/View_Detail.aspx?ItemID=<n>`` (dangcongsan.org.vn/thanhuyhanoi),
  ``/Trang/ChiTietTinTuc.aspx?nid=<n>`` (quangninh.gov.vn). ``/Pages/<name>.aspx`` with no
  folder is a landing/category page, never an article.
- Duplicates: the mobile view ``?Mobile=1``, the list's item form ``DispForm.aspx?ID=``,
  print views.
- The body is the rich-text field: ``div.ms-rtestate-field`` (the ``PublishingPageContent``
  RichHtmlField inside the page layout's ``div.article-content``, or a list's rich-text
  column in a detail web part). The page layout's other fields sit outside it: title,
  ``div.date-line`` ("( Cập nhật lúc: 14/10/2020  )" — day only), ``div.by-line``, the page
  image in ``div.captioned-image`` with its ``div.caption``. List-item detail parts print
  "Đăng ngày 11 - 11 - 2023".
- Listings: vendor news web parts (``div.news-list div.news-item``) or SharePoint's Content
  Query web part (``li.dfwp-item``); pagers with a "Trang sau" / ``a.next`` link.
"""

from crawler.cms.base import Family

FAMILY = Family(
    name="sharepoint",
    label="Microsoft SharePoint publishing portal",
    generator=r"Microsoft\s+SharePoint",
    markers=(
        r"/_layouts/(?:1[456]/)?[\w./-]+\.(?:js|css|aspx|png|gif)",
        r"/Style%20Library/|/Style Library/",
        r"/(?:PublishingImages|SiteAssets)/",
        r"""id=["']s4-workspace["']""",
        r"""id=["'](?:DeltaPlaceHolderMain|s4-ribbonrow)["']""",
        r"""class=["'][^"']*\bms-rtestate-field\b""",
        r"\b_spPageContextInfo\b",
    ),
    url_markers=(
        r"/Pages/[^?#]+\.aspx",
        r"/Lists/[^/]+/(?:View_Detail|DispForm|AllItems)\.aspx",
    ),
    article_url=(
        # publishing page inside a category folder, named <slug>-<id>
        r"^/(?:[\w-]+/)*Pages/(?!Forms/)[\w%.-]+/[\w%.-]+-[0-9a-f]{6,}\.aspx$",
        # publishing page inside a dated folder (thanhhoa.gov.vn)
        r"^/(?:[\w-]+/)*Pages/\d{4}-\d{2}-\d{2}/[\w%.-]+\.aspx$",
        # list item through the portal's detail page
        r"^/(?:[\w-]+/)*Lists/[\w%-]+/View_Detail\.aspx\?(?:[^#]*&)?ItemID=\d+$",
        r"^/(?:[\w-]+/)*Trang/ChiTietTinTuc\.aspx\?(?:[^#]*&)?nid=\d+$",
    ),
    exclude_url=(
        r"[?&]mobile=1\b",
        r"/DispForm\.aspx",
        r"[?&](?:print|isprint|printpage)=",
        r"/_layouts/",
    ),
    listing_item=(
        "div.news-list div.news-item",
        "li.dfwp-item",
    ),
    listing_date=(
        ".news-item-date",
        "span.date",
        ".dfwp-date",
    ),
    listing_next=(
        "div.news-paging a.next",
        'a[title="Trang sau"]',
        "td.ms-paging a[title=Next]",
    ),
    feeds=(),
    sitemaps=("/sitemap.xml",),
    title=(
        "#DeltaPlaceHolderMain div.article-header h1",
        "#DeltaPlaceHolderMain div.news-detail .news-title",
        "#DeltaPlaceHolderMain h1",
        "#DeltaPlaceHolderPageTitleInTitleArea",
    ),
    date_line=(
        "#DeltaPlaceHolderMain div.article-header div.date-line",
        "#DeltaPlaceHolderMain div.date-line",
        "#DeltaPlaceHolderMain div.news-detail .news-date",
    ),
    lead=(
        "#DeltaPlaceHolderMain div.article-summary",
        "#DeltaPlaceHolderMain div.news-detail .news-sapo",
    ),
    body=(
        "#DeltaPlaceHolderMain div.article-content div.ms-rtestate-field",
        "#DeltaPlaceHolderMain div.news-detail .news-content div.ms-rtestate-field",
        "#DeltaPlaceHolderMain div.news-detail .news-content",
        "#DeltaPlaceHolderMain div.article-content",
    ),
    byline=("#DeltaPlaceHolderMain div.article div.by-line",),
    captions=("#DeltaPlaceHolderMain div.captioned-image div.caption",),
    views=(),
    category=("#ctl00_PlaceHolderMain_SiteMapPath1 > a:last-of-type",),
    tags=(),
    drop=(
        "div.ms-hide",
        "menu.ms-hide",
        "span.ms-formvalidation",
    ),
    notes=(
        "Vendor page layouts differ; the rich-text field div.ms-rtestate-field and "
        "#DeltaPlaceHolderMain are SharePoint's own and survive themes."
    ),
)
