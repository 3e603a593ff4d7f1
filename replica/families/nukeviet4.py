# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica renderer: a NukeViet 4.5 site with the ``news`` module as home module.

What the pages reproduce (docs/evidence.md §2.1, seed 004):

- every page: ``<meta name="generator" content="NukeViet v4.5">``, ``/themes/<theme>/…`` and
  ``/assets/js/…`` assets, the main menu, the hidden ``ul.temp-breadcrumbs`` the theme's JS turns
  into breadcrumbs, the right column of global blocks (company_info licence block, the site's
  "Văn bản mới" document list, link banners, the login block, ``ul.counter`` with its glued
  labels, polls) and the ``#timeoutsess`` footer text;
- articles at ``/<cat-alias>/<Alias-With-Case>-<id>.html`` in the ``detail.tpl`` layout: hidden
  ``itemprop=datePublished|dateModified`` spans that both hold the *edit* time (``theme.php``
  assigns ``SCHEMA_DATEPUBLISHED`` twice), the visible ``l - d/m/Y H:i`` date line with a
  Vietnamese weekday, the sendmail/print/savefile toolbar, ``figure.article`` plus the hidden
  ``#imgpreview`` copy of the caption, ``div.hometext``, ``#news-bodyhtml``, "Tác giả:" /
  "Nguồn tin:", tags, rating form, share buttons, "Những tin mới hơn / cũ hơn";
- the malformed ``article:published_time`` meta (PHP ``date('Y-m-dTH:i:s')``: ``T`` is the
  time-zone abbreviation);
- listings ``/<cat>/``, ``/<cat>/page-2`` … with ``d/m/Y H:i:s`` and "Đã xem: N" per entry;
- RSS 2.0 at ``/rss/`` and ``/rss/<cat>/`` with the ``gmdate('D, j M Y H:m:s')`` pubDate bug
  (the "minutes" are the month, the clock is GMT);
- ``/sitemap.xml`` and ``/sitemap-vi.xml`` (indexes) → ``/sitemap-vi.news.xml``;
- ``robots.txt`` as ``robots.php`` writes it; print and savefile copies of every article
  (duplicates the crawler must skip), the sendmail form, and ``/tag/<alias with diacritics>``.
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import quote

from replica.families._common import (
    WEEKDAYS_VI_LOWER,
    XML_TYPE,
    SiteRenderer,
    esc,
    first_image,
    html_page,
    iso_local,
    nukeviet_rss_pubdate,
    text_page,
    words,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

GENERATOR = "NukeViet v4.5"
ASSET_VERSION = "1703216589"
TZ_ABBR = "ICT"  # what PHP's date('T') printed for Asia/Ho_Chi_Minh on these servers
RELATED_LIMIT = 4


# --- dates, the way NukeViet prints them (RSS pubDate: ``nukeviet_rss_pubdate``) -------------
def date_line(dt: datetime) -> str:
    """``nv_date('l - d/m/Y H:i')``: "Thứ năm - 28/12/2023 14:55"."""
    return f"{WEEKDAYS_VI_LOWER[dt.weekday()]} - {dt:%d/%m/%Y %H:%M}"


def listing_time(dt: datetime) -> str:
    """Listing entries: ``d/m/Y H:i:s``."""
    return f"{dt:%d/%m/%Y %H:%M:%S}"


def meta_time_bug(dt: datetime) -> str:
    """``date('Y-m-dTH:i:s')``: the ``T`` prints the zone abbreviation (detail.php)."""
    return f"{dt:%Y-%m-%d}{TZ_ABBR}{dt:%H:%M:%S}"


# --- URLs ------------------------------------------------------------------------------------
def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    """``/<cat-alias>/<Alias>-<id>.html`` (rewrite on, news as home module, no lang prefix)."""
    return f"/{article.section}/{article.slug}-{article.id}.html"


def _dup_path(kind: str, article: ReplicaArticle) -> str:
    """``/print/…``, ``/savefile/…``, ``/sendmail/…`` (detail.php builds all three)."""
    return f"/{kind}/{article.section}/{article.slug}-{article.id}.html"


def listing_path(section: ReplicaSection, page: int) -> str:
    return f"/{section.key}/" if page == 1 else f"/{section.key}/page-{page}"


def tag_alias(keyword: str) -> str:
    """NukeViet tag aliases keep the diacritics: spaces → ``-``, lower-case."""
    return "-".join(keyword.lower().split())


def tag_path(keyword: str) -> str:
    """The server-side key (unquoted); links carry the percent-encoded form."""
    return f"/tag/{tag_alias(keyword)}"


def tag_href(keyword: str) -> str:
    return "/tag/" + quote(tag_alias(keyword))


# --- the renderer ----------------------------------------------------------------------------
class _Site(SiteRenderer):
    def __init__(self, content: ReplicaSite, base_url: str) -> None:
        super().__init__(content, base_url)
        self.theme = self.s.get("theme", "default")

    # helpers
    def section_name(self, key: str) -> str:
        return self.sections[key].name

    def thumb(self, a: ReplicaArticle) -> str | None:
        img = first_image(a)
        if img is None:
            return None
        return img["image"].replace("/uploads/news/", "/assets/news/", 1)

    # --- page frame ---------------------------------------------------------------------------
    def head(
        self,
        title: str,
        description: str,
        canonical: str,
        *,
        og_type: str = "website",
        extra_meta: str = "",
        section: str | None = None,
        func: str = "main",
    ) -> str:
        site = self.s["site_name"]
        rss_links = f'<link rel="alternate" href="{self.abs("/rss/")}" title="{esc(self.s.get("module_title", "Tin Tức"))}" type="application/rss+xml">'
        if section:
            rss_links += (
                f'\n<link rel="alternate" href="{self.abs(f"/rss/{section}/")}" '
                f'title="{esc(self.s.get("module_title", "Tin Tức"))} - {esc(self.section_name(section))}" '
                'type="application/rss+xml">'
            )
        org = json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "Organization",
                "url": self.base,
                "logo": self.abs(self.s["logo"]),
            },
            ensure_ascii=False,
        )
        t = self.theme
        v = ASSET_VERSION
        return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}">
<meta name="author" content="{esc(self.s["org_name"])}">
<meta name="copyright" content="{esc(self.s["org_name"])} [{esc(self.s["company"]["email"])}]">
<meta name="generator" content="{GENERATOR}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta property="og:title" content="{esc(title)}">
<meta property="og:type" content="{og_type}">
<meta property="og:description" content="{esc(description)}">
<meta property="og:site_name" content="{esc(site)}">
<meta property="og:url" content="{esc(canonical)}">
{extra_meta}<link rel="shortcut icon" href="/favicon.ico">
<link rel="canonical" href="{esc(canonical)}">
{rss_links}
<link rel="preload" as="script" href="/assets/js/jquery/jquery.min.js?t={v}" type="text/javascript">
<link rel="preload" as="script" href="/assets/js/language/vi.js?t={v}" type="text/javascript">
<link rel="preload" as="script" href="/assets/js/global.js?t={v}" type="text/javascript">
<link rel="preload" as="script" href="/themes/{t}/js/main.js?t={v}" type="text/javascript">
<link rel="StyleSheet" href="/assets/css/font-awesome.min.css?t={v}">
<link rel="StyleSheet" href="/themes/{t}/css/bootstrap.non-responsive.css?t={v}">
<link rel="StyleSheet" href="/themes/{t}/css/style.css?t={v}">
<link rel="StyleSheet" href="/themes/{t}/css/style.non-responsive.css?t={v}">
<link rel="StyleSheet" href="/themes/{t}/css/news.css?t={v}">
<script type="application/ld+json">{org}</script>
<script data-show="inline">var nv_base_siteurl="/",nv_lang_data="vi",nv_lang_interface="vi",nv_name_variable="nv",nv_fc_variable="op",nv_lang_variable="language",nv_module_name="news",nv_func_name="{func}",nv_is_user=0, nv_my_ofs=7,nv_my_abbr="{TZ_ABBR}",nv_cookie_prefix="nv4c_K0nTm",nv_check_pass_mstime=1738000,nv_area_admin=0,nv_safemode=0,theme_responsive=0,nv_recaptcha_ver=2,nv_recaptcha_sitekey="",nv_recaptcha_type="image",XSSsanitize=1;</script>
<script src="/assets/js/jquery/jquery.min.js?t={v}"></script>
<script src="/assets/js/language/vi.js?t={v}"></script>
<script src="/assets/js/global.js?t={v}"></script>
<script src="/themes/{t}/js/main.js?t={v}"></script>
</head>
"""

    def menu(self, active: str | None) -> str:
        items = [
            '<li><a class="home" title="Trang nhất" href="/"><em class="fa fa-lg fa-home">&nbsp;</em>'
            '<span class="visible-xs-inline-block"> Trang nhất</span></a></li>'
        ]
        for sec in self.c.sections:
            cls = ' class="active"' if sec.key == active else ""
            items.append(
                f'<li{cls} role="presentation"><a class="dropdown-toggle" href="/{sec.key}/" '
                f'role="button" aria-expanded="false" title="{esc(sec.name)}">{esc(sec.name)}</a></li>'
            )
        items.append(
            '<li role="presentation"><a class="dropdown-toggle" href="/rss/" role="button" '
            'aria-expanded="false" title="RSS">RSS</a></li>'
        )
        return "\n".join(items)

    def crumbs(self, trail: list[tuple[str, str]]) -> str:
        """The hidden ``ul.temp-breadcrumbs`` (schema.org BreadcrumbList) that main.js renders."""
        lis = []
        for pos, (name, href) in enumerate([("Trang nhất", "/"), *trail], start=1):
            lis.append(
                '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
                f'<a href="{esc(href)}" itemprop="item" title="{esc(name)}"><span itemprop="name">'
                f'{esc(name)}</span></a><i class="hidden" itemprop="position" content="{pos}"></i></li>'
            )
        return "\n".join(lis)

    def right_column(self) -> str:
        s = self.s
        co = s["company"]
        company = f"""<div class="panel panel-default">
<div class="panel-body">
<ul class="company_info" itemscope itemtype="http://schema.org/LocalBusiness">
<li class="hide hidden"><span itemprop="image">{esc(self.abs(s["logo"]))}</span></li>
<li class="company_name"><span itemprop="name">{esc(co["name"])}</span></li>
<li><em class="fa fa-file-text"></em><span>Giấy phép số: {esc(co["licensenumber"])}</span></li>
<li><em class="fa fa-flag"></em><span>Chịu trách nhiệm: {esc(co["responsibility"])}</span></li>
<li><em class="fa fa-map-marker"></em><span>Địa chỉ: <span itemprop="address" itemscope itemtype="http://schema.org/PostalAddress"><span itemprop="addressLocality" class="company-address">{esc(co["address"])}</span></span></span></li>
<li><em class="fa fa-phone"></em><span>Điện thoại: <span itemprop="telephone"><a href="tel:{esc(co["phone"].replace(".", ""))}">{esc(co["phone"])}</a></span></span></li>
<li><em class="fa fa-fax"></em><span>Fax: <span itemprop="faxNumber">{esc(co["fax"])}</span></span></li>
<li><em class="fa fa-envelope"></em><span>Email: <a href="mailto:{esc(co["email"])}"><span itemprop="email">{esc(co["email"])}</span></a></span></li>
<li><em class="fa fa-globe"></em><span>Website: <a href="{esc(co["website"])}"><span itemprop="url">{esc(co["website"])}</span></a></span></li>
</ul>
</div>
</div>"""
        docs = []
        for d in s["documents"]:
            docs.append(
                f"""<li class="clearfix">
<p class="text-muted doc-code"><strong>{esc(d["code"])}</strong></p>
<a href="/van-ban/detail/{esc(d["alias"])}/" title="{esc(d["title"])}">{esc(d["title"])}</a>
<p class="small text-muted">Lượt xem:{d["views"]} | lượt tải:{d["downloads"]}</p>
</li>"""
            )
        documents = f"""<div class="panel panel-primary">
<div class="panel-heading"><h3 class="panel-title">Văn bản mới</h3></div>
<div class="panel-body">
<ul class="list-none list-items laws-new">
{chr(10).join(docs)}
</ul>
</div>
</div>"""
        banners = "\n".join(
            f'<div class="banners"><a rel="nofollow" href="{esc(b["href"])}" onclick="this.target=\'_blank\'" '
            f'title="{esc(b["alt"])}"><img alt="{esc(b["alt"])}" src="{esc(b["src"])}" width="280" '
            'class="img-responsive"></a></div>'
            for b in s["banners"]
        )
        login = f"""<div class="panel panel-primary">
<div class="panel-heading"><h3 class="panel-title">Đăng nhập</h3></div>
<div class="panel-body">
<p class="text-info">{esc(s["login_note"])}</p>
<form action="/users/login/" method="post" autocomplete="off" novalidate>
<div class="form-group"><input type="text" class="required form-control" placeholder="Tên đăng nhập hoặc email" name="nv_login" maxlength="100"></div>
<div class="form-group"><input type="password" autocomplete="off" class="required form-control" placeholder="Mật khẩu" name="nv_password" maxlength="100"></div>
<div class="text-center"><button class="bsubmit btn btn-primary" type="submit">Đăng nhập</button></div>
</form>
</div>
</div>"""
        counter_items = "\n".join(
            f'<li><em class="fa {icon} fa-lg fa-horizon"></em><span>{esc(label)}</span>'
            f"<span>{esc(num)}</span></li>"
            for icon, label, num in s["counter"]
        )
        counter = f"""<div class="panel panel-primary">
<div class="panel-heading"><h3 class="panel-title">Thống kê</h3></div>
<div class="panel-body">
<ul class="counter list-none display-table">
{counter_items}
</ul>
</div>
</div>"""
        polls = []
        for poll in s["polls"]:
            options = "\n".join(
                f'<div class="row"><label><input type="radio" name="option" value="{i}"> {esc(opt)}</label></div>'
                for i, opt in enumerate(poll["options"], start=1)
            )
            polls.append(
                f"""<div class="panel panel-primary">
<div class="panel-heading"><h3 class="panel-title">Thăm dò ý kiến</h3></div>
<div class="panel-body">
<form action="/voting/" method="post">
<div class="clearfix"><p><strong>{esc(poll["question"])}</strong></p>
{options}
<div class="clearfix"><input class="btn btn-success btn-sm" type="button" value="Biểu quyết" onclick="nv_sendvoting(this.form, '{poll["id"]}', '1', '', '', '0');">
<input class="btn btn-primary btn-sm" value="Kết quả" type="button" onclick="nv_sendvoting(this.form, '{poll["id"]}', 0, '', '', '0');"></div>
</div>
</form>
</div>
</div>"""
            )
        return "\n".join([company, documents, banners, login, counter, *polls])

    def frame(
        self, head: str, main: str, *, active: str | None, trail: list[tuple[str, str]]
    ) -> str:
        s = self.s
        return f"""{head}<body>
<noscript><div class="alert alert-danger">Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.<br>Website chỉ làm việc khi bật nó trở lại.<br>Để tham khảo cách bật JavaScript, hãy click chuột <a href="http://wiki.nukeviet.vn/support:browser:enable_javascript">vào đây</a>!</div></noscript>
<div class="body-bg">
<div class="wraper">
<header>
<div class="container">
<div id="header" class="row">
<div class="logo col-xs-24 col-sm-24 col-md-8">
<a title="{esc(s["site_name"])}" href="/"><img src="{esc(s["logo"])}" alt="{esc(s["site_name"])}"></a>
<span class="site_name">{esc(s["site_name"])}</span>
<span class="site_description">{esc(s["site_description"])}</span>
</div>
<div class="col-xs-24 col-sm-24 col-md-16"><div class="headerBanner"><img alt="{esc(s["site_name"])}" src="{esc(s["banner_top"])}" width="780" class="img-responsive"></div></div>
</div>
</div>
</header>
<nav class="second-nav" id="menusite">
<div class="container"><div class="row"><div class="bg box-shadow">
<div class="navbar navbar-default navbar-static-top" role="navigation">
<div class="navbar-header"><button type="button" class="navbar-toggle" data-toggle="collapse" data-target="#menu-site-default"><span class="sr-only">&nbsp;</span><span class="icon-bar">&nbsp;</span><span class="icon-bar">&nbsp;</span><span class="icon-bar">&nbsp;</span></button></div>
<div class="collapse navbar-collapse" id="menu-site-default">
<ul class="nav navbar-nav">
{self.menu(active)}
</ul>
</div>
</div>
</div></div></div>
</nav>
<nav class="third-nav">
<div class="container"><div class="row"><div class="bg"><div class="clearfix">
<div class="col-xs-24 col-sm-18 col-md-18">
<div class="breadcrumbs-wrap">
<div class="display"><a class="show-subs-breadcrumbs hidden" href="#" onclick="showSubBreadcrumbs(this, event);"><em class="fa fa-lg fa-angle-right"></em></a><ul class="breadcrumbs list-none"></ul></div>
<ul class="subs-breadcrumbs"></ul>
<ul class="temp-breadcrumbs hidden" itemscope itemtype="https://schema.org/BreadcrumbList">
{self.crumbs(trail)}
</ul>
</div>
</div>
<div class="headerSearch col-xs-24 col-sm-6 col-md-6">
<div class="input-group"><input type="text" class="form-control" maxlength="60" placeholder="Tìm kiếm..."><span class="input-group-btn"><button type="button" class="btn btn-info" data-url="/seek/?q=" data-minlength="3" data-click="y"><em class="fa fa-search fa-lg"></em></button></span></div>
</div>
</div></div></div></div>
</nav>
<section>
<div class="container" id="body">
<div class="row">
<div class="col-sm-16 col-md-18">
{main}
</div>
<div class="col-sm-8 col-md-6">
{self.right_column()}
</div>
</div>
</div>
</section>
</div>
<footer id="footer">
<div class="wraper"><div class="container"><div class="row">
<div class="col-xs-24 col-sm-24 col-md-16"><div class="copyright">{esc(s["copyright"])}</div></div>
<div class="col-xs-24 col-sm-24 col-md-8"><div class="theme-change">Giao diện: <span title="Chế độ giao diện đang hiển thị: Máy tính"><em class="fa fa-desktop fa-lg"></em></span> <a href="/?nvvithemever=m" rel="nofollow" title="Click để chuyển sang giao diện Di động"><em class="fa fa-mobile fa-lg"></em></a></div>
<div class="bttop"><a class="pointer"><em class="fa fa-eject fa-lg"></em></a></div></div>
</div></div></div>
</footer>
</div>
<div id="timeoutsess" class="chromeframe">Bạn đã không sử dụng Site, <a onclick="timeoutsesscancel();" href="#">Bấm vào đây để duy trì trạng thái đăng nhập</a>. Thời gian chờ: <span id="secField">60</span> giây</div>
<div id="openidResult" class="nv-alert" style="display:none"></div>
<div id="openidBt" data-result="" data-redirect=""></div>
<script src="/themes/{self.theme}/js/bootstrap.min.js?t={ASSET_VERSION}"></script>
</body>
</html>
"""

    # --- article bodies -----------------------------------------------------------------------
    def bodyhtml(self, a: ReplicaArticle, skip_homeimg: bool = True) -> str:
        """The CKEditor 4 HTML editors save: justified paragraphs, ``figure.image`` captions,
        the byline as the last right-aligned paragraph(s) unless the author field is used."""
        homeimg = first_image(a) if a.extra.get("homeimg") else None
        out: list[str] = []
        for item in a.body:
            if "p" in item:
                align = item.get("align", "justify")
                out.append(f'<p style="text-align: {align};">{esc(item["p"])}</p>')
            elif "image" in item:
                if skip_homeimg and item is homeimg:
                    continue
                src = esc(item["image"])
                if item.get("caption"):
                    out.append(
                        '<div style="text-align:center"><figure class="image" style="display:inline-block">'
                        f'<img alt="{esc(item["caption"])}" height="533" src="{src}" width="800">'
                        f"<figcaption>{esc(item['caption'])}</figcaption></figure></div>"
                    )
                else:
                    out.append(
                        f'<p style="text-align: center;"><img alt="" height="533" src="{src}" width="800"></p>'
                    )
        byline = a.byline or a.author
        if byline and a.extra.get("byline_place", "body") == "body":
            if a.extra.get("spacer_before_byline"):
                out.append("<p>&nbsp;</p>")
            first, *rest = byline.split("\n")
            tail = "".join(f"<br>\n<em>{esc(line)}</em>" for line in rest)
            out.append(f'<p style="text-align: right;"><strong>{esc(first)}</strong>{tail}</p>')
        return "\n".join(out)

    def author_block(self, a: ReplicaArticle) -> str:
        lines = []
        if a.extra.get("byline_place") == "author_field" and (a.byline or a.author):
            lines.append(
                f'<p class="h5 text-right"><strong>Tác giả: </strong>{esc(a.byline or a.author)}</p>'
            )
        if a.extra.get("source"):
            lines.append(
                f'<p class="h5 text-right"><strong>Nguồn tin: </strong>{esc(a.extra["source"])}</p>'
            )
        if not lines:
            return ""
        return '<div class="margin-bottom-lg">\n' + "\n".join(lines) + "\n</div>"

    def related(self, a: ReplicaArticle) -> str:
        """``.other-news``: newer and older articles of the same category, ``(d/m/Y)``."""
        same = self.c.in_section(a.section)  # newest first
        idx = same.index(a)
        newer = list(reversed(same[:idx]))[:RELATED_LIMIT]
        older = same[idx + 1 : idx + 1 + RELATED_LIMIT]

        def items(rows: list[ReplicaArticle]) -> str:
            return "\n".join(
                f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{article_path(self.c, r)}" '
                f'title="{esc(r.title)}"><h4>{esc(r.title)}</h4></a>'
                f"<em>({self.pub(r):%d/%m/%Y})</em></li>"
                for r in rows
            )

        parts = []
        if newer:
            parts.append(
                '<p class="h3"><strong>Những tin mới hơn</strong></p>\n<div class="clearfix">'
                f'<ul class="detail-related related list-none list-items">\n{items(newer)}\n</ul></div>'
            )
        if older:
            parts.append(
                '<p class="h3"><strong>Những tin cũ hơn</strong></p>\n<div class="clearfix">'
                f'<ul class="detail-related related list-none list-items">\n{items(older)}\n</ul></div>'
            )
        if not parts:
            return ""
        return (
            '<div class="news_column panel panel-default">\n<div class="panel-body other-news">\n'
            + "\n".join(parts)
            + "\n</div>\n</div>"
        )

    def detail(self, a: ReplicaArticle) -> Page:
        path = article_path(self.c, a)
        url = self.abs(path)
        pub, edit = self.pub(a), self.mod(a)
        sec = self.section_name(a.section)
        homeimg = first_image(a) if a.extra.get("homeimg") else None
        hometext = a.lead or ""
        description = hometext or words(a.paragraphs[0], 40)
        img_abs = self.abs(homeimg["image"]) if homeimg else self.abs(self.s["logo"])
        tags_meta = "".join(f'<meta property="article:tag" content="{esc(t)}">\n' for t in a.tags)
        extra_meta = (
            f'<meta name="keywords" content="{esc(", ".join(a.tags))}">\n' if a.tags else ""
        ) + (
            f'<meta property="og:image" content="{esc(img_abs)}">\n'
            f'<meta property="article:published_time" content="{meta_time_bug(pub)}">\n'
            f'<meta property="article:modified_time" content="{meta_time_bug(edit)}">\n'
            f'<meta property="article:section" content="{esc(sec)}">\n'
            f"{tags_meta}"
        )
        head = self.head(
            f"{a.title} - {sec} - {self.s['site_name']}",
            description,
            url,
            og_type="article",
            extra_meta=extra_meta,
            section=a.section,
            func="detail",
        )
        figure = ""
        if homeimg is not None:
            cap = homeimg.get("caption") or ""
            src = esc(homeimg["image"])
            figure = f"""<figure class="article left pointer" onclick="modalShowByObj('#imgpreview');">
<p class="text-center"><img alt="{esc(cap or a.title)}" src="{src}" width="460" class="img-thumbnail"></p>
<figcaption>{esc(cap)}</figcaption>
</figure>
<div id="imgpreview" class="hidden" style="width:800px;">
<p class="text-center"><img alt="{esc(cap or a.title)}" src="{src}" class="img-thumbnail"></p>
<p class="imgalt text-center"><em>{esc(cap)}</em></p>
</div>"""
        schema_author = a.author or self.s["org_name"]
        toolbar = "\n".join(
            f'<li><a class="dimgray" rel="nofollow" title="{label}" href="{_dup_path(kind, a)}" '
            f"onclick=\"nv_open_browse(this.href,'{esc(a.title)}',{w},500,'resizable=yes,scrollbars=yes,toolbar=no,location=no,status=no');return false\">"
            f'<em class="fa {icon} fa-lg">&nbsp;</em></a></li>'
            for kind, label, icon, w in (
                ("sendmail", "Gửi bài viết qua email", "fa-envelope", 650),
                ("print", "In ra", "fa-print", 840),
                ("savefile", "Lưu bài viết này", "fa-save", 840),
            )
        )
        tags = ""
        if a.tags:
            links = ", ".join(
                f'<a title="{esc(t)}" href="{tag_href(t)}"><em>{esc(t)}</em></a>' for t in a.tags
            )
            tags = f"""<div class="news_column panel panel-default">
<div class="panel-body">
<div class="h5"><em class="fa fa-tags">&nbsp;</em><strong>Tags: </strong>{links}</div>
</div>
</div>"""
        total, count = a.extra.get("rating", [0, 0])
        rating_avg = ""
        if count:
            rating_avg = (
                '<span itemscope itemtype="http://data-vocabulary.org/Review-aggregate">Xếp hạng: '
                f'<span itemprop="rating" id="numberrating">{total / count:.1f}</span> - '
                f'<span itemprop="votes" id="click_rating">{count}</span> phiếu bầu</span>'
            )
        stars = "".join(
            f'<input class="hover-star" type="radio" value="{i}" title="{t}">'
            for i, t in enumerate(
                (
                    "Bài viết rất kém",
                    "Bài viết kém",
                    "Bài viết đạt",
                    "Bài viết tốt",
                    "Bài viết rất tốt",
                ),
                start=1,
            )
        )
        main = f"""<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle" itemscope>
<div class="panel-body">
<h1 class="title margin-bottom-lg" itemprop="headline">{esc(a.title)}</h1>
<div class="hidden hide d-none" itemprop="mainEntityOfPage" itemscope itemtype="https://schema.org/WebPage" itemid="{esc(url)}"></div>
<span class="hidden hide d-none" itemprop="image">{esc(img_abs)}</span>
<span class="hidden hide d-none" itemprop="datePublished">{iso_local(edit)}</span>
<span class="hidden hide d-none" itemprop="dateModified">{iso_local(edit)}</span>
<div class="hidden hide d-none" itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">{esc(schema_author)}</span></div>
<div class="hidden hide d-none" itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">{esc(self.s["org_name"])}</span><span itemprop="logo" itemscope itemtype="https://schema.org/ImageObject"><span itemprop="url">{esc(self.abs(self.s["logo"]))}</span></span></div>
<div class="row margin-bottom-lg">
<div class="col-md-12"><span class="h5">{date_line(pub)}</span></div>
<div class="col-md-12"><ul class="list-inline text-right">
{toolbar}
</ul></div>
</div>
<div class="clearfix">
{figure}
<div class="hometext m-bottom" itemprop="description">{esc(hometext)}</div>
</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{self.bodyhtml(a)}
</div>
{self.author_block(a)}
</div>
</div>
{tags}
<div class="news_column panel panel-default">
<div class="panel-body">
<form id="form3B" action="">
<div class="h5 clearfix">
<p id="stringrating">Tổng số điểm của bài viết là: {total} trong {count} đánh giá</p>
{rating_avg}
<div style="padding: 5px;">{stars}<span id="hover-test" style="margin: 0 0 0 20px;">Click để đánh giá bài viết</span></div>
</div>
</form>
<script>$(function(){{var sr=0;$(".hover-star").rating({{callback:function(b,c){{1==sr&&(sr=2,$(".hover-star").rating("disable"),sendrating("{a.id}",b,"e1c8a4"))}}}});$(".hover-star").rating("select","0")}})</script>
</div>
</div>
<div class="news_column panel panel-default">
<div class="panel-body">
<div class="socialicon clearfix margin-bottom-lg">
<div class="fb-like" data-href="{esc(url)}" data-layout="button_count" data-action="like" data-show-faces="false" data-share="true">&nbsp;</div>
<div class="zalo-share-button" data-href="{esc(url)}" data-oaid="" data-layout="1" data-color="blue" data-customize="false">&nbsp;</div>
<a href="http://twitter.com/share" class="twitter-share-button">Tweet</a>
</div>
</div>
</div>
{self.related(a)}"""
        trail = [(sec, f"/{a.section}/")]
        return html_page(self.frame(head, main, active=a.section, trail=trail))

    def print_view(self, a: ReplicaArticle) -> str:
        """``print.tpl``: the whole article again, for paper; it must not be crawled."""
        pub = self.pub(a)
        url = self.abs(article_path(self.c, a))
        homeimg = first_image(a) if a.extra.get("homeimg") else None
        img = ""
        if homeimg is not None:
            img = (
                f'<div class="imghome"><img alt="{esc(a.title)}" src="{esc(homeimg["image"])}" width="460">'
                f'<p class="imgalt"><em>{esc(homeimg.get("caption") or "")}</em></p></div>'
            )
        author = self.author_block(a)
        return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{esc(a.title)}</title>
<meta name="generator" content="{GENERATOR}">
<meta name="robots" content="noindex, nofollow">
<link rel="StyleSheet" href="/themes/{self.theme}/css/news.print.css?t={ASSET_VERSION}">
</head>
<body>
<div id="print">
<div id="hd_print"><h2 class="pull-left">{esc(self.s["org_name"])}</h2><p class="pull-right"><a title="{esc(self.s["site_name"])}" href="{esc(self.base)}">{esc(self.base)}</a></p></div>
<div class="clear"></div>
<hr>
<div id="content">
<h1>{esc(a.title)}</h1>
<ul class="list-inline">
<li>{date_line(pub)}</li>
<li class="hidden-print txtrequired"><em class="fa fa-print">&nbsp;</em><a title="In ra" href="javascript:;" onclick="window.print()">In ra</a></li>
<li class="hidden-print txtrequired"><em class="fa fa-power-off">&nbsp;</em><a title="Đóng cửa sổ này" href="javascript:;" onclick="window.close()">Đóng cửa sổ này</a></li>
</ul>
<div class="clear"></div>
<div id="hometext">{esc(a.lead or "")}</div>
{img}
<div class="clear"></div>
<div id="bodytext" class="clearfix">
{self.bodyhtml(a)}
</div>
{author}
</div>
<div id="footer" class="clearfix">
<div id="url"><strong>URL của bản tin này: </strong><a href="{esc(url)}" title="{esc(a.title)}">{esc(url)}</a></div>
<div class="clear"></div>
<div class="copyright">&copy; {esc(self.s["org_name"])}</div>
<div id="contact"><a href="mailto:{esc(self.s["company"]["email"])}">{esc(self.s["company"]["email"])}</a></div>
</div>
</div>
</body>
</html>
"""

    def sendmail(self, a: ReplicaArticle) -> Page:
        return html_page(
            f"""<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Gửi bài viết qua email</title><meta name="generator" content="{GENERATOR}">
<meta name="robots" content="noindex, nofollow"><link rel="StyleSheet" href="/themes/{self.theme}/css/bootstrap.min.css"></head>
<body>
<div id="sendmail">
<div class="panel panel-default"><div class="panel-heading">Gửi bài viết qua email</div>
<div class="panel-body">
<p class="text-center"><strong>{esc(a.title)}</strong></p>
<form id="sendmailForm" action="{_dup_path("sendmail", a)}" method="post" class="form-horizontal">
<div class="form-group"><label class="col-sm-8 control-label">Tên của bạn</label><div class="col-sm-16"><input type="text" name="name" class="form-control"></div></div>
<div class="form-group"><label class="col-sm-8 control-label">Email của bạn</label><div class="col-sm-16"><input type="email" name="youremail" class="form-control"></div></div>
<div class="form-group"><label class="col-sm-8 control-label">Gửi đến email</label><div class="col-sm-16"><input type="email" name="email" class="form-control"></div></div>
<div class="form-group"><label class="col-sm-8 control-label">Nội dung</label><div class="col-sm-16"><textarea name="content" rows="5" class="form-control"></textarea></div></div>
<div class="text-center"><input type="submit" value="Gửi" class="btn btn-primary"></div>
</form>
</div></div>
</div>
</body>
</html>
"""
        )

    # --- listings -----------------------------------------------------------------------------
    def entry(self, a: ReplicaArticle) -> str:
        """One ``viewcat_page_new`` entry: thumb, h3 link, time, views, hometext."""
        path = article_path(self.c, a)
        thumb = self.thumb(a)
        img = (
            f'<a href="{path}" title="{esc(a.title)}"><img alt="{esc(a.title)}" src="{esc(thumb)}" '
            'width="183" class="img-thumbnail pull-left imghome"></a>'
            if thumb
            else ""
        )
        text = a.lead if a.lead and a.lead != a.title else words(a.paragraphs[0], 45)
        return f"""<div class="news_column panel panel-default">
<div class="panel-body">
{img}
<h3><a href="{path}" title="{esc(a.title)}">{esc(a.title)}</a></h3>
<div class="text-muted">
<ul class="list-unstyled list-inline">
<li><em class="fa fa-clock-o">&nbsp;</em> {listing_time(self.pub(a))}</li>
<li><em class="fa fa-eye">&nbsp;</em> Đã xem: {a.extra.get("hits", 0)}</li>
<li><em class="fa fa-comment-o">&nbsp;</em> Phản hồi: 0</li>
</ul>
</div>
<div class="text-justify">{esc(text)}</div>
</div>
</div>"""

    def pager(self, base_path: str, page: int, pages: int, sep: str) -> str:
        """``nv_generate_page``: ``ul.pagination`` with the current page ``li.active``."""
        if pages <= 1:
            return ""

        def href(n: int) -> str:
            return base_path if n == 1 else f"{base_path.rstrip('/')}{sep}{n}"

        lis = []
        if page > 1:
            lis.append(f'<li><a href="{href(page - 1)}" title="Trang trước">&laquo;</a></li>')
        for n in range(1, pages + 1):
            if n == page:
                lis.append(f'<li class="active"><a href="#">{n}</a></li>')
            else:
                lis.append(f'<li><a href="{href(n)}">{n}</a></li>')
        if page < pages:
            lis.append(
                f'<li><a rel="next" href="{href(page + 1)}" title="Trang sau">&raquo;</a></li>'
            )
        return '<div class="text-center">\n<ul class="pagination">' + "".join(lis) + "</ul>\n</div>"

    def listing(self, section: ReplicaSection) -> dict[str, Page]:
        items = self.c.in_section(section.key)
        per = section.per_page
        pages = max(1, -(-len(items) // per))
        out: dict[str, Page] = {}
        for page in range(1, pages + 1):
            chunk = items[(page - 1) * per : page * per]
            path = listing_path(section, page)
            title = section.name if page == 1 else f"{section.name} - Trang {page}"
            head = self.head(
                f"{title} - {self.s['site_name']}",
                section.name,
                self.abs(path),
                section=section.key,
                func="viewcat",
            )
            main = (
                "\n".join(self.entry(a) for a in chunk)
                + "\n"
                + self.pager(f"/{section.key}/", page, pages, "/page-")
            )
            trail = [(section.name, f"/{section.key}/")]
            out[path] = html_page(self.frame(head, main, active=section.key, trail=trail))
        return out

    def tag_pages(self) -> dict[str, Page]:
        keywords: dict[str, list[ReplicaArticle]] = {}
        for a in self.latest():
            for t in a.tags:
                keywords.setdefault(t, []).append(a)
        out: dict[str, Page] = {}
        for kw, rows in keywords.items():
            head = self.head(
                f"{kw} - {self.s['site_name']}", kw, self.abs(tag_href(kw)), func="tag"
            )
            main = f'<div class="alert alert-info clearfix"><h1>{esc(kw)}</h1></div>\n' + "\n".join(
                self.entry(a) for a in rows
            )
            out[tag_path(kw)] = html_page(
                self.frame(head, main, active=None, trail=[(kw, tag_href(kw))])
            )
        return out

    def home(self) -> Page:
        blocks = []
        for sec in self.c.sections:
            rows = self.c.in_section(sec.key)[:4]
            first, rest = rows[0], rows[1:]
            thumb = self.thumb(first)
            img = (
                f'<a href="{article_path(self.c, first)}" title="{esc(first.title)}">'
                f'<img src="{esc(thumb)}" alt="{esc(first.title)}" width="183" class="img-thumbnail pull-left imghome"></a>'
                if thumb
                else ""
            )
            lead = (
                first.lead
                if first.lead and first.lead != first.title
                else words(first.paragraphs[0], 35)
            )
            others = "\n".join(
                f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{article_path(self.c, r)}" '
                f'title="{esc(r.title)}">{esc(r.title)}</a></li>'
                for r in rest
            )
            blocks.append(
                f"""<div class="news_column panel panel-default">
<div class="panel-heading"><h4><a title="{esc(sec.name)}" href="/{sec.key}/"><span>{esc(sec.name)}</span></a></h4></div>
<div class="panel-body">
<div class="row">
<div class="col-md-12">{img}<h3><a href="{article_path(self.c, first)}" title="{esc(first.title)}">{esc(first.title)}</a></h3><p class="text-justify">{esc(lead)}</p></div>
<div class="col-md-12"><ul class="related list-none">{others}</ul></div>
</div>
<p class="text-right"><a title="{esc(sec.name)}" href="/{sec.key}/">Xem tiếp...</a></p>
</div>
</div>"""
            )
        hot = "\n".join(
            f'<li class="clearfix"><a href="{article_path(self.c, a)}" title="{esc(a.title)}">{esc(a.title)}</a></li>'
            for a in self.latest()[:5]
        )
        main = (
            '<div class="panel panel-default"><div class="panel-heading">Tin mới</div>'
            f'<div class="panel-body"><ul class="block_groups list-none list-items">{hot}</ul></div></div>\n'
            + "\n".join(blocks)
        )
        head = self.head(self.s["site_name"], self.s["site_description"], self.base)
        return html_page(self.frame(head, main, active=None, trail=[]))

    # --- machine-readable -----------------------------------------------------------------
    def rss(self, section: ReplicaSection | None) -> Page:
        rows = self.c.in_section(section.key) if section else self.latest()
        path = f"/rss/{section.key}/" if section else "/rss/"
        title = self.s.get("module_title", "Tin Tức") + (f" - {section.name}" if section else "")
        items = []
        for a in rows:
            url = self.abs(article_path(self.c, a))
            desc = a.lead if a.lead and a.lead != a.title else words(a.paragraphs[0], 40)
            thumb = self.thumb(a)
            img = (
                f'<img src="{self.abs(thumb)}" width="100" align="left" border="0">'
                if thumb
                else ""
            )
            items.append(
                f"""<item>
<title>{esc(a.title)}</title>
<link>{esc(url)}</link>
<guid isPermaLink="false">news_{a.id}</guid>
<description><![CDATA[{img}{desc}]]></description>
<pubDate>{nukeviet_rss_pubdate(self.pub(a))}</pubDate>
</item>"""
            )
        newest = self.pub(rows[0]) if rows else datetime(2025, 1, 1)
        body = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>{esc(title)}</title>
<link>{esc(self.abs(f"/{section.key}/" if section else "/"))}</link>
<atom:link href="{esc(self.abs(path))}" rel="self" type="application/rss+xml"/>
<description>{esc(self.s["site_name"])}</description>
<language>vi</language>
<copyright>{esc(self.s["org_name"])}</copyright>
<docs>{esc(self.abs("/rss/"))}</docs>
<generator><![CDATA[Nukeviet Version 4.5]]></generator>
<pubDate>{nukeviet_rss_pubdate(newest)}</pubDate>
<image>
<url>{esc(self.abs(self.s["logo"]))}</url>
<title>{esc(title)}</title>
<link>{esc(self.base)}</link>
<width>144</width>
<height>44</height>
</image>
{chr(10).join(items)}
</channel>
</rss>
"""
        return xml_page(body, "application/rss+xml; charset=utf-8")

    def sitemaps(self) -> dict[str, Page]:
        index = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<?xml-stylesheet type="text/xsl" href="/assets/css/sitemapindex.xsl"?>'
            '<sitemapindex xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
            'http://www.sitemaps.org/schemas/sitemap/0.9/siteindex.xsd" '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{esc(self.abs('/sitemap-vi.news.xml'))}</loc></sitemap>"
            "</sitemapindex>\n"
        )
        urls = "".join(
            f"<url><loc>{esc(self.abs(article_path(self.c, a)))}</loc>"
            f"<lastmod>{iso_local(self.pub(a))}</lastmod><changefreq>daily</changefreq>"
            "<priority>0.8</priority></url>"
            for a in self.latest()
        )
        news = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<?xml-stylesheet type="text/xsl" href="/assets/css/sitemap.xsl"?>'
            '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
            'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
        )
        return {
            "/sitemap.xml": xml_page(index, XML_TYPE),
            "/sitemap-vi.xml": xml_page(index, XML_TYPE),
            "/sitemap-vi.news.xml": xml_page(news, XML_TYPE),
        }

    def robots(self) -> Page:
        """``robots.php``: the default Disallow list, then the sitemap index."""
        lines = [
            "User-agent: *",
            "Disallow: /data/cache/",
            "Disallow: /data/",
            "Disallow: /vendor/",
            "Disallow: /includes/",
            "Disallow: /install/",
            "Disallow: /language/",
            "Disallow: /data/logs/",
            "Disallow: /mainfile.php",
            "Disallow: /modules/",
            "Disallow: /robots.php",
            "Disallow: /data/tmp/",
            "Disallow: /web.config",
            "Disallow: /admin/",
            f"Sitemap: {self.abs('/sitemap.xml')}",
        ]
        return text_page("\n".join(lines))

    def render(self) -> dict[str, Page]:
        pages: dict[str, Page] = {"/": self.home(), "/robots.txt": self.robots()}
        for sec in self.c.sections:
            pages.update(self.listing(sec))
            pages[f"/rss/{sec.key}/"] = self.rss(sec)
        pages["/rss/"] = self.rss(None)
        pages.update(self.sitemaps())
        pages.update(self.tag_pages())
        for a in self.c.articles:
            pages[article_path(self.c, a)] = self.detail(a)
            printed = self.print_view(a)
            pages[_dup_path("print", a)] = html_page(printed)
            pages[_dup_path("savefile", a)] = html_page(
                printed,
                {"Content-Disposition": f'attachment; filename="{a.slug}-{a.id}.html"'},
            )
            pages[_dup_path("sendmail", a)] = self.sendmail(a)
        return pages


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of a NukeViet 4.5 replica site, keyed by path."""
    return _Site(content, base_url).render()
