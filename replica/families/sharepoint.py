# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica renderer: a district portal on Microsoft SharePoint 2013 publishing (Chợ Mới style).

What the pages reproduce (docs/evidence.md §2.4, §4):

- every page: ``<meta name="GENERATOR" content="Microsoft SharePoint">``, the whole page inside
  ``form#aspnetForm`` with ``__VIEWSTATE`` / ``__REQUESTDIGEST``, ``_spPageContextInfo``,
  ``/_layouts/15/…`` scripts and styles, the vendor theme under ``/Style%20Library/…``,
  the ribbon ``#s4-ribbonrow`` with the "Skip Ribbon Commands" / "Skip to main content"
  links and "Sign In", ``#s4-workspace`` > ``#s4-bodyContainer``, the hidden title row
  (custom masters must keep ``PlaceHolderPageTitleInTitleArea``), the masthead marquee
  "Chào mừng đến với Cổng thông tin điện tử huyện … - tỉnh …", left and right columns of
  web parts (documents, link list, poll, the graphic "Số lượt truy cập" digit counter) and
  the footer with the licence/contact lines;
- publishing pages ``/Pages/<category-folder>/<slug>-<16hex>.aspx`` in a page layout built on
  the out-of-the-box article layout classes (``div.article-header``, ``div.date-line``
  "( Cập nhật lúc: 14/10/2020 )", ``div.captioned-image`` with the page image and its
  caption, ``div.article-content`` holding the ``PublishingPageContent`` RichHtmlField
  ``div.ms-rtestate-field`` that starts with SharePoint's zero-width space, ``div.by-line``);
- list items of the "Tuyên giáo" list shown by a vendor web part on
  ``/Lists/<list>/View_Detail.aspx?ItemID=<n>`` (as dangcongsan.org.vn/thanhuyhanoi does),
  dated "Đăng ngày 11 - 11 - 2023" (spaced dashes), body in the rich-text column's
  ``div.ms-rtestate-field`` > ``div.ExternalClass…`` (how SharePoint stores list rich text);
- duplicates: ``?Mobile=1`` (SharePoint's mobile view, announced by ``link rel=alternate``)
  and the list's own ``DispForm.aspx?ID=<n>`` item form;
- category pages ``/Pages/<category>.aspx`` paginated with ``?Page=N``; the search-engine
  ``/sitemap.xml`` and the ``robots.txt`` that names it. No RSS: the portal exposes none,
  and the day-only dates must stay day-only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from replica.families._common import (
    SiteRenderer,
    chunks,
    esc,
    first_image_src,
    hex_token,
    html_page,
    local_dt,
    numbered_pager,
    portal_sitemap,
    robots_page,
    token,
    viewstate,
    words,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

REV = "tvpaKM0ewNMvS2N9x1cjZA%3D%3D"  # SharePoint's ?rev= cache stamp on /_layouts/15 files
LCID = 1066  # Vietnamese language pack
OTHER_NEWS = 5


def guid(seed: str) -> str:
    """A GUID-shaped stable value (web part ids, list ids)."""
    h = hex_token("guid:" + seed, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# --- URLs ------------------------------------------------------------------------------------
def page_id(article: ReplicaArticle) -> str:
    """The 16-hex suffix the vendor's page-creation tool appends to each page name."""
    return hex_token(f"sp-page:{article.section}:{article.slug}", 16)


def list_name(content: ReplicaSite, section: str) -> str | None:
    """The SharePoint list behind a section whose items are list items, not pages."""
    return content.settings.get("list_sections", {}).get(section)


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    lst = list_name(content, article.section)
    if lst:
        return f"/Lists/{lst}/View_Detail.aspx?ItemID={article.id}"
    return f"/Pages/{article.section}/{article.slug}-{page_id(article)}.aspx"


def mobile_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    path = article_path(content, article)
    return path + ("&Mobile=1" if "?" in path else "?Mobile=1")


def dispform_path(content: ReplicaSite, article: ReplicaArticle) -> str | None:
    lst = list_name(content, article.section)
    return f"/Lists/{lst}/DispForm.aspx?ID={article.id}" if lst else None


def external_class(article: ReplicaArticle) -> str:
    """SharePoint wraps a list's rich-text value in ``div.ExternalClass<32 hex>``."""
    return hex_token(f"sp-external:{article.section}:{article.id}", 32).upper()


def listing_path(section: ReplicaSection, page: int) -> str:
    return f"/Pages/{section.key}.aspx" + ("" if page == 1 else f"?Page={page}")


# --- dates as the portal prints them -----------------------------------------------------------
def _day(a: ReplicaArticle) -> datetime:
    assert a.published, "the portal prints a date on every page"
    return local_dt(a.published)


def updated_line(a: ReplicaArticle) -> str:
    """Publishing layout: "( Cập nhật lúc: 14/10/2020  )" (two spaces before the bracket)."""
    return f"( Cập nhật lúc: {_day(a):%d/%m/%Y}  )"


def posted_line(a: ReplicaArticle) -> str:
    """List-item web part: "Đăng ngày 11 - 11 - 2023"."""
    d = _day(a)
    return f"Đăng ngày {d:%d} - {d:%m} - {d:%Y}"


class _Site(SiteRenderer):
    def __init__(self, content: ReplicaSite, base_url: str) -> None:
        super().__init__(content, base_url)
        self.theme = self.s.get("theme", "ChoMoi")

    # --- small helpers ---------------------------------------------------------------------
    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    def style(self, name: str) -> str:
        return f"/Style%20Library/{self.theme}/{name}"

    # --- page shell ------------------------------------------------------------------------
    def head(self, title: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns:o="urn:schemas-microsoft-com:office:office" __expr-val-dir="ltr" lang="vi-VN" dir="ltr">
<head><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
<meta name="msapplication-TileImage" content="/_layouts/15/images/SharePointMetroAppTile.png" /><meta name="msapplication-TileColor" content="#0072C6" />
<title>
\t{esc(title)}
</title>
<link rel="shortcut icon" href="/_layouts/15/images/favicon.ico?rev=23" type="image/vnd.microsoft.icon" id="favicon" />
<link rel="stylesheet" type="text/css" href="/_layouts/15/{LCID}/styles/Themable/corev15.css?rev={REV}"/>
<link rel="stylesheet" type="text/css" href="{self.style("css/bootstrap.min.css")}"/>
<link rel="stylesheet" type="text/css" href="{self.style("css/style.css")}"/>
<script type="text/javascript" src="/_layouts/15/init.js?rev={REV}"></script>
<script type="text/javascript" src="/ScriptResource.axd?d={token("sr", 40, "abcdefghijklmnopqrstuvwxyz0123456789_-")}&amp;t=ffffffffecf19baa"></script>
<script type="text/javascript" src="/_layouts/15/blank.js?rev={REV}"></script>
<script type="text/javascript" src="{self.style("js/jquery-1.11.1.min.js")}"></script>
<link type="text/xml" rel="alternate" href="/_vti_bin/spsdisco.aspx" />
{extra}</head>"""

    def form_open(self, action_path: str, seed: str) -> str:
        digest = hex_token("digest:" + seed, 128).upper()
        return f"""<body>
<div id="imgPrefetch" style="display:none">
<img src="/_layouts/15/images/spcommon.png?rev=23" />
<img src="/_layouts/15/images/favicon.ico?rev=23" />
</div>
<form method="post" action=".{esc(action_path[action_path.rfind("/") :])}" onsubmit="javascript:return WebForm_OnSubmit();" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="_wpcmWpid" id="_wpcmWpid" value="" />
<input type="hidden" name="wpcmVal" id="wpcmVal" value="" />
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="MSOTlPn_SelectedWpId" id="MSOTlPn_SelectedWpId" value="" />
<input type="hidden" name="MSOSPWebPartManager_DisplayModeName" id="MSOSPWebPartManager_DisplayModeName" value="Browse" />
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x{digest},01 Nov 2025 01:00:00 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(seed, 360)}" />
</div>
<script type="text/javascript">
//<![CDATA[
var _spPageContextInfo = {{webServerRelativeUrl: "\\u002f", webAbsoluteUrl: "{esc(self.base.rstrip("/"))}", siteAbsoluteUrl: "{esc(self.base.rstrip("/"))}", serverRequestPath: "{esc(action_path.split("?")[0])}", layoutsUrl: "_layouts\\u002f15", webTitle: "{esc(self.s["site_title"])}", webTemplate: "53", tenantAppVersion: "0", isAppWeb: false, webLogoUrl: "{esc(self.style("images/logo.png"))}", webLanguage: {LCID}, currentLanguage: {LCID}, currentUICultureName: "vi-VN", currentCultureName: "vi-VN", clientServerTimeDelta: new Date("2025-11-01T01:00:00.0000000Z") - new Date(), siteClientTag: "0$$15.0.4569.1000", crossDomainPhotosEnabled:false, webUIVersion:15, webPermMasks:{{High:16,Low:200769}}, pagePersonalizationScope:1, alertsEnabled:true, siteServerRelativeUrl: "\\u002f", allowSilverlightPrompt:'True'}};
//]]>
</script>
"""

    def ribbon(self, here: str) -> str:
        """The SharePoint chrome above the portal: ribbon row, skip links, Sign In."""
        source = quote(here, safe="")
        return f"""<div id="ms-designer-ribbon">
<div id="s4-ribbonrow" class="ms-dialogHidden">
<div id="globalNavBox" class="noindex">
<div id="ribbonBox">
<div id="s4-ribboncont">
<div class="ms-cui-ribbonTopBars"><div class="ms-cui-topBar1"></div><div class="ms-cui-topBar2"><div class="ms-cui-jewel-container" style="display:none"></div></div></div>
<span id="TurnOnAccessibility" style="display:none" class="s4-notdlg"><a id="linkTurnOnAcc" href="#" class="ms-accessible ms-acc-button" onclick="SetIsAccessibilityFeatureEnabled(true);UpdateAccessibilityUI();document.getElementById('linkTurnOffAcc').focus();return false;">Turn on more accessible mode</a></span>
<a href="javascript:;" onclick="javascript:this.href='#startNavigation';" class="ms-skip" accesskey="Y" title="Skip Ribbon Commands">Skip Ribbon Commands</a>
<a href="#mainContent" class="ms-skip" accesskey="X" title="Skip to main content">Skip to main content</a>
</div>
</div>
<span id="DeltaSPWebPartManager"></span>
</div>
<div id="ms-help"><a onmouseover="this.firstChild.firstChild.style.left='-1px'; this.firstChild.firstChild.style.top='-1px';" title="Help" href="#"></a></div>
<div class="ms-signInLink-wrap">
<a id="ctl00_IdWelcome_ExplicitLogin" class="ms-signInLink" href="/_layouts/15/Authenticate.aspx?Source={source}" style="display:inline;">Sign In</a>
</div>
</div>
</div>"""

    def masthead(self, active: str | None) -> str:
        menu = "".join(
            f'<li class="{"active" if key == active else ""}"><a href="{esc(path)}">{esc(label)}</a></li>'
            for label, path, key in (
                (m[0], m[1], m[2] if len(m) > 2 else None) for m in self.s["menu"]
            )
        )
        return f"""<div id="s4-workspace" class="ms-core-overlay">
<div id="s4-bodyContainer">
<div id="s4-titlerow" class="ms-dialogHidden s4-titlerowhidetitle" style="display:none">
<h1 id="pageTitle" class="ms-core-pageTitle"><span id="DeltaPlaceHolderPageTitleInTitleArea">{{page_title}}</span></h1>
</div>
<div class="cm-header">
<div class="cm-banner"><a href="/Pages/default.aspx"><img src="{self.style("images/banner.jpg")}" alt="banner" /></a></div>
<div class="cm-welcome"><marquee scrollamount="3" onmouseover="this.stop();" onmouseout="this.start();">{esc(self.s["welcome"])}</marquee></div>
</div>
<div class="cm-topnav">
<div id="DeltaTopNavigation" class="ms-displayInline ms-core-navigation">
<ul class="cm-menu">{menu}</ul>
</div>
<div class="cm-search"><input name="ctl00$SearchBox" type="text" title="Tìm kiếm..." class="ms-sbplain" /><a href="/_layouts/15/osssearchresults.aspx" title="Tìm kiếm"><img src="{self.style("images/search.png")}" alt="Tìm kiếm" /></a></div>
</div>"""

    def left_column(self) -> str:
        docs = "".join(
            f'<li class="dfwp-item"><div class="item"><div class="link-item">'
            f'<a href="/VanBan/{esc(code.replace("/", "-"))}.pdf" title="{esc(title)}">{esc(code)}</a>'
            f'<div class="description">{esc(title)}</div></div></div></li>'
            for code, title in self.s["documents"]
        )
        links = "".join(
            f'<option value="{esc(url)}">{esc(name)}</option>' for name, url in self.s["links"]
        )
        return f"""<div id="sideNavBox" class="ms-dialogHidden ms-forceWrap ms-noList cm-left">
<div class="ms-webpart-zone ms-fullWidth">
<div class="ms-webpart-chrome ms-webpart-chrome-vertical">
<div class="ms-webpart-chrome-title"><h2 class="ms-webpart-titleText"><nobr><span>Văn bản chỉ đạo điều hành</span></nobr></h2></div>
<div class="ms-WPBody noindex"><div class="dfwp-column dfwp-list" style="width:100%"><ul class="dfwp-list">{docs}</ul></div>
<a class="cm-more" href="/Pages/van-ban.aspx">Xem tất cả</a></div>
</div>
<div class="ms-webpart-chrome ms-webpart-chrome-vertical">
<div class="ms-webpart-chrome-title"><h2 class="ms-webpart-titleText"><nobr><span>Liên kết website</span></nobr></h2></div>
<div class="ms-WPBody noindex"><select onchange="window.open(this.value)"><option value="">-- Chọn liên kết --</option>{links}</select></div>
</div>
<div class="ms-webpart-chrome ms-webpart-chrome-vertical">
<div class="ms-WPBody noindex cm-banners">
<a href="http://dichvucong.gov.vn/"><img src="{self.style("images/dvc.jpg")}" alt="dichvucong" /></a>
<a href="/Pages/hoi-dap.aspx"><img src="{self.style("images/hoidap.jpg")}" alt="hoi dap" /></a>
</div>
</div>
</div>
</div>"""

    def right_column(self) -> str:
        poll = self.s["poll"]
        options = "".join(
            f'<tr><td><input type="radio" name="ctl00$poll" value="{i}" id="poll{i}" /></td>'
            f'<td><label for="poll{i}">{esc(o)}</label></td></tr>'
            for i, o in enumerate(poll["options"], 1)
        )
        digits = "".join(
            f'<img src="{self.style(f"images/{d}.png")}" />' for d in str(self.s["counter"])
        )
        return f"""<div class="cm-right ms-dialogHidden">
<div class="ms-webpart-zone ms-fullWidth">
<div class="ms-webpart-chrome ms-webpart-chrome-vertical">
<div class="ms-webpart-chrome-title"><h2 class="ms-webpart-titleText"><nobr><span>Thăm dò ý kiến</span></nobr></h2></div>
<div class="ms-WPBody noindex cm-poll"><div class="poll-question">{esc(poll["question"])}</div>
<table>{options}</table>
<a class="cm-button" href="javascript:__doPostBack('ctl00$ctl41$g_poll$btnVote','')">Bình chọn</a> <a class="cm-button" href="/_layouts/15/ChoMoi/PollResult.aspx">Xem kết quả</a></div>
</div>
<div class="ms-webpart-chrome ms-webpart-chrome-vertical">
<div class="ms-webpart-chrome-title"><h2 class="ms-webpart-titleText"><nobr><span>Số lượt truy cập</span></nobr></h2></div>
<div class="ms-WPBody noindex cm-counter"><div class="counter-digits">{digits}</div>
<div class="counter-online">Đang truy cập: {esc(self.s["online"])}</div></div>
</div>
</div>
</div>"""

    def footer(self) -> str:
        lines = "".join(f"<p>{esc(line)}</p>" for line in self.s["footer"])
        return f"""<div class="cm-footer ms-dialogHidden">
<div class="cm-footer-title">{esc(self.s["footer_title"])}</div>
<div class="cm-footer-info">{lines}</div>
</div>
</div>
</div>"""

    def form_close(self) -> str:
        return """<script type="text/javascript">
//<![CDATA[
var _spFormDigestRefreshInterval = 1440000;
ExecuteOrDelayUntilScriptLoaded(function(){ SP.SOD.executeFunc('sp.js', 'SP.ClientContext', null); }, 'init.js');
//]]>
</script>
</form>
<span id="DeltaPlaceHolderUtilityContent"></span>
</body>
</html>
"""

    def page(
        self,
        path: str,
        title: str,
        main: str,
        active: str | None,
        page_title: str,
        head_extra: str = "",
    ) -> Page:
        shell = self.masthead(active).replace("{page_title}", esc(page_title))
        markup = (
            self.head(f"{title} - {self.s['site_title']}", head_extra)
            + "\n"
            + self.form_open(path, path)
            + self.ribbon(path)
            + "\n"
            + shell
            + '\n<div id="contentRow" class="cm-content">\n'
            + self.left_column()
            + '\n<div id="contentBox" aria-live="polite" aria-relevant="all">\n'
            '<div id="notificationArea" class="ms-notif-box"></div>\n'
            '<div id="DeltaPageStatusBar"><div id="pageStatusBar"></div></div>\n'
            '<div id="DeltaPlaceHolderMain">\n<a id="mainContent" name="mainContent" '
            'tabindex="-1"></a>\n'
            + main
            + "\n</div>\n</div>\n"
            + self.right_column()
            + "\n</div>\n"
            + self.footer()
            + "\n"
            + self.form_close()
        )
        return html_page(markup)

    def breadcrumb(self, section: ReplicaSection | None) -> str:
        parts = ['<a href="/Pages/default.aspx">Trang chủ</a>']
        if section is not None:
            parts.append(f'<a href="{esc(listing_path(section, 1))}">{esc(section.name)}</a>')
        return (
            '<div class="cm-breadcrumb"><span id="ctl00_PlaceHolderMain_SiteMapPath1">'
            + "<span> &gt; </span>".join(parts)
            + "</span></div>"
        )

    # --- article bodies --------------------------------------------------------------------
    def rte_paragraph(self, item: dict[str, Any], word: bool) -> str:
        text = esc(item["p"])
        align = item.get("align")
        if word:
            style = "text-align:justify;text-indent:36.0pt;line-height:150%"
            if align:
                style = f"text-align:{align};line-height:150%"
            return (
                f'<p class="MsoNormal" style="{style}"><span lang="VI" style="font-size:14.0pt;'
                f'line-height:150%;font-family:&quot;Times New Roman&quot;,serif">{text}'
                "</span></p>"
            )
        if align:
            return f'<p style="text-align: {align};">{text}</p>'
        return f'<p style="text-align: justify;">{text}</p>'

    def rte_image(self, item: dict[str, Any]) -> str:
        img = (
            f'<img src="{esc(item["image"])}" alt="" '
            'style="width: 600px; height: 400px; margin: 5px;" />'
        )
        caption = item.get("caption")
        out = f'<p style="text-align: center;">{img}</p>'
        if caption:
            out += f'<p style="text-align: center;"><em>{esc(caption)}</em></p>'
        return out

    def byline_html(self, a: ReplicaArticle) -> str:
        """A byline the editor typed at the end of the rich text: right-aligned, bold."""
        printed = a.byline or a.author
        if not printed:
            return ""
        return "".join(
            f'<p style="text-align: right;"><strong>{esc(line)}</strong></p>'
            for line in printed.split("\n")
        )

    def rich_text(self, a: ReplicaArticle, items: list[dict[str, Any]], with_byline: bool) -> str:
        word = bool(a.extra.get("word_paste"))
        parts = ["&#8203;"]
        for i, item in enumerate(items):
            if "image" in item:
                parts.append(self.rte_image(item))
            else:
                parts.append(self.rte_paragraph(item, word))
                if word and i == 0:
                    parts.append('<p class="MsoNormal">&nbsp;</p>')
        if with_byline:
            parts.append(self.byline_html(a))
        return "\n".join(parts)

    def other_news(self, a: ReplicaArticle) -> str:
        others = [o for o in self.latest(a.section) if o.id != a.id][:OTHER_NEWS]
        if not others:
            return ""
        rows = "".join(
            f'<li><a href="{esc(self.path(o))}">{esc(o.title)}</a> '
            f'<span class="date">({_day(o):%d/%m/%Y})</span></li>'
            for o in others
        )
        return (
            '<div class="cm-othernews"><h3 class="ms-webpart-titleText">Các tin khác</h3>'
            f"<ul>{rows}</ul></div>"
        )

    def publishing_page(self, a: ReplicaArticle) -> Page:
        """A page of the Pages library in the portal's article layout."""
        section = self.sections[a.section]
        items = list(a.body)
        page_image = ""
        if a.extra.get("page_image") and items and "image" in items[0]:
            first = items.pop(0)
            cap = first.get("caption") or ""
            page_image = (
                '<div class="captioned-image"><div class="image">'
                f'<img alt="" src="{esc(first["image"])}" style="BORDER: 0px solid; " /></div>'
                '<div class="caption"><div id="ctl00_PlaceHolderMain_ctl01__ControlWrapper_'
                'RichHtmlField" class="ms-rtestate-field" style="display:inline">'
                f"{esc(cap)}</div></div></div>"
            )
        field = a.extra.get("byline_in") == "field"
        lead = ""
        if a.lead:
            lead = (
                '<div class="article-summary"><div id="ctl00_PlaceHolderMain_ctl02__ControlWrapper_'
                'RichHtmlField" class="ms-rtestate-field" style="display:inline" '
                f'aria-labelledby="ctl00_PlaceHolderMain_ctl02_label">{esc(a.lead)}</div></div>'
            )
        byline = ""
        if field and (a.byline or a.author):
            byline = f'<div class="by-line">{esc(a.byline or a.author)}</div>'
        path = self.path(a)
        subject = quote(a.title, safe="")
        main = f"""{self.breadcrumb(section)}
<div class="article article-cm">
<div class="article-header">
<h1 class="article-title">{esc(a.title)}</h1>
<div class="date-line">{esc(updated_line(a))}</div>
</div>
{lead}
{page_image}
<div class="article-content">
<div id="ctl00_PlaceHolderMain_ctl03__ControlWrapper_RichHtmlField" class="ms-rtestate-field" style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_ctl03_label">{self.rich_text(a, items, not field)}</div>
</div>
{byline}
<div class="cm-tools"><a href="javascript:window.print();" title="In trang">In trang</a> | <a href="mailto:?subject={subject}&amp;body={esc(quote(self.abs(path), safe=""))}" title="Gửi email">Gửi email</a> | <a href="#s4-workspace" title="Về đầu trang">Về đầu trang</a></div>
{self.other_news(a)}
</div>
<div style="display:none" id="hidZone"><menu class="ms-hide"><ie:menuitem id="MSOMenu_Help" iconsrc="/_layouts/15/images/HelpIcon.gif" onmenuclick="MSOWebPartPage_SetNewWindowLocation(MenuWebPart.getAttribute('helpLink'), MenuWebPart.getAttribute('helpMode'))" text="Help" type="option" style="display:none"></ie:menuitem></menu></div>"""
        alt = f'<link rel="alternate" media="handheld" href="{esc(mobile_path(self.c, a))}" />\n'
        return self.page(path, a.title, main, a.section, a.title, alt)

    def list_item_page(self, a: ReplicaArticle) -> Page:
        """A list item shown by the vendor's View_Detail web part."""
        section = self.sections[a.section]
        wp = guid(f"wp-detail:{a.section}").replace("-", "_")
        lead = f'<div class="news-sapo">{esc(a.lead)}</div>' if a.lead else ""
        path = self.path(a)
        main = f"""{self.breadcrumb(section)}
<div class="ms-webpart-zone ms-fullWidth">
<div id="MSOZoneCell_WebPartWPQ2" class="s4-wpcell-plain ms-webpartzone-cell ms-webpart-cell-vertical ms-fullWidth">
<div class="ms-webpart-chrome ms-webpart-chrome-vertical ms-webpart-chrome-fullWidth">
<div webpartid="{guid(f"wp:{a.section}")}" haspers="false" id="WebPartWPQ2" width="100%" class="ms-WPBody noindex" allowdelete="false" style="">
<div id="ctl00_ctl40_g_{wp}_pnlChiTiet" class="news-detail">
<h2 class="news-title">{esc(a.title)}</h2>
<div class="news-date">{esc(posted_line(a))}</div>
{lead}
<div class="news-content"><div class="ms-rtestate-field"><div class="ExternalClass{external_class(a)}">{self.rich_text(a, list(a.body), True)}</div></div></div>
<div class="news-tools"><a href="javascript:window.print();">In bài viết</a> | <a href="{esc(dispform_path(self.c, a))}" title="Xem mục danh sách">Xem mục</a></div>
{self.other_news(a)}
</div>
</div>
</div>
</div>
</div>"""
        alt = f'<link rel="alternate" media="handheld" href="{esc(mobile_path(self.c, a))}" />\n'
        return self.page(path, a.title, main, a.section, section.name, alt)

    def article(self, a: ReplicaArticle) -> Page:
        if list_name(self.c, a.section):
            return self.list_item_page(a)
        return self.publishing_page(a)

    def mobile(self, a: ReplicaArticle) -> Page:
        """SharePoint's mobile view: the same item in a bare page (a duplicate)."""
        body = "".join(f"<p>{esc(i['p'])}</p>" for i in a.body if "p" in i)
        markup = f"""<!DOCTYPE html>
<html lang="vi-VN"><head><meta name="GENERATOR" content="Microsoft SharePoint" />
<meta name="viewport" content="width=device-width" /><title>{esc(a.title)}</title>
<link rel="stylesheet" type="text/css" href="/_layouts/15/{LCID}/styles/mblrte.css?rev={REV}" /></head>
<body><form method="post" action="{esc(mobile_path(self.c, a))}" id="aspnetForm">
<div class="ms-mobile-title">{esc(a.title)}</div>
<div class="ms-mobile-body ms-rtestate-field">{body}</div>
<a href="{esc(self.path(a))}">Xem ở chế độ đầy đủ</a>
</form></body></html>
"""
        return html_page(markup)

    def dispform(self, a: ReplicaArticle) -> Page:
        """The list's standard item form (another duplicate of a list item)."""
        rows = (
            ("Tiêu đề", esc(a.title)),
            ("Nội dung", f'<div class="ms-rtestate-field">{self.rich_text(a, a.body, True)}</div>'),
            ("Ngày đăng", f"{_day(a):%d/%m/%Y}"),
        )
        table = "".join(
            f'<tr><td nowrap="true" valign="top" width="113px" class="ms-formlabel">'
            f'<span class="ms-h3 ms-standardheader">{label}</span></td>'
            f'<td valign="top" class="ms-formbody" width="350px">{value}</td></tr>'
            for label, value in rows
        )
        path = dispform_path(self.c, a) or ""
        main = (
            f'<div class="ms-formtoolbar"></div><table class="ms-formtable" style="margin-top: 8px;" '
            f'border="0" cellpadding="0" cellspacing="0" width="100%">{table}</table>'
        )
        return self.page(path, a.title, main, a.section, self.sections[a.section].name)

    # --- listings --------------------------------------------------------------------------
    def listing(self, section: ReplicaSection) -> dict[str, Page]:
        items = self.c.in_section(section.key)
        pages = chunks(items, section.per_page)
        out: dict[str, Page] = {}
        for n, chunk in enumerate(pages, 1):
            rows = []
            for a in chunk:
                img = first_image_src(a)
                thumb = (
                    f'<a class="news-img" href="{esc(self.path(a))}"><img src="{esc(img)}" '
                    'alt="" /></a>'
                    if img
                    else ""
                )
                date = posted_line(a) if list_name(self.c, section.key) else f"({_day(a):%d/%m/%Y})"
                sapo = a.lead or next((i["p"] for i in a.body if "p" in i), "")
                rows.append(
                    f'<div class="news-item">{thumb}<h3 class="news-item-title">'
                    f'<a href="{esc(self.path(a))}">{esc(a.title)}</a></h3>'
                    f'<span class="news-item-date">{esc(date)}</span>'
                    f'<p class="news-item-sapo">{esc(words(sapo, 35))}</p></div>'
                )
            pager = numbered_pager(
                n,
                len(pages),
                lambda k: listing_path(section, k),
                '<span class="current">{n}</span>',
                '<a href="{href}">{n}</a>',
                '<a class="next" href="{href}" title="Trang sau">»</a>',
            )
            wp = guid(f"wp-list:{section.key}").replace("-", "_")
            main = f"""{self.breadcrumb(section)}
<div class="ms-webpart-zone ms-fullWidth">
<div id="MSOZoneCell_WebPartWPQ2" class="s4-wpcell-plain ms-webpartzone-cell ms-webpart-cell-vertical ms-fullWidth">
<div class="ms-webpart-chrome ms-webpart-chrome-vertical ms-webpart-chrome-fullWidth">
<div class="ms-webpart-chrome-title" id="WebPartTitleWPQ2"><span title="{esc(section.name)}" class="js-webpart-titleCell"><h2 class="ms-webpart-titleText"><nobr><span>{esc(section.name)}</span></nobr></h2></span></div>
<div webpartid="{guid(f"wp-list:{section.key}")}" haspers="false" id="WebPartWPQ2" width="100%" class="ms-WPBody noindex" allowdelete="false" style="">
<div id="ctl00_ctl40_g_{wp}_pnlList" class="news-list">
{"".join(rows)}
<div class="news-paging">{" ".join(pager)}</div>
</div>
</div>
</div>
</div>
</div>"""
            path = listing_path(section, n)
            out[path] = self.page(path, section.name, main, section.key, section.name)
        return out

    def home(self) -> Page:
        blocks = []
        for section in self.c.sections:
            items = self.latest(section.key)[:4]
            rows = "".join(
                f'<li class="dfwp-item"><div class="item"><div class="link-item">'
                f'<a href="{esc(self.path(a))}" title="">{esc(a.title)}</a>'
                f'<div class="description">{esc(words(a.lead or a.paragraphs[0], 30))}</div>'
                "</div></div></li>"
                for a in items
            )
            blocks.append(
                '<div class="ms-webpart-chrome ms-webpart-chrome-vertical">'
                '<div class="ms-webpart-chrome-title"><h2 class="ms-webpart-titleText"><nobr>'
                f'<a href="{esc(listing_path(section, 1))}"><span>{esc(section.name)}</span></a>'
                "</nobr></h2></div>"
                '<div class="ms-WPBody noindex"><div class="dfwp-column dfwp-list" '
                f'style="width:100%"><ul class="dfwp-list">{rows}</ul></div></div></div>'
            )
        main = '<div class="ms-webpart-zone ms-fullWidth cm-home">' + "".join(blocks) + "</div>"
        return self.page("/Pages/default.aspx", "Trang chủ", main, None, "Trang chủ")

    # --- robots, sitemap -------------------------------------------------------------------
    def robots(self) -> Page:
        """SharePoint 2013's search-engine sitemap feature writes robots.txt with the sitemap."""
        return robots_page(
            self.abs("/sitemap.xml"),
            "/_layouts/",
            "/_vti_bin/",
            "/_catalogs/",
            "/_login/",
            "/_windows/",
        )

    def sitemap(self) -> Page:
        articles = (self.path, lambda a: f"{_day(a):%Y-%m-%d}", "monthly", "0.5")
        return portal_sitemap(
            self, "/Pages/default.aspx", "daily", lambda s: listing_path(s, 1), articles
        )

    def render(self) -> dict[str, Page]:
        home = self.home()
        pages: dict[str, Page] = {
            "/": home,
            "/Pages/default.aspx": home,
            "/robots.txt": self.robots(),
            "/sitemap.xml": self.sitemap(),
        }
        for section in self.c.sections:
            pages.update(self.listing(section))
        for a in self.c.articles:
            pages[self.path(a)] = self.article(a)
            pages[mobile_path(self.c, a)] = self.mobile(a)
            disp = dispform_path(self.c, a)
            if disp:
                pages[disp] = self.dispform(a)
        return pages


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of a SharePoint publishing-portal replica, keyed by path (with query)."""
    return _Site(content, base_url).render()
