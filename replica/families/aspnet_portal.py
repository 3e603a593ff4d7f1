# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica of a custom ASP.NET WebForms news portal: Trà Vinh's propaganda department.

docs/evidence.md §2.9 and the ``tuyengiao-travinh`` registry entry: the CMS of ``tuyengiao.travinh.gov.vn`` is unknown; the seed
[S 003] (pager "1 2 3 4 5 ...", counter "Đang online / Hôm nay / Trong tuần / Tất cả",
editor and contact block) fits a home-made ASP.NET portal, so this is one, built the
way such portals are: a master page around one ``form#form1`` (``__VIEWSTATE``,
``__EVENTVALIDATION``, ``WebResource.axd`` / ``ScriptResource.axd``), server controls
whose ids carry the naming containers (``ctl00_ContentPlaceHolder1_ucNewsDetail_lblTitle``,
``…_pnlContent``), URL rewriting to ``.aspx`` paths:

- listings ``/tin-tuc/1/trang-1.aspx``, ``/tin-tuc/1/trang-2.aspx`` … (category alias,
  category id, page), with a numeric pager and a "Trang sau" link (``…_hplNext``);
- articles ``/tin-tuc/1/<id>/<slug>.aspx``;
- the print view ``/Print.aspx?NewsID=<id>`` (a duplicate, linked from each article);
- "Tin khác" under each article: a list and a numeric pager whose links are
  ``javascript:__doPostBack(…)`` LinkButtons, as WebForms renders them;
- ``/sitemap.xml`` without ``lastmod`` and ``/robots.txt``.

The site prints no date anywhere — not on articles, listings, feeds or the sitemap — so
the gold ``published`` is null [S 003]. Titles are often typed in capitals. Bylines are the
last body paragraph, right-aligned by ``text-align:right`` or by a run of ``&nbsp;``.
"""

from __future__ import annotations

from urllib.parse import quote

from replica.families._common import (
    absolute,
    body_html,
    chunks,
    esc,
    first_image_src,
    html_page,
    robots_page,
    summary,
    token,
    urlset,
    viewstate,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSite
from replica.server import Page

_CP = "ctl00_ContentPlaceHolder1"
_CPN = "ctl00$ContentPlaceHolder1"


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------
def _cat(content: ReplicaSite, section: str) -> int:
    return int(content.settings["category_ids"][section])


def listing_path(content: ReplicaSite, section: str, page: int = 1) -> str:
    return f"/{section}/{_cat(content, section)}/trang-{page}.aspx"


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/{article.section}/{_cat(content, article.section)}/{article.id}/{article.slug}.aspx"


def print_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/Print.aspx?NewsID={article.id}"


LOGIN_PATH = "/Admin/Login.aspx"


def _href(content: ReplicaSite, target: str) -> str:
    """Menu targets: a path, or ``@section`` for a section's first listing page."""
    return listing_path(content, target[1:]) if target.startswith("@") else target


# --------------------------------------------------------------------------------------------
# Master page
# --------------------------------------------------------------------------------------------
def _sidebar(content: ReplicaSite) -> str:
    s = content.settings
    banner_sec = s.get("sidebar_banner", content.sections[-1].key)
    banner = s["section_banners"][banner_sec]
    c = s["counter"]
    links = "\n".join(
        f'<option value="{esc(url)}">{esc(name)}</option>' for name, url in s.get("links", [])
    )
    return f"""<div class="box box-banner">
<div class="box-title"><a id="ctl00_ucRight_hplBanner" href="{esc(listing_path(content, banner_sec))}">{esc(banner)}</a></div>
<div class="box-content"><a href="{esc(listing_path(content, banner_sec))}"><img id="ctl00_ucRight_imgBanner" src="/Upload/Banner/tuyen-truyen.jpg" alt="" style="border-width:0px;" /></a></div>
</div>
<div class="box box-login">
<a id="ctl00_ucRight_hplLogin" class="login-link" href="{LOGIN_PATH}">Đăng nhập</a>
</div>
<div class="box box-counter">
<div class="box-title">Thống kê truy cập</div>
<div class="box-content">
<ul>
<li>Đang online: <span id="ctl00_ucRight_ucCounter_lblOnline">{esc(c["online"])}</span></li>
<li>Hôm nay: <span id="ctl00_ucRight_ucCounter_lblToday">{esc(c["today"])}</span></li>
<li>Trong tuần: <span id="ctl00_ucRight_ucCounter_lblWeek">{esc(c["week"])}</span></li>
<li>Tất cả: <span id="ctl00_ucRight_ucCounter_lblTotal">{esc(c["total"])}</span></li>
</ul>
</div>
</div>
<div class="box box-links">
<div class="box-title">Liên kết website</div>
<div class="box-content"><select name="ctl00$ucRight$ddlLinks" id="ctl00_ucRight_ddlLinks" onchange="if(this.value!='') window.open(this.value);">
<option value="">-- Chọn liên kết --</option>
{links}
</select></div>
</div>"""


def _footer(content: ReplicaSite) -> str:
    e = content.settings["editor"]
    contact = content.settings["contact"]
    right = "\n".join(
        f'<p class="footer-title">{esc(line)}</p>' if i == 0 else f"<p>{esc(line)}</p>"
        for i, line in enumerate(contact)
    )
    return f"""<div id="footer">
<div class="footer-left">
<p class="footer-title">{esc(e["title"])}</p>
<p>{esc(e["chief"])}</p>
<p>{esc(e["position"])}&nbsp;&nbsp;</p>
<p>{esc(e["source_note"])}</p>
<p><a href="https://tinnhiemmang.vn/danh-ba-tin-nhiem/tuyengiaotravinhgovvn-1646107446" target="_blank" title="Chung nhan Tin Nhiem Mang"><img src="https://tinnhiemmang.vn/handle_cert?id=tuyengiao.travinh.gov.vn" width="150px" height="auto" alt="{esc(e["trust_badge_alt"])}" /></a></p>
</div>
<div class="footer-right">
{right}
</div>
</div>"""


def _master(
    content: ReplicaSite, base_url: str, *, path: str, title: str, main: str, current: str | None
) -> str:
    s = content.settings
    action = "./" + path.rsplit("/", 1)[-1]
    menu = []
    for label, target in s["menu"]:
        href = _href(content, target)
        cls = ' class="active"' if target == f"@{current}" else ""
        menu.append(f'<li{cls}><a href="{esc(href)}">{esc(label)}</a></li>')
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head id="ctl00_Head1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{esc(title)}
</title><link href="/App_Themes/Default/style.css" type="text/css" rel="stylesheet" /><link href="/Styles/menu.css" rel="stylesheet" type="text/css" /><link rel="shortcut icon" href="/Images/favicon.ico" /><meta name="keywords" content="Ban Tuyên giáo Tỉnh ủy Trà Vinh, tuyên giáo, tuyên truyền, Trà Vinh" /><meta name="description" content="{esc(s["site_title"])}" /></head>
<body>
<form name="form1" method="post" action="{esc(action)}" id="form1">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(path, 480)}" />
</div>

<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['form1'];
if (!theForm) {{
    theForm = document.form1;
}}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }}
}}
//]]>
</script>

<script src="/WebResource.axd?d={token("wr" + path, 86)}&amp;t=637454283840000000" type="text/javascript"></script>
<script src="/ScriptResource.axd?d={token("sr1" + path, 120)}&amp;t=ffffffffecf19baa" type="text/javascript"></script>
<script src="/ScriptResource.axd?d={token("sr2" + path, 120)}&amp;t=ffffffffecf19baa" type="text/javascript"></script>
<div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEdAA{token("ev" + path, 90)}" />
</div>
<script type="text/javascript">
//<![CDATA[
Sys.WebForms.PageRequestManager._initialize('ctl00$ScriptManager1', 'form1', ['tctl00$ContentPlaceHolder1$upOther','ctl00_ContentPlaceHolder1_upOther'], [], [], 90, 'ctl00');
//]]>
</script>
<div id="wrapper">
<div id="header">
<div class="banner"><a id="ctl00_ucHeader_hplLogo" href="/Default.aspx"><img id="ctl00_ucHeader_imgBanner" src="/Images/banner.jpg" alt="{esc(s["site_title"])}" style="border-width:0px;" /></a></div>
<div id="menu">
<ul class="menu">
{chr(10).join(menu)}
</ul>
</div>
</div>
<div id="main">
<div id="left">
{main}
</div>
<div id="right">
{_sidebar(content)}
</div>
<div class="clear"></div>
</div>
{_footer(content)}
</div>
<script type="text/javascript">
//<![CDATA[
Sys.Application.initialize();
//]]>
</script>
</form>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------
def _section_name(content: ReplicaSite, key: str) -> str:
    return next(s.name for s in content.sections if s.key == key)


def _other_news(content: ReplicaSite, a: ReplicaArticle) -> str:
    """ "Tin khác": the next articles of the section and a postback pager [S 003]."""
    s = content.settings
    n = int(s.get("other_news_count", 6))
    same = content.in_section(a.section)
    i = next(k for k, o in enumerate(same) if o.id == a.id)
    rest = same[i + 1 :] + same[:i]
    items = "\n".join(
        f'<li><a id="{_CP}_ucOtherNews_rptOther_ctl{k:02d}_hplTitle" '
        f'href="{esc(article_path(content, o))}">{esc(o.title)}</a></li>'
        for k, o in enumerate(rest[:n])
    )
    pager = []
    for k in range(1, int(s.get("other_news_pages", 5)) + 1):
        target = f"{_CPN}$ucOtherNews$rptPager$ctl{k - 1:02d}$lnkPage"
        cls = ' class="current"' if k == 1 else ""
        pager.append(
            f'<a id="{_CP}_ucOtherNews_rptPager_ctl{k - 1:02d}_lnkPage"{cls} '
            f"href=\"javascript:__doPostBack('{target}','')\">{k}</a>"
        )
    more = f"{_CPN}$ucOtherNews$lnkMore"
    pager_html = "&nbsp;".join(pager) + (
        f'&nbsp;&nbsp;<a id="{_CP}_ucOtherNews_lnkMore" '
        f"href=\"javascript:__doPostBack('{more}','')\">...</a>&nbsp;"
    )
    return f"""<div id="{_CP}_upOther">
<div class="other-news">
<div class="other-title">Tin khác</div>
<ul class="other-list">
{items}
</ul>
<div class="pager" id="{_CP}_ucOtherNews_divPager">{pager_html}</div>
</div>
</div>"""


def _article_main(content: ReplicaSite, a: ReplicaArticle) -> str:
    uc = f"{_CP}_ucNewsDetail"
    lead = (
        f'<div class="news-summary"><span id="{uc}_lblSummary">{esc(a.lead)}</span></div>\n'
        if a.lead
        else ""
    )
    return f"""<div class="breadcrumb"><a href="/Default.aspx">Trang chủ</a> <span class="sep">»</span> <a id="{uc}_hplCategory" href="{esc(listing_path(content, a.section))}">{esc(_section_name(content, a.section))}</a></div>
<div class="news-detail">
<h1 class="news-title"><span id="{uc}_lblTitle">{esc(a.title)}</span></h1>
{lead}<div id="{uc}_pnlContent" class="news-content">
{body_html(a)}
</div>
<div class="news-tools">
<a id="{uc}_hplPrint" href="{esc(print_path(content, a))}" target="_blank"><img src="/Images/icon_print.gif" alt="" /> In bài viết</a> |
<a id="{uc}_hplEmail" href="mailto:?subject={quote(a.title)}"><img src="/Images/icon_email.gif" alt="" /> Gửi email</a> |
<a href="javascript:history.back();"><img src="/Images/icon_back.gif" alt="" /> Quay lại</a>
</div>
</div>
{_other_news(content, a)}"""


def _list_item(content: ReplicaSite, a: ReplicaArticle, k: int) -> str:
    uc = f"{_CP}_ucNewsList_rptNews_ctl{k:02d}"
    href = esc(article_path(content, a))
    img = first_image_src(a) or "/Images/no-image.jpg"
    return f"""<div class="news-item">
<a id="{uc}_hplImage" class="news-img" href="{href}"><img src="{esc(img)}" alt="" /></a>
<h3 class="news-item-title"><a id="{uc}_hplTitle" href="{href}">{esc(a.title)}</a></h3>
<div class="news-item-summary"><span id="{uc}_lblSummary">{esc(summary(a))}</span></div>
<div class="clear"></div>
</div>"""


def _listing_main(content: ReplicaSite, section: str, page: int, items: list, pages: int) -> str:
    uc = f"{_CP}_ucNewsList"
    banner = content.settings["section_banners"][section]
    numbers = []
    for n in range(1, pages + 1):
        if n == page:
            numbers.append(f'<span class="current">{n}</span>')
        else:
            numbers.append(f'<a href="{esc(listing_path(content, section, n))}">{n}</a>')
    if page > 1:
        numbers.insert(
            0,
            f'<a id="{uc}_hplPrev" class="prev" href="{esc(listing_path(content, section, page - 1))}">« Trang trước</a>',
        )
    if page < pages:
        numbers.append(
            f'<a id="{uc}_hplNext" class="next" href="{esc(listing_path(content, section, page + 1))}">Trang sau »</a>'
        )
    return f"""<div class="breadcrumb"><a href="/Default.aspx">Trang chủ</a> <span class="sep">»</span> <a href="{esc(listing_path(content, section))}">{esc(_section_name(content, section))}</a></div>
<div class="news-list">
<div class="cat-title"><h2><span id="{uc}_lblCategory">{esc(banner)}</span></h2></div>
{chr(10).join(_list_item(content, a, k) for k, a in enumerate(items))}
<div class="pager">{"&nbsp;".join(numbers)}</div>
</div>"""


def _home_main(content: ReplicaSite) -> str:
    blocks = []
    for sec in content.sections:
        items = content.in_section(sec.key)[:4]
        first, rest = items[0], items[1:]
        img = first_image_src(first) or "/Images/no-image.jpg"
        others = "\n".join(
            f'<li><a href="{esc(article_path(content, a))}">{esc(a.title)}</a></li>' for a in rest
        )
        blocks.append(f"""<div class="home-cat">
<div class="cat-title"><h2><a href="{esc(listing_path(content, sec.key))}">{esc(content.settings["section_banners"][sec.key])}</a></h2></div>
<div class="hot-news">
<a href="{esc(article_path(content, first))}"><img src="{esc(img)}" alt="" /></a>
<h3><a href="{esc(article_path(content, first))}">{esc(first.title)}</a></h3>
<p>{esc(summary(first))}</p>
</div>
<ul class="home-list">
{others}
</ul>
<div class="more"><a href="{esc(listing_path(content, sec.key))}">Xem thêm »</a></div>
</div>""")
    return "\n".join(blocks)


def _static_main(content: ReplicaSite, key: str) -> str:
    heading, paras = content.settings["static_pages"][key]
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
    return f"""<div class="news-detail">
<h1 class="news-title"><span id="{_CP}_lblPageTitle">{esc(heading)}</span></h1>
<div id="{_CP}_pnlPage" class="page-content">
{body}
</div>
</div>"""


def _login_main() -> str:
    return f"""<div class="login-form">
<h1 class="news-title">ĐĂNG NHẬP HỆ THỐNG</h1>
<table>
<tr><td>Tên đăng nhập:</td><td><input name="{_CPN}$txtUser" type="text" id="{_CP}_txtUser" /></td></tr>
<tr><td>Mật khẩu:</td><td><input name="{_CPN}$txtPass" type="password" id="{_CP}_txtPass" /></td></tr>
<tr><td></td><td><input type="submit" name="{_CPN}$btnLogin" value="Đăng nhập" id="{_CP}_btnLogin" /></td></tr>
</table>
</div>"""


def _print(content: ReplicaSite, a: ReplicaArticle) -> str:
    path = print_path(content, a)
    lead = (
        f'<div class="news-summary"><span id="lblSummary">{esc(a.lead)}</span></div>\n'
        if a.lead
        else ""
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{esc(a.title)}
</title><link href="/App_Themes/Default/print.css" type="text/css" rel="stylesheet" /></head>
<body onload="window.print();">
<form name="form1" method="post" action="{esc("./" + path.lstrip("/"))}" id="form1">
<div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(path, 160)}" />
</div>
<div class="print-header">{esc(content.settings["site_title"])}</div>
<div class="news-detail">
<h1 class="news-title"><span id="lblTitle">{esc(a.title)}</span></h1>
{lead}<div id="pnlContent" class="news-content">
{body_html(a)}
</div>
</div>
</form>
</body>
</html>
"""


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    s = content.settings
    home = _master(
        content,
        base_url,
        path="/Default.aspx",
        title=s["site_title"],
        main=_home_main(content),
        current=None,
    )
    pages["/"] = html_page(home)
    pages["/Default.aspx"] = html_page(home)
    for key, (heading, _paras) in s.get("static_pages", {}).items():
        path = f"/{key}.aspx"
        pages[path] = html_page(
            _master(
                content,
                base_url,
                path=path,
                title=f"{heading} - {s['site_title']}",
                main=_static_main(content, key),
                current=None,
            )
        )
    pages[LOGIN_PATH] = html_page(
        _master(
            content, base_url, path=LOGIN_PATH, title="Đăng nhập", main=_login_main(), current=None
        )
    )
    for sec in content.sections:
        split = chunks(content.in_section(sec.key), sec.per_page)
        for n, items in enumerate(split, 1):
            path = listing_path(content, sec.key, n)
            pages[path] = html_page(
                _master(
                    content,
                    base_url,
                    path=path,
                    title=f"{sec.name} - {s['site_title']}",
                    main=_listing_main(content, sec.key, n, items, len(split)),
                    current=sec.key,
                )
            )
    for a in content.articles:
        path = article_path(content, a)
        pages[path] = html_page(
            _master(
                content,
                base_url,
                path=path,
                title=a.title,
                main=_article_main(content, a),
                current=a.section,
            )
        )
        pages[print_path(content, a)] = html_page(_print(content, a))
    entries: list[tuple[str, str | None, str | None, str | None]] = [
        (absolute(base_url, "/Default.aspx"), None, "daily", "1.0")
    ]
    for sec in content.sections:
        entries.append((absolute(base_url, listing_path(content, sec.key)), None, "daily", "0.8"))
    for a in sorted(content.articles, key=lambda o: o.id, reverse=True):
        entries.append((absolute(base_url, article_path(content, a)), None, None, "0.6"))
    pages["/sitemap.xml"] = xml_page(urlset(entries, tag_per_line=True))
    pages["/robots.txt"] = robots_page(
        absolute(base_url, "/sitemap.xml"), "/Admin/", "/App_Themes/", "/Print.aspx"
    )
    return pages
