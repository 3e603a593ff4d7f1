# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica renderer: a Liferay DXP/Portal 7.x site, Ban Tuyên giáo Đồng Tháp-like (``/web/btg``).

What the pages reproduce (docs/evidence.md §2.3 "Liferay 7.x"; the Đồng Tháp URLs of the ``btg-dongthap`` registry entry):

- every page: the 7.x head (``/combo?browserId=…`` and ``/o/…`` module paths,
  ``/o/js_loader_config``, ``Liferay.ThemeDisplay``, a theme under ``/o/btg-theme/``), portlets
  as ``div.portlet-boundary_com_liferay_<module>_web_portlet_<Name>Portlet_`` with ids
  ``p_p_id_…_INSTANCE_<12 chars>_`` and Clay ``autofit-row`` headers; side portlets whose title
  was never set print Liferay's default "Xuất bản thông tin" (Asset Publisher), the detail
  portlet prints "null"; the language portlet links ``/c/portal/update_language?…``; the
  footer is a journal article with the licence/contact lines; a visitor counter portlet;
- articles at ``/web/btg/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/<num>``: the
  asset publisher's ``div.asset-full-content.clearfix.mb-5 …`` with ``h4.component-title >
  span.asset-title``, ``div.asset-content > div.journal-content-article`` carrying
  ``data-analytics-asset-title``; inside it the site's FreeMarker template: a category label
  that prints "null" when the field is empty, "Đăng ngày dd-mm-YYYY HH:MM", "Lượt xem: N", the
  ``div.sapo``, the content, the byline; then "Nội dung liên quan" asset links, ratings,
  share bookmarks, and a second asset publisher "Tin cùng chuyên mục";
- listings ``/web/btg/<section>`` (asset publisher abstracts with the publish date), pages 2…
  through the portlet's ``_cur`` / ``_delta`` render parameters and the Clay pagination bar;
- duplicates: the print view (``?p_p_state=pop_up&…_viewMode=print``), the language switch
  ``/c/portal/update_language?…&languageId=en_US`` (302) and the ``/en/web/btg/…`` copy it
  lands on;
- the listing portlets' RSS subscriptions ``/web/btg/<section>/-/asset_publisher/<id>/rss``,
  ``/sitemap.xml`` (layouts only: asset publisher content has no display page, so 7.x lists
  none of it) and ``robots.txt``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote

from replica.families._common import (
    RSS_TYPE,
    XML_TYPE,
    SiteRenderer,
    byline_lines,
    chunks,
    esc,
    excerpt,
    first_image,
    html_page,
    newest_first,
    redirect_page,
    rfc822_utc,
    text_page,
    urlset,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

AP = "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
JC = "com_liferay_journal_content_web_portlet_JournalContentPortlet"
DETAIL_INSTANCE = "1mOzUrGkrdAE"
BUILD = "7413"
STAMP = "1712559612000"
PLID_DETAIL = 3045


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    """Asset publisher full content by article id on the site's detail page."""
    site = content.settings["site_path"]
    return f"{site}/chi-tiet-bai-viet/-/asset_publisher/{DETAIL_INSTANCE}/content/id/{article.id}"


def date_line(dt: datetime) -> str:
    """The template's ``dd-MM-yyyy HH:mm`` after the label (vksdanang.gov.vn shape)."""
    return f"Đăng ngày {dt:%d-%m-%Y %H:%M}"


class _Site(SiteRenderer):
    def __init__(self, content: ReplicaSite, base_url: str) -> None:
        super().__init__(content, base_url)
        self.site = self.s["site_path"]  # "/web/btg"

    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    def section_path(self, sec: ReplicaSection) -> str:
        return f"{self.site}/{sec.key}"

    def listing_path(self, sec: ReplicaSection, page: int) -> str:
        if page == 1:
            return self.section_path(sec)
        inst = self.s["list_instances"][sec.key]
        ns = f"_{AP}_INSTANCE_{inst}_"
        return (
            f"{self.section_path(sec)}?p_p_id={AP}_INSTANCE_{inst}&p_p_lifecycle=0"
            f"&p_p_state=normal&p_p_mode=view&{ns}delta={sec.per_page}"
            f"&p_r_p_resetCur=false&{ns}cur={page}"
        )

    def print_path(self, a: ReplicaArticle) -> str:
        return f"{self.path(a)}?p_p_state=pop_up&_{AP}_INSTANCE_{DETAIL_INSTANCE}_viewMode=print"

    def lang_switch(self, current: str, lang: str, plid: int) -> str:
        return (
            f"/c/portal/update_language?p_l_id={plid}&redirect={quote(current, safe='')}"
            f"&languageId={lang}"
        )

    # --- page frame ---------------------------------------------------------------------------
    def head(self, title: str, current: str, plid: int) -> str:
        s = self.s
        js_url = current.replace("/", "\\x2f").replace("-", "\\x2d")
        return f"""<!DOCTYPE html>
<html class="ltr" dir="ltr" lang="vi-VN">
<head>
<title>{esc(title)}</title>
<meta content="initial-scale=1.0, width=device-width" name="viewport" />
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<script data-senna-track="permanent" src="/combo?browserId=other&amp;minifierType=js&amp;languageId=vi_VN&amp;b={BUILD}&amp;t={STAMP}&amp;/o/frontend-js-jquery-web/jquery/jquery.min.js&amp;/o/frontend-js-jquery-web/jquery/init.js&amp;/o/frontend-js-jquery-web/jquery/ajax.js&amp;/o/frontend-js-jquery-web/jquery/bootstrap.bundle.min.js" type="text/javascript"></script>
<link data-senna-track="temporary" href="{esc(self.abs(current))}" rel="canonical" />
<link data-senna-track="temporary" href="{esc(self.abs(current))}" hreflang="vi-VN" rel="alternate" />
<link data-senna-track="temporary" href="{esc(self.abs("/en" + current))}" hreflang="en-US" rel="alternate" />
<link data-senna-track="temporary" href="{esc(self.abs(current))}" hreflang="x-default" rel="alternate" />
<meta property="og:locale" content="vi_VN">
<meta property="og:site_name" content="{esc(s["site_name"])}">
<meta property="og:title" content="{esc(title)}">
<meta property="og:type" content="website">
<meta property="og:url" content="{esc(self.abs(current))}">
<link href="/o/btg-theme/images/favicon.ico" rel="icon" />
<link class="lfr-css-file" data-senna-track="temporary" href="{esc(self.abs("/o/btg-theme/css/clay.css"))}?browserId=other&amp;themeId=btgtheme_WAR_btgtheme&amp;minifierType=css&amp;languageId=vi_VN&amp;b={BUILD}&amp;t={STAMP}" id="liferayAUICSS" rel="stylesheet" type="text/css" />
<link data-senna-track="temporary" href="/o/frontend-css-web/main.css?browserId=other&amp;themeId=btgtheme_WAR_btgtheme&amp;minifierType=css&amp;languageId=vi_VN&amp;b={BUILD}&amp;t={STAMP}" id="liferayPortalCSS" rel="stylesheet" type="text/css" />
<link data-senna-track="temporary" href="/combo?browserId=other&amp;minifierType=&amp;themeId=btgtheme_WAR_btgtheme&amp;languageId=vi_VN&amp;b={BUILD}&amp;{AP}_INSTANCE_{DETAIL_INSTANCE}:%2Fcss%2Fmain.css&amp;{JC}_INSTANCE_footer:%2Fcss%2Fmain.css&amp;t={STAMP}" id="{STAMP[:8]}" rel="stylesheet" type="text/css" />
<script data-senna-track="temporary" type="text/javascript">
// <![CDATA[
var Liferay = Liferay || {{}};
Liferay.Browser = {{acceptsGzip: function() {{return true;}}, getMajorVersion: function() {{return 131.0;}}, getRevision: function() {{return '537.36';}}}};
Liferay.Data = {{ICONS_INLINE_SVG: true, NAV_SELECTOR: '#navigation', NAV_SELECTOR_MOBILE: '#navigationCollapse', isCustomizationView: function() {{return false;}}, notices: []}};
Liferay.PortletKeys = {{DOCUMENT_LIBRARY: '{"com_liferay_document_library_web_portlet_DLPortlet"}', DYNAMIC_DATA_MAPPING: '{"com_liferay_dynamic_data_mapping_web_portlet_DDMPortlet"}', ITEM_SELECTOR: '{"com_liferay_item_selector_web_portlet_ItemSelectorPortlet"}'}};
Liferay.ThemeDisplay = {{
getLayoutId: function() {{return "{plid - 3000}";}},
getLayoutRelativeURL: function() {{return "{esc(current.split("/-/")[0])}";}},
getPathContext: function() {{return "";}},
getPathImage: function() {{return "/image";}},
getPathThemeImages: function() {{return "{esc(self.abs("/o/btg-theme/images"))}";}},
getPlid: function() {{return "{plid}";}},
getScopeGroupId: function() {{return "{s["group_id"]}";}},
getSiteGroupId: function() {{return "{s["group_id"]}";}},
getLanguageId: function() {{return "vi_VN";}},
isSignedIn: function() {{return false;}}
}};
var themeDisplay = Liferay.ThemeDisplay;
Liferay.authToken = 'k3Rz8QpA';
Liferay.currentURL = '{js_url}';
// ]]>
</script>
<script data-senna-track="temporary" src="/o/js_loader_config?t={STAMP}" type="text/javascript"></script>
<script data-senna-track="permanent" src="/combo?browserId=other&amp;minifierType=js&amp;languageId=vi_VN&amp;b={BUILD}&amp;t={STAMP}&amp;/o/frontend-js-aui-web/aui/aui/aui.js&amp;/o/frontend-js-aui-web/liferay/modules.js&amp;/o/frontend-js-web/liferay/dom_task_runner.js&amp;/o/frontend-js-web/liferay/events.js&amp;/o/frontend-js-web/liferay/global.bundle.js" type="text/javascript"></script>
<link class="lfr-css-file" data-senna-track="temporary" href="{esc(self.abs("/o/btg-theme/css/main.css"))}?browserId=other&amp;themeId=btgtheme_WAR_btgtheme&amp;minifierType=css&amp;languageId=vi_VN&amp;b={BUILD}&amp;t={STAMP}" id="liferayThemeCSS" rel="stylesheet" type="text/css" />
</head>
"""

    def portlet(self, module: str, instance: str, title: str, inner: str, cls: str) -> str:
        """A 7.x portlet: boundary div, anchor span, section with the Clay header."""
        pid = f"{module}_INSTANCE_{instance}"
        return f"""<div class="portlet-boundary portlet-boundary_{module}_  portlet-static portlet-static-end decorate {cls} " id="p_p_id_{pid}_">
<span id="p_{pid}"></span>
<section class="portlet" id="portlet_{pid}">
<div class="portlet-content">
<div class="autofit-float autofit-row portlet-header">
<div class="autofit-col autofit-col-expand"><h2 class="portlet-title-text">{esc(title)}</h2></div>
<div class="autofit-col autofit-col-end"><div class="autofit-section"></div></div>
</div>
<div class=" portlet-content-container">
<div class="portlet-body">
{inner}
</div>
</div>
</div>
</section>
</div>"""

    def side_column(self, exclude: ReplicaArticle | None = None) -> str:
        s = self.s
        latest = [a for a in newest_first(self.c) if a is not exclude][:5]
        items = "\n".join(
            f'<li class="list-group-item"><a class="asset-title" href="{esc(self.path(a))}">{esc(a.title)}</a></li>'
            for a in latest
        )
        news = self.portlet(
            AP,
            "sideTinMoi01",
            "Xuất bản thông tin",
            f'<ul class="list-group title-list">\n{items}\n</ul>',
            "portlet-asset-publisher",
        )
        links = "\n".join(
            f'<option value="{esc(href)}">{esc(label)}</option>' for label, href in s["weblinks"]
        )
        weblinks = self.portlet(
            JC,
            "lienKetWeb01",
            "Liên kết website",
            f'<div class="journal-content-article " data-analytics-asset-id="{s["group_id"]}77" data-analytics-asset-title="Liên kết website" data-analytics-asset-type="web-content"><select class="form-control" onchange="window.open(this.value)"><option value="">-- Liên kết website --</option>\n{links}\n</select></div>',
            "portlet-journal-content",
        )
        banners = "".join(
            f'<p><a href="{esc(b["href"])}" target="_blank"><img alt="{esc(b["alt"])}" src="{esc(b["src"])}" /></a></p>'
            for b in s["banners"]
        )
        banner_portlet = self.portlet(
            JC,
            "banner0000001",
            "Xuất bản thông tin",
            f'<div class="journal-content-article " data-analytics-asset-id="{s["group_id"]}78" data-analytics-asset-title="Banner" data-analytics-asset-type="web-content">{banners}</div>',
            "portlet-journal-content",
        )
        online, total = s["counter"]
        counter = self.portlet(
            "thongketruycap_WAR_thongketruycapportlet",
            "tk01",
            "Thống kê truy cập",
            f'<div class="thong-ke"><p>Trực tuyến : <span>{online}</span></p><p>Đã truy cập : <span>{total}</span></p></div>',
            "portlet-thong-ke",
        )
        return "\n".join([news, weblinks, banner_portlet, counter])

    def frame(
        self, head: str, page_title: str, current: str, plid: int, main: str, side: str
    ) -> str:
        s = self.s
        nav = [
            f'<li class="lfr-nav-item"><a href="{esc(self.site)}/trang-chu"><span>Trang chủ</span></a></li>'
        ]
        for sec in self.c.sections:
            sel = " selected active" if current.startswith(self.section_path(sec)) else ""
            nav.append(
                f'<li class="lfr-nav-item{sel}" role="presentation"><a aria-labelledby="layout_{sec.key}" href="{esc(self.section_path(sec))}" role="menuitem"><span>{esc(sec.name)}</span></a></li>'
            )
        for label, href in s["menu_extra"]:
            nav.append(
                f'<li class="lfr-nav-item" role="presentation"><a href="{esc(href)}" role="menuitem"><span>{esc(label)}</span></a></li>'
            )
        langs = (
            f'<a class="language-entry-short-text" href="{esc(self.lang_switch(current, "vi_VN", plid))}" lang="vi-VN">vi</a> '
            f'<a class="language-entry-short-text" href="{esc(self.lang_switch(current, "en_US", plid))}" lang="en-US">en</a>'
        )
        footer = "".join(f"<p>{esc(line)}</p>" for line in s["footer_lines"])
        return f"""{head}<body class="chrome controls-visible  yui3-skin-sam guest-site signed-out public-page site">
<nav aria-label="Liên kết nhanh" class="quick-access-nav" id="k3Rz_quickAccessNav"><h1 class="hide-accessible">Điều hướng</h1><ul><li><a href="#main-content">Nhảy tới nội dung chính</a></li></ul></nav>
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner">
<div id="heading">
<div class="site-title"><a class="logo custom-logo" href="{esc(self.site)}/trang-chu" title="Đi tới {esc(s["site_name"])}"><img alt="" height="90" src="/image/layout_set_logo?img_id={s["group_id"]}5&amp;t={STAMP}" width="90" /></a>
<span class="site-name" title="Đi tới {esc(s["site_name"])}">{esc(s["masthead"])}</span></div>
<div class="language-portlet">{langs}</div>
</div>
<nav class="sort-pages modify-pages" id="navigation" role="navigation">
<h1 class="hide-accessible">Điều hướng</h1>
<ul aria-label="Trang Site" role="menubar">
{chr(10).join(nav)}
</ul>
</nav>
</header>
<section id="content">
<h2 class="hide-accessible" role="heading" aria-level="1">{esc(page_title)}</h2>
<div class="columns-2" id="main-content" role="main">
<div class="portlet-layout row">
<div class="col-md-8 portlet-column portlet-column-first" id="column-1">
<div class="portlet-dropzone portlet-column-content portlet-column-content-first" id="layout-column_column-1">
{main}
</div>
</div>
<div class="col-md-4 portlet-column portlet-column-last" id="column-2">
<div class="portlet-dropzone portlet-column-content portlet-column-content-last" id="layout-column_column-2">
{side}
</div>
</div>
</div>
</div>
</section>
<footer id="footer" role="contentinfo">
<div class="journal-content-article " data-analytics-asset-id="{s["group_id"]}99" data-analytics-asset-title="Footer" data-analytics-asset-type="web-content">
<p><strong>{esc(s["footer_title"])}</strong></p>
{footer}
</div>
</footer>
</div>
<script type="text/javascript">
// <![CDATA[
AUI().use('liferay-menu', 'liferay-notice', 'liferay-poller', function(A) {{(function() {{Liferay.Util.addInputType(); Liferay.Portlet.runtimePortletIds = ["{JC}_INSTANCE_footer"];}})();}});
// ]]>
</script>
</body>
</html>
"""

    # --- the web content template -------------------------------------------------------------
    def template_output(self, a: ReplicaArticle) -> str:
        """The site's FreeMarker template: category label ("null" when empty), date and
        views, sapo, content (CKEditor), byline paragraph."""
        parts = [
            '<div class="chi-tiet-tin">',
            f'<div class="chuyen-muc">{esc(a.extra.get("category_label") or "null")}</div>',
            f'<div class="thong-tin"><span class="ngay-dang">{date_line(self.pub(a))}</span> | '
            f'<span class="luot-xem">Lượt xem: {a.views}</span></div>',
        ]
        if a.lead:
            parts.append(f'<div class="sapo"><strong>{esc(a.lead)}</strong></div>')
        parts.append('<div class="noi-dung">')
        for item in a.body:
            if "p" in item:
                align = item.get("align", "justify")
                parts.append(f'<p style="text-align: {align};">{esc(item["p"])}</p>')
            elif "image" in item:
                src = esc(item["image"])
                cap = item.get("caption")
                if cap and a.extra.get("figure_captions"):
                    parts.append(
                        f'<figure class="image"><img alt="" src="{src}" width="700" />'
                        f"<figcaption>{esc(cap)}</figcaption></figure>"
                    )
                else:
                    parts.append(
                        f'<p style="text-align: center;"><img alt="" src="{src}" width="700" /></p>'
                    )
                    if cap:
                        parts.append(f'<p style="text-align: center;"><em>{esc(cap)}</em></p>')
        lines = byline_lines(a)
        if lines:
            tail = "".join(f"<br />\n{esc(line)}" for line in lines[1:])
            parts.append(
                f'<p style="text-align: right;"><strong>{esc(lines[0])}</strong>{tail}</p>'
            )
        parts.append("</div>")
        parts.append("</div>")
        return "\n".join(parts)

    def detail(self, a: ReplicaArticle, lang_prefix: str = "") -> Page:
        sec = self.sections[a.section]
        current = lang_prefix + self.path(a)
        entry = a.id - 7
        related = [r for r in self.c.in_section(a.section) if r is not a][:2]
        links = "\n".join(
            f'<li class="asset-links-list-item"><a class="asset-title" href="{esc(self.path(r))}">{esc(r.title)}</a></li>'
            for r in related
        )
        full = f"""<div class="asset-full-content clearfix mb-5 default-asset-publisher show-asset-title " data-fragments-editor-item-id="20109-{a.id}" data-fragments-editor-item-type="fragments-editor-mapped-item">
<div class="align-items-center d-flex mb-2">
<h4 class="component-title"><span class="asset-title d-inline">{esc(a.title)}</span></h4>
<div class="d-inline-flex"><a class="lfr-icon-item taglib-icon" href="{esc(self.print_path(a))}" onclick="window.open(this.href, 'print', 'width=800');return false;" title="In"><span class="taglib-icon-label">In</span></a></div>
</div>
<span class="asset-anchor lfr-asset-anchor" id="{entry}"></span>
<div class="asset-content mb-3">
<div class="journal-content-article " data-analytics-asset-id="{a.id - 5}" data-analytics-asset-title="{esc(a.title)}" data-analytics-asset-type="web-content">
{self.template_output(a)}
</div>
</div>
<div class="asset-links mb-4">
<h4 class="component-title">Nội dung liên quan</h4>
<ul class="list-unstyled">
{links}
</ul>
</div>
<div class="separator"><!-- --></div>
<div class="asset-ratings mb-4"><div class="taglib-ratings stars"><span class="rating-label">Đánh giá trung bình (0 Phiếu)</span></div></div>
<div class="asset-social-bookmarks mb-4"><div class="taglib-social-bookmarks"><span class="social-bookmarks-label">Chia sẻ:</span> <a class="social-bookmark" href="https://www.facebook.com/sharer/sharer.php?u={esc(self.abs(self.path(a)))}" title="Facebook">Facebook</a> <a class="social-bookmark" href="https://twitter.com/intent/tweet?url={esc(self.abs(self.path(a)))}" title="Twitter">Twitter</a></div></div>
</div>"""
        detail = self.portlet(AP, DETAIL_INSTANCE, "null", full, "portlet-asset-publisher")
        same = [r for r in self.c.in_section(a.section) if r is not a][:5]
        same_items = "\n".join(
            f'<li class="list-group-item"><a class="asset-title" href="{esc(self.path(r))}">{esc(r.title)}</a> <span class="metadata-publish-date">({self.pub(r):%d/%m/%Y})</span></li>'
            for r in same
        )
        others = self.portlet(
            AP,
            self.s["list_instances"][sec.key][::-1],
            "Tin cùng chuyên mục",
            f'<ul class="list-group title-list">\n{same_items}\n</ul>',
            "portlet-asset-publisher",
        )
        head = self.head(f"Chi tiết bài viết - {self.s['site_name']}", current, PLID_DETAIL)
        return html_page(
            self.frame(
                head,
                "Chi tiết bài viết",
                current,
                PLID_DETAIL,
                detail + "\n" + others,
                self.side_column(a),
            )
        )

    def print_view(self, a: ReplicaArticle) -> Page:
        """``p_p_state=pop_up`` with ``viewMode=print``: the asset alone, with the print button."""
        head = self.head(a.title, self.path(a), PLID_DETAIL)
        return html_page(
            f"""{head}<body class="portal-popup">
<div class="columns-max" id="main-content" role="main">
<div class="asset-full-content clearfix mb-5 default-asset-publisher show-asset-title ">
<div class="mb-2"><h4 class="component-title"><span class="asset-title d-inline">{esc(a.title)}</span></h4></div>
<div class="asset-content mb-3">
<div class="journal-content-article " data-analytics-asset-id="{a.id - 5}" data-analytics-asset-title="{esc(a.title)}" data-analytics-asset-type="web-content">
{self.template_output(a)}
</div>
</div>
<div class="print-action"><a href="javascript:print();">In trang này</a></div>
</div>
</div>
</body>
</html>
"""
        )

    # --- listings -----------------------------------------------------------------------------
    def abstract(self, a: ReplicaArticle) -> str:
        img = first_image(a)
        thumb = (
            f'<div class="asset-small-image"><img alt="" class="asset-small-image img-thumbnail" src="{esc(img["image"])}?imageThumbnail=1" width="150" /></div>'
            if img
            else ""
        )
        return f"""<div class="asset-abstract default-asset-publisher" data-fragments-editor-item-id="20109-{a.id}" data-fragments-editor-item-type="fragments-editor-mapped-item">
<div class="mb-2"><h4 class="component-title"><a class="asset-title" href="{esc(self.path(a))}">{esc(a.title)}</a></h4></div>
{thumb}
<div class="asset-content">
<div class="asset-summary">{esc(excerpt(a, 40))}</div>
<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">{self.pub(a):%d/%m/%Y %H:%M}</span> <span class="metadata-entry metadata-view-count">{a.views} Lượt xem</span></div>
<div class="asset-more"><a href="{esc(self.path(a))}">Xem thêm <span class="hide-accessible">về {esc(a.title)}</span></a></div>
</div>
</div>"""

    def pagination(self, sec: ReplicaSection, page: int, pages: int, total: int) -> str:
        if pages <= 1:
            return ""
        start = (page - 1) * sec.per_page + 1
        end = min(total, page * sec.per_page)
        lis = []
        if page > 1:
            lis.append(
                f'<li class="page-item"><a class="page-link" href="{esc(self.listing_path(sec, page - 1))}"><span class="sr-only">Trang trước</span>&lsaquo;</a></li>'
            )
        else:
            lis.append(
                '<li class="page-item disabled"><a class="page-link" href="javascript:;" tabindex="-1"><span class="sr-only">Trang trước</span>&lsaquo;</a></li>'
            )
        for n in range(1, pages + 1):
            cls = "page-item active" if n == page else "page-item"
            lis.append(
                f'<li class="{cls}"><a class="page-link" href="{esc(self.listing_path(sec, n))}">{n}</a></li>'
            )
        if page < pages:
            lis.append(
                f'<li class="page-item"><a class="page-link" href="{esc(self.listing_path(sec, page + 1))}"><span class="sr-only">Trang tiếp</span>&rsaquo;</a></li>'
            )
        else:
            lis.append(
                '<li class="page-item disabled"><a class="page-link" href="javascript:;" tabindex="-1"><span class="sr-only">Trang tiếp</span>&rsaquo;</a></li>'
            )
        return f"""<div class="pagination-bar">
<div class="pagination-results">Hiển thị {start} - {end} trong {total} kết quả.</div>
<ul class="pagination">
{chr(10).join(lis)}
</ul>
</div>"""

    def listing(self, sec: ReplicaSection, plid: int) -> dict[str, Page]:
        items = self.c.in_section(sec.key)
        paged = chunks(items, sec.per_page)
        out: dict[str, Page] = {}
        for page, chunk in enumerate(paged, start=1):
            path = self.listing_path(sec, page)
            inner = (
                "\n".join(self.abstract(a) for a in chunk)
                + "\n"
                + self.pagination(sec, page, len(paged), len(items))
            )
            main = self.portlet(
                AP, self.s["list_instances"][sec.key], sec.name, inner, "portlet-asset-publisher"
            )
            head = self.head(f"{sec.name} - {self.s['site_name']}", self.section_path(sec), plid)
            head = head.replace(
                "</head>",
                f'<link href="{esc(self.abs(self.rss_path(sec)))}" rel="alternate" title="RSS" '
                'type="application/rss+xml" />\n</head>',
            )
            out[path] = html_page(
                self.frame(head, sec.name, self.section_path(sec), plid, main, self.side_column())
            )
        return out

    def home(self) -> Page:
        blocks = []
        for sec in self.c.sections:
            rows = self.c.in_section(sec.key)[:3]
            inner = "\n".join(self.abstract(a) for a in rows)
            blocks.append(
                self.portlet(AP, f"home{sec.key[:8]}", sec.name, inner, "portlet-asset-publisher")
            )
        current = f"{self.site}/trang-chu"
        head = self.head(f"Trang chủ - {self.s['site_name']}", current, 3001)
        return html_page(
            self.frame(head, "Trang chủ", current, 3001, "\n".join(blocks), self.side_column())
        )

    def rss_path(self, sec: ReplicaSection) -> str:
        return f"{self.section_path(sec)}/-/asset_publisher/{self.s['list_instances'][sec.key]}/rss"

    def rss(self, sec: ReplicaSection) -> Page:
        """The asset publisher's RSS subscription (ROME RSS 2.0 with ``dc:`` dates, GMT)."""
        items = "\n".join(
            f"""<item>
<title>{esc(a.title)}</title>
<link>{esc(self.abs(self.path(a)))}</link>
<description>{esc(excerpt(a, 40))}</description>
<pubDate>{rfc822_utc(self.pub(a), "GMT")}</pubDate>
<guid>{esc(self.abs(self.path(a)))}</guid>
<dc:creator>{esc(self.s["publisher_user"])}</dc:creator>
<dc:date>{self.pub(a) - timedelta(hours=7):%Y-%m-%dT%H:%M:%S}Z</dc:date>
</item>"""
            for a in self.c.in_section(sec.key)
        )
        return xml_page(
            f"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
<channel>
<title>{esc(sec.name)}</title>
<link>{esc(self.abs(self.section_path(sec)))}</link>
<description>{esc(sec.name)}</description>
{items}
</channel>
</rss>
""",
            RSS_TYPE,
        )

    def sitemap(self) -> Page:
        layouts = [f"{self.site}/trang-chu"] + [self.section_path(s) for s in self.c.sections]
        layouts.append(f"{self.site}/chi-tiet-bai-viet")
        return xml_page(urlset((self.abs(p), None, "daily", "0.5") for p in layouts), XML_TYPE)

    def robots(self) -> Page:
        return text_page(f"User-Agent: *\nDisallow:\nSitemap: {self.abs('/sitemap.xml')}\n")

    def render(self) -> dict[str, Page]:
        home = self.home()
        pages: dict[str, Page] = {
            "/": home,
            self.site: home,
            f"{self.site}/trang-chu": home,
            "/robots.txt": self.robots(),
            "/sitemap.xml": self.sitemap(),
        }
        for n, sec in enumerate(self.c.sections):
            plid = 3010 + n
            listing = self.listing(sec, plid)
            pages.update(listing)
            # The English copy of the section's first page, where its language switch leads.
            pages["/en" + self.section_path(sec)] = listing[self.section_path(sec)]
            pages[self.rss_path(sec)] = self.rss(sec)
            for lang in ("vi_VN", "en_US"):
                target = ("/en" if lang == "en_US" else "") + self.section_path(sec)
                pages[self.lang_switch(self.section_path(sec), lang, plid)] = redirect_page(
                    self.abs(target)
                )
        for a in self.c.articles:
            path = self.path(a)
            pages[path] = self.detail(a)
            pages["/en" + path] = self.detail(a, lang_prefix="/en")
            pages[self.print_path(a)] = self.print_view(a)
            for lang in ("vi_VN", "en_US"):
                target = ("/en" if lang == "en_US" else "") + path
                pages[self.lang_switch(path, lang, PLID_DETAIL)] = redirect_page(self.abs(target))
        return pages


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of a Liferay 7 replica site, keyed by path (with query where there is one)."""
    return _Site(content, base_url).render()
