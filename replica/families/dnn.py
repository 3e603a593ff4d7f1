# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica of a DotNetNuke portal with a news-articles module (docs/evidence.md §2.5).

The propaganda board of the Party Committee of the Central Agencies [S 001] as a DNN
6/7 site: one ASP.NET WebForms page (``form#Form``, ``__VIEWSTATE``, ``WebResource.axd``)
laid out by a skin in panes (``dnn_LeftPane``, ``dnn_ContentPane``, ``dnn_RightPane``);
each module sits in a container and is wrapped in ``<!-- Start_Module_N -->`` +
``div#dnn_ctrN_ModuleContent.DNNModuleContent.Mod<Module>C``. HTML modules
(``ModDNNHTMLC``, text in ``div#dnn_ctrN_HtmlModule_lblContent.Normal``) fill the side
panes; the news module is the DnnForge/Ventrian "NewsArticles" module
(``ModDnnForgeNewsArticlesC``, assets under ``/DesktopModules/DnnForge - NewsArticles/``),
rendered through this site's own templates.

URLs (DNN friendly URLs, "tab path" + ``/tabid/N/``; news module parameters as path pairs):

- listing: ``/tin-tuc/tabid/61/default.aspx``, then ``/tin-tuc/tabid/61/currentpage/2/default.aspx``;
- article: ``/tin-tuc/tabid/61/articleType/ArticleView/articleId/2961/<slug>.aspx``;
- print duplicate: ``/DesktopModules/DnnForge%20-%20NewsArticles/Print.aspx?tabid=61&…&articleId=2961…``;
- RSS per module: ``/DesktopModules/DnnForge%20-%20NewsArticles/Rss.aspx?TabID=61&ModuleID=477``;
- DNN's sitemap ``/SiteMap.aspx`` (tabs + articles), ``/robots.txt`` in DNN's style.

Dates: the template prints the publish *day* and the view count, "15/06/2020 | 362"
[S 001]; the skin prints the render date in the masthead ("Thứ Tư, 05/08/2020"); the
"Các bài viết khác" block prints dates relative to the render time ("7 ngày trước") —
the render date is fixed in the content settings, so pages are deterministic. The RSS
``pubDate`` is the publish day at 00:00 formatted with .NET's ``"r"`` pattern, which
labels local time "GMT" without converting it: only its day is true.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from replica.families._common import (
    absolute,
    body_html,
    chunks,
    dmy,
    esc,
    first_image_src,
    html_page,
    local_dt,
    rfc822,
    rss,
    summary,
    text_page,
    token,
    urlset,
    viewstate,
    weekday_vi,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSite
from replica.server import Page


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------
def _tab(content: ReplicaSite, section: str) -> dict:
    return content.settings["tabs"][section]


def _folder(content: ReplicaSite) -> str:
    return "/DesktopModules/" + quote(
        content.settings.get("news_folder", "DnnForge - NewsArticles")
    )


def listing_path(content: ReplicaSite, section: str, page: int = 1) -> str:
    tabid = _tab(content, section)["tabid"]
    if page == 1:
        return f"/{section}/tabid/{tabid}/default.aspx"
    return f"/{section}/tabid/{tabid}/currentpage/{page}/default.aspx"


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    tabid = _tab(content, article.section)["tabid"]
    return (
        f"/{article.section}/tabid/{tabid}/articleType/ArticleView/articleId/{article.id}/"
        f"{article.slug}.aspx"
    )


def print_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    tab = _tab(content, article.section)
    return (
        f"{_folder(content)}/Print.aspx?tabid={tab['tabid']}&tabmoduleid={tab['tabmodule']}"
        f"&articleId={article.id}&moduleId={tab['module']}&PortalID=0"
    )


def rss_path(content: ReplicaSite, section: str) -> str:
    tab = _tab(content, section)
    return f"{_folder(content)}/Rss.aspx?TabID={tab['tabid']}&ModuleID={tab['module']}"


def page_path(page: dict) -> str:
    return f"/{page['key']}/tabid/{page['tabid']}/default.aspx"


def _home_tab(content: ReplicaSite) -> int:
    return int(content.settings.get("home_tabid", 36))


def login_path(content: ReplicaSite) -> str:
    return f"/trang-chu/tabid/{_home_tab(content)}/ctl/Login/default.aspx?returnurl=%2f"


def register_path(content: ReplicaSite) -> str:
    return f"/trang-chu/tabid/{_home_tab(content)}/ctl/Register/default.aspx?returnurl=%2f"


# --------------------------------------------------------------------------------------------
# Skin and containers
# --------------------------------------------------------------------------------------------
def _render_date(content: ReplicaSite) -> date:
    return date.fromisoformat(content.settings["render_date"])


def relative_vi(published: str, now: date) -> str:
    """ "7 ngày trước", "1 tháng trước" [S 001]: whole days, then 30-day months, then years."""
    days = (now - local_dt(published).date()).days
    if days <= 0:
        return "Hôm nay"
    if days < 30:
        return f"{days} ngày trước"
    if days < 365:
        return f"{days // 30} tháng trước"
    return f"{days // 365} năm trước"


def _container(
    module_id: int, title: str, inner: str, module_class: str, friendly: str = "DNN_HTML"
) -> str:
    """A module in its container, the way DNN 6/7 wraps every module."""
    return f"""<div class="DnnModule DnnModule-{friendly} DnnModule-{module_id}"><a name="{module_id}"></a>
<div class="c_container">
<div class="c_head"><h2 class="c_title"><span id="dnn_ctr{module_id}_dnnTITLE_titleLabel" class="TitleHead">{esc(title)}</span></h2></div>
<div id="dnn_ctr{module_id}_ContentPane" class="c_content"><!-- Start_Module_{module_id} --><div id="dnn_ctr{module_id}_ModuleContent" class="DNNModuleContent {module_class}">
{inner}
</div><!-- End_Module_{module_id} --></div>
</div>
</div>"""


def _html_module(module_id: int, title: str, inner_html: str) -> str:
    return _container(
        module_id,
        title,
        f'<div id="dnn_ctr{module_id}_HtmlModule_lblContent" class="Normal">\n{inner_html}\n</div>',
        "ModDNNHTMLC",
    )


def _news_module(content: ReplicaSite, section: str, title: str, inner: str) -> str:
    tab = _tab(content, section)
    return _container(
        tab["module"],
        title,
        f'<div class="NewsArticles">\n{inner}\n</div>',
        content.settings.get("news_module_class", "ModDnnForgeNewsArticlesC"),
        friendly="DnnForge-NewsArticles",
    )


def _menu(content: ReplicaSite, current: str | None) -> str:
    items = [("trang-chu", "Trang chủ", "/")]
    pages = {p["key"]: p for p in content.settings.get("pages", [])}
    if "gioi-thieu" in pages:
        items.append(("gioi-thieu", "Giới thiệu", page_path(pages["gioi-thieu"])))
    for sec in content.sections:
        items.append((sec.key, sec.name, listing_path(content, sec.key)))
    if "lien-he" in pages:
        items.append(("lien-he", "Liên hệ", page_path(pages["lien-he"])))
    out = []
    for i, (key, name, href) in enumerate(items):
        cls = ["item"]
        if i == 0:
            cls.append("first")
        if i == len(items) - 1:
            cls.append("last")
        if key == current:
            cls.append("selected")
        out.append(
            f'<li class="{" ".join(cls)}"><a href="{esc(href)}"><span>{esc(name)}</span></a></li>'
        )
    return '<ul class="topLevel">\n' + "\n".join(out) + "\n</ul>"


def _left_pane(content: ReplicaSite) -> str:
    s = content.settings
    docs = "\n".join(
        f'<li><a href="/Portals/0/VanBan/{esc(quote(fname))}" target="_blank">{esc(name)}</a></li>'
        for name, fname in s.get("documents", [])
    )
    links = "\n".join(
        f'<option value="{esc(url)}">{esc(name)}</option>' for name, url in s.get("links", [])
    )
    return "\n".join(
        [
            _html_module(480, "Văn bản mới", f'<ul class="doc-list">\n{docs}\n</ul>'),
            _html_module(
                481,
                "Liên kết website",
                '<select onchange="if(this.value) window.open(this.value);">'
                f'<option value="">--- Chọn liên kết ---</option>\n{links}\n</select>',
            ),
        ]
    )


def _right_pane(content: ReplicaSite) -> str:
    return "\n".join(
        [
            _html_module(
                482,
                "Chuyên đề",
                '<p><a href="/nghien-cuu-trao-doi/tabid/62/default.aspx"><img alt="Học tập và làm theo '
                'tư tưởng, đạo đức, phong cách Hồ Chí Minh" src="/Portals/0/Images/Banner/hoc-tap-lam-theo-bac.jpg" /></a></p>'
                '<p><a href="https://dangcongsan.vn" target="_blank"><img alt="Bảo vệ nền tảng tư tưởng '
                'của Đảng" src="/Portals/0/Images/Banner/bao-ve-nen-tang.jpg" /></a></p>',
            ),
        ]
    )


def _footer(content: ReplicaSite) -> str:
    lines = content.settings["footer"]
    inner = "\n".join(
        f"<p><strong>{esc(line)}</strong></p>" if i == 0 else f"<p>{esc(line)}</p>"
        for i, line in enumerate(lines)
    )
    return _html_module(490, "", inner)


def _page(
    content: ReplicaSite,
    base_url: str,
    *,
    path: str,
    title: str,
    current: str | None,
    crumb: list[tuple[str, str]],
    content_pane: str,
    head_extra: str = "",
    description: str = "",
) -> str:
    s = content.settings
    cdv = s.get("cdv", 41)
    skin = s.get("skin", "Default")
    today = _render_date(content)
    crumbs = " &gt; ".join(f'<a href="{esc(h)}" class="Breadcrumb">{esc(n)}</a>' for n, h in crumb)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head">
<!--*********************************************-->
<!-- DNN Platform - http://www.dnnsoftware.com   -->
<!-- Copyright (c) 2002-2014, by DNN Corporation -->
<!--*********************************************-->
<meta content="text/html; charset=UTF-8" http-equiv="Content-Type" /><meta content="text/javascript" http-equiv="Content-Script-Type" /><meta content="text/css" http-equiv="Content-Style-Type" />
<meta id="MetaDescription" name="DESCRIPTION" content="{esc(description or s["portal_title"])}" />
<meta id="MetaKeywords" name="KEYWORDS" content="tuyên giáo, Đảng ủy Khối, cơ quan Trung ương, DotNetNuke,DNN" />
<meta id="MetaCopyright" name="COPYRIGHT" content="{esc(s["copyright"])}" />
<meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " />
<meta id="MetaAuthor" name="AUTHOR" content="{esc(s["portal_title"])}" />
<meta name="RESOURCE-TYPE" content="DOCUMENT" /><meta name="DISTRIBUTION" content="GLOBAL" /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" /><meta name="REVISIT-AFTER" content="1 DAYS" /><meta name="RATING" content="GENERAL" /><meta http-equiv="PAGE-ENTER" content="RevealTrans(Duration=0,Transition=1)" />
<style id="StylePlaceholder" type="text/css"></style>
<link href="/Portals/_default/default.css?cdv={cdv}" type="text/css" rel="stylesheet"/>
<link href="{_folder(content)}/module.css?cdv={cdv}" type="text/css" rel="stylesheet"/>
<link href="/Portals/0/Skins/{skin}/skin.css?cdv={cdv}" type="text/css" rel="stylesheet"/>
<link href="/Portals/0/Containers/{skin}/container.css?cdv={cdv}" type="text/css" rel="stylesheet"/>
<link href="/Portals/0/portal.css?cdv={cdv}" type="text/css" rel="stylesheet"/>
<script src="/Resources/libraries/jQuery/01_09_01/jquery.js?cdv={cdv}" type="text/javascript"></script>
<script src="/Resources/libraries/jQuery-UI/01_10_03/jquery-ui.js?cdv={cdv}" type="text/javascript"></script>
{head_extra}<title>
	{esc(title)}
</title>
<link rel="SHORTCUT ICON" href="/Portals/0/favicon.ico?ver=2016-03-21-142512-000" type="image/x-icon" />
</head>
<body id="Body">
<form method="post" action="{esc(path)}" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(path)}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['Form'];
if (!theForm) {{ theForm = document.Form; }}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }}
}}
//]]>
</script>
<script src="/WebResource.axd?d={token("wr" + path, 86)}&amp;t=635589273580000000" type="text/javascript"></script>
<div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{token("ev" + path, 64)}" />
</div>
<script src="/js/dnn.js?cdv={cdv}" type="text/javascript"></script><script src="/js/dnn.modalpopup.js?cdv={cdv}" type="text/javascript"></script><script src="/js/dnncore.js?cdv={cdv}" type="text/javascript"></script>
<div id="dnn_wrapper">
<div id="topbar">
<span id="dnn_dnnCURRENTDATE_lblDate" class="DateToken">{weekday_vi(today)}, {today:%d/%m/%Y}</span>
<div class="user-links">
<a id="dnn_dnnUSER_registerLink" title="Đăng ký" class="SkinObject" rel="nofollow" href="{esc(register_path(content))}">Đăng ký</a> |
<a id="dnn_dnnLOGIN_loginLink" title="Đăng nhập" class="SkinObject" rel="nofollow" href="{esc(login_path(content))}">Đăng nhập</a>
</div>
</div>
<div id="header">
<a id="dnn_dnnLOGO_hypLogo" title="{esc(s["portal_title"])}" href="/"><img id="dnn_dnnLOGO_imgLogo" src="/Portals/0/Images/banner-btg-duk.jpg" alt="{esc(s["portal_title"])}" style="border-width:0px;" /></a>
<div class="masthead">{esc(s["masthead"])}</div>
</div>
<div id="menu">
<div id="dnn_dnnMENU_RadMenu1">
{_menu(content, current)}
</div>
</div>
<div id="breadcrumb">Bạn đang ở: <span id="dnn_dnnBREADCRUMB_lblBreadCrumb">{crumbs}</span></div>
<div id="main">
<div id="dnn_LeftPane" class="leftpane">
{_left_pane(content)}
</div>
<div id="dnn_ContentPane" class="contentpane">
{content_pane}
</div>
<div id="dnn_RightPane" class="rightpane">
{_right_pane(content)}
</div>
</div>
<div id="footer">
<div id="dnn_FooterPane" class="footerpane">
{_footer(content)}
</div>
<div class="copyright">
<span id="dnn_dnnCOPYRIGHT_lblCopyright" class="SkinObject">{esc(s["copyright"])}</span>
<a id="dnn_dnnTERMS_hypTerms" class="SkinObject" rel="nofollow" href="/trang-chu/tabid/{_home_tab(content)}/ctl/Terms/default.aspx">Điều khoản sử dụng</a>
<a id="dnn_dnnPRIVACY_hypPrivacy" class="SkinObject" rel="nofollow" href="/trang-chu/tabid/{_home_tab(content)}/ctl/Privacy/default.aspx">Chính sách bảo mật</a>
</div>
</div>
</div>
<input name="ScrollTop" type="hidden" id="ScrollTop" />
<input name="__dnnVariable" type="hidden" id="__dnnVariable" autocomplete="off" value="`{{`__scdoff`:`1`}}" />
</form>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# News module views
# --------------------------------------------------------------------------------------------
def _thumb(content: ReplicaSite, a: ReplicaArticle) -> str:
    img = first_image_src(a)
    if img:
        return img
    return f"/Portals/0/NewsArticles/thumbs/{a.id}.jpg"


def _info(a: ReplicaArticle) -> str:
    """ "15/06/2020 | 362" [S 001]: publish day and view count."""
    date_html = f'<span class="articleDate">{dmy(a.published)}</span>' if a.published else ""
    views = f'<span class="articleViews">{a.views}</span>' if a.views is not None else ""
    sep = " | " if date_html and views else ""
    return f'<div class="articleInfo">{date_html}{sep}{views}</div>'


def _others(content: ReplicaSite, a: ReplicaArticle) -> str:
    """ "Các bài viết khác": the newest articles but this one, dated relative to the render."""
    s = content.settings
    now = _render_date(content)
    featured_n, list_n = int(s.get("others_featured", 4)), int(s.get("others_list", 10))
    newest = sorted(content.articles, key=lambda o: (o.published or "", o.id), reverse=True)
    others = [o for o in newest if o.id != a.id][: featured_n + list_n]
    featured = "\n".join(
        f'<div class="otherItem">\n'
        f'<a href="{esc(article_path(content, o))}" class="otherImage"><img src="{esc(_thumb(content, o))}" alt="{esc(o.title)}" /></a>\n'
        f'<a href="{esc(article_path(content, o))}" class="otherTitle">{esc(o.title)}</a><br />\n'
        f'<span class="otherTime">{relative_vi(o.published, now) if o.published else ""}</span>\n</div>'
        for o in others[:featured_n]
    )
    bullets = "\n".join(
        f'<li><span class="dot">•</span> <a href="{esc(article_path(content, o))}">{esc(o.title)}</a> '
        f'<span class="otherTime">({relative_vi(o.published, now) if o.published else ""})</span></li>'
        for o in others[featured_n:]
    )
    return f"""<div class="articleOthers">
<h3 class="articleOthersTitle">Các bài viết khác</h3>
<div class="otherFeatured">
{featured}
</div>
<ul class="otherList">
{bullets}
</ul>
</div>"""


def _article_view(content: ReplicaSite, base_url: str, a: ReplicaArticle) -> str:
    url = absolute(base_url, article_path(content, a))
    lead = f'<div class="articleSummary">{esc(a.lead)}</div>\n' if a.lead else ""
    folder = _folder(content)
    return f"""<div class="articleView">
<h1 class="articleHeadline">{esc(a.title)}</h1>
{_info(a)}
{lead}<div class="articleBody">
{body_html(a)}
</div>
<div class="articleTools">
<a href="{esc(print_path(content, a))}" target="_blank" class="articlePrint" title="In bài viết"><img src="{folder}/Images/Print.gif" alt="In bài viết" /> In bài viết</a>
<a href="mailto:?subject={quote(a.title)}&amp;body={quote(url, safe="")}" class="articleEmail" title="Gửi email"><img src="{folder}/Images/Email.gif" alt="Gửi email" /> Gửi email</a>
<a href="https://www.facebook.com/sharer/sharer.php?u={quote(url, safe="")}" target="_blank" class="articleShare">Chia sẻ</a>
<a href="javascript:history.go(-1);" class="articleBack">Quay lại</a>
</div>
{_others(content, a)}
</div>"""


def _list_item(content: ReplicaSite, a: ReplicaArticle) -> str:
    href = esc(article_path(content, a))
    return f"""<div class="articleItem">
<a href="{href}" class="articleThumb"><img src="{esc(_thumb(content, a))}" alt="{esc(a.title)}" /></a>
<h2 class="articleHeadline"><a href="{href}">{esc(a.title)}</a></h2>
{_info(a)}
<div class="articleSummary">{esc(summary(a))}</div>
</div>"""


def _pager(content: ReplicaSite, section: str, page: int, pages: int) -> str:
    """DNN's paging control: "Trang x / y", first/previous/numbers/next/last links."""

    def link(label: str, target: int, enabled: bool, rel: str = "") -> str:
        if not enabled:
            return f'<span class="NormalDisabled">{label}</span>'
        rel_attr = f' rel="{rel}"' if rel else ""
        return f'<a class="CommandButton" href="{esc(listing_path(content, section, target))}"{rel_attr}>{label}</a>'

    numbers = "&nbsp;&nbsp;".join(
        f'<span class="NormalDisabled">{n}</span>' if n == page else link(str(n), n, True)
        for n in range(1, pages + 1)
    )
    parts = [
        link("Đầu", 1, page > 1),
        link("Trước", page - 1, page > 1, "prev"),
        numbers,
        link("Sau", page + 1, page < pages, "next"),
        link("Cuối", pages, page < pages),
    ]
    return f"""<table class="PagingTable" border="0" width="100%"><tr>
<td class="Normal" align="left">Trang {page} / {pages}</td>
<td class="Normal" align="right">{"&nbsp;&nbsp;&nbsp;".join(parts)}</td>
</tr></table>"""


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------
def _rss_link(content: ReplicaSite, base_url: str, section: str) -> str:
    sec = next(s for s in content.sections if s.key == section)
    href = absolute(base_url, rss_path(content, section))
    return f'<link rel="alternate" type="application/rss+xml" title="{esc(sec.name)}" href="{esc(href)}" />\n'


def _article_page(content: ReplicaSite, base_url: str, a: ReplicaArticle) -> str:
    sec = next(s for s in content.sections if s.key == a.section)
    path = article_path(content, a)
    return _page(
        content,
        base_url,
        path=path,
        title=a.title,
        current=a.section,
        crumb=[(sec.name, listing_path(content, a.section))],
        content_pane=_news_module(
            content, a.section, sec.name, _article_view(content, base_url, a)
        ),
        head_extra=_rss_link(content, base_url, a.section)
        + f'<link rel="canonical" href="{esc(absolute(base_url, path))}" />\n',
        description=summary(a, 160),
    )


def _listing_page(
    content: ReplicaSite, base_url: str, section: str, page: int, items: list, pages: int
) -> str:
    sec = next(s for s in content.sections if s.key == section)
    inner = (
        '<div class="articleList">\n'
        + "\n".join(_list_item(content, a) for a in items)
        + "\n</div>\n"
        + _pager(content, section, page, pages)
        + f'\n<div class="articleRss"><a href="{esc(rss_path(content, section))}" target="_blank">'
        f'<img src="{_folder(content)}/Images/rssbutton.gif" alt="RSS" /></a></div>'
    )
    return _page(
        content,
        base_url,
        path=listing_path(content, section, page),
        title=f"{sec.name} > {content.settings['portal_title']}",
        current=section,
        crumb=[(sec.name, listing_path(content, section))],
        content_pane=_news_module(content, section, sec.name, inner),
        head_extra=_rss_link(content, base_url, section),
    )


def _home(content: ReplicaSite, base_url: str) -> str:
    blocks = []
    for sec in content.sections:
        items = content.in_section(sec.key)[:4]
        inner = (
            '<div class="articleList">\n'
            + "\n".join(_list_item(content, a) for a in items)
            + f'\n</div>\n<div class="articleMore"><a href="{esc(listing_path(content, sec.key))}">Xem tiếp »</a></div>'
        )
        tab = _tab(content, sec.key)
        blocks.append(
            _container(
                tab["module"] + 100,
                sec.name,
                f'<div class="NewsArticles">\n{inner}\n</div>',
                content.settings.get("news_module_class", "ModDnnForgeNewsArticlesC"),
                friendly="DnnForge-NewsArticles",
            )
        )
    return _page(
        content,
        base_url,
        path="/",
        title=content.settings["portal_title"],
        current="trang-chu",
        crumb=[("Trang chủ", "/")],
        content_pane="\n".join(blocks),
    )


def _static(content: ReplicaSite, base_url: str, page: dict) -> str:
    inner = "\n".join(f"<p>{esc(t)}</p>" for t in page["text"])
    return _page(
        content,
        base_url,
        path=page_path(page),
        title=f"{page['name']} > {content.settings['portal_title']}",
        current=page["key"],
        crumb=[(page["name"], page_path(page))],
        content_pane=_html_module(page["module"], page["name"], inner),
    )


def _login(content: ReplicaSite, base_url: str) -> str:
    inner = """<div class="dnnForm dnnLoginService">
<div class="dnnFormItem"><label for="dnn_ctr_Login_Login_DNN_txtUsername">Tên đăng nhập:</label><input name="dnn$ctr$Login$Login_DNN$txtUsername" type="text" id="dnn_ctr_Login_Login_DNN_txtUsername" /></div>
<div class="dnnFormItem"><label for="dnn_ctr_Login_Login_DNN_txtPassword">Mật khẩu:</label><input name="dnn$ctr$Login$Login_DNN$txtPassword" type="password" id="dnn_ctr_Login_Login_DNN_txtPassword" /></div>
<a id="dnn_ctr_Login_Login_DNN_cmdLogin" class="dnnPrimaryAction" href="javascript:__doPostBack('dnn$ctr$Login$Login_DNN$cmdLogin','')">Đăng nhập</a>
</div>"""
    return _page(
        content,
        base_url,
        path=login_path(content),
        title=f"Đăng nhập > {content.settings['portal_title']}",
        current=None,
        crumb=[("Trang chủ", "/")],
        content_pane=_container(
            0, "Đăng nhập", inner, "ModAuthenticationC", friendly="Authentication"
        ),
    )


def _control(content: ReplicaSite, base_url: str, name: str, path: str, text: str) -> str:
    """The skin links to DNN's Register/Terms/Privacy controls (``/ctl/…``) on the home tab."""
    return _page(
        content,
        base_url,
        path=path,
        title=f"{name} > {content.settings['portal_title']}",
        current=None,
        crumb=[("Trang chủ", "/")],
        content_pane=_container(
            0, name, f'<div class="dnnForm"><p>{esc(text)}</p></div>', "ModUserC", friendly="User"
        ),
    )


def _print(content: ReplicaSite, base_url: str, a: ReplicaArticle) -> str:
    lead = f'<div class="articleSummary">{esc(a.lead)}</div>\n' if a.lead else ""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>{esc(a.title)}</title>
<meta name="ROBOTS" content="NOINDEX, NOFOLLOW" />
<link href="/Portals/_default/default.css" type="text/css" rel="stylesheet" />
<link href="{_folder(content)}/module.css" type="text/css" rel="stylesheet" /></head>
<body class="Print" onload="window.print();">
<form method="post" action="{esc(print_path(content, a))}" id="Form">
<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate("p" + a.slug, 120)}" /></div>
<div class="NewsArticles">
<div class="articleView">
<h1 class="articleHeadline">{esc(a.title)}</h1>
{_info(a)}
{lead}<div class="articleBody">
{body_html(a)}
</div>
</div>
</div>
</form>
</body>
</html>
"""


def _rss(content: ReplicaSite, base_url: str, section: str) -> str:
    sec = next(s for s in content.sections if s.key == section)
    items = [
        (
            a.title,
            absolute(base_url, article_path(content, a)),
            rfc822(local_dt(a.published)) if a.published else None,
            summary(a),
        )
        for a in content.in_section(section)
    ]
    return rss(
        f"{sec.name} - {content.settings['portal_title']}",
        absolute(base_url, listing_path(content, section)),
        sec.name,
        items,
        generator="DnnForge NewsArticles",
    )


def _sitemap(content: ReplicaSite, base_url: str) -> str:
    today = content.settings["render_date"]
    entries: list[tuple[str, str | None, str | None, str | None]] = [
        (absolute(base_url, "/"), today, "daily", "1.0")
    ]
    for page in content.settings.get("pages", []):
        entries.append((absolute(base_url, page_path(page)), today, "monthly", "0.5"))
    for sec in content.sections:
        entries.append((absolute(base_url, listing_path(content, sec.key)), today, "daily", "0.5"))
    for a in sorted(content.articles, key=lambda o: (o.published or "", o.id), reverse=True):
        lastmod = local_dt(a.updated or a.published).strftime("%Y-%m-%d") if a.published else None
        entries.append((absolute(base_url, article_path(content, a)), lastmod, "never", "0.5"))
    return urlset(entries, tag_per_line=True)


_ROBOTS = """# Begin robots.txt file
#/-----------------------------------------------\\
#| In single portal/domain situations, uncomment the sitmap line and enter domain name
#\\-----------------------------------------------/
User-agent: *
Disallow: /admin/
Disallow: /App_Browsers/
Disallow: /App_Code/
Disallow: /App_Data/
Disallow: /App_GlobalResources/
Disallow: /bin/
Disallow: /Components/
Disallow: /Config/
Disallow: /contest/
Disallow: /controls/
Disallow: /Documentation/
Disallow: /HttpModules/
Disallow: /Install/
Disallow: /Providers/
Disallow: /*/ctl/
# End of robots.txt file
"""


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    pages["/"] = html_page(_home(content, base_url))
    pages[login_path(content)] = html_page(_login(content, base_url))
    home_tab = _home_tab(content)
    for name, path, text in (
        ("Đăng ký", register_path(content), "Chức năng đăng ký thành viên tạm dừng."),
        (
            "Điều khoản sử dụng",
            f"/trang-chu/tabid/{home_tab}/ctl/Terms/default.aspx",
            "Thông tin trên trang được sử dụng theo quy định của pháp luật về báo chí, xuất bản.",
        ),
        (
            "Chính sách bảo mật",
            f"/trang-chu/tabid/{home_tab}/ctl/Privacy/default.aspx",
            "Trang không thu thập thông tin cá nhân của người truy cập.",
        ),
    ):
        pages[path] = html_page(_control(content, base_url, name, path, text))
    for page in content.settings.get("pages", []):
        pages[page_path(page)] = html_page(_static(content, base_url, page))
    for sec in content.sections:
        split = chunks(content.in_section(sec.key), sec.per_page)
        for n, items in enumerate(split, 1):
            pages[listing_path(content, sec.key, n)] = html_page(
                _listing_page(content, base_url, sec.key, n, items, len(split))
            )
        pages[rss_path(content, sec.key)] = xml_page(_rss(content, base_url, sec.key))
    for a in content.articles:
        pages[article_path(content, a)] = html_page(_article_page(content, base_url, a))
        pages[print_path(content, a)] = html_page(_print(content, base_url, a))
    sm = xml_page(_sitemap(content, base_url))
    pages["/SiteMap.aspx"] = sm
    pages["/sitemap.aspx"] = sm
    pages["/robots.txt"] = text_page(_ROBOTS + f"Sitemap: {absolute(base_url, '/SiteMap.aspx')}\n")
    return pages
