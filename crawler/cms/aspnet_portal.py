"""Custom ASP.NET WebForms news portals (home-made CMSes of provincial offices).

docs/evidence.md §2.9 and the registry entries ``tuyengiao-travinh``, ``thanhhoa``: several
party and department sites run their own ASP.NET
portals (``tuyengiao.travinh.gov.vn`` by its seed [S 003], ``thanhhoa.dcs.vn``
``/tinhuy/KenhTin/*.aspx``, ``sxdthanhhoa.gov.vn``). There is no shared template, but
WebForms leaves the same traces everywhere, and the selectors use them:

- one ``<form>`` around the page with ``__VIEWSTATE`` / ``__EVENTVALIDATION``,
  ``WebResource.axd`` / ``ScriptResource.axd`` scripts, ``.aspx`` URLs (URL rewriting:
  ``/<cat>/<catId>/<id>/<slug>.aspx``, or ``NewsDetail.aspx?id=`` style pages);
- server-control ids that end with the control's name, prefixed by its naming
  containers: ``ctl00_ContentPlaceHolder1_ucNewsDetail_lblTitle``, ``…_lblSummary``,
  ``…_pnlContent`` (a Panel → ``div``), ``…_lblDate``, ``…_lblView``. The selectors
  match on those suffixes (``[id$="_lblTitle"]``), in English and in the Vietnamese
  names developers also use (``_lblTieuDe``, ``_lblTomTat``, ``_lblNoiDung``,
  ``_lblNgayDang``, ``_lblLuotXem``);
- pagers of "other news" blocks made of LinkButtons (``javascript:__doPostBack``), which
  no crawler can follow — listings are reached by their rewritten URLs instead.

Detection markers are deliberately weak (WebForms traces are shared by DNN and
SharePoint, which have stronger markers of their own).
"""

from crawler.cms.base import Family

FAMILY = Family(
    name="aspnet_portal",
    label="Custom ASP.NET WebForms news portal",
    markers=(r'<input type="hidden" name="__VIEWSTATE"', r'\bid="ctl00_ContentPlaceHolder1_'),
    url_markers=(r"\.aspx(?:$|\?)",),
    article_url=(
        # Rewritten: /<category alias>/<category id>/<article id>/<slug>.aspx
        r"^/[\w-]+/\d+/\d+/[\w-]+\.aspx$",
        # Query-string detail pages.
        r"/(?:NewsDetail|ChiTietTin|ChiTiet|chi-tiet|Detail|ViewNews|XemTin)\w*\.aspx\?(?:[^#]*&)?"
        r"(?:id|nid|newsid|itemid)=\d+(?:&[^#]*)?$",
    ),
    exclude_url=(
        r"/(?:Print|InTin|PrintNews|SendMail|GuiBai|SendNews)\w*\.aspx",
        r"[?&](?:print|sendmail)=",
        r"/(?:Admin|Login|DangNhap)\b",
        r"\.axd(?:$|\?)",
        r"^javascript:",
    ),
    listing_item=("div.news-list div.news-item", "div.news-item"),
    listing_date=('[id$="_lblDate"]', '[id$="_lblNgayDang"]', ".news-item .date"),
    listing_next=('a[id$="_hplNext"][href]', ".pager a.next[href]", 'a[id$="_lnkNext"][href]'),
    feeds=(),
    sitemaps=("/sitemap.xml",),
    title=('[id$="_lblTitle"]', '[id$="_lblTieuDe"]', "h1.news-title", ".news-detail h1"),
    date_line=('[id$="_lblDate"]', '[id$="_lblNgayDang"]', ".news-detail .news-date"),
    lead=('[id$="_lblSummary"]', '[id$="_lblTomTat"]', '[id$="_lblSapo"]'),
    body=(
        '[id$="_pnlContent"]',
        '[id$="_divContent"]',
        '[id$="_lblContent"]',
        '[id$="_lblNoiDung"]',
        ".news-detail .news-content",
    ),
    byline=('[id$="_lblAuthor"]', '[id$="_lblTacGia"]'),
    captions=(),
    views=('[id$="_lblView"]', '[id$="_lblViews"]', '[id$="_lblLuotXem"]'),
    category=('[id$="_hplCategory"]', '[id$="_lblCategory"]'),
    tags=('[id$="_rptTags"] a', ".news-tags a"),
    drop=(".news-tools", ".other-news", '[id$="_pnlTools"]'),
    notes=(
        "Selectors match WebForms control-id suffixes. Trà Vinh prints no date anywhere; "
        "bylines are the last body paragraph, right-aligned by style or by &nbsp; runs."
    ),
)
