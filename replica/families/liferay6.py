# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica of a Vietnamese provincial portal on Liferay 6.x (docs/evidence.md §2.3).

What a Liferay 6.2 portal serves, and this renderer reproduces:

- site pages under ``/web/<site>/<page>`` ("friendly URLs" of public layouts);
- each section page is an Asset Publisher portlet (``101_INSTANCE_<12 chars>``):
  abstracts (``div.asset-abstract``) with the publish date in
  ``span.metadata-entry.metadata-publish-date``, paginated by the portlet's
  ``_101_INSTANCE_<id>_cur`` parameter behind the ``p_p_*`` render-URL
  parameters, pager ``ul.pager.lfr-pagination-buttons``;
- the full article at ``…/-/asset_publisher/<id>/content/<urlTitle>``: portlet shell
  ``section.portlet#portlet_101_INSTANCE_<id>`` whose ``span.portlet-title-text`` is the
  *section* name; title in ``div.taglib-header h1.header-title span``; body rendered by
  the site's web-content template inside ``div.asset-full-content > div.asset-content >
  div.journal-content-article`` (the template prints the display date "06/01/2021 06:01"
  [S 000] and the sapo there too); ratings, share bookmarks and the other-news block
  ``div.assetmore`` ("Chuyên mục khác" + ``ul.listNoimg``) after it;
- duplicates of every article: the print view (``p_p_state=pop_up`` +
  ``_viewMode=print``) and the language switch ``/c/portal/update_language?…
  &languageId=en_US``, both linked from the article page;
- chrome: ``/html/themes/…`` and ``/combo?…`` assets, ``Liferay.ThemeDisplay`` script,
  "Đăng nhập" (``/c/portal/login``), portlets with an empty title that print
  "null", the visitor counter "Thống kê truy cập / Trực tuyến : N / Đã truy cập : N"
  [P svhttdl.bacninh.gov.vn], a poll, a link list, the licence/contact footer;
- ``/sitemap.xml`` (layouts + articles), an RSS 2.0 feed per asset publisher
  (``…/-/asset_publisher/<id>/rss``), ``/robots.txt`` as Liferay 6.2 ships it.
"""

from __future__ import annotations

from datetime import timedelta
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
    rfc822_utc,
    rss,
    summary,
    text_page,
    token,
    urlset,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSite
from replica.server import Page

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def dmy_hm(value: str) -> str:
    """dd/MM/yyyy HH:mm, the portal's date line [S 000]."""
    return local_dt(value).strftime("%d/%m/%Y %H:%M")


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------
def _site(content: ReplicaSite) -> str:
    return content.settings.get("site_friendly_url", "/web/guest")


def _iid(content: ReplicaSite, key: str) -> str:
    return content.settings["instances"][key]


def _layout(content: ReplicaSite, key: str) -> dict:
    return next(lay for lay in content.settings["layouts"] if lay["key"] == key)


def layout_path(content: ReplicaSite, key: str) -> str:
    return f"{_site(content)}/{key}"


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    """``/web/<site>/<section>/-/asset_publisher/<instance>/content/<urlTitle>``."""
    iid = _iid(content, article.section)
    return f"{layout_path(content, article.section)}/-/asset_publisher/{iid}/content/{article.slug}"


def print_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    iid = _iid(content, article.section)
    return f"{article_path(content, article)}?p_p_state=pop_up&_101_INSTANCE_{iid}_viewMode=print"


def language_path(content: ReplicaSite, plid: int, redirect: str) -> str:
    return f"/c/portal/update_language?p_l_id={plid}&redirect={quote(redirect, safe='')}&languageId=en_US"


def listing_path(
    content: ReplicaSite, section: str, page: int, explicit_first: bool = False
) -> str:
    """Page 1 is the section page itself; page N adds the portlet's render-URL parameters."""
    base = layout_path(content, section)
    if page == 1 and not explicit_first:
        return base
    iid = _iid(content, section)
    ns = f"_101_INSTANCE_{iid}_"
    return (
        f"{base}?p_p_id=101_INSTANCE_{iid}&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view"
        f"&p_p_col_id=column-1&p_p_col_count=1&{ns}delta=3&{ns}keywords="
        f"&{ns}advancedSearch=false&{ns}andOperator=true&p_r_p_564233524_resetCur=false"
        f"&{ns}cur={page}"
    )


def rss_path(content: ReplicaSite, section: str) -> str:
    return f"{layout_path(content, section)}/-/asset_publisher/{_iid(content, section)}/rss"


def _login_path(plid: int) -> str:
    return f"/c/portal/login?p_l_id={plid}"


def _a(href: str, text: str, attrs: str = "") -> str:
    return f'<a href="{esc(href)}"{attrs}>{esc(text)}</a>'


# --------------------------------------------------------------------------------------------
# Page shell
# --------------------------------------------------------------------------------------------
def _stamp(content: ReplicaSite) -> str:
    return str(content.settings.get("stamp", 1609318800000))


def _head(
    content: ReplicaSite, base_url: str, title: str, canonical: str, plid: int, extra: str = ""
) -> str:
    s = content.settings
    theme, build, stamp = s["theme_id"], s.get("build", 6205), _stamp(content)
    theme_path = s.get("theme_path", "/html/themes/classic")
    q = f"browserId=other&amp;themeId={theme}&amp;languageId=vi_VN&amp;b={build}&amp;t={stamp}"
    return f"""<!DOCTYPE html>
<html class="aui ltr" dir="ltr" lang="vi-VN">
<head>
<title>{esc(title)} - {esc(s["site_title"])}</title>
<meta content="initial-scale=1.0, width=device-width" name="viewport" />
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<meta content="{esc(s["site_title"])}" lang="vi-VN" name="description" />
<link href="{theme_path}/images/favicon.ico" rel="Shortcut Icon" />
<link href="{esc(absolute(base_url, canonical))}" rel="canonical" />
<link class="lfr-css-file" href="{theme_path}/css/aui.css?{q}&amp;minifierType=css" rel="stylesheet" type="text/css" />
<link href="/html/css/main.css?{q}&amp;minifierType=css" rel="stylesheet" type="text/css" />
<link href="/combo?browserId=other&amp;minifierType=&amp;themeId={theme}&amp;languageId=vi_VN&amp;b={build}&amp;com_liferay_portlet_asset_publisher:%2Fhtml%2Fportlet%2Fasset_publisher%2Fcss%2Fmain.css&amp;com_liferay_portlet_journal_content:%2Fhtml%2Fportlet%2Fjournal_content%2Fcss%2Fmain.css&amp;t={stamp}" rel="stylesheet" type="text/css" />
<script src="/html/js/barebone.jsp?{q}&amp;colorSchemeId=01&amp;minifierType=js&amp;minifierBundleId=javascript.barebone.files" type="text/javascript"></script>
<script type="text/javascript">
// <![CDATA[
	var Liferay = {{
		Browser: {{ acceptsGzip: function() {{ return true; }}, getMajorVersion: function() {{ return 0; }} }},
		ThemeDisplay: {{
			getLayoutId: function() {{ return "{plid % 100}"; }},
			getPlid: function() {{ return "{plid}"; }},
			getCompanyId: function() {{ return "{s["company_id"]}"; }},
			getScopeGroupId: function() {{ return "{s["group_id"]}"; }},
			getLanguageId: function() {{ return "vi_VN"; }},
			getPathThemeImages: function() {{ return "{theme_path}/images"; }},
			getPathImage: function() {{ return "/image"; }},
			isSignedIn: function() {{ return false; }}
		}},
		PropsValues: {{ NTLM_AUTH_ENABLED: false }}
	}};
	var themeDisplay = Liferay.ThemeDisplay;
	Liferay.Portlet.list = ["101_INSTANCE_{_iid(content, "latest")}", "56_INSTANCE_bn{plid}"];
// ]]>
</script>
<link class="lfr-css-file" href="{theme_path}/css/main.css?{q}&amp;minifierType=css" rel="stylesheet" type="text/css" />
{extra}</head>"""


def _nav(content: ReplicaSite, current: str) -> str:
    items = []
    for lay in content.settings["layouts"]:
        cls = ' class="selected"' if lay["key"] == current else ""
        sel = ' aria-selected="true"' if lay["key"] == current else ""
        items.append(
            f'<li{cls} id="layout_{lay["layout_id"]}" role="presentation">'
            f'<a aria-labelledby="layout_{lay["layout_id"]}"{sel} '
            f'href="{esc(layout_path(content, lay["key"]))}" role="menuitem">'
            f"<span>{esc(lay['name'])}</span></a></li>"
        )
    return (
        '<nav class="sort-pages modify-pages" id="navigation" role="navigation">\n'
        '<ul aria-label="Các trang web" role="menubar">\n' + "\n".join(items) + "\n</ul>\n</nav>"
    )


def _portlet(pid: str, title: str, inner: str, kind: str = "101_") -> str:
    """A decorated portlet: ``section.portlet#portlet_<id>`` with its topper."""
    return f"""<div class="portlet-boundary portlet-boundary_{kind} portlet-static portlet-static-end portlet-decorate" id="p_p_id_{pid}_">
<span id="p_{pid}"></span>
<section class="portlet" id="portlet_{pid}">
<header class="portlet-topper">
<h1 class="portlet-title"><span tabindex="0" class="portlet-title-text">{esc(title)}</span></h1>
<menu class="portlet-topper-toolbar" id="portlet-topper-toolbar_{pid}" type="toolbar"></menu>
</header>
<div class="portlet-content">
<div class=" portlet-content-container" style="">
<div class="portlet-body">
{inner}
</div>
</div>
</div>
</section>
</div>"""


def _sidebar(content: ReplicaSite, plid: int) -> str:
    s = content.settings
    latest = sorted(content.articles, key=lambda a: (a.published or "", a.id), reverse=True)[:5]
    items = "\n".join(
        f'<li class="title-list journal-article"><a href="{esc(article_path(content, a))}">'
        f"{esc(a.title)}</a></li>"
        for a in latest
    )
    latest_html = _portlet(
        f"101_INSTANCE_{_iid(content, 'latest')}",
        "Tin mới",
        f'<ul class="title-list">\n{items}\n</ul>',
    )
    banners = (
        '<div class="journal-content-article" id="article_banner_links">'
        '<p><a href="https://dichvucong.gov.vn" target="_blank"><img alt="" '
        'src="/documents/20182/0/banner-dich-vu-cong.png" /></a></p>'
        '<p><a href="https://tuyengiaokontum.org.vn" target="_blank"><img alt="" '
        'src="/documents/20182/0/banner-tuyen-giao.png" /></a></p></div>'
    )
    # An empty portlet title prints the literal "null" (docs/evidence.md §2.3).
    banner_html = _portlet(f"56_INSTANCE_bn{plid}", "null", banners, kind="56_")
    poll = s["poll"]
    choices = "\n".join(
        f'<div class="radio"><label><input name="_59_INSTANCE_pollKT_choiceId" type="radio" '
        f'value="{i}" /> {esc(c)}</label></div>'
        for i, c in enumerate(poll["choices"], 1)
    )
    poll_html = _portlet(
        "59_INSTANCE_pollKT",
        "Thăm dò ý kiến",
        f'<form action="#" method="post" name="_59_INSTANCE_pollKT_fm">'
        f'<span class="poll-question">{esc(poll["question"])}</span>\n{choices}\n'
        '<div class="button-holder"><button class="btn" type="submit">Bình chọn</button></div>'
        '</form><a href="javascript:;">Xem kết quả</a>',
        kind="59_",
    )
    options = "\n".join(
        f'<option value="{esc(url)}">{esc(name)}</option>' for name, url in s["links"]
    )
    links_html = _portlet(
        "56_INSTANCE_lkweb",
        "Liên kết website",
        '<select onchange="window.open(this.value)"><option value="">-- Chọn liên kết --</option>'
        f"\n{options}\n</select>",
        kind="56_",
    )
    c = s["counter"]
    counter_html = _portlet(
        "thongketruycap_WAR_kontumportlet",
        "Thống kê truy cập",
        '<div class="visitor-counter">\n'
        f'<div class="counter-row"><span class="counter-label">Trực tuyến :</span> '
        f'<span class="counter-value">{c["online"]}</span></div>\n'
        f'<div class="counter-row"><span class="counter-label">Đã truy cập :</span> '
        f'<span class="counter-value">{c["total"]}</span></div>\n</div>',
        kind="thongketruycap_WAR_kontumportlet",
    )
    return "\n".join([latest_html, banner_html, poll_html, links_html, counter_html])


def _shell(
    content: ReplicaSite,
    base_url: str,
    *,
    title: str,
    canonical: str,
    layout: str,
    main: str,
    breadcrumb: list[tuple[str, str]],
    extra_head: str = "",
    lang_redirect: str | None = None,
) -> str:
    s = content.settings
    plid = _layout(content, layout)["plid"]
    crumbs = [
        f'<li class="first"><a href="{esc(_site(content))}/trang-chu">Trang chủ</a>'
        '<span class="divider">/</span></li>'
    ]
    for i, (name, href) in enumerate(breadcrumb):
        last = i == len(breadcrumb) - 1
        cls = "current-parent breadcrumb-truncate" if last else ""
        div = "" if last else '<span class="divider">/</span>'
        crumbs.append(f'<li class="{cls}"><a href="{esc(href)}">{esc(name)}</a>{div}</li>')
    footer = "\n".join(
        f"<p><strong>{esc(line)}</strong></p>" if i == 0 else f"<p>{esc(line)}</p>"
        for i, line in enumerate(s["footer"])
    )
    lang = language_path(content, plid, lang_redirect or layout_path(content, layout))
    theme_path = s.get("theme_path", "/html/themes/classic")
    body = f"""
<body class="yui3-skin-sam controls-visible guest-site signed-out public-page site">
<a href="#main-content" id="skip-to-content">Bỏ qua để đến nội dung</a>
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner">
<div class="top-bar">
<div class="top-links">
<a href="{esc(_site(content))}/trang-chu">Trang chủ</a> |
<a href="{esc(_site(content))}/lien-he">Liên hệ</a> |
<span class="taglib-language-list-text">
<a class="taglib-language-list-text last" href="{esc(lang)}" lang="en-US">English</a>
</span> |
<a data-redirect="false" href="{esc(_login_path(plid))}" id="sign-in" rel="nofollow">Đăng nhập</a>
</div>
</div>
<div id="heading">
<h1 class="site-title">
<a class="logo custom-logo" href="{esc(_site(content))}/trang-chu" title="Đi đến {esc(s["site_title"])}">
<img alt="{esc(s["site_title"])}" height="120" src="/image/layout_set_logo?img_id=20415&amp;t={_stamp(content)}" width="1000" />
</a>
<span class="site-name" title="Đi đến {esc(s["site_title"])}">{esc(s["masthead"])}</span>
</h1>
</div>
{_nav(content, layout)}
</header>
<div id="content">
<nav id="breadcrumbs"><ul aria-label="Breadcrumb" class="breadcrumb breadcrumb-horizontal">
{"".join(crumbs)}
</ul></nav>
<div class="columns-2" id="main-content" role="main">
<div class="portlet-layout row-fluid">
<div class="portlet-column portlet-column-first span8" id="column-1">
<div class="portlet-dropzone portlet-column-content portlet-column-content-first" id="layout-column_column-1">
{main}
</div>
</div>
<div class="portlet-column portlet-column-last span4" id="column-2">
<div class="portlet-dropzone portlet-column-content portlet-column-content-last" id="layout-column_column-2">
{_sidebar(content, plid)}
</div>
</div>
</div>
</div>
<form action="#" id="hrefFm" method="post" name="hrefFm"><span></span></form>
</div>
<footer id="footer" role="contentinfo">
<div class="footer-info">
{footer}
</div>
<p class="powered-by">Được cung cấp bởi <a href="http://www.liferay.com" rel="external">Liferay</a></p>
</footer>
</div>
<script src="/html/js/liferay/available_languages.jsp?browserId=other&amp;themeId={s["theme_id"]}&amp;colorSchemeId=01&amp;languageId=vi_VN&amp;b={s.get("build", 6205)}&amp;t={_stamp(content)}" type="text/javascript"></script>
<script type="text/javascript">
// <![CDATA[
	AUI().use('aui-base', 'liferay-menu', 'liferay-notice', 'liferay-poller', function(A) {{
		(function() {{ Liferay.Util.addInputType(); Liferay.Portlet.ready(function(portletId, node) {{ Liferay.Util.addInputType(node); }}); }})();
	}});
// ]]>
</script>
<script src="{theme_path}/js/main.js?browserId=other&amp;minifierType=js&amp;languageId=vi_VN&amp;b={s.get("build", 6205)}&amp;t={_stamp(content)}" type="text/javascript"></script>
</body>
</html>
"""
    head = _head(content, base_url, title, canonical, plid, extra_head)
    return head + body


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------
def _article_main(content: ReplicaSite, base_url: str, a: ReplicaArticle) -> str:
    s = content.settings
    iid = _iid(content, a.section)
    ns = f"_101_INSTANCE_{iid}_"
    section = next(sec for sec in content.sections if sec.key == a.section)
    entry = a.extra.get("entry_id", a.id)
    article_id = a.extra.get("article_id", a.id)
    url = absolute(base_url, article_path(content, a))
    sapo = f'<div class="sapo"><strong>{esc(a.lead)}</strong></div>\n' if a.lead else ""
    date_html = f'<div class="display-date">{dmy_hm(a.published)}</div>\n' if a.published else ""
    others = [o for o in content.in_section(a.section) if o.id != a.id][
        : int(s.get("other_news_count", 5))
    ]
    other_items = "\n".join(
        f'<li><a href="{esc(article_path(content, o))}">{esc(o.title)}</a>'
        + (f' <span class="date">({dmy(o.published)})</span>' if o.published else "")
        + "</li>"
        for o in others
    )
    shares = "\n".join(
        f'<li class="taglib-social-bookmark taglib-social-bookmark-{name}">'
        f'<a class="social-bookmark-link" href="{esc(href)}" target="_blank">{label}</a></li>'
        for name, label, href in (
            ("facebook", "Facebook", f"http://www.facebook.com/sharer.php?u={quote(url, safe='')}"),
            ("twitter", "Twitter", f"https://twitter.com/intent/tweet?url={quote(url, safe='')}"),
        )
    )
    inner = f"""<div class="fullContent">
<div class="taglib-header ">
<span class="header-back-to">
<a class="icon-circle-arrow-left previous-level" href="{esc(layout_path(content, a.section))}" id="{ns}{token(a.slug, 4, _ALNUM)}" title="Quay lại"><span class="helper-hidden-accessible">Quay lại</span></a>
</span>
<h1 class="header-title"><span>{esc(a.title)}</span></h1>
</div>
<div class="asset-full-content default-asset-publisher show-asset-title">
<div class="asset-user-actions">
<div class="print-action">
<span class=""><a href="{esc(print_path(content, a))}" class="taglib-icon" id="{ns}printIcon{entry}" target="_blank"><img alt="" src="/html/themes/classic/images/common/print.png" /><span class="taglib-text ">In</span></a></span>
</div>
<div class="locale-actions">
<a class="taglib-icon" href="{esc(language_path(content, _layout(content, a.section)["plid"], article_path(content, a)))}" lang="en-US"><span class="taglib-text ">English</span></a>
</div>
</div>
<div class="asset-content" id="{ns}{entry}">
<div class="journal-content-article" id="article_{s["company_id"]}_{s["group_id"]}_{article_id}_1.0">
{date_html}{sapo}{body_html(a)}
</div>
<div class="asset-ratings">
<div class="taglib-ratings stars" id="{ns}{token("r" + a.slug, 4, _ALNUM)}ratingStarContent">
<div class="liferay-rating-vote"><div class="rating-label">Xếp hạng của bạn</div>
<div class="rating-content"><span class="rating-element icon-star-empty" title="1 sao"></span><span class="rating-element icon-star-empty" title="2 sao"></span><span class="rating-element icon-star-empty" title="3 sao"></span><span class="rating-element icon-star-empty" title="4 sao"></span><span class="rating-element icon-star-empty" title="5 sao"></span></div></div>
<div class="liferay-rating-score"><div class="rating-label">Đánh giá trung bình (0 Phiếu bầu)</div></div>
</div>
</div>
<div class="taglib-social-bookmarks" id="{ns}socialBookmarks_{entry}">
<ul class="unstyled">
{shares}
</ul>
</div>
<div class="assetmore">
<h2>{esc(s.get("other_news_label", "Tin khác"))}</h2>
<ul class="listNoimg">
{other_items}
</ul>
</div>
</div>
</div>
</div>"""
    return _portlet(f"101_INSTANCE_{iid}", section.name, inner)


def _abstract(content: ReplicaSite, a: ReplicaArticle) -> str:
    href = esc(article_path(content, a))
    img = first_image_src(a)
    small = (
        f'<div class="asset-small-image"><img alt="" class="asset-small-image" src="{esc(img)}" '
        'width="150" /></div>'
        if img
        else ""
    )
    date = (
        f'<span class="metadata-entry metadata-publish-date">{dmy(a.published)}</span>'
        if a.published
        else ""
    )
    return f"""<div class="asset-abstract default-asset-publisher">
<div class="lfr-meta-actions asset-actions"></div>
<h3 class="asset-title"><a href="{href}"><img alt="" src="/html/icons/journal.png" /> {esc(a.title)}</a></h3>
<div class="asset-content">
<div class="asset-summary">
{small}{esc(summary(a))}
</div>
<div class="asset-more"><a href="{href}">Đọc thêm <span class="hide-accessible">về {esc(a.title)}</span> »</a></div>
</div>
<div class="asset-metadata">{date}</div>
</div>"""


def _pager(
    content: ReplicaSite, section: str, page: int, pages: int, total: int, per_page: int
) -> str:
    iid = _iid(content, section)
    ns = f"_101_INSTANCE_{iid}_"

    def li(cls: str, label: str, target: int, enabled: bool) -> str:
        if enabled:
            href = esc(listing_path(content, section, target, explicit_first=True))
            return f'<li class="{cls}"><a href="{href}">{label}</a></li>'
        return f'<li class="disabled {cls}"><a href="javascript:;">{label}</a></li>'

    menu = "\n".join(
        f'<li class="" role="presentation"><a class="taglib-icon" '
        f'href="{esc(listing_path(content, section, n, explicit_first=True))}" role="menuitem">'
        f'<span class="taglib-text-icon">{n}</span></a></li>'
        for n in range(1, pages + 1)
    )
    start, end = (page - 1) * per_page + 1, min(page * per_page, total)
    return f"""<div class="taglib-page-iterator" id="{ns}ocerSearchContainerPageIterator">
<div class="clearfix lfr-pagination">
<div class="lfr-pagination-config">
<div class="lfr-pagination-page-selector">
<div class="btn-group lfr-icon-menu current-page-menu"><a class="dropdown-toggle direction-down max-display-items-15 btn" href="javascript:;" title="Trang {page} của {pages}"><span class="lfr-icon-menu-text">Trang {page} của {pages}</span> <i class="caret"></i></a>
<ul class="dropdown-menu lfr-menu-list direction-down" role="menu">
{menu}
</ul></div>
</div>
<div class="lfr-pagination-delta-selector"><span class="lfr-icon-menu-text">{per_page} Mục trên mỗi trang</span></div>
</div>
<small class="search-results">Hiển thị {start} - {end} của {total} kết quả.</small>
<ul class="pager lfr-pagination-buttons">
{li("first", "&larr; Đầu tiên", 1, page > 1)}
{li("", "Trước", page - 1, page > 1)}
{li("", "Tiếp theo", page + 1, page < pages)}
{li("last", "Cuối cùng &rarr;", pages, page < pages)}
</ul>
</div>
</div>"""


def _listing(
    content: ReplicaSite,
    base_url: str,
    section: str,
    page: int,
    items: list,
    pages: int,
    canonical: str,
) -> str:
    sec = next(s for s in content.sections if s.key == section)
    all_items = content.in_section(section)
    iid = _iid(content, section)
    rss = rss_path(content, section)
    inner = (
        '<div class="subscribe-action"><span class=""><a class="taglib-icon" '
        f'href="{esc(rss)}" id="_101_INSTANCE_{iid}_rssIcon" target="_blank">'
        '<img alt="" src="/html/themes/classic/images/common/rss.png" />'
        '<span class="taglib-text ">RSS</span></a></span></div>\n'
        + "\n".join(_abstract(content, a) for a in items)
        + "\n"
        + _pager(content, section, page, pages, len(all_items), sec.per_page)
    )
    head = (
        f'<link href="{esc(absolute(base_url, rss))}" rel="alternate" title="{esc(sec.name)}" '
        'type="application/rss+xml" />\n'
    )
    return _shell(
        content,
        base_url,
        title=sec.name,
        canonical=canonical,
        layout=section,
        main=_portlet(f"101_INSTANCE_{iid}", sec.name, inner),
        breadcrumb=[(sec.name, layout_path(content, section))],
        extra_head=head,
    )


def _home(content: ReplicaSite, base_url: str) -> str:
    latest = sorted(content.articles, key=lambda a: (a.published or "", a.id), reverse=True)
    blocks = [
        _portlet(
            f"101_INSTANCE_{_iid(content, 'home')}",
            "Tin nổi bật",
            "\n".join(_abstract(content, a) for a in latest[:4]),
        )
    ]
    for sec in content.sections:
        items = "\n".join(
            f'<li class="title-list journal-article"><a href="{esc(article_path(content, a))}">'
            f"{esc(a.title)}</a></li>"
            for a in content.in_section(sec.key)[:5]
        )
        more = f'<div class="asset-more-link"><a href="{esc(layout_path(content, sec.key))}">Xem tiếp »</a></div>'
        blocks.append(
            _portlet(
                f"101_INSTANCE_h{token(sec.key, 11, _ALNUM)}",
                sec.name,
                f'<ul class="title-list">\n{items}\n</ul>\n{more}',
            )
        )
    return _shell(
        content,
        base_url,
        title="Trang chủ",
        canonical=f"{_site(content)}/trang-chu",
        layout="trang-chu",
        main="\n".join(blocks),
        breadcrumb=[],
    )


def _static(content: ReplicaSite, base_url: str, key: str) -> str:
    lay = _layout(content, key)
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in content.settings["static_pages"][key])
    inner = (
        f'<div class="journal-content-article" id="article_{content.settings["company_id"]}_'
        f'{content.settings["group_id"]}_{lay["plid"]}0_1.0">\n{paras}\n</div>'
    )
    return _shell(
        content,
        base_url,
        title=lay["name"],
        canonical=layout_path(content, key),
        layout=key,
        main=_portlet(f"56_INSTANCE_st{lay['plid']}", lay["name"], inner, kind="56_"),
        breadcrumb=[(lay["name"], layout_path(content, key))],
    )


def _sign_in(content: ReplicaSite, base_url: str, key: str) -> str:
    """``/c/portal/login?p_l_id=…``: the Sign In portlet (58) maximised on that layout."""
    lay = _layout(content, key)
    inner = """<form action="#" class="form sign-in-form" method="post" name="_58_fm">
<fieldset class="fieldset input-container"><div class="">
<div class="control-group"><label class="control-label" for="_58_login">Địa chỉ email</label><input class="field clearable" id="_58_login" name="_58_login" type="text" value="" /></div>
<div class="control-group"><label class="control-label" for="_58_password">Mật khẩu</label><input class="field" id="_58_password" name="_58_password" type="password" value="" /></div>
</div></fieldset>
<div class="button-holder"><button class="btn btn-primary" type="submit">Đăng nhập</button></div>
</form>"""
    return _shell(
        content,
        base_url,
        title="Đăng nhập",
        canonical=_login_path(lay["plid"]),
        layout=key,
        main=_portlet("58", "Đăng nhập", inner, kind="58_"),
        breadcrumb=[(lay["name"], layout_path(content, key))],
    )


def _print(content: ReplicaSite, base_url: str, a: ReplicaArticle) -> str:
    """The pop-up print view: no theme, the web content alone, window.print() on load."""
    s = content.settings
    date_html = f'<div class="display-date">{dmy_hm(a.published)}</div>\n' if a.published else ""
    sapo = f'<div class="sapo"><strong>{esc(a.lead)}</strong></div>\n' if a.lead else ""
    return f"""<!DOCTYPE html>
<html class="aui ltr" dir="ltr" lang="vi-VN">
<head>
<title>{esc(a.title)} - {esc(s["site_title"])}</title>
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<meta content="noindex, nofollow" name="robots" />
<link href="/html/css/main.css?browserId=other&amp;themeId={s["theme_id"]}&amp;languageId=vi_VN&amp;b={s.get("build", 6205)}" rel="stylesheet" type="text/css" />
</head>
<body class="portal-popup">
<div class="asset-full-content default-asset-publisher show-asset-title">
<h3 class="asset-title">{esc(a.title)}</h3>
<div class="asset-content">
<div class="journal-content-article">
{date_html}{sapo}{body_html(a)}
</div>
</div>
</div>
<script type="text/javascript">print();</script>
</body>
</html>
"""


def _rss(content: ReplicaSite, base_url: str, section: str) -> str:
    sec = next(s for s in content.sections if s.key == section)
    items = []
    for a in content.in_section(section):
        pub = None
        if a.published:
            # Liferay writes the display date in GMT, correctly converted from local time.
            pub = rfc822_utc(local_dt(a.published), "GMT")
        items.append((a.title, absolute(base_url, article_path(content, a)), pub, summary(a)))
    return rss(
        sec.name,
        absolute(base_url, layout_path(content, section)),
        sec.name,
        items,
        generator="Liferay Portal Community Edition 6.2 CE GA5",
    )


def _sitemap(content: ReplicaSite, base_url: str) -> str:
    entries: list[tuple[str, str | None, str | None, str | None]] = []
    for lay in content.settings["layouts"]:
        entries.append((absolute(base_url, layout_path(content, lay["key"])), None, "daily", "0.5"))
    for a in sorted(content.articles, key=lambda a: (a.published or "", a.id), reverse=True):
        lastmod = None
        stamp = a.updated or a.published
        if stamp:
            lastmod = (local_dt(stamp) - timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
        entries.append((absolute(base_url, article_path(content, a)), lastmod, None, "0.5"))
    return urlset(entries, tag_per_line=True)


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """Every page of the portal, keyed by path (+ query)."""
    pages: dict[str, Page] = {}
    home = _home(content, base_url)
    pages["/"] = html_page(home)
    pages[_site(content)] = html_page(home)
    pages[f"{_site(content)}/trang-chu"] = html_page(home)
    for key in content.settings.get("static_pages", {}):
        pages[layout_path(content, key)] = html_page(_static(content, base_url, key))
    for sec in content.sections:
        items = content.in_section(sec.key)
        split = chunks(items, sec.per_page)
        for n, chunk in enumerate(split, 1):
            path = listing_path(content, sec.key, n)
            markup = _listing(content, base_url, sec.key, n, chunk, len(split), path)
            pages[path] = html_page(markup)
            if n == 1:
                # The pager links page 1 with its parameters too (same content).
                pages[listing_path(content, sec.key, 1, explicit_first=True)] = html_page(markup)
        pages[rss_path(content, sec.key)] = xml_page(
            _rss(content, base_url, sec.key), "application/rss+xml; charset=UTF-8"
        )
    for a in content.articles:
        path = article_path(content, a)
        main = _article_main(content, base_url, a)
        sec = next(s for s in content.sections if s.key == a.section)
        markup = _shell(
            content,
            base_url,
            title=a.title,
            canonical=path,
            layout=a.section,
            main=main,
            breadcrumb=[(sec.name, layout_path(content, a.section))],
            lang_redirect=path,
        )
        pages[path] = html_page(markup)
        pages[print_path(content, a)] = html_page(_print(content, base_url, a))
        plid = _layout(content, a.section)["plid"]
        pages[language_path(content, plid, path)] = html_page(markup)
    # The language switch and sign-in link of every layout are on every page too.
    for lay in content.settings["layouts"]:
        pages[_login_path(lay["plid"])] = html_page(_sign_in(content, base_url, lay["key"]))
        target = layout_path(content, lay["key"])
        if target in pages:
            pages[language_path(content, lay["plid"], target)] = pages[target]
    pages["/sitemap.xml"] = xml_page(_sitemap(content, base_url))
    pages["/robots.txt"] = text_page(
        f"User-Agent: *\nDisallow:\nSitemap: {absolute(base_url, '/sitemap.xml')}\n"
    )
    return pages
